import { evaluateRules, type RuleInput } from '@aispm/core';
import { describe, expect, it } from 'vitest';
import { inventoryOf, ruleWith } from './helpers';

const NOW = new Date('2026-11-22T00:00:00Z');

// public endpoint → agent → (connects-to) mcp-server → (exposes-tool) tool with payment
const toxic = ruleWith({
  id: 'aispm:public-endpoint-to-payment-tool',
  appliesTo: {
    kinds: ['model-endpoint'],
    where: {
      all: [
        { field: '/attributes/exposure', eq: 'public' },
        { field: '/attributes/authentication', in: ['none', 'basic'] },
      ],
    },
  },
  path: {
    steps: [
      { types: ['routes-through', 'calls'], direction: 'in', kinds: ['agent'] },
      { types: ['connects-to', 'exposes-tool'], minHops: 1, maxHops: 2, kinds: ['tool'], where: { field: '/attributes/capabilities', contains: 'payment' } },
    ],
  },
});

function estate(payCaps?: string[]) {
  return inventoryOf(
    [
      { kind: 'model-endpoint', key: 'front', attributes: { exposure: 'public', authentication: 'none' } },
      { kind: 'model-endpoint', key: 'safe', attributes: { exposure: 'public', authentication: 'oidc' } },
      { kind: 'agent', key: 'billing' },
      { kind: 'mcp-server', key: 'npm/stripe' },
      { kind: 'tool', key: 'refund', attributes: payCaps ? { capabilities: payCaps } : {} },
      { kind: 'tool', key: 'lookup', attributes: { capabilities: ['read'] } },
    ],
    [
      ['calls', 'agent:billing', 'model-endpoint:front'],
      ['calls', 'agent:billing', 'model-endpoint:safe'],
      ['connects-to', 'agent:billing', 'mcp-server:npm/stripe'],
      ['exposes-tool', 'mcp-server:npm/stripe', 'tool:refund'],
      ['exposes-tool', 'mcp-server:npm/stripe', 'tool:lookup'],
      // a cycle back to the agent must not loop
      ['connects-to', 'mcp-server:npm/stripe', 'agent:billing'],
    ],
  );
}

describe('path rules', () => {
  it('fails once per matching path, naming every asset and edge', () => {
    const { results } = evaluateRules(estate(['payment', 'write']), [toxic], { now: NOW });
    expect(results.map((r) => [r.status, r.assetIds])).toEqual([
      ['fail', ['model-endpoint:front', 'agent:billing', 'mcp-server:npm/stripe', 'tool:refund']],
      ['not_applicable', ['model-endpoint:safe']],
    ]);
    const fail = results[0];
    expect(fail?.scope).toBe(
      'calls:agent:billing->model-endpoint:front|connects-to:agent:billing->mcp-server:npm/stripe|exposes-tool:mcp-server:npm/stripe->tool:refund',
    );
    expect(fail?.evidence.map((e) => [e.assetId, e.pointer])).toEqual([
      ['model-endpoint:front', '/attributes/exposure'],
      ['model-endpoint:front', '/attributes/authentication'],
      ['calls:agent:billing->model-endpoint:front', '/type'],
      ['exposes-tool:mcp-server:npm/stripe->tool:refund', '/type'],
      ['tool:refund', '/attributes/capabilities'],
    ]);
  });

  it('gives the same results reading edges in bulk or through neighbours()', () => {
    for (const caps of [['payment'], ['read'], undefined]) {
      const inv = estate(caps);
      expect(evaluateRules(inv, [toxic], { now: NOW, adjacency: 'lazy' })).toEqual(evaluateRules(inv, [toxic], { now: NOW, adjacency: 'bulk' }));
    }
  });

  it('passes when no path matches', () => {
    const { results } = evaluateRules(estate(['read']), [toxic], { now: NOW });
    expect(results.map((r) => [r.status, r.assetIds])).toEqual([
      ['pass', ['model-endpoint:front']],
      ['not_applicable', ['model-endpoint:safe']],
    ]);
  });

  it('is unknown, never a pass, when a hop lacks the facts', () => {
    const { results } = evaluateRules(estate(undefined), [toxic], { now: NOW });
    expect(results[0]?.status).toBe('unknown');
    expect(results[0]?.assetIds).toEqual(['model-endpoint:front', 'agent:billing', 'mcp-server:npm/stripe', 'tool:refund']);
    expect(results[0]?.message).toContain('tool:refund/attributes/capabilities');
  });

  it('honours hop limits', () => {
    const oneHop = {
      ...toxic,
      path: { steps: [toxic.path?.steps[0], { ...toxic.path?.steps[1], maxHops: 1 }] },
    } as RuleInput;
    const { results } = evaluateRules(estate(['payment']), [oneHop], { now: NOW });
    expect(results[0]?.status).toBe('pass');
  });

  it('stops at maxPaths', () => {
    const assets: Array<Record<string, unknown>> = [{ kind: 'agent', key: 'hub' }];
    const edges: Array<[string, string, string]> = [];
    for (let i = 0; i < 20; i++) {
      assets.push({ kind: 'tool', key: `t${String(i).padStart(2, '0')}`, attributes: { capabilities: ['shell'] } });
      edges.push(['can-invoke', 'agent:hub', `tool:t${String(i).padStart(2, '0')}`]);
    }
    const rule = ruleWith({
      appliesTo: { kinds: ['agent'] },
      path: { maxPaths: 3, steps: [{ kinds: ['tool'], where: { field: '/attributes/capabilities', contains: 'shell' } }] },
    });
    const { results } = evaluateRules(inventoryOf(assets, edges), [rule], { now: NOW });
    expect(results.map((r) => r.assetIds[1])).toEqual(['tool:t00', 'tool:t01', 'tool:t02']);
  });
});
