import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBatch, createPostureRecord, createSqliteStore, GENESIS_HASH, hashEvent, RECORD_SCHEMA_VERSION, type RecordEvent } from '@aispm/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runStoreConformance } from './helpers/conformance';
import { asset, day, result, snapshot } from './helpers/fixtures';
import { runWriter } from './helpers/spawn';

const dir = mkdtempSync(join(tmpdir(), 'aispm-record-sqlite-'));
let n = 0;
const freshPath = () => join(dir, `case-${++n}`, '.aispm', 'posture.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStoreConformance('sqlite', async () => ({ store: createSqliteStore({ path: freshPath() }), cleanup: async () => {} }));

async function seeded(count = 10): Promise<string> {
  const path = freshPath();
  const store = createSqliteStore({ path });
  await store.append(
    Array.from({ length: count }, (_, i) => ({ type: 'note.added' as const, actor: 'seed', data: { text: `note ${i + 1}` } })),
    { now: day(1) },
  );
  await store.close();
  return path;
}

async function verifyFile(path: string) {
  const store = createSqliteStore({ path });
  try {
    return await createPostureRecord({ store }).verify();
  } finally {
    await store.close();
  }
}

type Row = {
  seq: number;
  at: string;
  type: string;
  actor: string;
  reason: string | null;
  run_id: string | null;
  subject: string | null;
  data: string;
  prev_hash: string;
  hash: string;
};

describe('SQLite tamper evidence', () => {
  it('uses WAL and keeps the file where it was asked to', async () => {
    const path = await seeded(1);
    const db = new Database(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('names the edited event', async () => {
    const path = await seeded();
    const db = new Database(path);
    db.prepare('UPDATE events SET data = ? WHERE seq = 4').run(JSON.stringify({ text: 'forged' }));
    db.close();
    expect(await verifyFile(path)).toMatchObject({ ok: false, firstBrokenSeq: 4, reason: 'hash-mismatch' });
  });

  it('names the deleted event', async () => {
    const path = await seeded();
    const db = new Database(path);
    db.prepare('DELETE FROM events WHERE seq = 6').run();
    db.close();
    expect(await verifyFile(path)).toMatchObject({ ok: false, firstBrokenSeq: 6, reason: 'sequence-gap' });
  });

  it('names the inserted event, and the event after a well-forged insertion', async () => {
    const path = await seeded();
    const db = new Database(path);
    db.exec('UPDATE events SET seq = seq + 1000 WHERE seq >= 5; UPDATE events SET seq = seq - 999 WHERE seq > 1000;');
    const prev = db.prepare('SELECT hash FROM events WHERE seq = 4').get() as { hash: string };
    const forged = { seq: 5, at: day(1).toISOString(), type: 'note.added' as const, actor: 'mallory', data: { text: 'forged' } };
    db.prepare('INSERT INTO events (seq, at, type, actor, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      5,
      forged.at,
      forged.type,
      forged.actor,
      JSON.stringify(forged.data),
      prev.hash,
      'f'.repeat(64),
    );
    db.close();
    expect(await verifyFile(path)).toMatchObject({ ok: false, firstBrokenSeq: 5, reason: 'hash-mismatch' });
    // An attacker who recomputes the inserted event's hash still breaks the link to the next one.
    const db2 = new Database(path);
    db2.prepare('UPDATE events SET hash = ? WHERE seq = 5').run(hashEvent(prev.hash, forged));
    db2.close();
    expect(await verifyFile(path)).toMatchObject({ ok: false, firstBrokenSeq: 6, reason: 'prev-hash-mismatch' });
  });

  it('names the first of two reordered events', async () => {
    const path = await seeded();
    const db = new Database(path);
    const rows = db.prepare('SELECT * FROM events WHERE seq IN (7, 8) ORDER BY seq').all() as Row[];
    const [a, b] = rows as [Row, Row];
    const put = db.prepare('UPDATE events SET at = ?, type = ?, actor = ?, data = ?, prev_hash = ?, hash = ? WHERE seq = ?');
    db.transaction(() => {
      put.run(b.at, b.type, b.actor, b.data, b.prev_hash, b.hash, 7);
      put.run(a.at, a.type, a.actor, a.data, a.prev_hash, a.hash, 8);
    })();
    db.close();
    expect(await verifyFile(path)).toMatchObject({ ok: false, firstBrokenSeq: 7, reason: 'prev-hash-mismatch' });
  });

  it('detects a truncated tail only against a head kept elsewhere', async () => {
    const path = await seeded();
    const store = createSqliteStore({ path });
    const head = await store.head();
    await store.close();
    const db = new Database(path);
    db.prepare('DELETE FROM events WHERE seq >= 9').run();
    db.close();
    expect(await verifyFile(path)).toMatchObject({ ok: true, count: 8 });
    const s2 = createSqliteStore({ path });
    expect(await createPostureRecord({ store: s2 }).verify({ expectedHead: head })).toMatchObject({ ok: false, firstBrokenSeq: 9, reason: 'head-mismatch' });
    await s2.close();
  });
});

describe('SQLite migrations', () => {
  it('migrates a version-1 record (log only) and materialises its state from the log', async () => {
    const path = freshPath();
    const v1 = createSqliteStore({ path, schemaVersion: 1 } as never);
    expect(await v1.schemaVersion()).toBe(1);
    await v1.close();
    // Write a run into the old layout directly, as the old version would have.
    const { events } = buildBatch(
      { seq: 0, hash: GENESIS_HASH },
      [
        { type: 'run.started', actor: 'old', runId: 'r1', data: { runId: 'r1', versions: {} } },
        { type: 'asset.added', actor: 'old', runId: 'r1', data: { asset: asset('model:a') } },
        { type: 'run.finished', actor: 'old', runId: 'r1', data: { runId: 'r1', summary: {} } },
      ],
      new Map(),
      day(1),
    );
    const db = new Database(path);
    const ins = db.prepare('INSERT INTO events (seq, at, type, actor, reason, run_id, subject, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const e of events as RecordEvent[])
      ins.run(e.seq, e.at, e.type, e.actor, e.reason ?? null, e.runId ?? null, e.subject ?? null, JSON.stringify(e.data), e.prevHash, e.hash);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'entities'").get()).toEqual({ n: 0 });
    db.close();

    const store = createSqliteStore({ path });
    expect(await store.schemaVersion()).toBe(RECORD_SCHEMA_VERSION);
    expect((await store.get('asset', 'model:a'))?.id).toBe('model:a');
    expect((await store.get('run', 'r1'))?.finishedAt).toBe(day(1).toISOString());
    const record = createPostureRecord({ store });
    expect(await record.verify()).toMatchObject({ ok: true, count: 3 });
    await record.recordRun({ inventory: snapshot([asset('model:a')]), results: [result('r1', ['model:a'])], now: day(2), runId: 'r2' });
    expect((await record.findings()).length).toBe(1);
    expect((await record.findings({ states: ['open'] })).length).toBe(1);
    await store.close();
    // Version 3 keeps the entity table to its primary key.
    const after = new Database(path);
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entities' AND sql IS NOT NULL").all()).toEqual([]);
    after.close();
  });

  it('refuses a record written by a newer version', async () => {
    const path = await seeded(1);
    const db = new Database(path);
    db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    db.close();
    const store = createSqliteStore({ path });
    await expect(store.head()).rejects.toMatchObject({ code: 'config' });
    await store.close();
  });
});

describe('SQLite concurrency', () => {
  it('two writer processes appending to one file lose no event and leave a valid chain', async () => {
    const path = freshPath();
    const init = createSqliteStore({ path });
    await init.head();
    await init.close();
    const [a, b] = await Promise.all([runWriter(path, 'alpha', 40, 25), runWriter(path, 'beta', 40, 25)]);
    expect(a).toEqual({ code: 0, stderr: '' });
    expect(b).toEqual({ code: 0, stderr: '' });
    const store = createSqliteStore({ path });
    const texts = new Set<string>();
    for await (const e of store.events()) texts.add(e.data.text as string);
    expect(texts.size).toBe(2 * (40 * 25 + 8));
    for (const w of ['alpha', 'beta']) for (let bt = 0; bt < 40; bt++) for (let i = 0; i < 25; i++) expect(texts.has(`${w}-${bt}-${i}`)).toBe(true);
    expect(await createPostureRecord({ store }).verify()).toMatchObject({ ok: true, count: 2 * (40 * 25 + 8) });
    await store.close();
  }, 60_000);
});
