import { createPostgresStore, createPostureRecord, hashEvent, type PostureStore, RECORD_SCHEMA_VERSION } from '@aispm/core';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runStoreConformance } from './helpers/conformance';
import { day } from './helpers/fixtures';
import { runWriter } from './helpers/spawn';

// In CI the PostgreSQL suite must run: a missing server fails it instead of skipping it.
const url = process.env.AISPM_TEST_PG_URL;
const inCi = process.env.CI === 'true';

if (!url && inCi) {
  it('PostgreSQL is configured for CI (AISPM_TEST_PG_URL)', () => {
    throw new Error('AISPM_TEST_PG_URL is not set: .ci/run must start PostgreSQL (.ci/system-deps.sh) before the tests');
  });
}

let n = 0;
const schemas: string[] = [];
const freshSchema = () => {
  const s = `aispm_t_${process.pid}_${Date.now().toString(36)}_${++n}`;
  schemas.push(s);
  return s;
};
const admin = url ? new pg.Pool({ connectionString: url, max: 2 }) : undefined;
const sql = async (text: string, params: unknown[] = []) => (await (admin as pg.Pool).query(text, params)).rows;
const drop = (schema: string) => sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);

afterAll(async () => {
  if (!admin) return;
  for (const s of schemas) await drop(s);
  await admin.end();
});

describe.skipIf(!url)('PostgreSQL', () => {
  it('is reachable', async () => {
    expect(await sql('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  runStoreConformance('postgres', async () => {
    const schema = freshSchema();
    return { store: createPostgresStore({ url: url as string, schema }), cleanup: () => drop(schema).then(() => undefined) };
  });

  async function seeded(count = 10): Promise<{ schema: string; store: PostureStore }> {
    const schema = freshSchema();
    const store = createPostgresStore({ url: url as string, schema });
    await store.append(
      Array.from({ length: count }, (_, i) => ({ type: 'note.added' as const, actor: 'seed', data: { text: `note ${i + 1}` } })),
      { now: day(1) },
    );
    return { schema, store };
  }
  const verify = (store: PostureStore) => createPostureRecord({ store }).verify();

  describe('tamper evidence', () => {
    it('names the edited event', async () => {
      const { schema, store } = await seeded();
      await sql(`UPDATE "${schema}".events SET data = $1 WHERE seq = 4`, [JSON.stringify({ text: 'forged' })]);
      expect(await verify(store)).toMatchObject({ ok: false, firstBrokenSeq: 4, reason: 'hash-mismatch' });
      await store.close();
    });

    it('names the deleted event', async () => {
      const { schema, store } = await seeded();
      await sql(`DELETE FROM "${schema}".events WHERE seq = 6`);
      expect(await verify(store)).toMatchObject({ ok: false, firstBrokenSeq: 6, reason: 'sequence-gap' });
      await store.close();
    });

    it('names the inserted event, and the event after a well-forged insertion', async () => {
      const { schema, store } = await seeded();
      await sql(`UPDATE "${schema}".events SET seq = seq + 1000 WHERE seq >= 5`);
      await sql(`UPDATE "${schema}".events SET seq = seq - 999 WHERE seq > 1000`);
      const [prev] = (await sql(`SELECT hash FROM "${schema}".events WHERE seq = 4`)) as [{ hash: string }];
      const forged = { seq: 5, at: day(1).toISOString(), type: 'note.added' as const, actor: 'mallory', data: { text: 'forged' } };
      await sql(`INSERT INTO "${schema}".events (seq, at, type, actor, data, prev_hash, hash) VALUES (5, $1, $2, $3, $4, $5, $6)`, [
        forged.at,
        forged.type,
        forged.actor,
        JSON.stringify(forged.data),
        prev.hash,
        'f'.repeat(64),
      ]);
      expect(await verify(store)).toMatchObject({ ok: false, firstBrokenSeq: 5, reason: 'hash-mismatch' });
      await sql(`UPDATE "${schema}".events SET hash = $1 WHERE seq = 5`, [hashEvent(prev.hash, forged)]);
      expect(await verify(store)).toMatchObject({ ok: false, firstBrokenSeq: 6, reason: 'prev-hash-mismatch' });
      await store.close();
    });

    it('names the first of two reordered events', async () => {
      const { schema, store } = await seeded();
      await sql(`UPDATE "${schema}".events SET seq = -7 WHERE seq = 7`);
      await sql(`UPDATE "${schema}".events SET seq = 7 WHERE seq = 8`);
      await sql(`UPDATE "${schema}".events SET seq = 8 WHERE seq = -7`);
      expect(await verify(store)).toMatchObject({ ok: false, firstBrokenSeq: 7, reason: 'prev-hash-mismatch' });
      await store.close();
    });

    it('refuses to chain onto a head whose hash is not hex SHA-256, appending nothing', async () => {
      const { schema, store } = await seeded();
      // A comma would shift every hash of the batch by one row in the joined hash column.
      await sql(`UPDATE "${schema}".events SET hash = $1 WHERE seq = 10`, [`${'a'.repeat(30)},${'b'.repeat(33)}`]);
      await expect(store.append([{ type: 'note.added', actor: 't', data: { text: 'x' } }])).rejects.toMatchObject({ code: 'validation' });
      expect((await sql(`SELECT count(*)::int AS n FROM "${schema}".events`))[0]).toEqual({ n: 10 });
      await store.close();
    });
  });

  describe('migrations', () => {
    it('migrates a version-1 record and materialises its state from the log', async () => {
      const schema = freshSchema();
      const v1 = createPostgresStore({ url: url as string, schema, schemaVersion: 1 });
      expect(await v1.schemaVersion()).toBe(1);
      await v1.close();
      // Copy a run written by the current version into the old layout, as an old version would have.
      const donor = freshSchema();
      const d = createPostgresStore({ url: url as string, schema: donor });
      await d.append([
        { type: 'run.started', actor: 'old', runId: 'r1', data: { runId: 'r1', versions: {} } },
        { type: 'run.finished', actor: 'old', runId: 'r1', data: { runId: 'r1', summary: { opened: 0 } } },
      ]);
      await d.close();
      await sql(`INSERT INTO "${schema}".events SELECT * FROM "${donor}".events`);
      expect(await sql(`SELECT to_regclass('"${schema}".entities') AS t`)).toEqual([{ t: null }]);
      const store = createPostgresStore({ url: url as string, schema });
      expect(await store.schemaVersion()).toBe(RECORD_SCHEMA_VERSION);
      expect((await store.get('run', 'r1'))?.summary).toEqual({ opened: 0 });
      expect(await verify(store)).toMatchObject({ ok: true, count: 2 });
      await store.close();
      // Version 3 keeps the entity table to its primary key.
      expect(await sql(`SELECT indexname FROM pg_indexes WHERE schemaname = '${schema}' AND tablename = 'entities'`)).toEqual([{ indexname: 'entities_pkey' }]);
      expect(await sql(`SELECT reloptions FROM pg_class WHERE oid = to_regclass('"${schema}".entities')`)).toEqual([{ reloptions: ['fillfactor=70'] }]);
    });
  });

  describe('concurrency', () => {
    it('two writer processes appending to one database lose no event and leave a valid chain', async () => {
      const schema = freshSchema();
      const init = createPostgresStore({ url: url as string, schema });
      await init.head();
      const u = new URL(url as string);
      u.searchParams.set('schema', schema);
      const [a, b] = await Promise.all([runWriter(u.toString(), 'alpha', 30, 25), runWriter(u.toString(), 'beta', 30, 25)]);
      expect(a).toEqual({ code: 0, stderr: '' });
      expect(b).toEqual({ code: 0, stderr: '' });
      const texts = new Set<string>();
      for await (const e of init.events()) texts.add(e.data.text as string);
      expect(texts.size).toBe(2 * (30 * 25 + 6));
      expect(await verify(init)).toMatchObject({ ok: true, count: 2 * (30 * 25 + 6) });
      await init.close();
    }, 60_000);

    it('two writer processes appending batches larger than one statement chunk interleave whole batches', async () => {
      const schema = freshSchema();
      const init = createPostgresStore({ url: url as string, schema });
      await init.head();
      const u = new URL(url as string);
      u.searchParams.set('schema', schema);
      const [a, b] = await Promise.all([runWriter(u.toString(), 'alpha', 3, 6000), runWriter(u.toString(), 'beta', 3, 6000)]);
      expect(a).toEqual({ code: 0, stderr: '' });
      expect(b).toEqual({ code: 0, stderr: '' });
      // Each batch of 6,000 notes went in three statements; no other writer's rows come between them.
      const runs: Array<{ writer: string; length: number }> = [];
      for await (const e of init.events()) {
        const writer = (e.data.text as string).split(/[- ]/)[0] as string;
        const last = runs[runs.length - 1];
        if (last?.writer === writer) last.length++;
        else runs.push({ writer, length: 1 });
      }
      expect(runs.reduce((n, r) => n + r.length, 0)).toBe(2 * (3 * 6000 + 1));
      for (const r of runs) expect([1, 6000, 6001, 12_000, 12_001, 18_000, 18_001]).toContain(r.length);
      expect(await verify(init)).toMatchObject({ ok: true, count: 2 * (3 * 6000 + 1) });
      await init.close();
    }, 60_000);
  });

  it('reports an unreachable server as an io error without the password', async () => {
    const store = createPostgresStore({ url: 'postgres://user:s3cret@127.0.0.1:1/none', schema: 'x' });
    const err = await store.head().catch((e) => e);
    expect(err).toMatchObject({ code: 'io' });
    expect(String(err.message)).not.toContain('s3cret');
    expect(store.location).not.toContain('s3cret');
    await store.close();
  });
});
