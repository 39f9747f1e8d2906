import { type Condition, createInventory, evaluateRules, type Inventory, type Observation, type RuleInput } from '@aispm/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruleWith } from './helpers';

const NOW = new Date('2026-11-22T00:00:00Z');
const KEYS = ['x_a', 'x_b', 'x_c'] as const;
const VALUES = [0, 1, 2, 'p', 'q', true, false] as const;

const value = fc.constantFrom(...VALUES);
const field = fc.constantFrom(...KEYS).map((k) => `/attributes/${k}`);
const valueLeaf = [
  fc.record({ field, eq: value }),
  fc.record({ field, ne: value }),
  fc.record({ field, gt: fc.constantFrom(0, 1) }),
  fc.record({ field, lte: fc.constantFrom(1, 2) }),
  fc.record({ field, in: fc.array(value, { minLength: 1, maxLength: 3 }) }),
  fc.record({ field, matches: fc.constantFrom('p', '?', 'q*') }),
] as Array<fc.Arbitrary<Condition>>;
// `exists` is the one operator that reads absence itself as a fact, so the completion property
// below uses trees without it; determinism and isolation use every operator.
const existsLeaf = fc.record({ field, exists: fc.boolean() }) as fc.Arbitrary<Condition>;
const conditionOf = (leaf: fc.Arbitrary<Condition>): fc.Arbitrary<Condition> =>
  fc.letrec<{ c: Condition }>((tie) => ({
    c: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ all: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ any: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ not: tie('c') }),
      fc.record({
        neighbours: fc.record({ types: fc.constant(['calls' as const]), where: tie('c'), count: fc.constantFrom({ gte: 1 }, { eq: 0 }, { lte: 1 }) }),
      }),
    ) as fc.Arbitrary<Condition>,
  })).c;
const condition = conditionOf(fc.oneof(...valueLeaf, existsLeaf));
const valueCondition = conditionOf(fc.oneof(...valueLeaf));

/** Attributes with some keys missing (undefined = missing). */
const attrs = fc.record({ x_a: fc.option(value, { nil: undefined }), x_b: fc.option(value, { nil: undefined }), x_c: fc.option(value, { nil: undefined }) });
const estate = fc.record({ assets: fc.array(attrs, { minLength: 1, maxLength: 5 }), edges: fc.array(fc.tuple(fc.nat(4), fc.nat(4)), { maxLength: 6 }) });

function observations(e: { assets: Array<Record<string, unknown>>; edges: Array<[number, number]> }): Observation[] {
  const prov = { connector: 'p', observedAt: '2026-01-01T00:00:00Z' };
  const obs: Observation[] = e.assets.map((a, i) => ({
    type: 'asset',
    asset: { kind: 'application', id: `application:app${i}`, attributes: Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) },
    provenance: prov,
  }));
  for (const [f, t] of e.edges) {
    if (f < e.assets.length && t < e.assets.length && f !== t) {
      obs.push({ type: 'relationship', relationship: { type: 'calls', from: `application:app${f}`, to: `application:app${t}` }, provenance: prov });
    }
  }
  return obs;
}

function build(obs: Observation[]): Inventory {
  const inv = createInventory();
  for (const o of obs) inv.add(o);
  return inv;
}

const rulesOf = (c: fc.Arbitrary<Condition>) =>
  fc
    .array(c, { minLength: 1, maxLength: 4 })
    .map((cs) => cs.map((assert, i) => ruleWith({ id: `aispm:prop-${i}`, appliesTo: { kinds: ['application'] }, assert })));
const rulesArb = rulesOf(condition);

function statusMap(inv: Inventory, rules: RuleInput[]): Map<string, string> {
  return new Map(evaluateRules(inv, rules, { now: NOW }).results.map((r) => [`${r.ruleId} ${r.assetIds.join(',')}`, r.status]));
}

describe('rule engine properties', () => {
  it('is deterministic: the same inventory and rules in any order give the same results', () => {
    fc.assert(
      fc.property(estate, rulesArb, fc.integer(), (e, rules, seed) => {
        const obs = observations(e);
        const shuffle = <T>(xs: T[]) =>
          xs
            .map((x, i) => [x, (i * 7919 + seed) % 1009] as const)
            .sort((a, b) => a[1] - b[1])
            .map(([x]) => x);
        const a = evaluateRules(build(obs), rules, { now: NOW });
        const b = evaluateRules(build(shuffle([...obs])), shuffle([...rules]), { now: NOW });
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        // reading edges in bulk or asset by asset gives the same results
        expect(evaluateRules(build(obs), rules, { now: NOW, adjacency: 'lazy' })).toEqual(a);
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('isolates a throwing rule: other results are unchanged and it yields error results', () => {
    fc.assert(
      fc.property(estate, rulesArb, fc.nat(), (e, rules, at) => {
        const inv = build(observations(e));
        const thrower = ruleWith({
          id: 'aispm:thrower',
          appliesTo: { kinds: ['application'] },
          evaluate: () => {
            throw new Error('kaput');
          },
        });
        const withThrower = [...rules];
        withThrower.splice(at % (rules.length + 1), 0, thrower);
        const a = evaluateRules(inv, rules, { now: NOW }).results;
        const b = evaluateRules(inv, withThrower, { now: NOW }).results;
        expect(b.filter((r) => r.ruleId !== 'aispm:thrower')).toEqual(a);
        const errs = b.filter((r) => r.ruleId === 'aispm:thrower');
        expect(errs).toHaveLength(inv.size);
        expect(errs.every((r) => r.status === 'error' && r.error === 'kaput')).toBe(true);
      }),
      { numRuns: 100, seed: 11 },
    );
  });

  it('never passes on unknown: a pass stays a pass whatever the missing facts turn out to be', () => {
    fc.assert(
      fc.property(estate, rulesOf(valueCondition), fc.array(value, { minLength: 15, maxLength: 15 }), (e, rules, fill) => {
        const before = statusMap(build(observations(e)), rules);
        // Fill every missing fact with some value: a completion of the partial inventory.
        let k = 0;
        const completed = {
          ...e,
          assets: e.assets.map((a) => Object.fromEntries(KEYS.map((key) => [key, a[key] ?? fill[k++ % fill.length]]))),
        };
        const after = statusMap(build(observations(completed)), rules);
        for (const [key, s] of before) {
          if (s === 'pass') expect(after.get(key)).toBe('pass');
          if (s === 'fail') expect(after.get(key)).toBe('fail');
          // and whenever a completion fails, the partial result was not a pass
          if (after.get(key) === 'fail') expect(s).not.toBe('pass');
        }
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('never passes on unknown in path rules: completing missing facts cannot turn a pass into a match', () => {
    const capsArb = fc.option(fc.subarray(['payment', 'read', 'shell'] as const), { nil: undefined });
    const graph = fc.record({
      tools: fc.array(capsArb, { minLength: 1, maxLength: 5 }),
      edges: fc.array(fc.tuple(fc.nat(2), fc.nat(4)), { maxLength: 8 }),
      hops: fc.array(fc.tuple(fc.nat(2), fc.nat(2)), { maxLength: 3 }),
    });
    const rule = ruleWith({
      id: 'aispm:prop-path',
      appliesTo: { kinds: ['agent'] },
      path: {
        steps: [{ types: ['can-invoke', 'connects-to'], maxHops: 2, kinds: ['tool'], where: { field: '/attributes/capabilities', contains: 'payment' } }],
      },
    });
    const build = (tools: Array<readonly string[] | undefined>, g: { edges: Array<[number, number]>; hops: Array<[number, number]> }) => {
      const inv = createInventory();
      const prov = { connector: 'p', observedAt: '2026-01-01T00:00:00Z' };
      for (let a = 0; a < 3; a++) inv.add({ type: 'asset', asset: { kind: 'agent', id: `agent:a${a}` }, provenance: prov });
      tools.forEach((caps, i) => {
        inv.add({
          type: 'asset',
          asset: { kind: 'tool', id: `tool:t${i}`, ...(caps ? { attributes: { capabilities: [...caps] } } : {}) } as never,
          provenance: prov,
        });
      });
      for (const [a, t] of g.edges)
        if (t < tools.length) inv.add({ type: 'relationship', relationship: { type: 'can-invoke', from: `agent:a${a}`, to: `tool:t${t}` }, provenance: prov });
      for (const [a, b] of g.hops)
        if (a !== b) inv.add({ type: 'relationship', relationship: { type: 'connects-to', from: `agent:a${a}`, to: `agent:a${b}` }, provenance: prov });
      return inv;
    };
    fc.assert(
      fc.property(graph, fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (g, fill) => {
        const before = evaluateRules(build(g.tools, g), [rule], { now: NOW }).results;
        const completed = g.tools.map((c, i) => c ?? (fill[i] ? ['payment'] : ['read']));
        const after = evaluateRules(build(completed, g), [rule], { now: NOW }).results;
        const failsAfter = new Set(after.filter((r) => r.status === 'fail').map((r) => r.assetIds.join(' ')));
        for (const r of before) {
          if (r.status === 'fail') expect(failsAfter.has(r.assetIds.join(' '))).toBe(true);
          if (r.status === 'pass') expect(after.filter((x) => x.assetIds[0] === r.assetIds[0]).map((x) => x.status)).toEqual(['pass']);
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
