import { AispmError } from '../errors';
import type { Asset, Relationship } from '../model/asset';
import type { Finding, FindingState } from '../model/findings';
import type { RecordEvent } from './events';
import { FindingLifecycle } from './lifecycle';

/**
 * A finding as the record holds it: the finding plus lifecycle bookkeeping.
 *
 * @example
 * ```ts
 * const f: RecordedFinding | undefined = await record.finding('fnd_…');
 * f?.reopenCount;
 * ```
 */
export interface RecordedFinding extends Finding {
  /** When it was first opened. */
  openedAt: string;
  /** When its state last changed. */
  stateChangedAt: string;
  /** How many times it reopened. */
  reopenCount: number;
  /** Re-evaluation date while deferred. */
  deferUntil?: string;
  /** Re-evaluation trigger while deferred. */
  deferTrigger?: string;
  /** The last run that saw it failing. */
  lastRunId?: string;
}

/**
 * Status of an exception in the register.
 *
 * @example
 * ```ts
 * (await record.exceptions({ status: 'expired' })).length;
 * ```
 */
export type ExceptionStatus = 'active' | 'revoked' | 'expired';

/**
 * An exception: exact scope (rule id + asset ids), who owns and approved it, until when.
 *
 * @example
 * ```ts
 * for (const x of await record.exceptions({ expiringWithinDays: 30 })) console.log(x.id, x.owner, x.expiresAt);
 * ```
 */
export interface ExceptionEntry {
  id: string;
  ruleId: string;
  /** Sorted asset ids it covers, matched exactly. */
  assetIds: string[];
  owner: string;
  basis: string;
  approver: string;
  grantedAt: string;
  expiresAt: string;
  reviewTrigger?: string;
  status: ExceptionStatus;
  renewals: number;
  updatedAt: string;
}

/**
 * One run as the record holds it.
 *
 * @example
 * ```ts
 * const [first] = await record.runs();
 * first?.versions;
 * ```
 */
export interface RunEntry {
  id: string;
  actor: string;
  startedAt: string;
  finishedAt?: string;
  versions: Record<string, unknown>;
  summary?: Record<string, number>;
  firstSeq: number;
  lastSeq?: number;
}

/**
 * The latest score of a finding or asset.
 *
 * @example
 * ```ts
 * const s = await store.get('score', 'model:openai/gpt-4o');
 * s?.band;
 * ```
 */
export interface ScoreEntry {
  subject: string;
  kind: 'finding' | 'asset';
  modelId: string;
  value: number | null;
  band: string;
  at: string;
  runId?: string;
}

/**
 * The kinds of materialised entity, with their shapes.
 *
 * @example
 * ```ts
 * const x: EntityTypes['exception'] | undefined = await store.get('exception', 'exc_1');
 * ```
 */
export interface EntityTypes {
  asset: Asset;
  relationship: Relationship;
  finding: RecordedFinding;
  exception: ExceptionEntry;
  run: RunEntry;
  score: ScoreEntry;
}
/**
 * One of the materialised entity kinds.
 *
 * @example
 * ```ts
 * const kind: EntityKind = 'finding';
 * ```
 */
export type EntityKind = keyof EntityTypes;
/**
 * The materialised entity kinds.
 *
 * @example
 * ```ts
 * for (const kind of ENTITY_KINDS) console.log(kind, (await store.list(kind)).length);
 * ```
 */
export const ENTITY_KINDS: readonly EntityKind[] = ['asset', 'relationship', 'finding', 'exception', 'run', 'score'];

/**
 * A reference to one materialised entity.
 *
 * @example
 * ```ts
 * const ref: EntityRef = { kind: 'asset', id: 'model:openai/gpt-4o' };
 * ```
 */
export interface EntityRef {
  kind: EntityKind;
  id: string;
}

/**
 * Read and write access to materialised entities, used while folding.
 *
 * @example
 * ```ts
 * applyEvent(event, stateAccess(emptyState()));
 * ```
 */
export interface EntityAccess {
  get(kind: EntityKind, id: string): unknown;
  set(kind: EntityKind, id: string, value: unknown | null): void;
}

/**
 * The entities an event reads or writes when it is folded, so a store can load them before a
 * batch is applied.
 *
 * @example
 * ```ts
 * touchedEntities({ type: 'asset.removed', data: { id: 'model:x' } }); // [{ kind: 'asset', id: 'model:x' }]
 * ```
 */
export function touchedEntities(e: { type: RecordEvent['type']; data: RecordEvent['data']; subject?: string | undefined }): EntityRef[] {
  const d = e.data as Record<string, unknown>;
  switch (e.type) {
    case 'run.started':
    case 'run.finished':
      return [{ kind: 'run', id: d.runId as string }];
    case 'asset.added':
    case 'asset.changed':
    case 'asset.removed':
      return [{ kind: 'asset', id: e.subject as string }];
    case 'relationship.added':
    case 'relationship.changed':
    case 'relationship.removed':
      return [{ kind: 'relationship', id: e.subject as string }];
    case 'finding.opened':
    case 'finding.state-changed':
    case 'finding.reopened':
      return [{ kind: 'finding', id: e.subject as string }];
    case 'finding.seen':
      return (d.ids as string[]).map((id) => ({ kind: 'finding' as const, id }));
    case 'exception.granted':
    case 'exception.renewed':
    case 'exception.revoked':
    case 'exception.expired':
      return [{ kind: 'exception', id: e.subject as string }];
    case 'score.changed':
      return [{ kind: 'score', id: e.subject as string }];
    default:
      return [];
  }
}

/**
 * A shallow copy of an entity, for the fold to update. `Object.assign` onto a fresh object is an
 * order of magnitude faster in V8 than an object spread with extra properties (the fold's hot
 * path); a source with an own `__proto__` key (possible from `JSON.parse`) is spread instead, so
 * the key stays data and never sets the copy's prototype.
 */
function copy<T extends object>(v: T): T {
  return Object.hasOwn(v, '__proto__') ? { ...v } : Object.assign({}, v);
}

function need<T>(v: unknown, kind: EntityKind, id: string, e: RecordEvent): T {
  if (v === undefined || v === null) {
    throw new AispmError('not-found', `event ${e.seq} (${e.type}) refers to unknown ${kind} ${id}`, { details: { seq: e.seq, kind, id } });
  }
  return v as T;
}

/**
 * Folds one event into materialised state. The same function is used by every store (inside the
 * append transaction) and by folds to a past time, so all views agree. A transition whose
 * `from` is not the current state throws a `conflict` error (a concurrent writer won).
 *
 * @example
 * ```ts
 * const m = new Map();
 * applyEvent(event, { get: (k, id) => m.get(`${k}|${id}`), set: (k, id, v) => m.set(`${k}|${id}`, v) });
 * ```
 */
export function applyEvent(e: RecordEvent, s: EntityAccess): void {
  const d = e.data as Record<string, unknown>;
  const id = e.subject as string;
  switch (e.type) {
    case 'run.started': {
      if (s.get('run', id)) throw new AispmError('conflict', `run ${id} already exists`, { details: { seq: e.seq } });
      const run: RunEntry = { id, actor: e.actor, startedAt: e.at, versions: (d.versions as Record<string, unknown>) ?? {}, firstSeq: e.seq };
      s.set('run', id, run);
      return;
    }
    case 'run.finished': {
      const run = need<RunEntry>(s.get('run', id), 'run', id, e);
      const next = copy(run);
      next.finishedAt = e.at;
      next.summary = d.summary as Record<string, number>;
      next.lastSeq = e.seq;
      s.set('run', id, next);
      return;
    }
    case 'asset.added':
      s.set('asset', id, d.asset);
      return;
    case 'asset.changed':
      s.set('asset', id, d.asset);
      return;
    case 'asset.removed':
      s.set('asset', id, null);
      return;
    case 'relationship.added':
    case 'relationship.changed':
      s.set('relationship', id, d.relationship);
      return;
    case 'relationship.removed':
      s.set('relationship', id, null);
      return;
    case 'finding.opened': {
      // A second writer that reconciled the same failure from a stale view must not reset it.
      if (s.get('finding', id)) throw new AispmError('conflict', `finding ${id} is already open in the record`, { details: { seq: e.seq, id } });
      const f = d.finding as unknown as Finding;
      const rec = copy(f) as RecordedFinding;
      rec.openedAt = e.at;
      rec.stateChangedAt = e.at;
      rec.reopenCount = 0;
      if (e.runId) rec.lastRunId = e.runId;
      s.set('finding', id, rec);
      return;
    }
    case 'finding.seen': {
      for (const fid of d.ids as string[]) {
        const f = need<RecordedFinding>(s.get('finding', fid), 'finding', fid, e);
        const next = copy(f);
        next.lastSeen = e.at;
        if (e.runId) next.lastRunId = e.runId;
        s.set('finding', fid, next);
      }
      return;
    }
    case 'finding.state-changed':
    case 'finding.reopened': {
      const f = need<RecordedFinding>(s.get('finding', id), 'finding', id, e);
      const from = d.from as FindingState;
      const to = d.to as FindingState;
      if (f.state !== from) {
        throw new AispmError('conflict', `finding ${id} is ${f.state}, not ${from}`, { details: { seq: e.seq, id, state: f.state } });
      }
      if (!FindingLifecycle.canTransition(from, to)) {
        throw new AispmError('illegal-transition', `a finding cannot move from ${from} to ${to}`, { details: { seq: e.seq, id } });
      }
      const next = copy(f);
      next.state = to;
      next.stateChangedAt = e.at;
      // `delete` only when present: deleting turns objects into slow dictionaries, and folds are hot.
      if (next.exceptionId !== undefined) delete next.exceptionId;
      if (next.deferUntil !== undefined) delete next.deferUntil;
      if (next.deferTrigger !== undefined) delete next.deferTrigger;
      if (to === 'accepted' && d.exceptionId) next.exceptionId = d.exceptionId as string;
      if (to === 'deferred') {
        if (d.deferUntil) next.deferUntil = d.deferUntil as string;
        if (d.deferTrigger) next.deferTrigger = d.deferTrigger as string;
      }
      if (FindingLifecycle.isReopen(from, to) && from !== 'accepted') {
        next.reopenCount = f.reopenCount + 1;
        next.lastSeen = e.at;
        if (e.runId) next.lastRunId = e.runId;
      }
      s.set('finding', id, next);
      return;
    }
    case 'exception.granted': {
      if (s.get('exception', id)) throw new AispmError('conflict', `exception ${id} already exists`, { details: { seq: e.seq } });
      const x = copy(d.exception as ExceptionEntry);
      x.status = 'active';
      x.renewals = 0;
      x.updatedAt = e.at;
      s.set('exception', id, x);
      return;
    }
    case 'exception.renewed': {
      const x = need<ExceptionEntry>(s.get('exception', id), 'exception', id, e);
      const next = copy(x);
      next.expiresAt = d.expiresAt as string;
      next.status = 'active';
      next.renewals = x.renewals + 1;
      next.updatedAt = e.at;
      if (d.approver) next.approver = d.approver as string;
      if (d.basis) next.basis = d.basis as string;
      s.set('exception', id, next);
      return;
    }
    case 'exception.revoked':
    case 'exception.expired': {
      const x = need<ExceptionEntry>(s.get('exception', id), 'exception', id, e);
      const next = copy(x);
      next.status = e.type === 'exception.revoked' ? 'revoked' : 'expired';
      next.updatedAt = e.at;
      s.set('exception', id, next);
      return;
    }
    case 'score.changed': {
      const after = d.after as { value: number | null; band: string };
      const sc: ScoreEntry = { subject: id, kind: d.kind as 'finding' | 'asset', modelId: d.modelId as string, value: after.value, band: after.band, at: e.at };
      if (e.runId) sc.runId = e.runId;
      s.set('score', id, sc);
      return;
    }
    default:
      return;
  }
}

/**
 * Materialised state held in memory: one map per entity kind.
 *
 * @example
 * ```ts
 * const past: PostureState = await record.stateAt({ time: '2026-10-01T00:00:00Z' });
 * past.findings.size;
 * ```
 */
export interface PostureState {
  assets: Map<string, Asset>;
  relationships: Map<string, Relationship>;
  findings: Map<string, RecordedFinding>;
  exceptions: Map<string, ExceptionEntry>;
  runs: Map<string, RunEntry>;
  scores: Map<string, ScoreEntry>;
  /** Sequence number and hash of the last event folded. */
  head: { seq: number; hash: string };
}

const MAP_OF: Record<EntityKind, keyof Omit<PostureState, 'head'>> = {
  asset: 'assets',
  relationship: 'relationships',
  finding: 'findings',
  exception: 'exceptions',
  run: 'runs',
  score: 'scores',
};

/**
 * An empty {@link PostureState}.
 *
 * @example
 * ```ts
 * const state = emptyState();
 * ```
 */
export function emptyState(): PostureState {
  return {
    assets: new Map(),
    relationships: new Map(),
    findings: new Map(),
    exceptions: new Map(),
    runs: new Map(),
    scores: new Map(),
    head: { seq: 0, hash: '0'.repeat(64) },
  };
}

/**
 * {@link EntityAccess} over an in-memory {@link PostureState}.
 *
 * @example
 * ```ts
 * applyEvent(event, stateAccess(state));
 * ```
 */
export function stateAccess(state: PostureState): EntityAccess {
  return {
    get: (kind, id) => (state[MAP_OF[kind]] as Map<string, unknown>).get(id),
    set: (kind, id, value) => {
      const m = state[MAP_OF[kind]] as Map<string, unknown>;
      if (value === null) m.delete(id);
      else m.set(id, value);
    },
  };
}

/**
 * Folds events (in sequence order) into state: the posture as of the last event folded.
 *
 * @example
 * ```ts
 * const state = foldEvents(events);
 * state.findings.size;
 * ```
 */
export function foldEvents(events: Iterable<RecordEvent>, into: PostureState = emptyState()): PostureState {
  const access = stateAccess(into);
  for (const e of events) {
    applyEvent(e, access);
    into.head = { seq: e.seq, hash: e.hash };
  }
  return into;
}
