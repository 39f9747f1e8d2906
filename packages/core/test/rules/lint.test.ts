import { checkRuleExamples, exampleInventory, lintRules, RuleDefinitionSchema, type RuleInput } from '@aispm/core';
import { describe, expect, it } from 'vitest';
import { ruleWith } from './helpers';

const good = ruleWith({
  id: 'aispm:model-pinned',
  appliesTo: { kinds: ['model'] },
  assert: { field: '/attributes/pinned', eq: true },
  examples: {
    good: [{ name: 'pinned', assets: [{ kind: 'model', key: 'openai/gpt-4o', attributes: { pinned: true } }] }],
    bad: [
      {
        name: 'floating',
        assets: [{ kind: 'model', key: 'openai/gpt-4o', attributes: { pinned: false } }],
        expect: [{ assetId: 'model:openai/gpt-4o', status: 'fail' }],
      },
    ],
  },
});

describe('lintRules', () => {
  it('accepts a valid rule and runs its examples', () => {
    const r = lintRules([good], { requireExamples: true });
    expect(r).toMatchObject({ ok: true, value: { warnings: [] } });
    if (r.ok) expect(r.value.rules[0]?.id).toBe('aispm:model-pinned');
  });

  it('reports every problem of every rule together, with JSON pointers', () => {
    const bad = [
      { ...good, id: 'pinned', title: 'Ensure models are pinned', version: '1.0' },
      { ...good, severity: 'severe', likelihood: undefined },
      { ...good, id: 'x_com.acme:dup' },
      { ...good, id: 'x_com.acme:dup' },
      { ...good, id: 'aispm:edge-field', assert: { field: '/from', eq: 'x' } },
      { ...good, id: 'aispm:two-checks', path: { steps: [{ kinds: ['tool'] }] } },
      { ...good, id: 'aispm:bad-cond', assert: { field: '/attributes/x', eq: 1, ne: 2 } },
    ];
    const r = lintRules(bad as RuleInput[]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const got = r.issues.map((i) => [i.path, i.code]);
    expect(got).toEqual(
      expect.arrayContaining([
        ['/0/id', 'rule/invalid_format'],
        ['/0/version', 'rule/invalid_format'],
        ['/0/title', 'rule/custom'],
        ['/1/severity', 'rule/invalid_value'],
        ['/1/likelihood', 'rule/invalid_value'],
        ['/3', 'rule/duplicate-id'],
        ['/4/assert/field', 'rule/field-not-on-asset'],
        ['/5', 'rule/custom'],
        ['/6/assert', 'rule/invalid_union'],
      ]),
    );
    expect(r.issues.find((i) => i.path === '/6/assert')?.message).toContain('not a valid condition');
  });

  it('fails a rule whose examples do not hold', () => {
    const wrong = { ...good, assert: { field: '/attributes/pinned', eq: false } } as RuleInput;
    const r = lintRules([wrong]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.path, i.code])).toEqual([
      ['/0/examples/good/0', 'example/no-pass'],
      ['/0/examples/good/0', 'example/unexpected-status'],
      ['/0/examples/bad/0', 'example/no-fail'],
      ['/0/examples/bad/0/expect/0', 'example/expectation'],
    ]);
  });

  it('warns about missing examples, or fails when they are required', () => {
    const bare = { ...good, examples: undefined } as RuleInput;
    const soft = lintRules([bare]);
    expect(soft.ok && soft.value.warnings.map((w) => w.code)).toEqual(['rule/missing-examples']);
    const hard = lintRules([bare], { requireExamples: true, file: 'rules.yaml' });
    expect(hard.ok).toBe(false);
    if (!hard.ok) expect(hard.issues[0]).toMatchObject({ code: 'rule/missing-examples', file: 'rules.yaml', path: '/0/examples' });
  });

  it('lints packs with paths through the pack', () => {
    const r = lintRules({ id: 'aispm:pack', version: '1.0.0', title: 'P', rules: [good, { ...good, id: 'nope' }] } as never);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.path).toBe('/rules/1/id');
  });

  it('checks hop limits', () => {
    const r = lintRules([{ ...good, id: 'aispm:hops', assert: undefined, examples: undefined, path: { steps: [{ minHops: 3, maxHops: 2 }] } } as RuleInput]);
    expect(!r.ok && r.issues.map((i) => i.code)).toEqual(['rule/hops', 'rule/missing-examples']);
  });
});

describe('examples', () => {
  it('builds inventories from assets, relationships, observations and snapshot fragments', () => {
    const inv = exampleInventory({
      assets: [{ kind: 'agent', key: 'a' }],
      relationships: [{ type: 'connects-to', from: 'agent:a', to: 'mcp-server:npm/x' }],
      observations: [{ type: 'asset', asset: { kind: 'mcp-server', key: 'npm/x' }, provenance: { connector: 'c', observedAt: '2026-01-01T00:00:00Z' } }],
    });
    expect(inv.ok && [inv.value.size, inv.value.relationshipCount]).toEqual([2, 1]);
    const bad = exampleInventory({ assets: [{ kind: 'robot' as never, key: 'r' }] });
    expect(bad.ok).toBe(false);
  });

  it('checkRuleExamples returns nothing for a rule whose examples hold', () => {
    expect(checkRuleExamples(RuleDefinitionSchema.parse(good))).toEqual([]);
  });
});
