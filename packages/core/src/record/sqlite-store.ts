import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { AispmError } from '../errors';
import { GENESIS_HASH, type RecordEvent } from './events';
import { EVENT_COLUMNS, type EventRow, entityColumns, entityWhere, eventWhere, RECORD_SCHEMA_VERSION, rowToEvent } from './sql';
import { emptyState, foldEvents, type PostureState } from './state';
import { alreadyExists, buildBatch, canonicalData, type EntityWrite, entityKey, matchesQuery, type PostureStore, planBatch } from './store';

/**
 * Options of {@link createSqliteStore}.
 *
 * @example
 * ```ts
 * createSqliteStore({ path: '.aispm/posture.db', busyTimeoutMs: 60_000 });
 * ```
 */
export interface SqliteStoreOptions {
  /** The database file (created with its folder when missing). `:memory:` works for tests. */
  path: string;
  /** How long a writer waits for another process's transaction, in ms (default 30 000). */
  busyTimeoutMs?: number;
}

type Db = BetterSqlite3.Database;

const PAGE = 5000;

/** Migrations by target version. Each runs inside the migration transaction. */
const SQLITE_MIGRATIONS: Record<number, (db: Db) => void> = {
  1: (db) => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY,
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
      CREATE INDEX IF NOT EXISTS events_at ON events (at);
      CREATE INDEX IF NOT EXISTS events_subject ON events (subject);
      CREATE INDEX IF NOT EXISTS events_run ON events (run_id);
    `);
  },
  2: (db) => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS entities (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        data TEXT NOT NULL,
        state TEXT,
        severity TEXT,
        rule_id TEXT,
        PRIMARY KEY (kind, id)
      );
      CREATE INDEX IF NOT EXISTS entities_state ON entities (kind, state);
    `);
    // Materialise the state of a record written before this version by folding its log.
    const state = emptyState();
    const rows = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY seq`).iterate() as IterableIterator<EventRow>;
    foldEvents(
      (function* () {
        for (const r of rows) yield rowToEvent(r);
      })(),
      state,
    );
    writeState(db, state);
  },
  // Lean entity table: the primary key only. The state index cost every append a second index
  // write per entity; filtering findings by state scans the `finding` range of the primary key.
  3: (db) => {
    db.exec('DROP INDEX IF EXISTS entities_state');
  },
};

function writeState(db: Db, state: PostureState): void {
  const ins = db.prepare('INSERT OR REPLACE INTO entities (kind, id, data, state, severity, rule_id) VALUES (?, ?, ?, ?, ?, ?)');
  const put = (kind: string, m: Map<string, unknown>) => {
    for (const [id, v] of m) {
      const c = entityColumns(v);
      ins.run(kind, id, JSON.stringify(v), c.state, c.severity, c.ruleId);
    }
  };
  put('asset', state.assets);
  put('relationship', state.relationships);
  put('finding', state.findings);
  put('exception', state.exceptions);
  put('run', state.runs);
  put('score', state.scores);
}

const INSERT_ENTITIES = 'INSERT INTO entities (kind, id, data, state, severity, rule_id) VALUES ';
const ENTITY_ROW = '(?, ?, ?, ?, ?, ?)';
const UPSERT = ' ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data, state = excluded.state, severity = excluded.severity, rule_id = excluded.rule_id';
/** Entity rows written per statement: one call into SQLite for many rows. */
const ROWS_PER_STATEMENT = 16;

interface EntityStatements {
  getEntity: BetterSqlite3.Statement;
  insEntity: BetterSqlite3.Statement;
  insEntities: BetterSqlite3.Statement;
  putEntity: BetterSqlite3.Statement;
  putEntities: BetterSqlite3.Statement;
  delEntity: BetterSqlite3.Statement;
}

/**
 * Writes a batch's entity changes: removals, then upserts, then inserts of entities the batch
 * created (`fresh`), several rows per statement. A fresh entity that already exists is a conflict.
 */
function writeEntities(st: EntityStatements, writes: readonly EntityWrite[]): void {
  // One write per entity: removals, upserts and fresh inserts touch distinct rows, so their order
  // does not matter.
  const puts = createRowWriter(st.putEntities, st.putEntity);
  const fresh = createRowWriter(st.insEntities, st.insEntity);
  try {
    for (const w of writes) {
      if (w.value === null) {
        if (w.fresh && st.getEntity.get(w.kind, w.id)) throw alreadyExists(w.kind, w.id);
        st.delEntity.run(w.kind, w.id);
        continue;
      }
      (w.fresh ? fresh : puts).add(w);
    }
    puts.flush();
    fresh.flush();
  } catch (e) {
    if (!(e as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw e;
    // A fresh entity that already exists (a concurrent writer created it): name it. Only the
    // failed statement's rows are checked: the earlier ones are this batch's own inserts.
    for (const w of fresh.failed()) if (st.getEntity.get(w.kind, w.id)) throw alreadyExists(w.kind, w.id);
    throw e;
  }
}

/**
 * Writes entity rows: `many` for every full chunk of {@link ROWS_PER_STATEMENT} rows as soon as
 * it fills, `one` for each of the rest at `flush()`. One array holds every chunk's values in turn
 * (the driver copies bound values). `failed()` names the rows of the statement that threw.
 */
function createRowWriter(many: BetterSqlite3.Statement, one: BetterSqlite3.Statement) {
  const values: Array<string | null> = new Array(ROWS_PER_STATEMENT * 6);
  let chunk: EntityWrite[] = [];
  return {
    add(w: EntityWrite) {
      const v = w.value as { state?: unknown; severity?: unknown; ruleId?: unknown };
      const at = chunk.length * 6;
      values[at] = w.kind;
      values[at + 1] = w.id;
      values[at + 2] = JSON.stringify(v);
      values[at + 3] = typeof v.state === 'string' ? v.state : null;
      values[at + 4] = typeof v.severity === 'string' ? v.severity : null;
      values[at + 5] = typeof v.ruleId === 'string' ? v.ruleId : null;
      chunk.push(w);
      if (chunk.length === ROWS_PER_STATEMENT) {
        many.run(values);
        chunk = [];
      }
    },
    flush() {
      const rest = chunk;
      for (let i = 0; i < rest.length; i++) {
        chunk = [rest[i] as EntityWrite];
        const at = i * 6;
        one.run(values[at], values[at + 1], values[at + 2], values[at + 3], values[at + 4], values[at + 5]);
      }
      chunk = [];
    },
    failed: (): readonly EntityWrite[] => chunk,
  };
}

async function loadDriver(): Promise<typeof BetterSqlite3> {
  try {
    const mod = (await import('better-sqlite3')) as unknown as { default?: typeof BetterSqlite3 };
    return (mod.default ?? mod) as typeof BetterSqlite3;
  } catch (e) {
    throw new AispmError('dependency-missing', 'the SQLite store needs the package "better-sqlite3": npm install better-sqlite3', { cause: e });
  }
}

/**
 * Opens (creating or migrating) a SQLite database and brings its schema to the current version.
 * Exposed for migration tests and tools; {@link createSqliteStore} calls it lazily.
 */
function migrate(db: Db, upTo = RECORD_SCHEMA_VERSION): number {
  const run = db.transaction(() => {
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    let version = 0;
    if (hasMeta) {
      const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
      version = row ? Number(row.value) : 0;
    }
    if (version > RECORD_SCHEMA_VERSION) {
      throw new AispmError('config', `this record has schema version ${version}; this aispm knows up to ${RECORD_SCHEMA_VERSION}: upgrade aispm`);
    }
    for (let v = version + 1; v <= upTo; v++) {
      (SQLITE_MIGRATIONS[v] as (db: Db) => void)(db);
      db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(v));
    }
    return Math.max(version, upTo);
  });
  return run.immediate();
}

/**
 * A posture store in a SQLite file (the embedded default, usually `.aispm/posture.db`): WAL
 * journal, one immediate transaction per appended batch, so several processes can append to the
 * same file without losing events. `better-sqlite3` is loaded on first use; a missing driver
 * raises a `dependency-missing` error naming it.
 *
 * @example
 * ```ts
 * const store = createSqliteStore({ path: '.aispm/posture.db' });
 * const record = createPostureRecord({ store });
 * ```
 */
export function createSqliteStore(options: SqliteStoreOptions & { /** @internal */ schemaVersion?: number }): PostureStore {
  let dbp: Promise<Db> | undefined;
  const open = (): Promise<Db> => {
    dbp ??= (async () => {
      const Driver = await loadDriver();
      if (options.path !== ':memory:') {
        try {
          mkdirSync(dirname(options.path), { recursive: true });
        } catch (e) {
          throw new AispmError('io', `cannot create the folder of ${options.path}: ${(e as Error).message}`, { cause: e });
        }
      }
      let db: Db;
      try {
        db = new Driver(options.path, { timeout: options.busyTimeoutMs ?? 30_000 });
      } catch (e) {
        throw new AispmError('io', `cannot open the SQLite record ${options.path}: ${(e as Error).message}`, { cause: e });
      }
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db, options.schemaVersion ?? RECORD_SCHEMA_VERSION);
      return db;
    })();
    return dbp;
  };
  // Statements prepared once per connection.
  let stmts:
    | {
        db: Db;
        head: BetterSqlite3.Statement;
        getEntity: BetterSqlite3.Statement;
        insEvent: BetterSqlite3.Statement;
        insEntity: BetterSqlite3.Statement;
        insEntities: BetterSqlite3.Statement;
        putEntity: BetterSqlite3.Statement;
        putEntities: BetterSqlite3.Statement;
        delEntity: BetterSqlite3.Statement;
      }
    | undefined;
  const prepared = (db: Db) => {
    if (stmts?.db !== db) {
      stmts = {
        db,
        head: db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1'),
        getEntity: db.prepare('SELECT data FROM entities WHERE kind = ? AND id = ?'),
        insEvent: db.prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
        insEntity: db.prepare(`${INSERT_ENTITIES}${ENTITY_ROW}`),
        insEntities: db.prepare(`${INSERT_ENTITIES}${new Array(ROWS_PER_STATEMENT).fill(ENTITY_ROW).join(', ')}`),
        putEntity: db.prepare(`${INSERT_ENTITIES}${ENTITY_ROW}${UPSERT}`),
        putEntities: db.prepare(`${INSERT_ENTITIES}${new Array(ROWS_PER_STATEMENT).fill(ENTITY_ROW).join(', ')}${UPSERT}`),
        delEntity: db.prepare('DELETE FROM entities WHERE kind = ? AND id = ?'),
      };
    }
    return stmts;
  };
  const headOf = (db: Db) => {
    const r = prepared(db).head.get() as { seq: number; hash: string } | undefined;
    return r ? { seq: Number(r.seq), hash: r.hash } : { seq: 0, hash: GENESIS_HASH };
  };
  const store: PostureStore = {
    backend: 'sqlite',
    location: options.path,
    async append(inputs, opts) {
      const db = await open();
      // Validation and canonical JSON do not depend on the chain head: done before the lock, so
      // other appenders wait less.
      const plan = planBatch(inputs);
      const dataJson = canonicalData(plan.inputs);
      const st = prepared(db);
      const tx = db.transaction((): RecordEvent[] => {
        const head = headOf(db);
        const current = new Map<string, unknown>();
        for (const r of plan.load) {
          const row = st.getEntity.get(r.kind, r.id) as { data: string } | undefined;
          if (row) current.set(entityKey(r.kind, r.id), JSON.parse(row.data));
        }
        const { events, writes } = buildBatch(head, plan.inputs, current, opts?.now ?? new Date(), {
          validated: true,
          fresh: plan.fresh,
          subjects: plan.subjects,
          dataJson,
        });
        const insEvent = st.insEvent;
        for (let i = 0; i < events.length; i++) {
          const e = events[i] as RecordEvent;
          insEvent.run(e.seq, e.at, e.type, e.actor, e.reason ?? null, e.runId ?? null, e.subject ?? null, dataJson[i], e.prevHash, e.hash);
        }
        writeEntities(st, writes);
        return events;
      });
      return tx.immediate();
    },
    async head() {
      return headOf(await open());
    },
    async *events(query = {}) {
      const db = await open();
      const subjects = query.subjects && query.subjects.length > 500 ? new Set(query.subjects) : undefined;
      let after = 0;
      for (;;) {
        const w = eventWhere(query, after, () => '?');
        const rows = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE ${w.sql} ORDER BY seq LIMIT ${PAGE}`).all(...w.params) as EventRow[];
        for (const r of rows) {
          const e = rowToEvent(r);
          if (!subjects || matchesQuery(e, {}, subjects)) yield e;
        }
        if (rows.length < PAGE) return;
        after = Number((rows[rows.length - 1] as EventRow).seq);
      }
    },
    async get(kind, id) {
      const db = await open();
      const row = db.prepare('SELECT data FROM entities WHERE kind = ? AND id = ?').get(kind, id) as { data: string } | undefined;
      return row ? JSON.parse(row.data) : undefined;
    },
    async list(kind, filter) {
      const db = await open();
      const w = entityWhere(kind === 'finding' ? filter : undefined, 1, () => '?');
      const rows = db.prepare(`SELECT data FROM entities WHERE kind = ?${w.sql} ORDER BY id`).all(kind, ...w.params) as Array<{ data: string }>;
      return rows.map((r) => JSON.parse(r.data));
    },
    async schemaVersion() {
      const db = await open();
      const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
      return row ? Number(row.value) : 0;
    },
    async close() {
      if (!dbp) return;
      const db = await dbp.catch(() => undefined);
      dbp = undefined;
      db?.close();
    },
  };
  return store;
}
