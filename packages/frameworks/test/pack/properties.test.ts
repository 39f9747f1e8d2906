import { createInventory, evaluateRules, type ObservedAsset, type ObservedRelationship } from '@aispm/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baselineControlMap, baselinePack } from '../../src/index';

const prov = { connector: 'prop', observedAt: '2026-01-01T00:00:00Z', basis: 'declared' as const };
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const keys = ['a', 'b', 'c'];

const assetArb: fc.Arbitrary<ObservedAsset> = fc.oneof(
  fc.record({
    kind: fc.constant('agent' as const),
    key: fc.constantFrom(...keys),
    attributes: fc.record(
      {
        humanApproval: opt(fc.boolean()),
        ingestsUntrustedContent: opt(fc.boolean()),
        memory: opt(fc.boolean()),
        autonomy: opt(fc.constantFrom('none', 'full', 'human-in-the-loop' as const)),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    kind: fc.constant('tool' as const),
    key: fc.constantFrom(...keys),
    attributes: fc.record(
      {
        capabilities: opt(fc.subarray(['read', 'write', 'payment', 'shell', 'email', 'private-data', 'untrusted-content'] as const)),
        requiresApproval: opt(fc.boolean()),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    kind: fc.constant('application' as const),
    key: fc.constantFrom(...keys),
    attributes: fc.record(
      {
        exposure: opt(fc.constantFrom('public', 'internal' as const)),
        authentication: opt(fc.constantFrom('none', 'oidc', 'basic' as const)),
        euAiActTier: opt(fc.constantFrom('high-risk', 'minimal-risk', 'undetermined' as const)),
        guardrails: opt(fc.boolean()),
      },
      { requiredKeys: [] },
    ),
    dataClasses: opt(fc.subarray(['pii', 'phi', 'public'] as const)),
  }),
  fc.record({
    kind: fc.constant('provider' as const),
    key: fc.constantFrom('openai', 'anthropic', 'mistral'),
    attributes: fc.record(
      { approved: opt(fc.boolean()), processorAgreement: opt(fc.boolean()), residency: opt(fc.subarray(['eu', 'us'])) },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    kind: fc.constant('vector-store' as const),
    key: fc.constantFrom(...keys),
    attributes: fc.record(
      { exposure: opt(fc.constantFrom('public', 'private' as const)), authentication: opt(fc.constantFrom('none', 'api-key' as const)) },
      { requiredKeys: [] },
    ),
    dataClasses: opt(fc.subarray(['pii', 'public'] as const)),
  }),
  fc.record({
    kind: fc.constant('credential' as const),
    key: fc.constantFrom(...keys),
    attributes: fc.record(
      { hardcoded: opt(fc.boolean()), placeholder: opt(fc.boolean()), createdAt: opt(fc.constantFrom('2024-01-01T00:00:00Z', 'not a date')) },
      { requiredKeys: [] },
    ),
  }),
) as fc.Arbitrary<ObservedAsset>;

const kindsFor = ['agent', 'tool', 'application', 'provider', 'vector-store', 'credential'] as const;
const edgeArb: fc.Arbitrary<ObservedRelationship> = fc.record({
  type: fc.constantFrom('calls', 'retrieves-from', 'holds-credential', 'connects-to', 'can-invoke' as const),
  from: fc.record({ kind: fc.constantFrom(...kindsFor), key: fc.constantFrom(...keys) }),
  to: fc.record({ kind: fc.constantFrom(...kindsFor), key: fc.constantFrom(...keys, 'openai') }),
});

function inventoryOf(assets: ObservedAsset[], edges: ObservedRelationship[]) {
  const inv = createInventory();
  for (const a of assets) inv.add({ type: 'asset', asset: a, provenance: prov });
  for (const r of edges) inv.add({ type: 'relationship', relationship: r, provenance: prov });
  return inv;
}

describe('baseline pack over arbitrary inventories', () => {
  it('never errors, is deterministic, and every fail carries evidence', () => {
    const now = new Date('2026-11-22T00:00:00Z');
    fc.assert(
      fc.property(fc.array(assetArb, { maxLength: 12 }), fc.array(edgeArb, { maxLength: 12 }), (assets, edges) => {
        const a = evaluateRules(inventoryOf(assets, edges), baselinePack, { now, controls: baselineControlMap() });
        const b = evaluateRules(inventoryOf([...assets].reverse(), [...edges].reverse()), baselinePack, { now, controls: baselineControlMap() });
        expect(a.issues).toEqual([]);
        expect(a.results.filter((r) => r.status === 'error')).toEqual([]);
        expect(b.results.map((r) => [r.ruleId, r.assetIds, r.status])).toEqual(a.results.map((r) => [r.ruleId, r.assetIds, r.status]));
        for (const r of a.results) if (r.status === 'fail') expect(r.evidence.length, r.ruleId).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });
});
