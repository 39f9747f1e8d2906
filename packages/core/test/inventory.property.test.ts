import { canonicalJson, createInventory, diffSnapshots, fromSnapshot, isEmptyDiff, type Observation } from '@aispm/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const provenance = fc.record({
  connector: fc.constantFrom('repo', 'gateway', 'bom', 'cmdb'),
  basis: fc.constantFrom('declared', 'inferred', 'unresolved'),
  observedAt: fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z'),
  locator: fc.record({ file: fc.constantFrom('a.py', 'b.ts', 'c.json'), line: fc.integer({ min: 1, max: 5 }) }),
});

const assetObs: fc.Arbitrary<Observation> = fc.oneof(
  fc.record({
    type: fc.constant('asset' as const),
    asset: fc.record(
      {
        kind: fc.constant('model' as const),
        key: fc.constantFrom('gpt-4o', 'gpt-4o-2024-08-06', 'claude-3-5-sonnet-20241022', 'meta-llama/Llama-3.1-8B-Instruct', 'models/gemini-1.5-pro-002'),
        owner: fc.constantFrom('alice', 'bob'),
        attributes: fc.record({ license: fc.constantFrom('mit', 'apache-2.0'), pinned: fc.boolean() }, { requiredKeys: [] }),
        dataClasses: fc.subarray(['pii', 'phi', 'public'] as const),
      },
      { requiredKeys: ['kind', 'key'] },
    ),
    provenance,
  }),
  fc.record({
    type: fc.constant('asset' as const),
    asset: fc.record(
      {
        kind: fc.constant('provider' as const),
        key: fc.constantFrom('OpenAI', 'openai', 'Azure OpenAI', 'azure_openai', 'Anthropic'),
        labels: fc.dictionary(fc.constantFrom('team', 'env'), fc.constantFrom('cx', 'prod', 'dev'), { maxKeys: 2 }),
        attributes: fc.record({ approved: fc.boolean(), residency: fc.subarray(['eu', 'us']) }, { requiredKeys: [] }),
      },
      { requiredKeys: ['kind', 'key'] },
    ),
    provenance,
  }),
);

const edgeObs: fc.Arbitrary<Observation> = fc.record({
  type: fc.constant('relationship' as const),
  relationship: fc.record(
    {
      type: fc.constantFrom('calls', 'uses-model'),
      from: fc.constantFrom('application:git/github.com/acme/a', 'application:git/github.com/acme/b'),
      to: fc.constantFrom('provider:openai', 'model:openai/gpt-4o'),
      attributes: fc.record({ sdk: fc.constantFrom('openai', 'langchain') }, { requiredKeys: [] }),
      dataClasses: fc.subarray(['pii', 'credentials'] as const),
    },
    { requiredKeys: ['type', 'from', 'to'] },
  ),
  provenance,
});

const observations = fc.array(fc.oneof(assetObs, edgeObs), { maxLength: 30 });

const snap = (obs: Observation[]) => {
  const inv = createInventory();
  for (const o of obs) {
    const r = inv.add(o);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
  }
  return inv.snapshot();
};

describe('merge properties', () => {
  it('gives the same snapshot bytes for the same observations in any order', () => {
    fc.assert(
      fc.property(
        observations.chain((obs) => fc.tuple(fc.constant(obs), fc.shuffledSubarray(obs, { minLength: obs.length, maxLength: obs.length }))),
        ([obs, shuffled]) => {
          expect(canonicalJson(snap(shuffled))).toBe(canonicalJson(snap(obs)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('returns key-sorted plain data: JSON.stringify equals canonical JSON', () => {
    fc.assert(
      fc.property(observations, (obs) => {
        const s = snap(obs);
        expect(JSON.stringify(s)).toBe(canonicalJson(s));
      }),
      { numRuns: 200 },
    );
  });

  it('is idempotent: merging everything twice changes nothing', () => {
    fc.assert(
      fc.property(observations, (obs) => {
        expect(canonicalJson(snap([...obs, ...obs]))).toBe(canonicalJson(snap(obs)));
      }),
      { numRuns: 200 },
    );
  });

  it('restores from a snapshot exactly', () => {
    fc.assert(
      fc.property(observations, (obs) => {
        const s = snap(obs);
        expect(canonicalJson(fromSnapshot(s).snapshot())).toBe(canonicalJson(s));
      }),
      { numRuns: 200 },
    );
  });
});

describe('diff properties', () => {
  it('diff(a, a) is empty', () => {
    fc.assert(
      fc.property(observations, (obs) => {
        const s = snap(obs);
        expect(isEmptyDiff(diffSnapshots(s, s))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('diff(a, b) describes exactly what differs', () => {
    fc.assert(
      fc.property(observations, observations, (x, y) => {
        const a = snap(x);
        const b = snap(y);
        const d = diffSnapshots(a, b);
        const idsA = new Set(a.assets.map((e) => e.id));
        const idsB = new Set(b.assets.map((e) => e.id));
        expect(d.assets.added.map((e) => e.id)).toEqual([...idsB].filter((i) => !idsA.has(i)).sort());
        expect(d.assets.removed.map((e) => e.id)).toEqual([...idsA].filter((i) => !idsB.has(i)).sort());
        // Applying the changes to a's common assets yields b's content.
        for (const asset of a.assets) {
          const other = b.assets.find((e) => e.id === asset.id);
          if (!other) continue;
          const change = d.assets.changed.find((c) => c.id === asset.id);
          const content = (e: typeof asset) =>
            canonicalJson({ name: e.name, owner: e.owner, labels: e.labels, attributes: e.attributes, dataClasses: e.dataClasses });
          if (!change) {
            expect(content(other)).toBe(content(asset));
            continue;
          }
          const patched = JSON.parse(
            JSON.stringify({ name: asset.name, owner: asset.owner, labels: asset.labels, attributes: asset.attributes, dataClasses: asset.dataClasses }),
          );
          for (const c of change.changes) {
            const [, group, key] = c.field.split('/');
            if (key === undefined) {
              if ('after' in c) patched[group as string] = c.after;
              else delete patched[group as string];
            } else if ('after' in c) patched[group as string][key] = c.after;
            else delete patched[group as string][key];
          }
          expect(canonicalJson(patched)).toBe(content(other));
        }
        expect(isEmptyDiff(d)).toBe(
          canonicalJson(a.assets.map((e) => e.id)) === canonicalJson(b.assets.map((e) => e.id)) &&
            d.assets.changed.length === 0 &&
            isEmptyDiff({ assets: { added: [], removed: [], changed: [] }, relationships: d.relationships }),
        );
      }),
      { numRuns: 100 },
    );
  });
});
