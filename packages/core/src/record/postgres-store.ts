import type { Pool, PoolClient } from 'pg';
import { AispmError } from '../errors';
import { GENESIS_HASH, type RecordEvent } from './events';
import { EVENT_COLUMNS, type EventRow, entityColumns, entityWhere, eventWhere, RECORD_SCHEMA_VERSION, rowToEvent } from './sql';
import type { EntityKind } from './state';
import { emptyState, foldEvents, type PostureState } from './state';
import { alreadyExists, canonicalData, createBatchBuilder, type EntityWrite, entityKey, matchesQuery, type PostureStore, planBatch } from './store';

/**
 * Options of {@link createPostgresStore}.
 *
 * @example
 * ```ts
 * createPostgresStore({ url: 'postgres://aispm@db.internal/aispm', schema: 'posture' });
 * ```
 */
export interface PostgresStoreOptions {
  /** A `postgres://` connection URL. */
  url: string;
  /** The schema holding the record's tables (default `aispm`); created when missing. */
  schema?: string;
  /** Pool size (default 4). */
  maxConnections?: number;
  /** @internal stop migrating at this version (for migration tests). */
  schemaVersion?: number;
}

const PAGE = 5000;

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(invalid url)';
  }
}

async function loadPg(): Promise<typeof import('pg')> {
  try {
    const mod = (await import('pg')) as unknown as { default?: typeof import('pg') };
    return (mod.default ?? mod) as typeof import('pg');
  } catch (e) {
    throw new AispmError('dependency-missing', 'the PostgreSQL store needs the package "pg": npm install pg', { cause: e });
  }
}

function migrations(s: string): Record<number, (c: PoolClient) => Promise<void>> {
  return {
    1: async (c) => {
      await c.query(`
        CREATE TABLE IF NOT EXISTS ${s}.events (
          seq BIGINT PRIMARY KEY,
          at TEXT NOT NULL,
          type TEXT NOT NULL,
          actor TEXT NOT NULL,
          reason TEXT,
          run_id TEXT,
          subject TEXT,
          data TEXT NOT NULL,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS events_at ON ${s}.events (at);
        CREATE INDEX IF NOT EXISTS events_subject ON ${s}.events (subject);
        CREATE INDEX IF NOT EXISTS events_run ON ${s}.events (run_id);
      `);
    },
    2: async (c) => {
      await c.query(`
        CREATE TABLE IF NOT EXISTS ${s}.entities (
          kind TEXT NOT NULL,
          id TEXT NOT NULL,
          data TEXT NOT NULL,
          state TEXT,
          severity TEXT,
          rule_id TEXT,
          PRIMARY KEY (kind, id)
        );
        CREATE INDEX IF NOT EXISTS entities_state ON ${s}.entities (kind, state);
      `);
      const state = emptyState();
      let after = 0;
      for (;;) {
        const r = await c.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM ${s}.events WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`, [after]);
        foldEvents(r.rows.map(rowToEvent), state);
        if (r.rows.length < PAGE) break;
        after = Number((r.rows[r.rows.length - 1] as EventRow).seq);
      }
      await writeState(c, s, state);
    },
    // Lean entity table: the primary key only (see the SQLite migration of the same version), and
    // free space on its pages for updates.
    3: async (c) => {
      await c.query(`DROP INDEX IF EXISTS ${s}.entities_state`);
      // Entities are updated in place batch after batch: room on each page lets the server keep
      // an updated row on its page without touching the primary key index (a HOT update).
      await c.query(`ALTER TABLE ${s}.entities SET (fillfactor = 70)`);
    },
  };
}

async function writeState(c: PoolClient, s: string, state: PostureState): Promise<void> {
  const writes: Array<{ kind: string; id: string; value: unknown }> = [];
  for (const [kind, m] of [
    ['asset', state.assets],
    ['relationship', state.relationships],
    ['finding', state.findings],
    ['exception', state.exceptions],
    ['run', state.runs],
    ['score', state.scores],
  ] as const) {
    for (const [id, value] of m as Map<string, unknown>) writes.push({ kind, id, value });
  }
  await upsertEntities(c, s, writes);
}

/** The record separator: JSON.stringify escapes every control character, so no JSON text holds it. */
const RS = '\u001e';

/**
 * The parameters of {@link entityRows}: the short columns as text arrays, and the entities' JSON
 * joined by the record separator (U+001E), which JSON text never holds unescaped, split by the
 * server. The driver escapes array elements one by one in JavaScript, and a JSON parameter
 * (`json_to_recordset`) makes the server parse every entity: about half the server's cost of an
 * entity row. Split text is neither escaped nor parsed.
 */
function entityParams(writes: ReadonlyArray<{ kind: string; id: string; value: unknown }>): unknown[] {
  const n = writes.length;
  const kinds = new Array<string>(n);
  const ids = new Array<string>(n);
  const data = new Array<string>(n);
  const states = new Array<string | null>(n);
  const severities = new Array<string | null>(n);
  const ruleIds = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const w = writes[i] as { kind: string; id: string; value: unknown };
    const c2 = entityColumns(w.value);
    kinds[i] = w.kind;
    ids[i] = w.id;
    data[i] = JSON.stringify(w.value);
    states[i] = c2.state;
    severities[i] = c2.severity;
    ruleIds[i] = c2.ruleId;
  }
  return [kinds, ids, data.join(RS), states, severities, ruleIds];
}

const UPSERT_SET =
  'ON CONFLICT (kind, id) DO UPDATE SET data = EXCLUDED.data, state = EXCLUDED.state, severity = EXCLUDED.severity, rule_id = EXCLUDED.rule_id';
/** Entity rows from the six parameters of {@link entityParams}, the first of them `$p`. */
const entityRows = (p = 1) =>
  `SELECT * FROM unnest($${p}::text[], $${p + 1}::text[], string_to_array($${p + 2}::text, chr(30)), $${p + 3}::text[], $${p + 4}::text[], $${p + 5}::text[])`;

async function upsertEntities(c: PoolClient, s: string, writes: Array<{ kind: string; id: string; value: unknown }>): Promise<void> {
  for (let i = 0; i < writes.length; i += 10_000) {
    await c.query(
      `INSERT INTO ${s}.entities (kind, id, data, state, severity, rule_id) ${entityRows()}
       ${UPSERT_SET}`,
      entityParams(writes.slice(i, i + 10_000)),
    );
  }
}

const EVENTS_PER_STATEMENT = 20_000;
/**
 * Event rows per statement when a batch is larger: the rows of one chunk are inserted while the
 * next chunk is built. `bench/record` inserts its plain rows in chunks of the same size.
 */
const EVENTS_PER_CHUNK = 2500;
/**
 * The event rows of a statement: eight columns as arrays, and the two hash columns as one
 * comma-separated string each (hex SHA-256 has no comma), split by the server. The driver escapes
 * array elements one by one in JavaScript and the server parses the quoting back; the hashes need
 * neither. `bench/record` inserts its plain rows with this statement.
 */
const EVENT_ROWS =
  "SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], string_to_array($9::text, ','), string_to_array($10::text, ','))";
const deleteUsing = (a = 1, b = 2) => `USING unnest($${a}::text[], $${b}::text[]) AS k(kind, id) WHERE e.kind = k.kind AND e.id = k.id`;

/** The parameters of {@link EVENT_ROWS} for events `from` to `to`. */
function eventArrays(events: readonly RecordEvent[], dataJson: readonly string[], from: number, to: number): unknown[] {
  const chunk = events.slice(from, to);
  // Every hash of the batch is computed here, hex by construction; the first event's previous
  // hash was read from the database, so it is checked before it is joined.
  const first = chunk[0];
  if (first && !/^[0-9a-f]{64}$/.test(first.prevHash)) {
    throw new AispmError('validation', `the chain head (event ${first.seq - 1}) has a malformed hash: run verify()`);
  }
  return [
    chunk.map((e) => e.seq),
    chunk.map((e) => e.at),
    chunk.map((e) => e.type),
    chunk.map((e) => e.actor),
    chunk.map((e) => e.reason ?? null),
    chunk.map((e) => e.runId ?? null),
    chunk.map((e) => e.subject ?? null),
    dataJson.slice(from, to),
    chunk.map((e) => e.prevHash).join(','),
    chunk.map((e) => e.hash).join(','),
  ];
}

/** The conflict error of a unique violation on the entity table, naming the key the server reports. */
function freshConflict(e: unknown, first: { kind: EntityKind; id: string } | undefined): unknown {
  if ((e as { code?: string }).code !== '23505' || !first) return e;
  // The server names the key in the detail: `Key (kind, id)=(finding, fnd_…) already exists.`
  const m = /^Key \(kind, id\)=\(([a-z]+), (.*)\) already exists/.exec((e as { detail?: string }).detail ?? '');
  return m ? alreadyExists(m[1] as EntityKind, m[2] as string) : alreadyExists(first.kind, first.id);
}

/**
 * Writes a batch's event rows and entity changes in one statement (data-modifying CTEs): the same
 * event insert as on its own, without a round trip per part.
 */
function writeBatch(
  c: PoolClient,
  s: string,
  events: readonly RecordEvent[],
  dataJson: readonly string[],
  from: number,
  dels: readonly EntityWrite[],
  fresh: Array<{ kind: EntityKind; id: string; value: unknown }>,
  puts: Array<{ kind: EntityKind; id: string; value: unknown }>,
): Promise<void> {
  const params = eventArrays(events, dataJson, from, events.length);
  const parts = [`ev AS (INSERT INTO ${s}.events (${EVENT_COLUMNS}) ${EVENT_ROWS})`];
  if (dels.length > 0) {
    params.push(
      dels.map((w) => w.kind),
      dels.map((w) => w.id),
    );
    parts.push(`del AS (DELETE FROM ${s}.entities e ${deleteUsing(params.length - 1, params.length)})`);
  }
  if (fresh.length > 0) {
    const p = params.length + 1;
    params.push(...entityParams(fresh));
    parts.push(`fr AS (INSERT INTO ${s}.entities (kind, id, data, state, severity, rule_id) ${entityRows(p)})`);
  }
  if (puts.length > 0) {
    const p = params.length + 1;
    params.push(...entityParams(puts));
    parts.push(`up AS (INSERT INTO ${s}.entities (kind, id, data, state, severity, rule_id) ${entityRows(p)} ${UPSERT_SET})`);
  }
  return c.query(`WITH ${parts.join(', ')} SELECT 1`, params).then(
    () => undefined,
    (e) => {
      throw freshConflict(e, fresh[0]);
    },
  );
}

/** Inserts entities the batch created; one that already exists is a `conflict`. */
async function insertFresh(c: PoolClient, s: string, writes: Array<{ kind: EntityKind; id: string; value: unknown }>): Promise<void> {
  for (let i = 0; i < writes.length; i += 10_000) {
    const chunk = writes.slice(i, i + 10_000);
    try {
      await c.query(`INSERT INTO ${s}.entities (kind, id, data, state, severity, rule_id) ${entityRows()}`, entityParams(chunk));
    } catch (e) {
      throw freshConflict(e, chunk[0]);
    }
  }
}

/**
 * A posture store in PostgreSQL (a team's shared record). Tables live in one schema (default
 * `aispm`), created and migrated on first use. Each appended batch is one transaction that
 * takes a lock that other appenders wait for, so concurrent appenders never fork the chain.
 * `pg` is loaded on first use; a missing driver raises a `dependency-missing` error naming it.
 *
 * @example
 * ```ts
 * const store = createPostgresStore({ url: 'postgres://aispm@db.internal/aispm' });
 * const record = createPostureRecord({ store });
 * ```
 */
export function createPostgresStore(options: PostgresStoreOptions): PostureStore {
  const schemaName = options.schema ?? 'aispm';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schemaName)) throw new AispmError('config', `invalid PostgreSQL schema name "${schemaName}"`);
  const s = `"${schemaName}"`;
  let poolp: Promise<Pool> | undefined;
  const open = (): Promise<Pool> => {
    poolp ??= (async () => {
      const pg = await loadPg();
      const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 4 });
      pool.on('error', () => {});
      let c: PoolClient;
      try {
        c = await pool.connect();
      } catch (e) {
        await pool.end().catch(() => {});
        throw new AispmError('io', `cannot connect to the PostgreSQL record ${redactUrl(options.url)}: ${(e as Error).message}`, { cause: e, retryable: true });
      }
      try {
        await c.query('BEGIN');
        await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`aispm-migrate:${schemaName}`]);
        await c.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
        await c.query(`CREATE TABLE IF NOT EXISTS ${s}.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
        const r = await c.query<{ value: string }>(`SELECT value FROM ${s}.meta WHERE key = 'schema_version'`);
        const version = r.rows[0] ? Number(r.rows[0].value) : 0;
        if (version > RECORD_SCHEMA_VERSION) {
          throw new AispmError('config', `this record has schema version ${version}; this aispm knows up to ${RECORD_SCHEMA_VERSION}: upgrade aispm`);
        }
        const steps = migrations(s);
        const upTo = options.schemaVersion ?? RECORD_SCHEMA_VERSION;
        for (let v = version + 1; v <= upTo; v++) {
          await (steps[v] as (c: PoolClient) => Promise<void>)(c);
          await c.query(`INSERT INTO ${s}.meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [String(v)]);
        }
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK').catch(() => {});
        c.release();
        await pool.end().catch(() => {});
        throw e;
      }
      c.release();
      return pool;
    })();
    poolp.catch(() => {
      poolp = undefined;
    });
    return poolp;
  };
  const headOf = async (c: Pool | PoolClient) => {
    const r = await c.query<{ seq: string; hash: string }>(`SELECT seq, hash FROM ${s}.events ORDER BY seq DESC LIMIT 1`);
    const row = r.rows[0];
    return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: GENESIS_HASH };
  };
  return {
    backend: 'postgres',
    location: redactUrl(options.url),
    async append(inputs, opts) {
      const pool = await open();
      // Validation does not depend on the chain head: done before the lock.
      const plan = planBatch(inputs);
      const n = plan.inputs.length;
      const dataJson: string[] = new Array(n);
      const c = await pool.connect();
      // Statements sent and not yet awaited; each settles to its error (or undefined), so a
      // failure is never unhandled and the rollback waits for all of them.
      const inFlight: Array<Promise<unknown>> = [];
      let broken: Error | undefined;
      const sent = (p: Promise<unknown>): Promise<unknown> => {
        const settled = p.then(
          () => undefined,
          (e: unknown) => e ?? new Error('query failed'),
        );
        inFlight.push(settled);
        return settled;
      };
      try {
        // One round trip opens the transaction, locks out other appenders and reads the head.
        // Appenders serialise on a transaction-level advisory lock, not on a table lock: a table
        // lock strong enough to exclude other writers also conflicts with autovacuum, and every
        // append behind a running vacuum waited for the server to cancel it (a second). The
        // ROW EXCLUSIVE table lock still excludes appenders of versions that lock the table.
        const opening = c.query(
          `BEGIN; SELECT pg_advisory_xact_lock(hashtext('aispm-append:${schemaName}')); LOCK TABLE ${s}.events IN ROW EXCLUSIVE MODE; SELECT seq, hash FROM ${s}.events ORDER BY seq DESC LIMIT 1`,
        ) as unknown as Promise<Array<{ rows: Array<{ seq: string; hash: string }> }>>;
        sent(opening);
        // The first rows' canonical JSON is written while the server opens the transaction (and
        // while this appender waits for another to finish).
        const chunked = n > EVENTS_PER_CHUNK;
        canonicalData(plan.inputs, 0, chunked ? EVENTS_PER_CHUNK : n, dataJson);
        const opened = await opening;
        const last = opened[opened.length - 1]?.rows[0];
        const head = last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
        const refs = plan.load;
        const current = new Map<string, unknown>();
        if (refs.length > 0) {
          const r = await c.query<{ kind: string; id: string; data: string }>(
            `SELECT e.kind, e.id, e.data FROM ${s}.entities e JOIN unnest($1::text[], $2::text[]) AS k(kind, id) ON e.kind = k.kind AND e.id = k.id`,
            [refs.map((x) => x.kind), refs.map((x) => x.id)],
          );
          for (const row of r.rows) current.set(entityKey(row.kind as never, row.id), JSON.parse(row.data));
        }
        const builder = createBatchBuilder(head, plan.inputs, current, opts?.now ?? new Date(), {
          fresh: plan.fresh,
          subjects: plan.subjects,
          dataJson,
        });
        const events = builder.events;
        // Large batches go in chunks: while the server inserts one chunk's rows, this process
        // chains and folds the next (the driver sends a statement once the one before it is done).
        // The entity changes depend on the whole batch: they go with the last chunk.
        let from = 0;
        let previous: Promise<unknown> | undefined;
        for (; chunked && n - from > EVENTS_PER_CHUNK; from += EVENTS_PER_CHUNK) {
          const to = from + EVENTS_PER_CHUNK;
          if (from > 0) canonicalData(plan.inputs, from, to, dataJson);
          builder.build(from, to);
          const p = sent(c.query(`INSERT INTO ${s}.events (${EVENT_COLUMNS}) ${EVENT_ROWS}`, eventArrays(events, dataJson, from, to)));
          if (previous) {
            const failed = await previous;
            if (failed) throw failed;
          }
          previous = p;
        }
        if (from > 0) canonicalData(plan.inputs, from, n, dataJson);
        builder.build(from, n);
        const dels: EntityWrite[] = [];
        const fresh: Array<{ kind: EntityKind; id: string; value: unknown }> = [];
        const puts: Array<{ kind: EntityKind; id: string; value: unknown }> = [];
        for (const w of builder.writes) {
          if (w.value === null) dels.push(w);
          else if (w.fresh) fresh.push(w);
          else puts.push(w);
        }
        if (n - from <= EVENTS_PER_STATEMENT && fresh.length <= 10_000 && puts.length <= 10_000 && !dels.some((w) => w.fresh)) {
          // The usual batch: the (last) event rows and every entity change in one statement.
          const p = sent(writeBatch(c, s, events, dataJson, from, dels, fresh, puts));
          for (const x of [previous, p]) {
            const failed = await x;
            if (failed) throw failed;
          }
        } else {
          if (previous) {
            const failed = await previous;
            if (failed) throw failed;
          }
          for (let i = from; i < n; i += EVENTS_PER_STATEMENT) {
            await c.query(`INSERT INTO ${s}.events (${EVENT_COLUMNS}) ${EVENT_ROWS}`, eventArrays(events, dataJson, i, Math.min(n, i + EVENTS_PER_STATEMENT)));
          }
          const freshDeleted = dels.filter((w) => w.fresh);
          if (freshDeleted.length > 0)
            await insertFresh(
              c,
              s,
              freshDeleted.map((w) => ({ ...w, value: {} })),
            );
          if (dels.length > 0) await c.query(`DELETE FROM ${s}.entities e ${deleteUsing()}`, [dels.map((w) => w.kind), dels.map((w) => w.id)]);
          if (fresh.length > 0) await insertFresh(c, s, fresh);
          if (puts.length > 0) await upsertEntities(c, s, puts);
        }
        await c.query('COMMIT');
        return events;
      } catch (e) {
        await Promise.all(inFlight);
        // A connection that cannot even roll back is discarded, not returned to the pool.
        await c.query('ROLLBACK').catch((x: unknown) => {
          broken = x instanceof Error ? x : new Error(String(x));
        });
        throw e;
      } finally {
        c.release(broken);
      }
    },
    async head() {
      return headOf(await open());
    },
    async *events(query = {}) {
      const pool = await open();
      const subjects = query.subjects && query.subjects.length > 500 ? new Set(query.subjects) : undefined;
      let after = 0;
      for (;;) {
        const w = eventWhere(query, after, (i) => `$${i}`);
        const r = await pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM ${s}.events WHERE ${w.sql} ORDER BY seq LIMIT ${PAGE}`, w.params);
        for (const row of r.rows) {
          const e = rowToEvent(row);
          if (!subjects || matchesQuery(e, {}, subjects)) yield e;
        }
        if (r.rows.length < PAGE) return;
        after = Number((r.rows[r.rows.length - 1] as EventRow).seq);
      }
    },
    async get(kind, id) {
      const pool = await open();
      const r = await pool.query<{ data: string }>(`SELECT data FROM ${s}.entities WHERE kind = $1 AND id = $2`, [kind, id]);
      return r.rows[0] ? JSON.parse(r.rows[0].data) : undefined;
    },
    async list(kind, filter) {
      const pool = await open();
      const w = entityWhere(kind === 'finding' ? filter : undefined, 1, (i) => `$${i}`);
      const r = await pool.query<{ data: string }>(`SELECT data FROM ${s}.entities WHERE kind = $1${w.sql} ORDER BY id COLLATE "C"`, [kind, ...w.params]);
      return r.rows.map((row) => JSON.parse(row.data));
    },
    async schemaVersion() {
      const pool = await open();
      const r = await pool.query<{ value: string }>(`SELECT value FROM ${s}.meta WHERE key = 'schema_version'`);
      return r.rows[0] ? Number(r.rows[0].value) : 0;
    },
    async close() {
      if (!poolp) return;
      const pool = await poolp.catch(() => undefined);
      poolp = undefined;
      await pool?.end();
    },
  };
}
