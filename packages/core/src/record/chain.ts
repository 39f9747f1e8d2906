import * as crypto from 'node:crypto';
import { canonicalJson } from '../util/canonical-json';
import { GENESIS_HASH, type RecordEvent, RecordEventSchema } from './events';

/**
 * Canonical JSON of a value: object keys sorted by UTF-16 code unit at every depth (integer-like
 * keys included, which plain object key order would put first), `undefined` properties omitted:
 * the chain hashes every event with it.
 *
 * @example
 * ```ts
 * canonicalStringify({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 * ```
 */
export function canonicalStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  // Fast path: a copy with keys inserted in sorted order, written by the native serialiser, which
  // keeps insertion order for every key that is not an array index. That is about twice as fast
  // as building the text in JavaScript and leaves one flat string instead of a tree of pieces.
  // A key starting with a digit (which might be an array index, ordered first by the engine), a
  // key named `__proto__` or a `toJSON` method sends the whole value to the general path.
  const sorted = sortedCopy(value);
  return sorted === UNSORTABLE ? writeCanonical(value) : (JSON.stringify(sorted) ?? 'null');
}

const UNSORTABLE: unique symbol = Symbol('unsortable');

function sortedCopy(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  // A toJSON method (own or inherited) may return anything: left to the general path.
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return UNSORTABLE;
  if (Array.isArray(v)) {
    // The array itself is reused unless an element needs a sorted copy.
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const e = v[i];
      const x = sortedCopy(e);
      if (x === UNSORTABLE) return UNSORTABLE;
      if (out === undefined && x !== e) {
        out = new Array(v.length);
        for (let j = 0; j < i; j++) out[j] = v[j];
      }
      if (out !== undefined) out[i] = x;
    }
    return out ?? v;
  }
  const keys = Object.keys(v);
  const proto = Object.getPrototypeOf(v);
  // Only plain objects are reused (the serialiser writes boxed primitives as their value).
  let sorted = proto === Object.prototype || proto === null;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const c = k.charCodeAt(0);
    if ((c >= 48 && c <= 57) || k === '__proto__') return UNSORTABLE;
    if (i > 0 && (keys[i - 1] as string) > k) sorted = false;
  }
  const src = v as Record<string, unknown>;
  if (sorted) {
    // Keys already in order: reuse the object unless a value needs a sorted copy.
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const e = src[k];
      const x = sortedCopy(e);
      if (x === UNSORTABLE) return UNSORTABLE;
      if (out === undefined && x !== e) {
        out = {};
        for (let j = 0; j < i; j++) out[keys[j] as string] = src[keys[j] as string];
      }
      if (out !== undefined) out[k] = x;
    }
    return out ?? v;
  }
  keys.sort();
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const x = sortedCopy(src[k]);
    if (x === UNSORTABLE) return UNSORTABLE;
    out[k] = x;
  }
  return out;
}

/** The general path of {@link canonicalStringify}: the text written key by key. */
function writeCanonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (i > 0) out += ',';
      out += v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : writeCanonical(v);
    }
    return `${out}]`;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return writeCanonical((value as { toJSON: () => unknown }).toJSON());
  const keys = Object.keys(value).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(k)}:${writeCanonical(v)}`;
  }
  return `${out}}`;
}

/**
 * The canonical serialisation an event's hash covers: every field except `hash` and
 * `prevHash`, keys sorted at every depth, `undefined` fields omitted. `dataJson`, when given, is
 * the canonical JSON of `data` already computed (stores persist the same string).
 *
 * @example
 * ```ts
 * canonicalEventPayload(event); // '{"actor":"alice","at":"…","data":{…},"seq":1,"type":"note.added"}'
 * ```
 */
export function canonicalEventPayload(e: Omit<RecordEvent, 'hash' | 'prevHash'>, dataJson?: string): string {
  // Keys in sorted order: actor, at, data, reason, runId, seq, subject, type.
  let out = `{"actor":${quoted(e.actor)},"at":${quoted(e.at)},"data":${dataJson ?? canonicalStringify(e.data)}`;
  if (e.reason !== undefined) out += `,"reason":${quoted(e.reason)}`;
  if (e.runId !== undefined) out += `,"runId":${quoted(e.runId)}`;
  out += `,"seq":${e.seq}`;
  if (e.subject !== undefined) out += `,"subject":${JSON.stringify(e.subject)}`;
  return `${out},"type":${quoted(e.type)}}`;
}

// Actors, times, reasons, run ids and types repeat from event to event: their JSON is kept.
const QUOTED = new Map<string, string>();
function quoted(s: string): string {
  let q = QUOTED.get(s);
  if (q === undefined) {
    q = JSON.stringify(s);
    if (s.length <= 256) {
      if (QUOTED.size >= 512) QUOTED.clear();
      QUOTED.set(s, q);
    }
  }
  return q;
}

/**
 * SHA-256 over the previous event's hash, a newline and the canonical payload of this event.
 *
 * @example
 * ```ts
 * const hash = hashEvent(GENESIS_HASH, { seq: 1, at, type: 'note.added', actor: 'a', data: { text: 'x' } });
 * ```
 */
export function hashEvent(prevHash: string, e: Omit<RecordEvent, 'hash' | 'prevHash'>, dataJson?: string): string {
  const text = `${prevHash}\n${canonicalEventPayload(e, dataJson)}`;
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}

// One-shot hashing (Node ≥ 20.12) avoids a Hash object per event; older runtimes use createHash.
const oneShot = (crypto as unknown as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

/**
 * Why a chain link is broken.
 *
 * @example
 * ```ts
 * if (!v.ok && v.reason === 'sequence-gap') console.log(`event ${v.firstBrokenSeq} was deleted`);
 * ```
 */
export type ChainBreakReason = 'sequence-gap' | 'prev-hash-mismatch' | 'hash-mismatch' | 'malformed' | 'head-mismatch';

/**
 * The outcome of {@link verifyChain}.
 *
 * @example
 * ```ts
 * const v: ChainVerification = await record.verify();
 * if (!v.ok) console.log(v.firstBrokenSeq, v.reason);
 * ```
 */
export type ChainVerification =
  | { ok: true; count: number; head: { seq: number; hash: string } }
  | {
      ok: false;
      /** Events checked before the break. */
      count: number;
      /** The first sequence number at which the chain does not hold. */
      firstBrokenSeq: number;
      reason: ChainBreakReason;
      message: string;
      /** 1-based line, when verifying a JSONL file. */
      line?: number;
    };

/**
 * Incremental chain checker: feed events in order, read the verdict at the end.
 *
 * @example
 * ```ts
 * const v = createChainVerifier();
 * for (const e of events) v.push(e);
 * v.result().ok;
 * ```
 */
export interface ChainVerifier {
  /** Checks one more event; returns false once the chain is broken (later events are ignored). */
  push(event: RecordEvent, line?: number): boolean;
  /** Marks a malformed entry at the next position. */
  malformed(message: string, line?: number): void;
  /** The verdict, optionally checking the last hash against a head kept elsewhere. */
  result(expectedHead?: { seq: number; hash: string }): ChainVerification;
}

/**
 * Creates an incremental verifier, for walking a chain too large to hold in memory.
 *
 * @example
 * ```ts
 * const v = createChainVerifier();
 * for await (const e of store.events()) if (!v.push(e)) break;
 * v.result();
 * ```
 */
export function createChainVerifier(): ChainVerifier {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let count = 0;
  let broken: Extract<ChainVerification, { ok: false }> | undefined;
  const breakAt = (seq: number, reason: ChainBreakReason, message: string, line?: number) => {
    broken = { ok: false, count, firstBrokenSeq: seq, reason, message, ...(line !== undefined ? { line } : {}) };
    return false;
  };
  return {
    push(e, line) {
      if (broken) return false;
      if (e.seq !== expectedSeq) return breakAt(expectedSeq, 'sequence-gap', `expected event ${expectedSeq}, found ${e.seq}`, line);
      if (e.prevHash !== prev) return breakAt(e.seq, 'prev-hash-mismatch', `event ${e.seq} does not link to the hash of event ${e.seq - 1}`, line);
      if (hashEvent(prev, e) !== e.hash) return breakAt(e.seq, 'hash-mismatch', `event ${e.seq} does not match its hash (edited)`, line);
      prev = e.hash;
      expectedSeq++;
      count++;
      return true;
    },
    malformed(message, line) {
      if (!broken) breakAt(expectedSeq, 'malformed', message, line);
    },
    result(expectedHead) {
      if (broken) return broken;
      if (expectedHead && (expectedHead.seq !== expectedSeq - 1 || expectedHead.hash !== prev)) {
        return {
          ok: false,
          count,
          firstBrokenSeq: Math.min(expectedHead.seq, expectedSeq - 1) + 1,
          reason: 'head-mismatch',
          message: `chain ends at ${expectedSeq - 1}, the kept head is ${expectedHead.seq}`,
        };
      }
      return { ok: true, count, head: { seq: expectedSeq - 1, hash: prev } };
    },
  };
}

/**
 * Walks a chain in sequence order and reports the first event whose link does not hold: an
 * edited event (hash mismatch), a deleted one (sequence gap), an inserted or reordered one
 * (sequence gap, previous-hash or hash mismatch).
 *
 * @example
 * ```ts
 * const v = verifyChain(events);
 * if (!v.ok) console.log(`broken at ${v.firstBrokenSeq}: ${v.reason}`);
 * ```
 */
export function verifyChain(events: Iterable<RecordEvent>, expectedHead?: { seq: number; hash: string }): ChainVerification {
  const v = createChainVerifier();
  for (const e of events) if (!v.push(e)) break;
  return v.result(expectedHead);
}

/**
 * One line of the JSONL export: the event as canonical JSON.
 *
 * @example
 * ```ts
 * const line = eventToJsonl(event); // '{"actor":…,"hash":…}\n'
 * ```
 */
export function eventToJsonl(e: RecordEvent): string {
  return `${canonicalJson(e)}\n`;
}

/**
 * Serialises events as JSONL (one canonical JSON event per line).
 *
 * @example
 * ```ts
 * await writeFile('posture.jsonl', exportJsonl(events));
 * ```
 */
export function exportJsonl(events: Iterable<RecordEvent>): string {
  let out = '';
  for (const e of events) out += eventToJsonl(e);
  return out;
}

/**
 * Verifies an exported JSONL log on its own, with no database: parses each line, checks its
 * shape and the chain. A malformed line is reported with its line number.
 *
 * @example
 * ```ts
 * const v = verifyJsonl(await readFile('posture.jsonl', 'utf8'));
 * if (!v.ok) console.log(`line ${v.line}: ${v.message}`);
 * ```
 */
export function verifyJsonl(text: string, expectedHead?: { seq: number; hash: string }): ChainVerification {
  const v = createChainVerifier();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      v.malformed(`line ${i + 1}: invalid JSON: ${(e as Error).message}`, i + 1);
      break;
    }
    const parsed = RecordEventSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      v.malformed(`line ${i + 1}: not an event: /${issue?.path.join('/')}: ${issue?.message}`, i + 1);
      break;
    }
    if (!v.push(parsed.data, i + 1)) break;
  }
  return v.result(expectedHead);
}
