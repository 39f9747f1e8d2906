import { createInventory, type Finding, findingFromResult } from '@aispm/core';
import { createSignalContext } from '@aispm/scoring';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomEstate } from './random-estate';

const prov = { connector: 't', observedAt: '2026-11-01T00:00:00Z', basis: 'declared' as const };

function estate(assets: Array<Record<string, unknown>>, edges: Array<[string, string, string, string[]?]> = []) {
  const inv = createInventory();
  for (const a of assets) {
    const r = inv.add({ type: 'asset', asset: { name: String(a.id).split(':')[1], ...a } as never, provenance: prov });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
  }
  for (const [type, from, to, dataClasses] of edges) {
    const r = inv.add({
      type: 'relationship',
      relationship: { type: type as never, from, to, ...(dataClasses ? { dataClasses: dataClasses as never } : {}) },
      provenance: prov,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
  }
  return inv;
}
const finding = (ruleId: string, assetIds: string[], severity: Finding['severity'] = 'medium', state: Finding['state'] = 'open'): Finding => ({
  ...findingFromResult({ ruleId, ruleVersion: '1', status: 'fail', assetIds, severity, message: 'm', evidence: [], controls: [] }, '2026-11-01T00:00:00Z'),
  state,
});

describe('signals of the default model', () => {
  it('deployment surface: stdio MCP servers are local, public without auth is anonymous, kinds without a surface have none', () => {
    const inv = estate([
      { kind: 'mcp-server', id: 'mcp-server:npm/x', attributes: { transport: 'stdio' } },
      { kind: 'model-endpoint', id: 'model-endpoint:e1', attributes: { exposure: 'public' } },
      { kind: 'library', id: 'library:npm/openai' },
      { kind: 'agent', id: 'agent:a' },
    ]);
    const ctx = createSignalContext(inv, []);
    expect(ctx.assetSignals('mcp-server:npm/x').deploymentSurface?.value).toBe('local');
    expect(ctx.assetSignals('model-endpoint:e1').deploymentSurface).toMatchObject({
      value: 'public-anonymous',
      rationale: 'public, authentication not recorded',
    });
    expect(ctx.assetSignals('library:npm/openai').deploymentSurface?.value).toBe('none');
    expect(ctx.assetSignals('agent:a').deploymentSurface).toMatchObject({ value: undefined, rationale: 'exposure not recorded' });
  });

  it('identity reach: unknown without any can-invoke edge, external and counts otherwise', () => {
    const assets = [
      { kind: 'application', id: 'application:git/github.com/acme/x', attributes: { exposure: 'internal', authentication: 'oidc' } },
      { kind: 'identity', id: 'identity:u1', attributes: { type: 'user' } },
      { kind: 'identity', id: 'identity:p1', attributes: { type: 'user', external: true } },
    ];
    expect(createSignalContext(estate(assets), []).assetSignals('application:git/github.com/acme/x').identityReach?.value).toBeUndefined();
    const one = estate(assets, [['can-invoke', 'identity:u1', 'application:git/github.com/acme/x']]);
    expect(createSignalContext(one, []).assetSignals('application:git/github.com/acme/x').identityReach).toMatchObject({
      value: 'few',
      rationale: '1 internal principal(s) can invoke it',
    });
    const ext = estate(assets, [
      ['can-invoke', 'identity:u1', 'application:git/github.com/acme/x'],
      ['can-invoke', 'identity:p1', 'application:git/github.com/acme/x'],
    ]);
    expect(createSignalContext(ext, []).assetSignals('application:git/github.com/acme/x').identityReach).toMatchObject({
      value: 'external',
      rationale: 'external principal identity:p1 can invoke it (2 in all)',
    });
  });

  it('regulatory tier: sector flags raise one step, Annex III implies high-risk, criticality is inherited from users', () => {
    const inv = estate(
      [
        {
          kind: 'application',
          id: 'application:git/github.com/acme/a',
          labels: { sector: 'insurance' },
          attributes: { euAiActTier: 'limited-risk', businessCriticality: 'high' },
        },
        { kind: 'application', id: 'application:git/github.com/acme/b', attributes: { annexIIIArea: 'employment' } },
        { kind: 'model', id: 'model:openai/gpt-4o' },
      ],
      [['uses-model', 'application:git/github.com/acme/a', 'model:openai/gpt-4o']],
    );
    const ctx = createSignalContext(inv, []);
    expect(ctx.assetSignals('application:git/github.com/acme/a').regulatoryTier).toMatchObject({
      value: 'high-risk',
      rationale: 'EU AI Act tier limited-risk; regulated sector insurance raises it one step',
    });
    expect(ctx.assetSignals('application:git/github.com/acme/b').regulatoryTier?.value).toBe('high-risk');
    expect(ctx.assetSignals('model:openai/gpt-4o').businessCriticality).toMatchObject({
      value: 'high',
      rationale: 'inherited from application:git/github.com/acme/a (high)',
    });
    expect(ctx.assetSignals('model:openai/gpt-4o').regulatoryTier?.value).toBe('limited');
  });

  it('exploitability counts other open findings only, and three mediums count as high', () => {
    const inv = estate([{ kind: 'application', id: 'application:git/github.com/acme/x' }]);
    const fs = [
      finding('r:1', ['application:git/github.com/acme/x']),
      finding('r:2', ['application:git/github.com/acme/x']),
      finding('r:3', ['application:git/github.com/acme/x']),
      finding('r:4', ['application:git/github.com/acme/x'], 'critical', 'fixed'),
      finding('r:5', ['application:git/github.com/acme/x']),
    ];
    const ctx = createSignalContext(inv, fs);
    expect(ctx.findingSignals(fs[0] as Finding).exploitability).toMatchObject({ value: 'high', rationale: '3 other open medium findings' });
    const two = createSignalContext(inv, fs.slice(0, 3));
    expect(two.findingSignals(fs[0] as Finding).exploitability).toMatchObject({ value: 'medium', rationale: '2 other open finding(s), including medium r:2' });
    // A closed finding sees all the open ones as others.
    expect(ctx.findingSignals(fs[3] as Finding).exploitability?.rationale).toBe('4 other open medium findings');
  });
});

describe('exploitability (property)', () => {
  it('matches a direct count of the other open findings, whatever the order and states', async () => {
    const fc = (await import('fast-check')).default;
    const ids = ['application:git/github.com/acme/p', 'application:git/github.com/acme/q'];
    const inv = estate(ids.map((id) => ({ kind: 'application', id })));
    const sev = fc.constantFrom('critical', 'high', 'medium', 'low', 'info');
    const state = fc.constantFrom('open', 'fixed', 'accepted', 'closed', 'deferred');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.boolean(), sev, state), { minLength: 1, maxLength: 12 }), (spec) => {
        const fs = spec.map(([onQ, path, s, st], i) =>
          finding(`r:${i}`, path ? ids : [ids[onQ ? 1 : 0] as string], s as Finding['severity'], st as Finding['state']),
        );
        const ctx = createSignalContext(inv, fs);
        for (const f of fs) {
          const others = fs.filter((g) => g.id !== f.id && g.state !== 'fixed' && g.state !== 'closed' && g.assetIds.some((a) => f.assetIds.includes(a)));
          const highs = others.filter((g) => g.severity === 'critical' || g.severity === 'high').length;
          const mediums = others.filter((g) => g.severity === 'medium').length;
          const want = others.length === 0 ? 'none' : highs > 0 || mediums >= 3 ? 'high' : mediums > 0 ? 'medium' : 'low';
          expect(ctx.findingSignals(f).exploitability?.value).toBe(want);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('findingValues', () => {
  it('gives the value of every signal findingSignals gives (random estates)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const { inventory, findings } = randomEstate(seed, { assets: 50, findings: 120 });
        const ctx = createSignalContext(inventory, findings);
        const out: Record<string, string | undefined> = {};
        for (const f of findings) {
          ctx.findingValues(f, out);
          const want = Object.fromEntries(Object.entries(ctx.findingSignals(f)).map(([k, v]) => [k, v?.value]));
          expect(out).toEqual(want);
          expect(Object.keys(out).sort()).toEqual(Object.keys(want).sort());
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('exploitability of path findings', () => {
  /** The other open findings on any of the assets, walked asset by asset, each once. */
  function reference(findings: Finding[], f: Finding) {
    const open = findings.filter((g) => g.state !== 'fixed' && g.state !== 'closed');
    const others = new Map<string, Finding>();
    for (const id of f.assetIds) for (const g of open) if (g.assetIds.includes(id) && g.id !== f.id) others.set(g.id, g);
    const all = [...others.values()];
    const high = all.find((g) => g.severity === 'critical' || g.severity === 'high');
    const mediums = all.filter((g) => g.severity === 'medium');
    if (all.length === 0) return { value: 'none', rationale: 'no other open finding on its assets' };
    if (high) return { value: 'high', rationale: `${all.length} other open finding(s), including ${high.severity} ${high.ruleId}`, ref: high.id };
    if (mediums.length >= 3) return { value: 'high', rationale: `${mediums.length} other open medium findings`, ref: mediums[0]?.id };
    if (mediums[0]) return { value: 'medium', rationale: `${all.length} other open finding(s), including medium ${mediums[0].ruleId}`, ref: mediums[0].id };
    return { value: 'low', rationale: `${all.length} other open low/info finding(s)` };
  }

  it('counts each other finding once, even when it is on several of the assets (random crowded estates)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 3, max: 12 }), (seed, assets) => {
        const { inventory, findings } = randomEstate(seed, { assets, findings: 120 });
        const ctx = createSignalContext(inventory, findings);
        for (const f of findings) {
          const got = ctx.findingSignals(f).exploitability;
          const want = reference(findings, f);
          expect({ value: got?.value, rationale: got?.rationale }).toEqual({ value: want.value, rationale: want.rationale });
          expect(got?.evidence?.[0]?.ref).toBe(want.ref);
        }
      }),
      { numRuns: 40 },
    );
  });
});
