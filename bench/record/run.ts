// Posture record benchmark: append N events in batches through the record (validation, SHA-256
// chain, materialised state in the same transaction) against plain inserts of the same rows into
// the same database without hashing; then fold the whole log to current state.
//
//   npx tsx --tsconfig tsconfig.scripts.json bench/record/run.ts
//
// Env: BENCH_EVENTS (default 1000000), BENCH_BATCH (default 10000), BENCH_MIX (log | mixed, default
// both), BENCH_BACKENDS (sqlite,postgres), AISPM_BENCH_PG_URL (default: AISPM_TEST_PG_URL with the
// database aispm_bench).
//
// The CPU ratio is the same comparison in CPU time: of this process on SQLite; on PostgreSQL, of
// this process plus every process of a server on this machine (Linux), so it also counts whatever
// else that server did meanwhile (autovacuum, other clients).
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresStore, createSqliteStore, type EventInput, eventSubject, foldEvents, type PostureStore, type RecordEvent } from '@aispm/core';
import Database from 'better-sqlite3';
import pg from 'pg';

const N = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 10_000);
const MIXES = (process.env.BENCH_MIX ?? 'log,mixed').split(',') as Array<'log' | 'mixed'>;
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',');
const AT = '2026-11-01T00:00:00.000Z';
/**
 * Event rows per statement on PostgreSQL: the PostgreSQL store inserts a batch larger than this
 * in chunks of this size (its `EVENTS_PER_CHUNK`), and the plain insert uses the same chunks.
 */
const PG_CHUNK = 2500;
/** The PostgreSQL store's event-row statement (its `EVENT_ROWS`), used for the plain rows too. */
const PG_EVENT_ROWS =
  "SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], string_to_array($9::text, ','), string_to_array($10::text, ','))";

function benchPgUrl(): string | undefined {
  if (process.env.AISPM_BENCH_PG_URL) return process.env.AISPM_BENCH_PG_URL;
  if (!process.env.AISPM_TEST_PG_URL) return undefined;
  const u = new URL(process.env.AISPM_TEST_PG_URL);
  u.pathname = '/aispm_bench';
  return u.toString();
}

/** Deterministic event inputs. `log`: notes only; `mixed`: assets, findings and transitions too. */
function makeBatch(start: number, size: number, mix: 'log' | 'mixed'): EventInput[] {
  const out: EventInput[] = [];
  for (let i = start; i < start + size; i++) {
    const k = mix === 'log' ? 3 : i % 4;
    if (k === 0) {
      const id = `model:bench/m${i % 20_000}`;
      out.push({
        type: 'asset.added',
        actor: 'bench',
        data: {
          asset: {
            id,
            kind: 'model',
            name: `m${i % 20_000}`,
            labels: { team: 'ml' },
            dataClasses: [],
            attributes: { version: String(i) },
            provenance: [{ connector: 'bench', observedAt: AT }],
          },
        },
      });
    } else if (k === 1) {
      const id = `fnd_${i.toString(16).padStart(24, '0')}`;
      out.push({
        type: 'finding.opened',
        actor: 'bench',
        data: {
          finding: {
            id,
            fingerprint: id.slice(4).padEnd(64, '0'),
            ruleId: 'aispm:bench',
            ruleVersion: '1.0.0',
            assetIds: [`model:bench/m${i % 20_000}`],
            title: 'bench',
            message: 'bench finding',
            severity: 'high',
            state: 'open',
            evidence: [],
            controls: [],
            firstSeen: AT,
            lastSeen: AT,
          },
        },
      });
    } else if (k === 2) {
      out.push({
        type: 'finding.state-changed',
        actor: 'bench',
        reason: 'triage',
        data: { id: `fnd_${(i - 1).toString(16).padStart(24, '0')}`, from: 'open', to: 'in-remediation' },
      });
    } else {
      out.push({
        type: 'note.added',
        actor: 'bench',
        reason: 'bench',
        data: { subject: `model:bench/m${i % 20_000}`, text: `note ${i} about the posture of this model` },
      });
    }
  }
  return out;
}

/**
 * A 64-character hex value, made once before anything is timed: the plain rows carry it in their
 * two hash columns, so that they hold the same bytes as the record's rows without any hashing.
 */
const HASH_VALUE = createHash('sha256').update('aispm bench plain row').digest('hex');

/**
 * The rows a plain insert writes: the same columns, no chain, no hashing, no state. `hashes`:
 * `values` puts a ready 64-character value in both hash columns (the same rows as the record's,
 * byte for byte), `empty` leaves them empty (fewer bytes than the record writes).
 */
function plainRows(batch: EventInput[], seq0: number, hashes: PlainHashes): Array<Array<string | number | null>> {
  const h = hashes === 'values' ? HASH_VALUE : '';
  return batch.map((e, j) => [seq0 + j + 1, AT, e.type, e.actor, e.reason ?? null, null, eventSubject(e) ?? null, JSON.stringify(e.data), h, h]);
}

/** The two plain baselines, each timed in the same loop as the record. */
type PlainHashes = 'values' | 'empty';
const PLAIN: PlainHashes[] = ['values', 'empty'];

/** CPU time of this process (all threads), in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * The processes of a PostgreSQL server on this machine (Linux only; none elsewhere): its backends,
 * WAL writer, checkpointer and autovacuum workers, found by name.
 */
function postgresPids(): string[] {
  if (process.platform !== 'linux') return [];
  const pids: string[] = [];
  for (const d of readdirSync('/proc')) {
    if (d.charCodeAt(0) > 57) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8') === 'postgres\n') pids.push(d);
    } catch {
      // exited
    }
  }
  return pids;
}

/** CPU time of those processes, in ms (a process that exited in between is not counted). */
function serverCpuMs(pids: readonly string[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // exited
    }
  }
  return (ticks * 1000) / CLOCK_TICKS;
}
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

interface Figures {
  backend: string;
  mix: string;
  events: number;
  recordSeconds: number;
  /** The plain insert of the same rows, hash columns holding 64-character values. */
  plainSeconds: number;
  ratio: number;
  /** The plain insert with empty hash columns (stricter: fewer bytes than the record writes). */
  plainEmptySeconds: number;
  ratioEmpty: number;
  cpuRatioEmpty?: number;
  /**
   * The same ratio in CPU time: of this process for SQLite (the whole database runs in it); of
   * this process and the PostgreSQL server's processes for a server on this machine.
   */
  cpuRatio?: number;
  foldSeconds: number;
  foldedFindings: number;
}

async function timeFold(store: PostureStore): Promise<{ seconds: number; findings: number }> {
  const t0 = performance.now();
  const buf: RecordEvent[] = [];
  let state = foldEvents([]);
  for await (const e of store.events()) {
    buf.push(e);
    if (buf.length === 10_000) state = foldEvents(buf.splice(0), state);
  }
  state = foldEvents(buf, state);
  return { seconds: (performance.now() - t0) / 1000, findings: state.findings.size };
}

// Plain and record batches alternate, so the load of a shared machine falls on both alike.
async function sqlite(mix: 'log' | 'mixed'): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'aispm-bench-record-'));
  const path = join(dir, 'posture.db');
  try {
    const store = createSqliteStore({ path });
    await store.head();
    // Plain: the same rows into a table of the same shape and indexes in the same file, no hashing.
    const db = new Database(path);
    db.pragma('synchronous = NORMAL');
    const ins = new Map<PlainHashes, Database.Statement>();
    for (const h of PLAIN) {
      db.exec(`CREATE TABLE plain_${h} (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, type TEXT NOT NULL, actor TEXT NOT NULL, reason TEXT, run_id TEXT, subject TEXT, data TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
        CREATE INDEX plain_${h}_at ON plain_${h} (at); CREATE INDEX plain_${h}_subject ON plain_${h} (subject); CREATE INDEX plain_${h}_run ON plain_${h} (run_id);`);
      ins.set(h, db.prepare(`INSERT INTO plain_${h} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`));
    }
    const plainMs = { values: 0, empty: 0 };
    const plainCpu = { values: 0, empty: 0 };
    let recordMs = 0;
    let recordCpu = 0;
    for (let i = 0; i < N; i += BATCH) {
      const size = Math.min(BATCH, N - i);
      let t = 0;
      let c = 0;
      for (const h of PLAIN) {
        t = performance.now();
        c = cpuMs();
        const rows = plainRows(makeBatch(i, size, mix), i, h);
        const stmt = ins.get(h)!;
        db.transaction(() => {
          for (const r of rows) stmt.run(...r);
        }).immediate();
        plainMs[h] += performance.now() - t;
        plainCpu[h] += cpuMs() - c;
      }
      t = performance.now();
      c = cpuMs();
      await store.append(makeBatch(i, size, mix), { now: new Date(AT) });
      recordMs += performance.now() - t;
      recordCpu += cpuMs() - c;
    }
    db.close();
    const fold = await timeFold(store);
    await store.close();
    return {
      backend: 'sqlite',
      mix,
      events: N,
      recordSeconds: recordMs / 1000,
      plainSeconds: plainMs.values / 1000,
      ratio: plainMs.values / recordMs,
      cpuRatio: plainCpu.values / recordCpu,
      plainEmptySeconds: plainMs.empty / 1000,
      ratioEmpty: plainMs.empty / recordMs,
      cpuRatioEmpty: plainCpu.empty / recordCpu,
      foldSeconds: fold.seconds,
      foldedFindings: fold.findings,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres(mix: 'log' | 'mixed', url: string): Promise<Figures> {
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const schema = `bench_record_${mix}`;
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS bench_plain CASCADE; CREATE SCHEMA bench_plain`);
  for (const h of PLAIN) {
    await admin.query(
      `CREATE TABLE bench_plain.events_${h} (seq BIGINT PRIMARY KEY, at TEXT NOT NULL, type TEXT NOT NULL, actor TEXT NOT NULL, reason TEXT, run_id TEXT, subject TEXT, data TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
       CREATE INDEX ON bench_plain.events_${h} (at); CREATE INDEX ON bench_plain.events_${h} (subject); CREATE INDEX ON bench_plain.events_${h} (run_id);`,
    );
  }
  try {
    // Plain: the same rows, same batches, same multi-row insert, one transaction per batch, no
    // hashing; plain and record batches alternate so load falls on both alike.
    const store = createPostgresStore({ url, schema });
    // A server on this machine: its processes' CPU time is counted with this process's.
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
    await store.head();
    const c = await admin.connect();
    const plainMs = { values: 0, empty: 0 };
    const plainCpu = { values: 0, empty: 0 };
    let recordMs = 0;
    let recordCpu = 0;
    for (let i = 0; i < N; i += BATCH) {
      const size = Math.min(BATCH, N - i);
      const pids = local ? postgresPids() : [];
      let cpu0 = cpuMs() + serverCpuMs(pids);
      let cpu1 = cpu0;
      let t = 0;
      for (const h of PLAIN) {
        t = performance.now();
        const rows = plainRows(makeBatch(i, size, mix), i, h);
        await c.query('BEGIN');
        // The same statement and the same chunks as the record's event rows: chunk k is sent, then
        // chunk k - 1 awaited (the driver sends k once k - 1 is done).
        let previous: Promise<unknown> | undefined;
        for (let from = 0; from < rows.length; from += PG_CHUNK) {
          const chunk = rows.slice(from, from + PG_CHUNK);
          const cols: unknown[] = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => chunk.map((r) => r[j]));
          // The hash columns as the record sends them: one comma-separated string each, split by
          // the server.
          cols.push(chunk.map((r) => r[8]).join(','), chunk.map((r) => r[9]).join(','));
          const p = c.query(`INSERT INTO bench_plain.events_${h} ${PG_EVENT_ROWS}`, cols);
          if (previous) await previous;
          previous = p;
        }
        await previous;
        await c.query('COMMIT');
        plainMs[h] += performance.now() - t;
        cpu1 = cpuMs() + serverCpuMs(pids);
        plainCpu[h] += cpu1 - cpu0;
        cpu0 = cpu1;
      }
      t = performance.now();
      await store.append(makeBatch(i, size, mix), { now: new Date(AT) });
      recordMs += performance.now() - t;
      cpu1 = cpuMs() + serverCpuMs(pids);
      recordCpu += cpu1 - cpu0;
    }
    c.release();
    const plainSeconds = plainMs.values / 1000;
    const recordSeconds = recordMs / 1000;
    const fold = await timeFold(store);
    await store.close();
    return {
      backend: 'postgres',
      mix,
      events: N,
      recordSeconds,
      plainSeconds,
      ratio: plainSeconds / recordSeconds,
      ...(local ? { cpuRatio: plainCpu.values / recordCpu } : {}),
      plainEmptySeconds: plainMs.empty / 1000,
      ratioEmpty: plainMs.empty / recordMs,
      ...(local ? { cpuRatioEmpty: plainCpu.empty / recordCpu } : {}),
      foldSeconds: fold.seconds,
      foldedFindings: fold.findings,
    };
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS bench_plain CASCADE`);
    await admin.end();
  }
}

const out = (s: string) => process.stdout.write(`${s}\n`);
out(`events=${N} batch=${BATCH} node=${process.version} load(1m)=${loadavg()[0]?.toFixed(2)}`);
out(
  '| backend | mix | events | record s | plain s (same rows) | throughput ratio (record/plain) | CPU ratio | plain s (hash columns empty) | ratio | CPU ratio | fold s |',
);
out('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const backend of BACKENDS) {
  for (const mix of MIXES) {
    let f: Figures;
    if (backend === 'sqlite') f = await sqlite(mix);
    else {
      const url = benchPgUrl();
      if (!url) {
        out(`| postgres | ${mix} | skipped: no AISPM_BENCH_PG_URL / AISPM_TEST_PG_URL | | | | | | | | |`);
        continue;
      }
      f = await postgres(mix, url);
    }
    out(
      `| ${f.backend} | ${f.mix} | ${f.events} | ${f.recordSeconds.toFixed(1)} | ${f.plainSeconds.toFixed(1)} | ${f.ratio.toFixed(2)} | ${f.cpuRatio?.toFixed(2) ?? '-'} | ${f.plainEmptySeconds.toFixed(1)} | ${f.ratioEmpty.toFixed(2)} | ${f.cpuRatioEmpty?.toFixed(2) ?? '-'} | ${f.foldSeconds.toFixed(1)} |`,
    );
  }
}
out(`load(1m) at end=${loadavg()[0]?.toFixed(2)}`);
