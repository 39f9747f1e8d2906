import { type Condition, createInventory, evaluateRules, type Observation } from '@aispm/core';
import { describe, expect, it } from 'vitest';
import { inventoryOf, PROV, ruleWith } from './helpers';

const NOW = new Date('2026-11-22T00:00:00Z');

function statusOf(attributes: Record<string, unknown>, assert: Condition, extra: Record<string, unknown> = {}): string {
  const inv = inventoryOf([{ kind: 'model', key: 'openai/gpt-4o', attributes, ...extra }]);
  const { results, issues } = evaluateRules(inv, [ruleWith({ appliesTo: { kinds: ['model'] }, assert })], { now: NOW });
  expect(issues).toEqual([]);
  expect(results).toHaveLength(1);
  return results[0]?.status as string;
}

describe('comparisons', () => {
  it.each([
    [{ field: '/attributes/license', eq: 'mit' }, { license: 'mit' }, 'pass'],
    [{ field: '/attributes/license', eq: 'mit' }, { license: 'gpl' }, 'fail'],
    [{ field: '/attributes/license', eq: 'mit' }, {}, 'unknown'],
    [{ field: '/attributes/license', ne: 'mit' }, {}, 'unknown'],
    [{ field: '/attributes/license', ne: 'mit' }, { license: 'gpl' }, 'pass'],
    [{ field: '/attributes/hashes', eq: { sha256: 'ab' } }, { hashes: { sha256: 'ab' } }, 'pass'],
    [{ field: '/attributes/x_size', gt: 10 }, { x_size: 11 }, 'pass'],
    [{ field: '/attributes/x_size', gt: 10 }, { x_size: 10 }, 'fail'],
    [{ field: '/attributes/x_size', gte: 10 }, { x_size: 10 }, 'pass'],
    [{ field: '/attributes/x_size', lt: 10 }, { x_size: 10 }, 'fail'],
    [{ field: '/attributes/x_size', lte: 10 }, { x_size: 10 }, 'pass'],
    [{ field: '/attributes/x_size', gt: 10 }, { x_size: 'eleven' }, 'fail'],
    [{ field: '/attributes/version', gte: '2024-05-01' }, { version: '2024-08-06' }, 'pass'],
    [{ field: '/attributes/license', exists: true }, {}, 'fail'],
    [{ field: '/attributes/license', exists: false }, {}, 'pass'],
    [{ field: '/attributes/license', exists: true }, { license: 'mit' }, 'pass'],
    [{ field: '/attributes/license', in: ['mit', 'apache-2.0'] }, { license: 'apache-2.0' }, 'pass'],
    [{ field: '/attributes/license', in: ['mit', 'apache-2.0'] }, { license: 'gpl' }, 'fail'],
    [{ field: '/attributes/modality', contains: 'image' }, { modality: ['text', 'image'] }, 'pass'],
    [{ field: '/attributes/modality', contains: 'audio' }, { modality: ['text', 'image'] }, 'fail'],
    [{ field: '/attributes/modality', containsAny: ['audio', 'text'] }, { modality: ['text'] }, 'pass'],
    [{ field: '/attributes/license', contains: 'gpl' }, { license: 'agpl-3.0' }, 'pass'],
    [{ field: '/attributes/license', matches: 'apache-*' }, { license: 'apache-2.0' }, 'pass'],
    [{ field: '/attributes/license', matches: 'APACHE-*' }, { license: 'apache-2.0' }, 'fail'],
    [{ field: '/attributes/license', matches: 'APACHE-*', ignoreCase: true }, { license: 'apache-2.0' }, 'pass'],
    [{ field: '/attributes/license', matches: ['mit', 'bsd-?-clause'] }, { license: 'bsd-3-clause' }, 'pass'],
    [{ field: '/attributes/modality', matches: 'im*' }, { modality: ['text', 'image'] }, 'pass'],
    [{ field: '/attributes/x_rotated', olderThanDays: 90 }, { x_rotated: '2026-01-01T00:00:00Z' }, 'pass'],
    [{ field: '/attributes/x_rotated', olderThanDays: 90 }, { x_rotated: '2026-11-01T00:00:00Z' }, 'fail'],
    [{ field: '/attributes/x_rotated', olderThanDays: 90 }, { x_rotated: 'not a date' }, 'unknown'],
    [{ field: '/attributes/x_rotated', olderThanDays: 90 }, {}, 'unknown'],
    [{ field: '/attributes/x_nested/a', eq: 1 }, { x_nested: { a: 1 } }, 'pass'],
    [{ field: '/attributes/x_list/1', eq: 'b' }, { x_list: ['a', 'b'] }, 'pass'],
  ] as Array<[Condition, Record<string, unknown>, string]>)('%j on %j gives %s', (cond, attrs, want) => {
    expect(statusOf(attrs, cond)).toBe(want);
  });

  it('reads name, owner, labels, kind and data classes', () => {
    const extra = { name: 'GPT', owner: 'team-ml', labels: { env: 'prod' }, dataClasses: ['pii'] };
    expect(statusOf({}, { field: '/owner', eq: 'team-ml' }, extra)).toBe('pass');
    expect(statusOf({}, { field: '/owner', exists: true })).toBe('fail');
    expect(statusOf({}, { field: '/owner', eq: 'x' })).toBe('unknown');
    expect(statusOf({}, { field: '/labels/env', eq: 'prod' }, extra)).toBe('pass');
    expect(statusOf({}, { field: '/kind', eq: 'model' })).toBe('pass');
    expect(statusOf({}, { field: '/dataClasses', contains: 'pii' }, extra)).toBe('pass');
    expect(statusOf({}, { field: '/name', matches: 'G*' }, extra)).toBe('pass');
  });
});

describe('three-valued combinators', () => {
  const t = { field: '/attributes/license', eq: 'mit' };
  const f = { field: '/attributes/license', eq: 'gpl' };
  const u = { field: '/attributes/x_missing', eq: 1 };
  const attrs = { license: 'mit' };
  it.each([
    [{ all: [t, t] }, 'pass'],
    [{ all: [t, u] }, 'unknown'],
    [{ all: [f, u] }, 'fail'],
    [{ any: [f, f] }, 'fail'],
    [{ any: [f, u] }, 'unknown'],
    [{ any: [t, u] }, 'pass'],
    [{ not: t }, 'fail'],
    [{ not: f }, 'pass'],
    [{ not: u }, 'unknown'],
    [{ not: { all: [f, u] } }, 'pass'],
  ] as Array<[Condition, string]>)('%j gives %s', (cond, want) => {
    expect(statusOf(attrs, cond)).toBe(want);
  });
});

describe('relationship predicates', () => {
  const agent = { kind: 'agent', key: 'support', attributes: { humanApproval: false } };
  const server = { kind: 'mcp-server', key: 'npm/shell-server', attributes: { capabilities: ['shell'] } };
  const safe = { kind: 'mcp-server', key: 'npm/docs-server', attributes: { capabilities: ['read'] } };
  const unknownCaps = { kind: 'mcp-server', key: 'npm/mystery' };
  const tool = { kind: 'tool', key: 'pay', attributes: { capabilities: ['payment'] } };
  const hasShell: Condition = {
    neighbours: { types: ['connects-to'], kinds: ['mcp-server'], where: { field: '/attributes/capabilities', contains: 'shell' } },
  };
  const run = (inv: ReturnType<typeof inventoryOf>, assert: Condition) =>
    evaluateRules(inv, [ruleWith({ appliesTo: { kinds: ['agent'] }, assert })], { now: NOW }).results;

  it('finds a neighbour of a kind over an edge type that satisfies a condition', () => {
    const inv = inventoryOf(
      [agent, server, safe],
      [
        ['connects-to', 'agent:support', 'mcp-server:npm/shell-server'],
        ['connects-to', 'agent:support', 'mcp-server:npm/docs-server'],
      ],
    );
    const [r] = run(inv, { not: hasShell });
    expect(r?.status).toBe('fail');
    expect(r?.evidence[0]).toMatchObject({ assetId: 'agent:support', pointer: '', observed: { matching: ['mcp-server:npm/shell-server'], undetermined: [] } });
    expect(r?.evidence.some((e) => e.assetId === 'mcp-server:npm/shell-server' && e.pointer === '/attributes/capabilities')).toBe(true);
  });

  it('is unknown when a neighbour lacks the fact, and false when none can match', () => {
    const inv = inventoryOf(
      [agent, safe, unknownCaps],
      [
        ['connects-to', 'agent:support', 'mcp-server:npm/docs-server'],
        ['connects-to', 'agent:support', 'mcp-server:npm/mystery'],
      ],
    );
    expect(run(inv, { not: hasShell })[0]?.status).toBe('unknown');
    const inv2 = inventoryOf([agent, safe], [['connects-to', 'agent:support', 'mcp-server:npm/docs-server']]);
    expect(run(inv2, { not: hasShell })[0]?.status).toBe('pass');
  });

  it('treats a never-observed neighbour as unknown, but still knows its kind from its id', () => {
    const inv = inventoryOf([agent], [['connects-to', 'agent:support', 'mcp-server:npm/ghost']]);
    expect(run(inv, { not: hasShell })[0]?.status).toBe('unknown');
    expect(run(inv, { neighbours: { types: ['connects-to'], kinds: ['tool'], count: { eq: 0 } } })[0]?.status).toBe('pass');
  });

  it('counts neighbours', () => {
    const inv = inventoryOf(
      [agent, server, safe],
      [
        ['connects-to', 'agent:support', 'mcp-server:npm/shell-server'],
        ['connects-to', 'agent:support', 'mcp-server:npm/docs-server'],
      ],
    );
    expect(run(inv, { neighbours: { types: ['connects-to'], count: { gte: 2 } } })[0]?.status).toBe('pass');
    expect(run(inv, { neighbours: { types: ['connects-to'], count: { lte: 1 } } })[0]?.status).toBe('fail');
    expect(run(inv, { neighbours: { types: ['connects-to'], count: { eq: 2 } } })[0]?.status).toBe('pass');
    expect(run(inv, { neighbours: { types: ['uses-model'], count: { eq: 0 } } })[0]?.status).toBe('pass');
  });

  it('reaches neighbours over several hops within maxHops', () => {
    const inv = inventoryOf(
      [agent, server, tool],
      [
        ['connects-to', 'agent:support', 'mcp-server:npm/shell-server'],
        ['exposes-tool', 'mcp-server:npm/shell-server', 'tool:pay'],
      ],
    );
    const pays: Condition = {
      neighbours: { types: ['connects-to', 'exposes-tool'], kinds: ['tool'], maxHops: 2, where: { field: '/attributes/capabilities', contains: 'payment' } },
    };
    expect(run(inv, pays)[0]?.status).toBe('pass');
    expect(run(inv, { neighbours: { ...('neighbours' in pays ? pays.neighbours : {}), maxHops: 1 } })[0]?.status).toBe('fail');
  });

  it('follows edges inwards and checks edge attributes', () => {
    const inv = inventoryOf(
      [
        { kind: 'provider', key: 'openai' },
        { kind: 'application', key: 'git/github.com/acme/bot' },
      ],
      [['sends-data', 'application:git/github.com/acme/bot', 'provider:openai', { encrypted: false }]],
    );
    const rule = ruleWith({
      appliesTo: { kinds: ['provider'] },
      assert: { neighbours: { types: ['sends-data'], direction: 'in', edge: { field: '/attributes/encrypted', eq: false }, count: { eq: 0 } } },
    });
    const { results } = evaluateRules(inv, [rule], { now: NOW });
    expect(results.map((r) => r.status)).toEqual(['fail']);
  });
});

describe('evidence', () => {
  it('names the pointer, the observed value and the provenance of the winning fact', () => {
    const inv = createInventory();
    const repo = { connector: 'repo', observedAt: '2026-01-01T00:00:00Z', basis: 'inferred' as const, locator: { file: 'app.py', line: 3 } };
    const reg = { connector: 'registry', observedAt: '2026-01-02T00:00:00Z', basis: 'declared' as const, locator: { url: 'https://registry.example/m/1' } };
    inv.add({ type: 'asset', asset: { kind: 'model', key: 'openai/gpt-4o', attributes: { license: 'proprietary' } }, provenance: repo } as Observation);
    inv.add({ type: 'asset', asset: { kind: 'model', key: 'openai/gpt-4o', attributes: { pinned: false } }, provenance: reg } as Observation);
    const rule = ruleWith({ appliesTo: { kinds: ['model'] }, assert: { field: '/attributes/pinned', eq: true } });
    const [r] = evaluateRules(inv, [rule], { now: NOW }).results;
    expect(r?.status).toBe('fail');
    expect(r?.evidence).toEqual([
      {
        assetId: 'model:openai/gpt-4o',
        pointer: '/attributes/pinned',
        observed: false,
        expected: 'equal to true',
        provenance: [{ ...reg, source: undefined }].map(({ source: _s, ...p }) => p),
      },
    ]);
  });

  it('uses the parent field provenance for nested pointers', () => {
    const inv = inventoryOf([{ kind: 'model', key: 'm', attributes: { hashes: { sha256: 'abc' } } }]);
    const rule = ruleWith({ appliesTo: { kinds: ['model'] }, assert: { field: '/attributes/hashes/sha256', eq: 'def' } });
    const [r] = evaluateRules(inv, [rule], { now: NOW }).results;
    expect(r?.evidence[0]?.observed).toBe('abc');
    expect(r?.evidence[0]?.provenance).toEqual([{ ...PROV, locator: {} }]);
  });

  it('passes carry no evidence and failures explain only the failing branch', () => {
    const inv = inventoryOf([{ kind: 'model', key: 'm', attributes: { license: 'mit', pinned: false } }]);
    const rule = ruleWith({
      appliesTo: { kinds: ['model'] },
      assert: {
        all: [
          { field: '/attributes/license', eq: 'mit' },
          { field: '/attributes/pinned', eq: true },
        ],
      },
    });
    const [r] = evaluateRules(inv, [rule], { now: NOW }).results;
    expect(r?.evidence.map((e) => e.pointer)).toEqual(['/attributes/pinned']);
  });
});
