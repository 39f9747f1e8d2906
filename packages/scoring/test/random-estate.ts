import type { Asset, Finding, Relationship } from '@aispm/core';
import type { InventoryView } from '@aispm/scoring';

/** A small random estate from a seed: every asset kind, attribute and edge type the signals read. */
export function randomEstate(seed: number, size: { assets: number; findings: number }): { inventory: InventoryView; findings: Finding[] } {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const kinds = ['application', 'agent', 'model-endpoint', 'model', 'vector-store', 'mcp-server', 'dataset', 'credential', 'provider', 'identity'] as const;
  const classes = ['public', 'internal', 'confidential', 'pii', 'phi', 'payment', 'children', 'source-code'] as const;
  const assets: Asset[] = [];
  for (let i = 0; i < size.assets; i++) {
    const kind = pick(kinds);
    const id = kind === 'provider' ? `provider:p${i}` : `${kind}:a${i}`;
    const attributes: Record<string, unknown> = {
      exposure: pick(['public', 'internal', 'private', 'local', 'dmz', undefined]),
      authentication: pick(['none', 'oidc', 'api-key', 'unknown', undefined]),
      businessCriticality: pick(['critical', 'high', 'medium', 'low', 'extreme', undefined]),
      euAiActTier: pick(['high-risk', 'limited-risk', 'minimal-risk', 'gpai', 'gpai-systemic', 'prohibited', 'undetermined', undefined]),
      approved: rnd() < 0.5,
      purpose: rnd() < 0.5 ? 'x' : undefined,
      processorAgreement: rnd() < 0.5,
      transport: kind === 'mcp-server' && rnd() < 0.5 ? 'stdio' : undefined,
      annexIIIArea: rnd() < 0.1 ? 'employment' : undefined,
      type: kind === 'identity' ? pick(['user', 'service', 'anonymous', 'external']) : undefined,
      external: kind === 'identity' ? rnd() < 0.2 : undefined,
      modelCard: kind === 'model' ? rnd() < 0.5 : undefined,
    };
    assets.push({
      id,
      kind,
      name: id,
      owner: rnd() < 0.6 ? 'team' : undefined,
      labels: rnd() < 0.2 ? { sector: pick(['health', 'retail', 'finance']) } : {},
      dataClasses: rnd() < 0.4 ? [pick(classes)] : [],
      attributes,
    } as unknown as Asset);
  }
  const ids = assets.map((a) => a.id);
  // Models name a provider by its short name.
  for (const a of assets) if (a.kind === 'model' && rnd() < 0.7) (a.attributes as Record<string, unknown>).provider = `p${Math.floor(rnd() * size.assets)}`;
  const relationships: Relationship[] = [];
  const types = [
    'calls',
    'sends-data',
    'can-invoke',
    'served-by',
    'trained-on',
    'fine-tuned-from',
    'retrieves-from',
    'uses-model',
    'authenticates-to',
    'holds-credential',
    'connects-to',
    'hosted-by',
    'depends-on',
  ] as const;
  for (let i = 0; i < size.assets * 2; i++) {
    const type = pick(types);
    const from = pick(ids);
    const to = pick(ids);
    relationships.push({
      id: `${type}:${from}->${to}:${i}`,
      type,
      from,
      to,
      dataClasses: type === 'sends-data' && rnd() < 0.8 ? [pick(classes)] : [],
      attributes: rnd() < 0.1 ? { dataClasses: [pick(classes)] } : {},
    } as unknown as Relationship);
  }
  const findings: Finding[] = [];
  for (let i = 0; i < size.findings; i++) {
    const n = rnd() < 0.15 ? 2 + Math.floor(rnd() * 2) : 1;
    const assetIds = Array.from({ length: n }, () => (rnd() < 0.03 ? `application:missing${i}` : pick(ids)));
    const state = pick(['open', 'open', 'open', 'accepted', 'deferred', 'fixed', 'closed', 'in-remediation'] as const);
    findings.push({
      id: `fnd_${i.toString(16).padStart(24, '0')}`,
      fingerprint: i.toString(16).padStart(64, '0'),
      ruleId: `aispm:rule-${i % 7}`,
      ruleVersion: '1.0.0',
      assetIds,
      title: `rule ${i % 7}`,
      message: 'm',
      severity: pick(['critical', 'high', 'medium', 'low', 'info'] as const),
      likelihood: pick(['high', 'medium', 'low', undefined]),
      impact: pick(['high', 'medium', 'low', undefined]),
      confidence: pick(['high', 'medium', 'low', undefined]),
      state,
      exceptionId: state === 'accepted' && rnd() < 0.5 ? `exc_${i}` : undefined,
      evidence: [],
      controls: [],
      firstSeen: '2026-11-01T00:00:00.000Z',
      lastSeen: '2026-11-01T00:00:00.000Z',
    } as unknown as Finding);
  }
  return { inventory: { assets: () => assets, relationships: () => relationships }, findings };
}
