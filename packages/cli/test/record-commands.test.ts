import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIO, EXIT_CODES, runCli } from '@aispm/cli';
import { type Asset, createPostureRecord, createSqliteStore, findingFingerprint, type RuleResult } from '@aispm/core';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';

const at = (d: number) => new Date(Date.parse('2026-11-01T00:00:00.000Z') + d * 86_400_000);
const fid = (rule: string, assets: string[]) => `fnd_${findingFingerprint(rule, assets).slice(0, 24)}`;
const A = fid('aispm:no-auth', ['model-endpoint:acme/chat']);
const B = fid('aispm:pii-to-vendor', ['application:acme/bot']);

function asset(id: string, attributes: Record<string, unknown> = {}): Asset {
  return {
    id,
    kind: id.slice(0, id.indexOf(':')),
    name: id,
    labels: {},
    dataClasses: [],
    provenance: [{ connector: 'test', locator: {}, observedAt: '2026-11-01T00:00:00.000Z', basis: 'declared' }],
    fieldSources: {},
    conflicts: [],
    firstSeen: '2026-11-01T00:00:00.000Z',
    lastSeen: '2026-11-01T00:00:00.000Z',
    attributes,
  } as Asset;
}
const fail = (ruleId: string, assetId: string, severity: RuleResult['severity']): RuleResult => ({
  ruleId,
  ruleVersion: '1.0.0',
  status: 'fail',
  assetIds: [assetId],
  severity,
  message: `${ruleId} failed`,
  evidence: [],
  controls: [],
});

function cli(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, env: { AISPM_ACTOR: 'tester' }, isTTY: false };
  const run = async (...argv: string[]) => {
    out.length = 0;
    err.length = 0;
    const code = await runCli(argv, io);
    return { code, out: out.join(''), err: err.join('') };
  };
  return run;
}

let dir: string;
let path: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aispm-record-cli-'));
  path = join(dir, '.aispm', 'posture.db');
  const store = createSqliteStore({ path });
  const record = createPostureRecord({ store });
  const inv = (version: string) => ({
    schemaVersion: 1 as const,
    assets: [asset('application:acme/bot'), asset('model-endpoint:acme/chat', { version })],
    relationships: [],
  });
  await record.recordRun({
    inventory: inv('1'),
    results: [fail('aispm:no-auth', 'model-endpoint:acme/chat', 'critical'), fail('aispm:pii-to-vendor', 'application:acme/bot', 'medium')],
    now: at(1),
    runId: 'run-1',
  });
  await record.recordRun({ inventory: inv('2'), results: [fail('aispm:no-auth', 'model-endpoint:acme/chat', 'critical')], now: at(2), runId: 'run-2' });
  await store.close();
});

describe('aispm findings', () => {
  it('lists, filters and prints JSON', async () => {
    const run = cli(dir);
    const all = await run('findings');
    expect(all.code).toBe(EXIT_CODES.ok);
    expect(all.out.split('\n')[0]).toMatch(/^ID\s+STATE\s+SEVERITY\s+RULE\s+ASSETS\s+FIRST SEEN\s+LAST SEEN$/);
    expect(all.out).toContain(A);
    expect(all.out).toContain(B);
    const open = await run('findings', '--state', 'open', '--json');
    expect(JSON.parse(open.out).map((f: { id: string; state: string }) => [f.id, f.state])).toEqual([[A, 'open']]);
    expect(JSON.parse((await run('findings', '--severity', 'medium', '--json')).out).map((f: { id: string }) => f.id)).toEqual([B]);
    expect(JSON.parse((await run('findings', '--rule', 'aispm:no-auth', '--json')).out).map((f: { id: string }) => f.id)).toEqual([A]);
    expect(JSON.parse((await run('findings', '--asset', 'application:acme/bot', '--json')).out).map((f: { id: string }) => f.id)).toEqual([B]);
    expect((await run('findings', '--asset', 'application:acme', '--json')).out).toBe('[]\n');
    expect(await run('findings', '--state', 'bogus')).toMatchObject({ code: EXIT_CODES.usage, err: expect.stringContaining('--state takes') });
  });

  it('moves a finding through its lifecycle and refuses illegal moves', async () => {
    const run = cli(dir);
    expect(await run('findings', 'transition', A, 'in-remediation', '--reason', 'ticket SEC-12')).toMatchObject({ code: 0, out: `${A}: in-remediation\n` });
    const bad = await run('findings', 'transition', A, 'closed', '--reason', 'done');
    expect(bad.code).toBe(EXIT_CODES.usage);
    expect(bad.err).toContain('cannot move from in-remediation to closed');
    expect((await run('findings', 'transition', A, 'deferred', '--reason', 'later')).err).toContain('re-evaluation date or trigger');
    expect((await run('findings', 'transition', A, 'deferred', '--reason', 'later', '--trigger', 'vendor patch')).code).toBe(0);
    expect((await run('findings', 'transition', A, 'fixed')).err).toContain('--reason');
    const hist = await run('history', '--finding', A);
    expect(hist.out).toContain('finding.state-changed');
    expect(hist.out).toContain('by tester: ticket SEC-12');
  });

  it('refuses a record that does not exist instead of creating an empty one', async () => {
    const r = await cli(dir)('findings', '--record', 'nope/posture.db');
    expect(r.code).toBe(EXIT_CODES.usage);
    expect(r.err).toContain('no posture record at');
  });
});

describe('aispm exceptions', () => {
  it('grants, lists, renews and revokes with exact scope', async () => {
    const run = cli(dir);
    const g = await run(
      'exceptions',
      'grant',
      '--rule',
      'aispm:no-auth',
      '--asset',
      'model-endpoint:acme/chat',
      '--owner',
      'platform',
      '--basis',
      'internal network only',
      '--approver',
      'ciso',
      '--expires',
      '2099-01-01',
      '--reason',
      'risk review',
      '--id',
      'exc-1',
      '--review-trigger',
      'exposed publicly',
    );
    expect(g).toMatchObject({ code: 0, out: expect.stringContaining('granted exc-1: active, rule aispm:no-auth on model-endpoint:acme/chat') });
    expect(JSON.parse((await run('findings', '--state', 'accepted', '--json')).out).map((f: { id: string }) => f.id)).toEqual([A]);
    const list = await run('exceptions', 'list');
    expect(list.out).toMatch(/exc-1\s+active\s+aispm:no-auth/);
    expect((await run('exceptions', 'list', '--expiring-within', '30')).out).toBe('No exceptions match.\n');
    expect((await run('exceptions', 'renew', 'exc-1', '--expires', '2099-06-01', '--reason', 'reviewed')).out).toContain('expires 2099-06-01');
    expect((await run('exceptions', 'revoke', 'exc-1', '--reason', 'made public')).out).toContain('revoked exc-1: revoked');
    expect(JSON.parse((await run('findings', '--state', 'open', '--json')).out).map((f: { id: string }) => f.id)).toEqual([A]);
    expect((await run('exceptions', 'revoke', 'exc-1', '--reason', 'again')).code).toBe(EXIT_CODES.usage);
    expect((await run('exceptions', 'grant', '--rule', 'r')).err).toContain('--owner is required');
    expect((await run('exceptions', 'expire')).out).toBe('No exception has expired.\n');
    const hist = await run('history', '--exception', 'exc-1', '--json');
    expect(JSON.parse(hist.out).map((e: { type: string }) => e.type)).toEqual(['exception.granted', 'exception.renewed', 'exception.revoked']);
  });
});

describe('aispm history, diff and log', () => {
  it('shows what changed since a date, grouped by run, and one asset history', async () => {
    const run = cli(dir);
    const h = await run('history', '--since', '2026-11-03T12:00:00Z');
    expect(h.out).toBe('No changes since 2026-11-03T12:00:00.000Z.\n');
    const all = await run('history', '--since', '2026-11-02T12:00:00Z');
    expect(all.out.split('\n')[0]).toBe('Run run-2');
    expect(all.out).toContain('asset.changed model-endpoint:acme/chat (/attributes/version)');
    expect(all.out).toContain(`finding.state-changed ${B} open → fixed by aispm: no longer failing in run run-2`);
    const asset = await run('history', '--asset', 'application:acme/bot', '--json');
    expect(JSON.parse(asset.out).map((e: { type: string }) => e.type)).toEqual(['asset.added', 'finding.opened', 'finding.state-changed']);
    expect((await run('history', '--asset', 'a', '--finding', 'b')).code).toBe(EXIT_CODES.usage);
  });

  it('diffs two runs', async () => {
    const d = await cli(dir)('diff', 'run-1', 'run-2');
    expect(d.code).toBe(0);
    expect(d.out).toBe(
      [
        'Changes from run-1 to run-2',
        '  ~ asset model-endpoint:acme/chat /attributes/version: "1" → "2"',
        `  - finding ${B} aispm:pii-to-vendor (fixed)`,
        `  ~ finding ${B} open → fixed`,
        '',
      ].join('\n'),
    );
    expect((await cli(dir)('diff', 'run-1', 'run-9')).code).toBe(EXIT_CODES.usage);
  });

  it('verifies the chain, exports it, verifies the export standalone and names a tampered event', async () => {
    const run = cli(dir);
    const ok = await run('log', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/chain intact, 11 events, head #11 [0-9a-f]{64}\n$/);
    expect((await run('log', 'export', '--out', 'log.jsonl')).code).toBe(0);
    const text = readFileSync(join(dir, 'log.jsonl'), 'utf8');
    expect(text.trim().split('\n').length).toBe(11);
    expect((await run('log', 'verify', '--file', 'log.jsonl')).out).toContain('log.jsonl: chain intact, 11 events');
    const lines = text.split('\n');
    lines[2] = (lines[2] as string).replace('"actor":"aispm"', '"actor":"mallory"');
    writeFileSync(join(dir, 'bad.jsonl'), lines.join('\n'));
    const badFile = await run('log', 'verify', '--file', 'bad.jsonl', '--json');
    expect(badFile.code).toBe(EXIT_CODES.findings);
    expect(JSON.parse(badFile.out)).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: 'hash-mismatch', line: 3 });

    const db = new Database(path);
    db.prepare("UPDATE events SET reason = 'nothing to see' WHERE seq = 9").run();
    db.close();
    const broken = await run('log', 'verify');
    expect(broken.code).toBe(EXIT_CODES.findings);
    expect(broken.out).toContain('chain BROKEN at event #9 (hash-mismatch)');
  });
});
