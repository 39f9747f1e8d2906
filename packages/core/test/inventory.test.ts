import { canonicalJson, createInventory, diffSnapshots, fromSnapshot, isEmptyDiff, type Observation } from '@aispm/core';
import { describe, expect, it } from 'vitest';

const T1 = '2026-01-01T00:00:00.000Z';
const T2 = '2026-02-01T00:00:00.000Z';

const prov = (connector: string, basis: 'declared' | 'inferred' | 'unresolved' = 'inferred', observedAt = T1, file?: string) => ({
  connector,
  basis,
  observedAt,
  locator: file ? { file, line: 1 } : {},
});

describe('merging observations', () => {
  it('makes one asset of the same thing seen by three sources', () => {
    const inv = createInventory();
    inv.add({ type: 'asset', asset: { kind: 'provider', key: 'Azure OpenAI' }, provenance: prov('repo', 'inferred', T1, 'app.py') });
    inv.add({ type: 'asset', asset: { kind: 'provider', key: 'azure_openai' }, provenance: prov('gateway') });
    inv.add({
      type: 'asset',
      asset: { kind: 'provider', key: 'AzureOpenAI', attributes: { processorAgreement: true } },
      provenance: prov('procurement', 'declared'),
    });
    expect(inv.size).toBe(1);
    const a = inv.get('provider:azure-openai');
    expect(a?.name).toBe('Azure OpenAI');
    expect(a?.provenance.map((p) => p.connector)).toEqual(['gateway', 'procurement', 'repo']);
    expect(a?.attributes).toEqual({ processorAgreement: true });
  });

  it('resolves conflicts by declared-beats-inferred, then newer-beats-older, keeping the losers', () => {
    const inv = createInventory();
    inv.add({
      type: 'asset',
      asset: { kind: 'model-endpoint', key: 'chat-prod', attributes: { exposure: 'public' } },
      provenance: prov('scanner', 'inferred', T2),
    });
    inv.add({
      type: 'asset',
      asset: { kind: 'model-endpoint', key: 'chat-prod', attributes: { exposure: 'internal' } },
      provenance: prov('cmdb', 'declared', T1),
    });
    inv.add({
      type: 'asset',
      asset: { kind: 'model-endpoint', key: 'chat-prod', attributes: { region: 'eu-west-1' } },
      provenance: prov('cloud', 'inferred', T1),
    });
    inv.add({
      type: 'asset',
      asset: { kind: 'model-endpoint', key: 'chat-prod', attributes: { region: 'eu-central-1' } },
      provenance: prov('cloud', 'inferred', T2),
    });
    const a = inv.get('model-endpoint:chat-prod');
    expect(a?.attributes).toEqual({ exposure: 'internal', region: 'eu-central-1' });
    expect(a?.conflicts.map((c) => [c.field, c.value, c.provenance.connector])).toEqual([
      ['/attributes/exposure', 'public', 'scanner'],
      ['/attributes/region', 'eu-west-1', 'cloud'],
    ]);
    // fieldSources names the provenance entry that supplied each winning value.
    const src = a?.provenance[a.fieldSources['/attributes/exposure'] as number];
    expect(src?.connector).toBe('cmdb');
    expect(a?.firstSeen).toBe(T1);
    expect(a?.lastSeen).toBe(T2);
  });

  it('keeps model versions as attributes of one model asset', () => {
    const inv = createInventory();
    inv.add({ type: 'asset', asset: { kind: 'model', key: 'gpt-4o-2024-08-06' }, provenance: prov('repo') });
    inv.add({ type: 'asset', asset: { kind: 'model', key: 'openai/gpt-4o' }, provenance: prov('gateway') });
    expect(inv.assets({ kind: 'model' }).map((a) => a.id)).toEqual(['model:openai/gpt-4o']);
    expect(inv.get('model:openai/gpt-4o')?.attributes).toMatchObject({ provider: 'openai', family: 'gpt-4o', version: '2024-08-06' });
  });

  it('implies MCP server attributes only from registry-qualified keys', () => {
    const inv = createInventory();
    inv.add({ type: 'asset', asset: { kind: 'mcp-server', key: 'npm/@modelcontextprotocol/server-github' }, provenance: prov('repo') });
    inv.add({ type: 'asset', asset: { kind: 'mcp-server', key: 'internal-tools' }, provenance: prov('repo') });
    expect(inv.get('mcp-server:npm/@modelcontextprotocol/server-github')?.attributes).toEqual({
      package: '@modelcontextprotocol/server-github',
      registry: 'npm',
    });
    expect(inv.get('mcp-server:internal-tools')?.attributes).toEqual({});
  });

  it('merges relationships whose endpoints are spelled differently', () => {
    const inv = createInventory();
    inv.add({
      type: 'relationship',
      relationship: { type: 'calls', from: { kind: 'application', key: 'git@github.com:Acme/Bot.git' }, to: { kind: 'provider', key: 'OpenAI' } },
      provenance: prov('repo'),
    });
    inv.add({
      type: 'relationship',
      relationship: { type: 'calls', from: 'application:git/github.com/acme/bot', to: 'provider:openai', dataClasses: ['pii'] },
      provenance: prov('gateway'),
    });
    const rels = inv.relationships();
    expect(rels.map((r) => r.id)).toEqual(['calls:application:git/github.com/acme/bot->provider:openai']);
    expect(rels[0]?.dataClasses).toEqual(['pii']);
    expect(rels[0]?.provenance).toHaveLength(2);
    expect(inv.danglingRelationships()).toHaveLength(1);
  });

  it('rejects invalid observations with issues and a JSON pointer, changing nothing', () => {
    const inv = createInventory();
    const r = inv.add({ type: 'asset', asset: { kind: 'robot', key: 'x' }, provenance: prov('x') } as unknown as Observation);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.path).toBe('/asset/kind');
    const r2 = inv.add({
      type: 'asset',
      asset: { kind: 'model', key: 'gpt-4o', attributes: { pinned: 'yes' } },
      provenance: prov('x'),
    } as unknown as Observation);
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.issues[0]?.path).toBe('/asset/attributes/pinned');
    const r3 = inv.add({ type: 'asset', asset: { kind: 'model' }, provenance: prov('x') });
    expect(r3.ok).toBe(false);
    if (!r3.ok) expect(r3.issues[0]).toMatchObject({ code: 'invalid-identity', path: '/asset/key' });
    expect(inv.size).toBe(0);
  });
});

function estate() {
  const inv = createInventory();
  const add = (o: Observation) => {
    const r = inv.add(o);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
  };
  const p = prov('test');
  add({ type: 'asset', asset: { kind: 'model-endpoint', key: 'support-api', attributes: { exposure: 'public', authentication: 'none' } }, provenance: p });
  add({ type: 'asset', asset: { kind: 'agent', key: 'support-agent', labels: { team: 'cx' } }, provenance: p });
  add({ type: 'asset', asset: { kind: 'mcp-server', key: 'npm/@acme/payments-mcp' }, provenance: p });
  add({ type: 'asset', asset: { kind: 'tool', key: 'refund', attributes: { capabilities: ['payment', 'write'] } }, provenance: p });
  add({ type: 'asset', asset: { kind: 'tool', key: 'lookup-order', attributes: { capabilities: ['read'] } }, provenance: p });
  add({ type: 'relationship', relationship: { type: 'calls', from: 'model-endpoint:support-api', to: 'agent:support-agent' }, provenance: p });
  add({ type: 'relationship', relationship: { type: 'connects-to', from: 'agent:support-agent', to: 'mcp-server:npm/@acme/payments-mcp' }, provenance: p });
  add({ type: 'relationship', relationship: { type: 'exposes-tool', from: 'mcp-server:npm/@acme/payments-mcp', to: 'tool:refund' }, provenance: p });
  add({ type: 'relationship', relationship: { type: 'exposes-tool', from: 'mcp-server:npm/@acme/payments-mcp', to: 'tool:lookup-order' }, provenance: p });
  return inv;
}

describe('queries', () => {
  it('finds assets by kind, label and attribute', () => {
    const inv = estate();
    expect(inv.assets({ kind: 'tool' }).map((a) => a.id)).toEqual(['tool:lookup-order', 'tool:refund']);
    expect(inv.assets({ labels: { team: 'cx' } }).map((a) => a.id)).toEqual(['agent:support-agent']);
    expect(inv.assets({ attributes: { exposure: 'public' } }).map((a) => a.id)).toEqual(['model-endpoint:support-api']);
    expect(inv.assets({ kind: ['agent', 'tool'], where: (a) => a.id.endsWith('refund') }).map((a) => a.id)).toEqual(['tool:refund']);
  });

  it('lists neighbours by type and direction', () => {
    const inv = estate();
    expect(inv.neighbours('mcp-server:npm/@acme/payments-mcp', { types: ['exposes-tool'] }).map((n) => n.asset?.id)).toEqual([
      'tool:lookup-order',
      'tool:refund',
    ]);
    expect(inv.neighbours('mcp-server:npm/@acme/payments-mcp', { direction: 'in' }).map((n) => n.asset?.id)).toEqual(['agent:support-agent']);
    expect(inv.neighbours('agent:support-agent', { direction: 'both' }).map((n) => [n.direction, n.asset?.id])).toEqual([
      ['in', 'model-endpoint:support-api'],
      ['out', 'mcp-server:npm/@acme/payments-mcp'],
    ]);
  });

  it('finds a toxic path with per-hop kinds, edge types and predicates', () => {
    const inv = estate();
    const paths = inv.paths({
      from: { kind: 'model-endpoint', attributes: { exposure: 'public' } },
      hops: [
        { types: ['calls'], kinds: ['agent'] },
        { types: ['connects-to'], kinds: ['mcp-server'] },
        { types: ['exposes-tool'], kinds: ['tool'], where: (a) => ((a.attributes as { capabilities?: string[] }).capabilities ?? []).includes('payment') },
      ],
    });
    expect(paths).toEqual([
      {
        assets: ['model-endpoint:support-api', 'agent:support-agent', 'mcp-server:npm/@acme/payments-mcp', 'tool:refund'],
        relationships: [
          'calls:model-endpoint:support-api->agent:support-agent',
          'connects-to:agent:support-agent->mcp-server:npm/@acme/payments-mcp',
          'exposes-tool:mcp-server:npm/@acme/payments-mcp->tool:refund',
        ],
      },
    ]);
    expect(inv.paths({ from: 'model-endpoint:support-api', hops: [{ types: ['calls'] }, { types: ['calls'] }] })).toEqual([]);
    expect(inv.paths({ from: 'agent:support-agent', hops: [{ types: ['connects-to'] }, { types: ['exposes-tool'] }], limit: 1 })).toHaveLength(1);
  });

  it('computes reachability within a hop limit', () => {
    const inv = estate();
    expect([...inv.reachable('model-endpoint:support-api', { maxHops: 2 })]).toEqual([
      ['agent:support-agent', 1],
      ['mcp-server:npm/@acme/payments-mcp', 2],
    ]);
    expect(inv.reachable('model-endpoint:support-api', { maxHops: 3, kinds: ['agent', 'mcp-server', 'tool'] }).get('tool:refund')).toBe(3);
  });
});

describe('snapshots and diffs', () => {
  it('round-trips through fromSnapshot byte for byte, and keeps merging the same way', () => {
    const inv = estate();
    inv.add({ type: 'asset', asset: { kind: 'tool', key: 'refund', attributes: { requiresApproval: false } }, provenance: prov('other', 'unresolved', T2) });
    const copy = fromSnapshot(inv.snapshot());
    expect(canonicalJson(copy.snapshot())).toBe(canonicalJson(inv.snapshot()));
    const more: Observation = {
      type: 'asset',
      asset: { kind: 'tool', key: 'refund', attributes: { requiresApproval: true } },
      provenance: prov('cmdb', 'declared', T1),
    };
    inv.add(more);
    copy.add(more);
    expect(canonicalJson(copy.snapshot())).toBe(canonicalJson(inv.snapshot()));
  });

  it('names each changed field with old and new values', () => {
    const before = estate().snapshot();
    const inv = estate();
    inv.add({
      type: 'asset',
      asset: { kind: 'model-endpoint', key: 'support-api', attributes: { authentication: 'oauth' } },
      provenance: prov('cmdb', 'declared'),
    });
    inv.add({ type: 'asset', asset: { kind: 'dataset', key: 'tickets' }, provenance: prov('dspm') });
    const d = diffSnapshots(before, inv.snapshot());
    expect(d.assets.added.map((a) => a.id)).toEqual(['dataset:tickets']);
    expect(d.assets.removed).toEqual([]);
    expect(d.assets.changed).toEqual([
      { id: 'model-endpoint:support-api', changes: [{ field: '/attributes/authentication', before: 'none', after: 'oauth' }] },
    ]);
    expect(isEmptyDiff(diffSnapshots(before, before))).toBe(true);
    const back = diffSnapshots(inv.snapshot(), before);
    expect(back.assets.removed.map((a) => a.id)).toEqual(['dataset:tickets']);
  });
});
