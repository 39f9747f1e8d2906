import { GENESIS_HASH, type RecordEvent } from './events';
import { RECORD_SCHEMA_VERSION } from './sql';
import type { EntityKind } from './state';
import { batchEntities, buildBatch, type EntityFilter, type EventQuery, entityKey, matchesFilter, matchesQuery, type PostureStore } from './store';

/**
 * The in-memory store, the reference every other backend is tested against. Nothing persists.
 *
 * @example
 * ```ts
 * const record = createPostureRecord({ store: createMemoryStore() });
 * ```
 */
export function createMemoryStore(): PostureStore {
  const log: RecordEvent[] = [];
  const entities = new Map<string, unknown>();
  let chain: Promise<unknown> = Promise.resolve();
  const clone = <T>(v: T): T => structuredClone(v);
  return {
    backend: 'memory',
    location: 'memory',
    append(inputs, options) {
      const task = chain.then(() => {
        const last = log[log.length - 1];
        const head = last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
        const current = new Map<string, unknown>();
        for (const r of batchEntities(inputs)) {
          const k = entityKey(r.kind, r.id);
          if (entities.has(k)) current.set(k, entities.get(k));
        }
        const { events, writes } = buildBatch(head, clone(inputs), current, options?.now ?? new Date());
        for (const w of writes) {
          const k = entityKey(w.kind, w.id);
          if (w.value === null) entities.delete(k);
          else entities.set(k, w.value);
        }
        log.push(...events);
        return clone(events);
      });
      chain = task.catch(() => undefined);
      return task;
    },
    async head() {
      const last = log[log.length - 1];
      return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
    },
    async *events(query: EventQuery = {}) {
      const subjects = query.subjects ? new Set(query.subjects) : undefined;
      const start = Math.max(0, (query.fromSeq ?? 1) - 1);
      for (let i = start; i < log.length; i++) {
        const e = log[i] as RecordEvent;
        if (query.toSeq !== undefined && e.seq > query.toSeq) break;
        if (matchesQuery(e, query, subjects)) yield clone(e);
      }
    },
    async get(kind, id) {
      const v = entities.get(entityKey(kind, id));
      return v === undefined ? undefined : clone(v as never);
    },
    async list(kind: EntityKind, filter?: EntityFilter) {
      const prefix = `${kind}|`;
      const out: Array<[string, unknown]> = [];
      for (const [k, v] of entities) if (k.startsWith(prefix) && matchesFilter(v, kind === 'finding' ? filter : undefined)) out.push([k, v]);
      out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return out.map(([, v]) => clone(v)) as never;
    },
    async schemaVersion() {
      return RECORD_SCHEMA_VERSION;
    },
    async close() {},
  };
}
