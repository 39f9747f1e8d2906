import type { EventType, RecordEvent } from './events';
import type { EntityFilter, EventQuery } from './store';

/**
 * The current schema version of durable stores.
 *
 * @example
 * ```ts
 * (await store.schemaVersion()) === RECORD_SCHEMA_VERSION; // true after opening
 * ```
 */
export const RECORD_SCHEMA_VERSION = 3;

/** A row of the `events` table. */
export interface EventRow {
  seq: number | string;
  at: string;
  type: string;
  actor: string;
  reason: string | null;
  run_id: string | null;
  subject: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

/** Turns a stored row back into an event. */
export function rowToEvent(r: EventRow): RecordEvent {
  const e: RecordEvent = {
    seq: Number(r.seq),
    at: r.at,
    type: r.type as EventType,
    actor: r.actor,
    data: JSON.parse(r.data) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
  if (r.reason !== null) e.reason = r.reason;
  if (r.run_id !== null) e.runId = r.run_id;
  if (r.subject !== null) e.subject = r.subject;
  return e;
}

/** The values of an event for an insert, in column order. */
export function eventValues(e: RecordEvent, dataJson?: string): Array<string | number | null> {
  return [e.seq, e.at, e.type, e.actor, e.reason ?? null, e.runId ?? null, e.subject ?? null, dataJson ?? JSON.stringify(e.data), e.prevHash, e.hash];
}

/** Column list of the events table. */
export const EVENT_COLUMNS = 'seq, at, type, actor, reason, run_id, subject, data, prev_hash, hash';

/**
 * Builds a WHERE clause for an event query. `param(i)` renders the i-th placeholder.
 * Subject lists longer than 500 ids are filtered by the caller instead.
 */
export function eventWhere(q: EventQuery, afterSeq: number, param: (i: number) => string): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (cond: (p: string) => string, v: unknown) => {
    params.push(v);
    parts.push(cond(param(params.length)));
  };
  add((p) => `seq > ${p}`, Math.max(afterSeq, (q.fromSeq ?? 1) - 1));
  if (q.toSeq !== undefined) add((p) => `seq <= ${p}`, q.toSeq);
  if (q.since !== undefined) add((p) => `at > ${p}`, q.since);
  if (q.until !== undefined) add((p) => `at <= ${p}`, q.until);
  if (q.runId !== undefined) add((p) => `run_id = ${p}`, q.runId);
  if (q.types && q.types.length > 0) {
    const ph = q.types.map((t) => {
      params.push(t);
      return param(params.length);
    });
    parts.push(`type IN (${ph.join(', ')})`);
  }
  if (q.subjects && q.subjects.length <= 500) {
    if (q.subjects.length === 0) parts.push('1 = 0');
    else {
      const ph = q.subjects.map((s) => {
        params.push(s);
        return param(params.length);
      });
      parts.push(`subject IN (${ph.join(', ')})`);
    }
  }
  return { sql: parts.join(' AND '), params };
}

/** WHERE clause (after `kind = ?`) for a findings filter. */
export function entityWhere(f: EntityFilter | undefined, startIndex: number, param: (i: number) => string): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const list = (col: string, values: readonly string[]) => {
    const ph = values.map((v) => {
      params.push(v);
      return param(startIndex + params.length);
    });
    parts.push(values.length ? `${col} IN (${ph.join(', ')})` : '1 = 0');
  };
  if (f?.states) list('state', f.states);
  if (f?.severities) list('severity', f.severities);
  if (f?.ruleId !== undefined) {
    params.push(f.ruleId);
    parts.push(`rule_id = ${param(startIndex + params.length)}`);
  }
  return { sql: parts.length ? ` AND ${parts.join(' AND ')}` : '', params };
}

/** The indexed columns of an entity row. */
export function entityColumns(value: unknown): { state: string | null; severity: string | null; ruleId: string | null } {
  const v = value as { state?: unknown; severity?: unknown; ruleId?: unknown };
  return {
    state: typeof v.state === 'string' ? v.state : null,
    severity: typeof v.severity === 'string' ? v.severity : null,
    ruleId: typeof v.ruleId === 'string' ? v.ruleId : null,
  };
}
