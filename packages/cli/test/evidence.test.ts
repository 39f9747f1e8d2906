import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, createPostureRecord, type InventorySnapshot, type PostureRecord } from '@aispm/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyEvidencePack, writeEvidencePack } from '../src/evidence/pack';
import { readZip, writeZip, type ZipEntry } from '../src/evidence/zip';
import { runCli } from '../src/main';
import { ACME_CONFIG, acmeRun, NOW, REPO_ROOT } from './fixtures/results/acme-run';

const FROM = new Date('2026-11-01T00:00:00Z');
const TO = new Date('2026-11-30T23:59:59Z');

async function recordedPack(): Promise<{ zip: Uint8Array; record: PostureRecord; manifestSha256: string }> {
  const { result, run } = await acmeRun();
  const record = createPostureRecord({ store: createMemoryStore() });
  // Two runs a week apart, then an exception on the unpinned Stripe MCP server.
  await record.recordRun({
    inventory: result.inventory as InventorySnapshot,
    results: run.results,
    findings: result.findings.filter((f) => f.state !== 'fixed').map((f) => ({ ...f, state: 'open' as const })),
    now: new Date('2026-11-14T06:00:00Z'),
  });
  await record.recordRun({
    inventory: result.inventory as InventorySnapshot,
    results: run.results,
    findings: result.findings.filter((f) => f.state !== 'fixed').map((f) => ({ ...f, state: 'open' as const })),
    now: new Date('2026-11-21T06:00:00Z'),
  });
  await record.grantException(
    {
      ruleId: 'aispm:mcp-server-unpinned',
      assetIds: ['mcp-server:npm/@stripe/mcp'],
      owner: 'team:support-platform',
      basis: 'restricted key',
      approver: 'ciso@acme.example',
      expiresAt: '2026-12-15T00:00:00Z',
    },
    { actor: 'ciso@acme.example', reason: 'accepted until the vendor tags a release', now: new Date('2026-11-21T07:00:00Z') },
  );
  const coverage = [
    {
      target: { kind: 'framework', id: 'owasp-llm-2025', title: 'OWASP LLM 2025' },
      summary: { satisfied: 1, gap: 1, 'not-assessed': 0, manual: 0, total: 2 },
      controls: [],
    },
  ];
  const { zip, manifestSha256 } = await writeEvidencePack({
    result,
    from: FROM,
    to: TO,
    record,
    coverage,
    versions: { rulePack: { id: 'aispm:baseline', version: '1.0.0' } },
    scoringModel: { id: 'aispm:default-risk@1.0.0' },
    generatedAt: NOW,
  });
  return { zip, record, manifestSha256 };
}

function entries(zip: Uint8Array): ZipEntry[] {
  const r = readZip(zip);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}
const text = (e: ZipEntry[] | undefined, path: string) => new TextDecoder().decode(e?.find((x) => x.path === path)?.data);

describe('evidence pack', () => {
  it('holds every part, listed in the manifest with its SHA-256, and verifies', async () => {
    const { zip, manifestSha256 } = await recordedPack();
    const files = entries(zip);
    expect(files.map((f) => f.path)).toEqual([
      'manifest.json',
      'README.md',
      'inventory/snapshot.json',
      'inventory/ml-bom.cdx.json',
      'findings/findings.json',
      'findings/findings.csv',
      'exceptions/register.json',
      'exceptions/register.csv',
      'activity-log/events.jsonl',
      'activity-log/verification.json',
      'coverage/framework-owasp-llm-2025.json',
      'coverage/coverage.csv',
      'versions.json',
      'scoring/model.json',
      'scoring/calibration.json',
    ]);
    const manifest = JSON.parse(text(files, 'manifest.json'));
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(files.slice(1).map((f) => f.path));
    expect(manifest.period).toEqual({ from: FROM.toISOString(), to: TO.toISOString() });
    expect(manifest.omissions).toEqual([]);
    const v = verifyEvidencePack(zip);
    expect(v).toMatchObject({ ok: true, altered: [], removed: [], added: [], manifestSha256 });
    expect(v.activityLog?.ok).toBe(true);
  });

  it('has findings with their lifecycle history, the register and the period log with its verification', async () => {
    const { zip, record } = await recordedPack();
    const files = entries(zip);
    const findings = JSON.parse(text(files, 'findings/findings.json')).findings as Array<{ id: string; state: string; history: Array<{ type: string }> }>;
    const accepted = findings.find((f) => f.state === 'accepted')!;
    expect(accepted.history.map((e) => e.type)).toContain('finding.opened');
    expect(accepted.history.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(text(files, 'exceptions/register.json')).exceptions).toHaveLength(1);
    expect(text(files, 'exceptions/register.csv').split('\r\n')[0]).toBe(
      'id,rule_id,asset_ids,owner,basis,approver,granted_at,expires_at,status,review_trigger',
    );
    const log = text(files, 'activity-log/events.jsonl').trim().split('\n');
    let all = 0;
    for await (const _ of record.exportJsonl()) all++;
    expect(log.length).toBe(all);
    const verification = JSON.parse(text(files, 'activity-log/verification.json'));
    expect(verification.fullChain.ok).toBe(true);
    expect(verification.periodEvents).toMatchObject({ ok: true, events: all, firstSeq: 1, lastSeq: all });
    expect(JSON.parse(text(files, 'inventory/ml-bom.cdx.json')).bomFormat).toBe('CycloneDX');
  });

  it('keeps only the events of the period', async () => {
    const { result } = await acmeRun();
    const record = createPostureRecord({ store: createMemoryStore() });
    await record.recordRun({ inventory: result.inventory as InventorySnapshot, now: new Date('2026-10-10T00:00:00Z') });
    await record.recordRun({
      inventory: { ...(result.inventory as InventorySnapshot), assets: (result.inventory as InventorySnapshot).assets.slice(1) },
      now: new Date('2026-11-10T00:00:00Z'),
    });
    const { zip } = await writeEvidencePack({ result, from: FROM, to: TO, record, generatedAt: NOW });
    const lines = text(entries(zip), 'activity-log/events.jsonl').trim().split('\n');
    expect(lines.every((l) => JSON.parse(l).at >= FROM.toISOString())).toBe(true);
    const seg = JSON.parse(text(entries(zip), 'activity-log/verification.json')).periodEvents;
    expect(seg.ok).toBe(true);
    expect(seg.firstSeq).toBeGreaterThan(1);
    expect(verifyEvidencePack(zip).ok).toBe(true);
  });

  it('names an altered file', async () => {
    const { zip } = await recordedPack();
    const files = entries(zip).map((e) =>
      e.path === 'exceptions/register.json' ? { ...e, data: new TextEncoder().encode(text([e], e.path).replace('ciso@acme.example', 'someone-else')) } : e,
    );
    const v = verifyEvidencePack(writeZip(files, NOW));
    expect(v).toMatchObject({ ok: false, altered: ['exceptions/register.json'], removed: [], added: [] });
  });

  it('names a removed file and an added file', async () => {
    const { zip } = await recordedPack();
    const files = entries(zip).filter((e) => e.path !== 'scoring/model.json');
    files.push({ path: 'findings/extra-note.txt', data: new TextEncoder().encode('nothing to see') });
    const v = verifyEvidencePack(writeZip(files, NOW));
    expect(v).toMatchObject({ ok: false, altered: [], removed: ['scoring/model.json'], added: ['findings/extra-note.txt'] });
  });

  it('names a file damaged inside the archive (bytes flipped)', async () => {
    const { zip } = await recordedPack();
    const damaged = Buffer.from(zip);
    const at = damaged.indexOf(Buffer.from('versions.json'));
    // Flip a byte of the first entry body after that local header name.
    const i = at + 'versions.json'.length + 3;
    damaged[i] = (damaged[i] ?? 0) ^ 0xff;
    const v = verifyEvidencePack(damaged);
    expect(v.ok).toBe(false);
    expect(v.altered).toEqual(['versions.json']);
  });

  it('finds an edited activity log even when the manifest was rewritten to match', async () => {
    const { zip } = await recordedPack();
    const files = entries(zip);
    const log = text(files, 'activity-log/events.jsonl').split('\n');
    log[1] = log[1]!.replace('"actor":"aispm"', '"actor":"mallory"');
    const newLog = new TextEncoder().encode(log.join('\n'));
    const { createHash } = await import('node:crypto');
    const manifest = JSON.parse(text(files, 'manifest.json'));
    for (const f of manifest.files)
      if (f.path === 'activity-log/events.jsonl') Object.assign(f, { sha256: createHash('sha256').update(newLog).digest('hex'), bytes: newLog.length });
    const forged = files.map((e) =>
      e.path === 'activity-log/events.jsonl'
        ? { ...e, data: newLog }
        : e.path === 'manifest.json'
          ? { ...e, data: new TextEncoder().encode(JSON.stringify(manifest)) }
          : e,
    );
    const v = verifyEvidencePack(writeZip(forged, NOW));
    expect(v.altered).toEqual([]);
    expect(v.ok).toBe(false);
    expect(v.activityLog).toMatchObject({ ok: false });
    expect(v.activityLog?.message).toMatch(/event 2: hash does not match/);
  });

  it('is byte-identical for the same inputs', async () => {
    const a = await recordedPack();
    const b = await recordedPack();
    expect(Buffer.from(a.zip).equals(Buffer.from(b.zip))).toBe(true);
  });

  it('zip round-trips any files (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z0-9/_.-]{1,20}$/), fc.uint8Array({ maxLength: 400 })), { selector: (t) => t[0], maxLength: 6 }),
        (items) => {
          const files = items.filter(([p]) => !p.endsWith('/')).map(([path, data]) => ({ path, data }));
          const back = readZip(writeZip(files));
          expect(back.ok).toBe(true);
          if (back.ok)
            expect(back.value.map((e) => [e.path, Buffer.from(e.data).toString('hex')])).toEqual(
              files.map((e) => [e.path, Buffer.from(e.data).toString('hex')]),
            );
        },
      ),
    );
  });

  it('aispm evidence writes a pack without a record, and evidence verify names a tampered file with exit code 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aispm-evidence-'));
    const err: string[] = [];
    let out = '';
    const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void err.push(t), cwd: dir, env: {} };
    const code = await runCli(
      ['evidence', '--config', ACME_CONFIG, '--no-record', '--from', '2026-11-01', '--to', '2026-11-30', '--out', 'pack.zip', '--now', NOW.toISOString()],
      io,
    );
    expect(code).toBe(0);
    expect(err[0]).toMatch(/^wrote pack\.zip: \d+ files, manifest sha256 [0-9a-f]{64}\n$/);
    expect(err.slice(1)).toEqual([
      '  left out findings lifecycle history: no posture record was read; findings are those of the run\n',
      '  left out activity-log: no posture record was read\n',
    ]);
    expect(await runCli(['evidence', 'verify', 'pack.zip'], io)).toBe(0);
    expect(out).toMatch(/pack\.zip: OK, every file matches the manifest/);
    const files = entries(await readFile(join(dir, 'pack.zip'))).map((e) => (e.path === 'versions.json' ? { ...e, data: new TextEncoder().encode('{}') } : e));
    await writeFile(join(dir, 'tampered.zip'), writeZip(files, NOW));
    out = '';
    expect(await runCli(['evidence', 'verify', 'tampered.zip'], io)).toBe(1);
    expect(out).toContain('tampered.zip: DOES NOT MATCH its manifest');
    expect(out).toContain('  altered: versions.json');
    expect(REPO_ROOT.length).toBeGreaterThan(0);
  });

  it('rejects a bad period with a usage error', async () => {
    const err: string[] = [];
    const io = { stdout: () => {}, stderr: (t: string) => void err.push(t), cwd: REPO_ROOT, env: {} };
    expect(await runCli(['evidence', '--config', ACME_CONFIG, '--from', '2026-12-01', '--to', '2026-11-01'], io)).toBe(2);
    expect(err.join('')).toContain('--from is after --to');
  });
});

describe('aispm evidence with a posture record', () => {
  it('packs the recorded lifecycle and the period log, and verify re-checks the chain', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aispm-evidence-record-'));
    const db = join(dir, 'posture.db');
    let out = '';
    const err: string[] = [];
    const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void err.push(t), cwd: dir, env: {} };
    for (const now of ['2026-11-14T06:00:00Z', '2026-11-21T06:00:00Z']) {
      expect(await runCli(['scan', '--config', ACME_CONFIG, '--record', db, '--format', 'json', '--quiet', '--now', now], io)).toBe(0);
    }
    out = '';
    expect(
      await runCli(
        ['evidence', '--config', ACME_CONFIG, '--record', db, '--from', '2026-11-01', '--to', '2026-11-30', '--out', 'pack.zip', '--now', NOW.toISOString()],
        io,
      ),
    ).toBe(0);
    expect(err.filter((l) => l.startsWith('  left out'))).toEqual([]);
    const files = entries(await readFile(join(dir, 'pack.zip')));
    const findings = JSON.parse(text(files, 'findings/findings.json')).findings as Array<{ state: string; history: Array<{ type: string }> }>;
    expect(findings.filter((f) => f.state === 'accepted')).toHaveLength(1);
    expect(findings.every((f) => f.history.length > 0)).toBe(true);
    const register = JSON.parse(text(files, 'exceptions/register.json')).exceptions as Array<{ ruleId: string }>;
    expect(register.map((x) => x.ruleId)).toEqual(['aispm:mcp-server-unpinned']);
    const verification = JSON.parse(text(files, 'activity-log/verification.json'));
    expect(verification.fullChain.ok).toBe(true);
    expect(verification.periodEvents.ok).toBe(true);
    expect(verification.periodEvents.events).toBeGreaterThan(0);
    expect(await runCli(['evidence', 'verify', 'pack.zip'], io)).toBe(0);
    expect(out).toMatch(/activity log: chain OK \(events 1–\d+ link and hash correctly\)/);
  });
});
