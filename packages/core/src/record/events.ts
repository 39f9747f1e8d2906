import { z } from 'zod';
import { FINDING_STATES, FindingStateSchema } from '../model/findings';

/**
 * Every event type of the posture record.
 *
 * @example
 * ```ts
 * EVENT_TYPES.includes('finding.reopened'); // true
 * ```
 */
export const EVENT_TYPES = [
  'run.started',
  'run.finished',
  'asset.added',
  'asset.changed',
  'asset.removed',
  'relationship.added',
  'relationship.changed',
  'relationship.removed',
  'finding.opened',
  'finding.seen',
  'finding.state-changed',
  'finding.reopened',
  'exception.granted',
  'exception.renewed',
  'exception.revoked',
  'exception.expired',
  'score.changed',
  'framework.remapped',
  'note.added',
] as const;
/**
 * One of {@link EVENT_TYPES}.
 *
 * @example
 * ```ts
 * const t: EventType = 'exception.expired';
 * ```
 */
export type EventType = (typeof EVENT_TYPES)[number];
/**
 * Zod schema for {@link EventType}.
 *
 * @example
 * ```ts
 * EventTypeSchema.parse('asset.changed');
 * ```
 */
export const EventTypeSchema = z.enum(EVENT_TYPES);

/**
 * The hash that precedes the first event of every chain (64 zeros).
 *
 * @example
 * ```ts
 * firstEvent.prevHash === GENESIS_HASH; // true
 * ```
 */
export const GENESIS_HASH = '0'.repeat(64);

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// Checked without copying: events carry whole assets and findings, and validation is on the append path.
const obj = z.custom<Record<string, unknown>>(isPlainObject, { message: 'expected an object' });
const fieldChange = z.object({ field: z.string(), before: z.unknown().optional(), after: z.unknown().optional() });
const transition = z.object({
  id: z.string(),
  from: FindingStateSchema,
  to: FindingStateSchema,
  exceptionId: z.string().optional(),
  deferUntil: z.string().optional(),
  deferTrigger: z.string().optional(),
});

/**
 * Zod schemas of the `data` of each event type.
 *
 * @example
 * ```ts
 * EVENT_DATA_SCHEMAS['exception.renewed'].parse({ id: 'exc_1', expiresAt: '2027-01-01T00:00:00.000Z' });
 * ```
 */
export const EVENT_DATA_SCHEMAS = {
  'run.started': z.object({ runId: z.string().min(1), versions: obj.default({}), sources: z.array(obj).optional() }),
  'run.finished': z.object({ runId: z.string().min(1), summary: z.record(z.string(), z.number()).default({}) }),
  'asset.added': z.object({ asset: obj }),
  'asset.changed': z.object({ id: z.string(), changes: z.array(fieldChange), asset: obj }),
  'asset.removed': z.object({ id: z.string() }),
  'relationship.added': z.object({ relationship: obj }),
  'relationship.changed': z.object({ id: z.string(), changes: z.array(fieldChange), relationship: obj }),
  'relationship.removed': z.object({ id: z.string() }),
  'finding.opened': z.object({ finding: obj }),
  'finding.seen': z.object({ ids: z.array(z.string()) }),
  'finding.state-changed': transition,
  'finding.reopened': transition,
  'exception.granted': z.object({ exception: obj }),
  'exception.renewed': z.object({ id: z.string(), expiresAt: z.string(), approver: z.string().optional(), basis: z.string().optional() }),
  'exception.revoked': z.object({ id: z.string() }),
  'exception.expired': z.object({ id: z.string() }),
  'score.changed': z.object({
    subject: z.string(),
    kind: z.enum(['finding', 'asset']),
    modelId: z.string(),
    before: z.object({ value: z.number().nullable(), band: z.string() }).nullable(),
    after: z.object({ value: z.number().nullable(), band: z.string() }),
  }),
  'framework.remapped': obj,
  'note.added': z.object({ subject: z.string().optional(), text: z.string().min(1) }),
} as const satisfies Record<EventType, z.ZodType>;

/**
 * What a caller appends: the store adds the sequence number, the previous hash and the hash.
 *
 * @example
 * ```ts
 * const input: EventInput = { type: 'note.added', actor: 'alice', reason: 'audit prep', data: { text: 'reviewed' } };
 * ```
 */
export const EventInputSchema = z
  .object({
    type: EventTypeSchema,
    actor: z.string().min(1),
    reason: z.string().optional(),
    at: z.iso.datetime({ offset: true }).optional(),
    runId: z.string().optional(),
    data: obj,
  })
  .strict();
/** See {@link EventInputSchema}. */
export type EventInput = z.infer<typeof EventInputSchema>;

/**
 * One event of the chain as stored: sequence number (from 1, no gaps), time, actor, reason, the
 * run it belongs to, its subject (the entity it is about), its data, and the SHA-256 chain links.
 *
 * @example
 * ```ts
 * const event = RecordEventSchema.parse(JSON.parse(line));
 * ```
 */
export const RecordEventSchema = z
  .object({
    seq: z.int().positive(),
    at: z.string(),
    type: EventTypeSchema,
    actor: z.string(),
    reason: z.string().optional(),
    runId: z.string().optional(),
    subject: z.string().optional(),
    data: obj,
    prevHash: z.string().regex(/^[0-9a-f]{64}$/),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
/**
 * See {@link RecordEventSchema}.
 *
 * @example
 * ```ts
 * for await (const e of store.events({ types: ['finding.reopened'] })) console.log(e.seq, e.subject, e.reason);
 * ```
 */
export type RecordEvent = z.infer<typeof RecordEventSchema>;

/**
 * The last link of a chain: its sequence number (0 when empty) and hash.
 *
 * @example
 * ```ts
 * const head: ChainHead = await store.head(); // { seq: 42, hash: '…' }
 * ```
 */
export interface ChainHead {
  seq: number;
  hash: string;
}

const STATES: ReadonlySet<unknown> = new Set(FINDING_STATES);
const optString = (v: unknown) => v === undefined || typeof v === 'string';
const quickTransition = (d: Record<string, unknown>) =>
  typeof d.id === 'string' && STATES.has(d.from) && STATES.has(d.to) && optString(d.exceptionId) && optString(d.deferUntil) && optString(d.deferTrigger);
const quickChanges = (v: unknown) => Array.isArray(v) && v.every((c) => isPlainObject(c) && typeof c.field === 'string');
/** Hand-written equivalents of {@link EVENT_DATA_SCHEMAS} for the most frequent event types. */
const QUICK_CHECKS: Partial<Record<EventType, (d: Record<string, unknown>) => boolean>> = {
  'asset.added': (d) => isPlainObject(d.asset),
  'asset.changed': (d) => typeof d.id === 'string' && quickChanges(d.changes) && isPlainObject(d.asset),
  'asset.removed': (d) => typeof d.id === 'string',
  'relationship.added': (d) => isPlainObject(d.relationship),
  'relationship.changed': (d) => typeof d.id === 'string' && quickChanges(d.changes) && isPlainObject(d.relationship),
  'relationship.removed': (d) => typeof d.id === 'string',
  'finding.opened': (d) => isPlainObject(d.finding),
  'finding.seen': (d) => Array.isArray(d.ids) && d.ids.every((x) => typeof x === 'string'),
  'finding.state-changed': quickTransition,
  'finding.reopened': quickTransition,
  'note.added': (d) => optString(d.subject) && typeof d.text === 'string' && d.text.length >= 1,
};

const INPUT_FIELDS: ReadonlySet<string> = new Set(['type', 'actor', 'reason', 'at', 'runId', 'data']);

/**
 * Validates an event input against the schema of its type. Returns issues with JSON pointers.
 *
 * @example
 * ```ts
 * const r = validateEventInput({ type: 'note.added', actor: 'a', data: { text: 'x' } });
 * r.ok; // true
 * ```
 */
export function validateEventInput(
  input: unknown,
): { ok: true; value: EventInput } | { ok: false; issues: Array<{ code: string; message: string; path: string }> } {
  if (!isPlainObject(input)) return bad('', 'expected an event object');
  const i = input as Record<string, unknown>;
  // The envelope is checked by hand (the same rules as EventInputSchema): this is the hot path.
  if (typeof i.type !== 'string' || !(i.type in EVENT_DATA_SCHEMAS)) return bad('/type', `unknown event type ${JSON.stringify(i.type)}`);
  if (typeof i.actor !== 'string' || i.actor.length === 0) return bad('/actor', 'every event needs an actor');
  if (i.reason !== undefined && typeof i.reason !== 'string') return bad('/reason', 'reason must be a string');
  if (i.runId !== undefined && typeof i.runId !== 'string') return bad('/runId', 'runId must be a string');
  if (i.at !== undefined && (typeof i.at !== 'string' || Number.isNaN(Date.parse(i.at)))) return bad('/at', 'at must be an ISO 8601 date-time');
  if (!isPlainObject(i.data)) return bad('/data', 'data must be an object');
  for (const k in i) {
    if (!INPUT_FIELDS.has(k) && Object.hasOwn(i, k)) return bad(`/${k}`, `unknown field "${k}"`);
  }
  // Hot event types are checked by hand first (never more leniently than their schema, and none of
  // them has defaults to add); anything the quick check does not accept goes through the schema.
  if (QUICK_CHECKS[i.type as EventType]?.(i.data as Record<string, unknown>)) return { ok: true, value: i as EventInput };
  const data = EVENT_DATA_SCHEMAS[i.type as EventType].safeParse(i.data);
  if (!data.success) {
    return { ok: false, issues: data.error.issues.map((x) => ({ code: `event/${x.code}`, message: x.message, path: `/data/${x.path.join('/')}` })) };
  }
  // The caller's data is recorded as given (fields the schema does not name are kept); only
  // defaults the schema added are merged in.
  const given = i.data as Record<string, unknown>;
  let added = false;
  for (const k in data.data as Record<string, unknown>) {
    if (!(k in given)) {
      added = true;
      break;
    }
  }
  if (!added) return { ok: true, value: i as EventInput };
  return { ok: true, value: { ...(i as EventInput), data: { ...given, ...(data.data as Record<string, unknown>) } } };
}

/** An invalid event input's result (a function declaration: nothing is created per call). */
function bad(path: string, message: string): { ok: false; issues: Array<{ code: string; message: string; path: string }> } {
  return { ok: false, issues: [{ code: 'event/invalid', message, path }] };
}

/**
 * The entity an event is about: a run id, asset id, relationship id, finding id, exception id or
 * score subject. `finding.seen` (many findings) and `framework.remapped` have none.
 *
 * @example
 * ```ts
 * eventSubject({ type: 'asset.removed', data: { id: 'model:openai/gpt-4o' } }); // 'model:openai/gpt-4o'
 * ```
 */
export function eventSubject(e: { type: EventType; data: Record<string, unknown> }): string | undefined {
  const d = e.data as Record<string, Record<string, unknown> | string | undefined>;
  switch (e.type) {
    case 'run.started':
    case 'run.finished':
      return d.runId as string;
    case 'asset.added':
      return (d.asset as Record<string, unknown>).id as string;
    case 'relationship.added':
      return (d.relationship as Record<string, unknown>).id as string;
    case 'finding.opened':
      return (d.finding as Record<string, unknown>).id as string;
    case 'exception.granted':
      return (d.exception as Record<string, unknown>).id as string;
    case 'score.changed':
      return d.subject as string;
    case 'note.added':
      return d.subject as string | undefined;
    case 'finding.seen':
    case 'framework.remapped':
      return undefined;
    default:
      return d.id as string;
  }
}
