import { createInventory, defineRule, type Inventory, type Observation, type RuleInput } from '@aispm/core';

export const PROV = { connector: 'test', observedAt: '2026-01-01T00:00:00Z', basis: 'declared' as const };

/** Builds an inventory from short asset and edge specs. */
export function inventoryOf(assets: Array<Record<string, unknown>>, edges: Array<[string, string, string, Record<string, unknown>?]> = []): Inventory {
  const inv = createInventory();
  for (const a of assets) {
    const r = inv.add({ type: 'asset', asset: a, provenance: PROV } as Observation);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
  }
  for (const [type, from, to, attributes] of edges) {
    const r = inv.add({ type: 'relationship', relationship: { type, from, to, ...(attributes ? { attributes } : {}) }, provenance: PROV } as Observation);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
  }
  return inv;
}

/** A valid rule with the metadata filled in; override what the test is about. */
export function ruleWith(over: Partial<RuleInput> & Pick<RuleInput, 'appliesTo'>): RuleInput {
  const base = {
    id: 'aispm:test-rule',
    version: '1.0.0',
    title: 'Test rule',
    description: 'A rule for tests.',
    rationale: 'Tests need rules.',
    remediation: { summary: 'Fix it', steps: ['Fix it'] },
    severity: 'high',
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
  } as const;
  return defineRule({ ...base, ...over } as RuleInput);
}
