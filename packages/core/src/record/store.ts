import { AispmError } from '../errors';
import type { FindingState, Severity } from '../model/findings';
import { canonicalStringify, hashEvent } from './chain';
import { type ChainHead, type EventInput, type EventType, eventSubject, type RecordEvent, validateEventInput } from './events';
import { applyEvent, type EntityKind, type EntityRef, type EntityTypes, touchedEntities } from './state';

/**
 * Which events to read. Every bound is optional; events come in sequence order.
 *
 * @example
 * ```ts
 * store.events({ since: '2026-11-01T00:00:00.000Z', types: ['asset.changed'] });
 * ```
 */
export interface EventQuery {
  /** First sequence number (inclusive). */
  fromSeq?: number;
  /** Last sequence number (inclusive). */
  toSeq?: number;
  /** Only events strictly after this time (ISO 8601). */
  since?: string;
  /** Only events at or before this time (ISO 8601). */
  until?: string;
  /** Only events of this run. */
  runId?: string;
  /** Only events about these entities (exact ids). */
  subjects?: string[];
  /** Only these event types. */
  types?: EventType[];
}

/**
 * Filters of {@link PostureStore.list} for findings (ignored for other kinds).
 *
 * @example
 * ```ts
 * await store.list('finding', { states: ['open'], severities: ['critical'] });
 * ```
 */
export interface EntityFilter {
  states?: FindingState[];
  severities?: Severity[];
  ruleId?: string;
}

/**
 * The backends a record can live in.
 *
 * @example
 * ```ts
 * if (store.backend === 'postgres') console.log('shared record');
 * ```
 */
export type StoreBackend = 'memory' | 'sqlite' | 'postgres';

/**
 * Where the posture record persists: an append-only event chain plus the state materialised
 * from it, updated in the same transaction as each append. Backends: memory (the reference),
 * SQLite, PostgreSQL. All pass one conformance suite.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * await store.append([{ type: 'note.added', actor: 'alice', data: { text: 'hello' } }]);
 * (await store.head()).seq; // 1
 * ```
 */
export interface PostureStore {
  readonly backend: StoreBackend;
  /** Where it lives (file path or URL without password), for messages. */
  readonly location: string;
  /**
   * Appends a batch atomically: assigns sequence numbers, chains the hashes, folds the events
   * into the materialised state, all in one transaction. Concurrent appenders serialise.
   */
  append(inputs: readonly EventInput[], options?: { now?: Date }): Promise<RecordEvent[]>;
  /** The last event's sequence number and hash (`{ seq: 0, hash: GENESIS_HASH }` when empty). */
  head(): Promise<ChainHead>;
  /** Streams events in sequence order. */
  events(query?: EventQuery): AsyncIterable<RecordEvent>;
  /** One materialised entity. */
  get<K extends EntityKind>(kind: K, id: string): Promise<EntityTypes[K] | undefined>;
  /** Materialised entities of one kind, sorted by id. */
  list<K extends EntityKind>(kind: K, filter?: EntityFilter): Promise<Array<EntityTypes[K]>>;
  /** The schema version of the underlying storage. */
  schemaVersion(): Promise<number>;
  /** Releases connections and file handles. */
  close(): Promise<void>;
}

/** Key of an entity in a batch's working set. */
export function entityKey(kind: EntityKind, id: string): string {
  return `${kind}|${id}`;
}

/** A write produced by a batch: the new value of an entity, or null when it was removed. */
export interface EntityWrite {
  kind: EntityKind;
  id: string;
  value: unknown | null;
  /**
   * The batch created this entity before anything read it, and the store did not load it: it
   * must not exist yet. Stores insert it without replacing, and report a `conflict` if it does.
   */
  fresh?: boolean;
}

/** Event types whose fold replaces an entity without reading it: nothing to load for them. */
const WRITE_ONLY: ReadonlySet<EventType> = new Set<EventType>([
  'asset.added',
  'asset.changed',
  'asset.removed',
  'relationship.added',
  'relationship.changed',
  'relationship.removed',
  'score.changed',
]);

/**
 * The entities a batch of inputs must load before it is folded (those whose current value the
 * fold reads), deduplicated.
 *
 * @example
 * ```ts
 * const refs = batchEntities(inputs);
 * ```
 */
export function batchEntities(inputs: readonly EventInput[]): EntityRef[] {
  const seen = new Map<string, EntityRef>();
  for (const i of inputs) {
    if (WRITE_ONLY.has(i.type)) continue;
    for (const r of touchedEntities({ type: i.type, data: i.data, subject: eventSubject(i) })) seen.set(entityKey(r.kind, r.id), r);
  }
  return [...seen.values()];
}

/** Event types whose fold creates an entity, failing with a conflict when it already exists. */
const CREATES: ReadonlySet<EventType> = new Set<EventType>(['run.started', 'finding.opened', 'exception.granted']);

/**
 * What a store needs before it folds a batch: the validated inputs, the entities to load (those
 * a fold reads), and the entities the batch creates before anything reads them (`fresh`: not
 * loaded, assumed absent, inserted without replacing so that an existing one is a conflict).
 */
export interface BatchPlan {
  inputs: EventInput[];
  /** The subject of each input ({@link eventSubject}). */
  subjects: Array<string | undefined>;
  load: EntityRef[];
  fresh: Map<EntityKind, Set<string>>;
}

/**
 * The `conflict` error of a batch that creates an entity the record already holds (a concurrent
 * writer created it first).
 *
 * @example
 * ```ts
 * throw alreadyExists('finding', 'fnd_1');
 * ```
 */
export function alreadyExists(kind: EntityKind, id: string): AispmError {
  return new AispmError('conflict', `${kind} ${id} already exists in the record`, { details: { kind, id } });
}

function invalidInput(i: number, issues: Array<{ code: string; message: string; path: string }>): AispmError {
  const first = issues[0];
  return new AispmError('validation', `event ${i} of the batch is invalid: ${first?.path}: ${first?.message}`, {
    details: { issues: issues.map((x) => ({ ...x, path: `/${i}${x.path}` })) },
  });
}

/**
 * Validates a batch and works out which entities a store must load before folding it (see
 * {@link BatchPlan}). Throws a `validation` error naming the first invalid event.
 *
 * @example
 * ```ts
 * const plan = planBatch(inputs);
 * const loaded = await load(plan.load);
 * const { events, writes } = buildBatch(head, plan.inputs, loaded, new Date(), { validated: true, fresh: plan.fresh });
 * ```
 */
export function planBatch(inputs: readonly EventInput[]): BatchPlan {
  const checked: EventInput[] = new Array(inputs.length);
  const subjects: Array<string | undefined> = new Array(inputs.length);
  const load: EntityRef[] = [];
  const fresh = new Map<EntityKind, Set<string>>();
  // What the batch does with each entity it touches, by kind then id: FRESH (created before
  // anything read it), LOADED, or TOUCHED (written without a read so far).
  const seen = new Map<EntityKind, Map<string, number>>();
  for (let i = 0; i < inputs.length; i++) {
    const r = validateEventInput(inputs[i]);
    if (!r.ok) throw invalidInput(i, r.issues);
    const input = r.value;
    checked[i] = input;
    const subject = eventSubject(input);
    subjects[i] = subject;
    if (input.type === 'note.added' || input.type === 'framework.remapped') continue;
    const reads = !WRITE_ONLY.has(input.type);
    const kind = SUBJECT_KIND[input.type];
    // Most events touch one entity, their subject: no list to build for them.
    const refs = kind !== undefined && subject !== undefined ? undefined : touchedEntities({ type: input.type, data: input.data, subject });
    const n = refs ? refs.length : 1;
    for (let j = 0; j < n; j++) {
      const refKind = refs ? (refs[j] as EntityRef).kind : (kind as EntityKind);
      const refId = refs ? (refs[j] as EntityRef).id : (subject as string);
      let ids = seen.get(refKind);
      if (!ids) {
        ids = new Map();
        seen.set(refKind, ids);
      }
      const state = ids.get(refId);
      if (state === undefined && CREATES.has(input.type)) {
        ids.set(refId, FRESH);
        let f = fresh.get(refKind);
        if (!f) {
          f = new Set();
          fresh.set(refKind, f);
        }
        f.add(refId);
      } else if (reads && (state === undefined || state === TOUCHED)) {
        ids.set(refId, LOADED);
        load.push({ kind: refKind, id: refId });
      } else if (state === undefined) ids.set(refId, TOUCHED);
    }
  }
  return { inputs: checked, subjects, load, fresh };
}

/** The kind of the one entity an event type touches, its subject (see touchedEntities). */
const SUBJECT_KIND: Partial<Record<EventType, EntityKind>> = {
  'run.started': 'run',
  'run.finished': 'run',
  'asset.added': 'asset',
  'asset.changed': 'asset',
  'asset.removed': 'asset',
  'relationship.added': 'relationship',
  'relationship.changed': 'relationship',
  'relationship.removed': 'relationship',
  'finding.opened': 'finding',
  'finding.state-changed': 'finding',
  'finding.reopened': 'finding',
  'exception.granted': 'exception',
  'exception.renewed': 'exception',
  'exception.revoked': 'exception',
  'exception.expired': 'exception',
  'score.changed': 'score',
};

const FRESH = 1;
const LOADED = 2;
const TOUCHED = 3;

/**
 * The canonical JSON of the `data` of inputs `from` to `to` (exclusive), the text each event's
 * hash covers. It does not depend on the chain head, so stores compute it before they take the
 * append lock (and PostgreSQL while the server inserts the previous rows).
 *
 * @example
 * ```ts
 * const json = canonicalData(plan.inputs);
 * ```
 */
export function canonicalData(inputs: readonly EventInput[], from = 0, to = inputs.length, into: string[] = new Array(inputs.length)): string[] {
  for (let i = from; i < to; i++) into[i] = canonicalStringify((inputs[i] as EventInput).data);
  return into;
}

/**
 * Builds a batch in steps: chains and folds inputs `from` to `to` at each call, in order, so a
 * store can persist the first rows while it builds the next. Internal to the stores; see
 * {@link buildBatch}.
 *
 * @example
 * ```ts
 * const b = createBatchBuilder(head, inputs, new Map(), new Date(), { dataJson: canonicalData(inputs) });
 * b.build(0, 2500); // send b.events.slice(0, 2500) …
 * b.build(2500, inputs.length); // … then the rest, and b.writes
 * ```
 */
export interface BatchBuilder {
  /** The events built so far, in order (`events[i]` for `inputs[i]`). */
  readonly events: RecordEvent[];
  /** The entity writes of the events built so far, one per entity. */
  readonly writes: EntityWrite[];
  /** `dataJson[i]`: the canonical JSON of `events[i].data`, as hashed. */
  readonly dataJson: string[];
  /** Chains and folds inputs `from` to `to` (exclusive); `dataJson` must already hold their JSON. */
  build(from: number, to: number): void;
}

/**
 * Creates a {@link BatchBuilder} (see {@link buildBatch} for the arguments).
 *
 * @example
 * ```ts
 * const b = createBatchBuilder(head, plan.inputs, new Map(), new Date(), { validated: true, dataJson: canonicalData(plan.inputs) });
 * b.build(0, plan.inputs.length);
 * ```
 */
export function createBatchBuilder(
  head: ChainHead,
  inputs: readonly EventInput[],
  current: Map<string, unknown>,
  now: Date,
  options: BuildOptions & { dataJson: string[] },
): BatchBuilder {
  // The batch's writes by kind, then id (no joined key strings on the hot path); entities it has
  // not written yet are read from `current`.
  const work = new Map<string, Map<string, EntityWrite>>();
  const writes: EntityWrite[] = [];
  const fresh = options.fresh !== undefined && options.fresh.size > 0 ? options.fresh : undefined;
  const access = {
    get: (kind: EntityKind, id: string) => {
      const w = work.get(kind)?.get(id);
      if (w) return w.value ?? undefined;
      return current.size === 0 ? undefined : (current.get(entityKey(kind, id)) ?? undefined);
    },
    set: (kind: EntityKind, id: string, value: unknown | null) => {
      let m = work.get(kind);
      if (!m) {
        m = new Map();
        work.set(kind, m);
      }
      const w = m.get(id);
      if (w) w.value = value;
      else {
        const created: EntityWrite = fresh?.get(kind)?.has(id) ? { kind, id, value, fresh: true } : { kind, id, value };
        m.set(id, created);
        writes.push(created);
      }
    },
  };
  const defaultAt = now.toISOString();
  let seq = head.seq;
  let prev = head.hash;
  const events: RecordEvent[] = new Array(inputs.length);
  const dataJson = options.dataJson;
  const subjects = options.subjects;
  return {
    events,
    writes,
    dataJson,
    build(from, to) {
      for (let i = from; i < to; i++) {
        const input = inputs[i] as EventInput;
        seq++;
        const subject = subjects ? subjects[i] : eventSubject(input);
        const e: RecordEvent = {
          seq,
          at: input.at ? new Date(input.at).toISOString() : defaultAt,
          type: input.type,
          actor: input.actor,
          data: input.data,
          prevHash: prev,
          hash: '',
        };
        if (input.reason !== undefined) e.reason = input.reason;
        if (input.runId !== undefined) e.runId = input.runId;
        if (subject !== undefined) e.subject = subject;
        e.hash = hashEvent(prev, e, dataJson[i]);
        prev = e.hash;
        applyEvent(e, access);
        events[i] = e;
      }
    },
  };
}

/**
 * Options of {@link buildBatch}.
 *
 * @example
 * ```ts
 * const plan = planBatch(inputs);
 * buildBatch(head, plan.inputs, loaded, new Date(), { validated: true, fresh: plan.fresh, subjects: plan.subjects });
 * ```
 */
export interface BuildOptions {
  /** The inputs come from {@link planBatch}: already validated. */
  validated?: boolean;
  /** {@link BatchPlan.fresh}. */
  fresh?: ReadonlyMap<EntityKind, ReadonlySet<string>>;
  /** {@link BatchPlan.subjects}. */
  subjects?: ReadonlyArray<string | undefined>;
  /** The canonical JSON of every input's data, from {@link canonicalData}. */
  dataJson?: string[];
}

/**
 * Turns a batch of inputs into chained events and the entity writes they imply, given the chain
 * head and the current value of every entity in {@link batchEntities}. Pure: the store runs it
 * inside its transaction and persists the result. `dataJson[i]` is the canonical JSON of
 * `events[i].data`, the bytes the hash covers, for the store to persist as is.
 *
 * @example
 * ```ts
 * const { events, writes } = buildBatch(head, inputs, loaded, new Date());
 * ```
 */
export function buildBatch(
  head: ChainHead,
  inputs: readonly EventInput[],
  current: Map<string, unknown>,
  now: Date,
  options: BuildOptions = {},
): { events: RecordEvent[]; writes: EntityWrite[]; dataJson: string[] } {
  let checked = inputs;
  if (!options.validated) {
    const out: EventInput[] = new Array(inputs.length);
    for (let i = 0; i < inputs.length; i++) {
      const r = validateEventInput(inputs[i]);
      if (!r.ok) throw invalidInput(i, r.issues);
      out[i] = r.value;
    }
    checked = out;
  }
  const b = createBatchBuilder(head, checked, current, now, { ...options, dataJson: options.dataJson ?? canonicalData(checked) });
  b.build(0, checked.length);
  return { events: b.events, writes: b.writes, dataJson: b.dataJson };
}

/**
 * Whether an event matches a query (used by backends that filter in memory).
 *
 * @example
 * ```ts
 * matchesQuery(event, { types: ['asset.added'] });
 * ```
 */
export function matchesQuery(e: RecordEvent, q: EventQuery, subjects?: Set<string>): boolean {
  if (q.fromSeq !== undefined && e.seq < q.fromSeq) return false;
  if (q.toSeq !== undefined && e.seq > q.toSeq) return false;
  if (q.since !== undefined && !(e.at > q.since)) return false;
  if (q.until !== undefined && !(e.at <= q.until)) return false;
  if (q.runId !== undefined && e.runId !== q.runId) return false;
  if (q.types && !q.types.includes(e.type)) return false;
  if (subjects && (e.subject === undefined || !subjects.has(e.subject))) return false;
  return true;
}

/**
 * Whether a materialised finding passes a filter.
 *
 * @example
 * ```ts
 * matchesFilter(finding, { states: ['open'] });
 * ```
 */
export function matchesFilter(value: unknown, f: EntityFilter | undefined): boolean {
  if (!f) return true;
  const v = value as { state?: string; severity?: string; ruleId?: string };
  if (f.states && !f.states.includes(v.state as FindingState)) return false;
  if (f.severities && !f.severities.includes(v.severity as Severity)) return false;
  if (f.ruleId !== undefined && v.ruleId !== f.ruleId) return false;
  return true;
}
