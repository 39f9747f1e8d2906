import type { AssetKind, Condition, Observation, RuleInput } from '@aispm/core';

/** A small seeded PRNG (mulberry32), so the estate is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Share of assets per kind in the synthetic estate. */
const MIX: Array<[AssetKind, number]> = [
  ['application', 0.1],
  ['agent', 0.05],
  ['mcp-server', 0.03],
  ['tool', 0.1],
  ['model', 0.05],
  ['model-endpoint', 0.05],
  ['provider', 0.002],
  ['vector-store', 0.03],
  ['dataset', 0.05],
  ['prompt', 0.04],
  ['library', 0.2],
  ['credential', 0.1],
  ['identity', 0.168],
  ['saas-ai-feature', 0.02],
  ['gateway', 0.01],
];

/** Edge types and the kinds they join, with their share of relationships. */
const EDGES: Array<[Observation extends never ? never : string, AssetKind, AssetKind, number]> = [
  ['depends-on', 'application', 'library', 0.25],
  ['uses-model', 'application', 'model', 0.05],
  ['uses-model', 'agent', 'model', 0.03],
  ['calls', 'application', 'provider', 0.04],
  ['calls', 'agent', 'model-endpoint', 0.04],
  ['connects-to', 'agent', 'mcp-server', 0.05],
  ['exposes-tool', 'mcp-server', 'tool', 0.08],
  ['can-invoke', 'identity', 'application', 0.08],
  ['can-invoke', 'identity', 'agent', 0.04],
  ['holds-credential', 'application', 'credential', 0.06],
  ['retrieves-from', 'agent', 'vector-store', 0.04],
  ['retrieves-from', 'application', 'vector-store', 0.03],
  ['trained-on', 'model', 'dataset', 0.04],
  ['hosted-by', 'model-endpoint', 'provider', 0.03],
  ['served-by', 'model', 'model-endpoint', 0.03],
  ['routes-through', 'application', 'gateway', 0.04],
  ['sends-data', 'application', 'provider', 0.04],
  ['owned-by', 'application', 'identity', 0.03],
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function maybe<T>(r: () => number, v: T, p = 0.8): T | undefined {
  return r() < p ? v : undefined;
}

function attributesFor(kind: AssetKind, r: () => number): Record<string, unknown> {
  const bool = () => maybe(r, r() < 0.5);
  const a: Record<string, unknown> = {};
  const set = (k: string, v: unknown) => {
    if (v !== undefined) a[k] = v;
  };
  switch (kind) {
    case 'application':
      set('exposure', maybe(r, pick(r, ['public', 'internal', 'private'])));
      set('authentication', maybe(r, pick(r, ['none', 'api-key', 'oidc', 'basic'])));
      set('purpose', maybe(r, 'support'));
      set('guardrails', bool());
      set('rateLimit', bool());
      set('promptLogging', bool());
      set('retentionDays', maybe(r, Math.floor(r() * 400)));
      set('euAiActTier', maybe(r, pick(r, ['high-risk', 'limited-risk', 'minimal-risk'])));
      break;
    case 'agent':
      set('humanApproval', bool());
      set('ingestsUntrustedContent', bool());
      set('exposure', maybe(r, pick(r, ['public', 'internal'])));
      set('purpose', maybe(r, 'triage'));
      break;
    case 'mcp-server':
      set('pinned', bool());
      set('official', bool());
      set('transport', maybe(r, pick(r, ['stdio', 'http'])));
      set('authentication', maybe(r, pick(r, ['none', 'oauth'])));
      set('capabilities', maybe(r, r() < 0.2 ? ['shell'] : ['read']));
      break;
    case 'tool':
      set('capabilities', maybe(r, [pick(r, ['read', 'write', 'payment', 'private-data', 'untrusted-content', 'external-communication', 'shell'])]));
      set('requiresApproval', bool());
      break;
    case 'model':
      set('pinned', bool());
      set('license', maybe(r, pick(r, ['mit', 'apache-2.0', 'llama3'])));
      set('format', maybe(r, pick(r, ['safetensors', 'pickle', 'gguf'])));
      set('trustRemoteCode', bool());
      set('deprecated', bool());
      set('modelCard', bool());
      break;
    case 'model-endpoint':
      set('exposure', maybe(r, pick(r, ['public', 'internal'])));
      set('authentication', maybe(r, pick(r, ['none', 'api-key', 'iam'])));
      set('rateLimit', bool());
      set('contentFilter', bool());
      break;
    case 'provider':
      set('approved', bool());
      set('processorAgreement', bool());
      set('residency', maybe(r, [pick(r, ['eu', 'us'])]));
      break;
    case 'vector-store':
      set('exposure', maybe(r, pick(r, ['public', 'internal'])));
      set('authentication', maybe(r, pick(r, ['none', 'api-key'])));
      set('encryption', bool());
      break;
    case 'dataset':
      set('usage', maybe(r, pick(r, ['training', 'fine-tuning', 'retrieval'])));
      set('sensitiveData', maybe(r, r() < 0.3 ? ['pii'] : []));
      set('license', maybe(r, 'cc-by-4.0'));
      break;
    case 'credential':
      set('hardcoded', bool());
      set('shared', bool());
      set('createdAt', maybe(r, `202${Math.floor(r() * 6)}-0${1 + Math.floor(r() * 9)}-01T00:00:00Z`));
      break;
    case 'library':
      set('pinned', bool());
      set('category', maybe(r, pick(r, ['ai-sdk', 'agent-framework', 'mcp-sdk'])));
      break;
    case 'saas-ai-feature':
      set('approved', bool());
      set('trainsOnCustomerData', bool());
      break;
    default:
      break;
  }
  return a;
}

/**
 * Observations of a synthetic estate: `assets` assets in a realistic mix of kinds and
 * `relationships` edges between kinds that make sense together. Deterministic for a seed.
 */
export function syntheticEstate(assets: number, relationships: number, seed = 1): Observation[] {
  const r = prng(seed);
  const prov = { connector: 'bench', observedAt: '2026-11-01T00:00:00Z', basis: 'declared' as const, locator: { file: 'estate.jsonl' } };
  const ids = new Map<AssetKind, string[]>();
  const obs: Observation[] = [];
  for (const [kind, share] of MIX) {
    const n = Math.max(1, Math.round(assets * share));
    const list: string[] = [];
    for (let i = 0; i < n; i++) {
      const key = `${kind === 'mcp-server' || kind === 'library' ? 'npm/' : ''}${kind}-${i}`;
      const id = `${kind}:${key}`;
      list.push(id);
      const owner = r() < 0.6 ? 'team-a' : undefined;
      obs.push({
        type: 'asset',
        asset: {
          kind,
          id,
          name: key,
          ...(owner ? { owner } : {}),
          labels: r() < 0.5 ? { env: 'prod' } : {},
          dataClasses: r() < 0.2 ? ['pii'] : [],
          attributes: attributesFor(kind, r),
        } as never,
        provenance: prov,
      });
    }
    ids.set(kind, list);
  }
  const total = EDGES.reduce((s, e) => s + e[3], 0);
  const seen = new Set<string>();
  for (const [type, from, to, share] of EDGES) {
    const n = Math.round((relationships * share) / total);
    const fs = ids.get(from) as string[];
    const ts = ids.get(to) as string[];
    let made = 0;
    let tries = 0;
    while (made < n && tries < n * 3) {
      tries++;
      const f = pick(r, fs);
      const t = pick(r, ts);
      const k = `${type} ${f} ${t}`;
      if (seen.has(k)) continue;
      seen.add(k);
      made++;
      obs.push({
        type: 'relationship',
        relationship: { type, from: f, to: t, ...(type === 'sends-data' ? { dataClasses: r() < 0.3 ? ['pii'] : [] } : {}) } as never,
        provenance: prov,
      });
    }
  }
  return obs;
}

const meta: Pick<RuleInput, 'version' | 'description' | 'rationale' | 'remediation' | 'likelihood' | 'impact' | 'confidence'> = {
  version: '1.0.0',
  description: 'Synthetic benchmark rule.',
  rationale: 'Benchmark.',
  remediation: { summary: 'Fix', steps: ['Fix'] },
  likelihood: 'medium',
  impact: 'medium',
  confidence: 'high',
};

/**
 * A representative synthetic pack of 100 rules, shaped like the baseline: mostly attribute
 * predicates, some relationship predicates, and a few path (toxic-combination) rules.
 */
export function syntheticPack(): { id: string; version: string; title: string; rules: RuleInput[] } {
  const rules: RuleInput[] = [];
  const add = (id: string, kinds: AssetKind[], assert: Condition, where?: Condition) =>
    rules.push({ ...meta, id: `aispm:bench-${id}`, title: `Bench ${id}`, severity: 'medium', appliesTo: { kinds, ...(where ? { where } : {}) }, assert });
  // 70 attribute predicates spread over the kinds
  const predicates: Array<[AssetKind[], Condition, Condition?]> = [
    [['application'], { field: '/owner', exists: true }],
    [['application'], { field: '/attributes/purpose', exists: true }],
    [['application'], { field: '/attributes/authentication', in: ['oidc', 'api-key'] }, { field: '/attributes/exposure', eq: 'public' }],
    [['application'], { field: '/attributes/guardrails', eq: true }],
    [['application'], { field: '/attributes/rateLimit', eq: true }],
    [['application'], { field: '/attributes/retentionDays', lte: 365 }],
    [['application'], { not: { field: '/attributes/promptLogging', eq: true } }, { field: '/dataClasses', contains: 'pii' }],
    [['agent'], { field: '/attributes/humanApproval', eq: true }],
    [['agent'], { field: '/owner', exists: true }],
    [['mcp-server'], { field: '/attributes/pinned', eq: true }],
    [['mcp-server'], { field: '/attributes/official', eq: true }],
    [['mcp-server'], { not: { field: '/attributes/capabilities', contains: 'shell' } }],
    [['mcp-server'], { field: '/attributes/authentication', ne: 'none' }, { field: '/attributes/transport', eq: 'http' }],
    [['model'], { field: '/attributes/pinned', eq: true }],
    [['model'], { field: '/attributes/license', exists: true }],
    [['model'], { field: '/attributes/format', ne: 'pickle' }],
    [['model'], { field: '/attributes/trustRemoteCode', ne: true }],
    [['model'], { field: '/attributes/deprecated', ne: true }],
    [['model'], { field: '/attributes/modelCard', eq: true }],
    [['model-endpoint'], { field: '/attributes/authentication', in: ['api-key', 'iam'] }, { field: '/attributes/exposure', eq: 'public' }],
    [['model-endpoint'], { field: '/attributes/rateLimit', eq: true }],
    [['model-endpoint'], { field: '/attributes/contentFilter', eq: true }],
    [['provider'], { field: '/attributes/approved', eq: true }],
    [['provider'], { field: '/attributes/residency', contains: 'eu' }],
    [['vector-store'], { field: '/attributes/encryption', eq: true }],
    [['vector-store'], { field: '/attributes/authentication', ne: 'none' }, { field: '/attributes/exposure', eq: 'public' }],
    [['dataset'], { not: { field: '/attributes/sensitiveData', contains: 'pii' } }, { field: '/attributes/usage', in: ['training', 'fine-tuning'] }],
    [['dataset'], { field: '/attributes/license', exists: true }],
    [['credential'], { field: '/attributes/hardcoded', ne: true }],
    [['credential'], { field: '/attributes/shared', ne: true }],
    [['credential'], { not: { field: '/attributes/createdAt', olderThanDays: 365 } }],
    [['library'], { field: '/attributes/pinned', eq: true }],
    [['saas-ai-feature'], { field: '/attributes/approved', eq: true }],
    [['saas-ai-feature'], { field: '/attributes/trainsOnCustomerData', ne: true }],
    [['application', 'agent'], { field: '/labels/env', exists: true }],
  ];
  for (let i = 0; i < 70; i++) {
    const [kinds, assert, where] = predicates[i % predicates.length] as [AssetKind[], Condition, Condition?];
    add(`p${i}`, kinds, assert, where);
  }
  // 22 relationship predicates
  const rels: Array<[AssetKind[], Condition]> = [
    [['agent'], { not: { neighbours: { types: ['connects-to'], kinds: ['mcp-server'], where: { field: '/attributes/capabilities', contains: 'shell' } } } }],
    [['application'], { neighbours: { types: ['routes-through'], kinds: ['gateway'] } }],
    [['provider'], { not: { neighbours: { types: ['sends-data'], direction: 'in', edge: { field: '/dataClasses', contains: 'pii' } } } }],
    [
      ['agent'],
      {
        not: {
          neighbours: {
            types: ['connects-to', 'exposes-tool'],
            maxHops: 2,
            kinds: ['tool'],
            where: { field: '/attributes/capabilities', containsAny: ['payment', 'write'] },
          },
        },
      },
    ],
    [['application'], { neighbours: { types: ['owned-by'], count: { gte: 1 } } }],
    [['model'], { not: { neighbours: { types: ['trained-on'], kinds: ['dataset'], where: { field: '/attributes/sensitiveData', contains: 'pii' } } } }],
    [['application'], { neighbours: { types: ['holds-credential'], count: { lte: 3 } } }],
    [['mcp-server'], { neighbours: { types: ['exposes-tool'], count: { lte: 20 } } }],
  ];
  for (let i = 0; i < 22; i++) {
    const [kinds, assert] = rels[i % rels.length] as [AssetKind[], Condition];
    add(`n${i}`, kinds, assert);
  }
  // 8 path rules
  const paths: Array<[AssetKind[], Condition | undefined, RuleInput['path']]> = [
    [
      ['model-endpoint'],
      {
        all: [
          { field: '/attributes/exposure', eq: 'public' },
          { field: '/attributes/authentication', in: ['none', 'basic'] },
        ],
      },
      {
        steps: [
          { types: ['calls'], direction: 'in', kinds: ['agent'] },
          {
            types: ['connects-to', 'exposes-tool'],
            minHops: 2,
            maxHops: 2,
            kinds: ['tool'],
            where: { field: '/attributes/capabilities', contains: 'payment' },
          },
        ],
      },
    ],
    [
      ['agent'],
      { field: '/attributes/ingestsUntrustedContent', eq: true },
      {
        steps: [
          { types: ['connects-to'], kinds: ['mcp-server'] },
          { types: ['exposes-tool'], kinds: ['tool'], where: { field: '/attributes/capabilities', contains: 'external-communication' } },
        ],
      },
    ],
    [
      ['dataset'],
      { field: '/attributes/sensitiveData', contains: 'pii' },
      {
        steps: [
          { types: ['trained-on'], direction: 'in', kinds: ['model'] },
          { types: ['uses-model'], direction: 'in', kinds: ['application'] },
          { types: ['sends-data'], kinds: ['provider'], where: { field: '/attributes/processorAgreement', ne: true } },
        ],
      },
    ],
    [
      ['identity'],
      undefined,
      {
        steps: [
          { types: ['can-invoke'], kinds: ['agent'], where: { field: '/attributes/humanApproval', eq: false } },
          { types: ['connects-to'], kinds: ['mcp-server'], where: { field: '/attributes/capabilities', contains: 'shell' } },
        ],
      },
    ],
  ];
  for (let i = 0; i < 8; i++) {
    const [kinds, where, path] = paths[i % paths.length] as [AssetKind[], Condition | undefined, RuleInput['path']];
    rules.push({ ...meta, id: `aispm:bench-path${i}`, title: `Bench path ${i}`, severity: 'high', appliesTo: { kinds, ...(where ? { where } : {}) }, path });
  }
  return { id: 'aispm:bench-synthetic', version: '1.0.0', title: 'Synthetic benchmark pack', rules };
}
