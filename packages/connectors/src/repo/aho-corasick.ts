import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * A byte-level Aho-Corasick automaton compiled to a dense DFA over byte classes, case-insensitive
 * for ASCII letters. It is the multi-literal prefilter V8's regex engine lacks: one pass over a
 * file's bytes says which literals occur and where.
 *
 * Bytes that occur in no literal share class 0, and each other (lower-cased) byte has a class of
 * its own, so a state's row has `1 << shift` entries (64 for the built-in catalog) instead of 256:
 * the table is a quarter of the size, builds in a few milliseconds and stays in cache.
 */
export interface Automaton {
  /** Number of states. */
  states: number;
  /** Row width is `1 << shift` (at least the number of byte classes). */
  shift: number;
  /** `classOf[byte]` is the byte's class (upper- and lower-case letters share one). */
  classOf: Uint8Array;
  /**
   * The transitions, as row offsets: `rows[(state << shift) | classOf[byte]]` is the next state's
   * row offset (`next << shift`), negated and less one (`-(next << shift) - 1`) when the next
   * state ends a literal. A scan loop does one load and one sign test per byte, starting at row 0.
   */
  rows: Int32Array;
  /** Literals ending at each state (CSR): `outList[outStart[s] .. outStart[s + 1])`. */
  outStart: Int32Array;
  outList: Int32Array;
}

const lowerByte = (b: number) => (b >= 65 && b <= 90 ? b + 32 : b);

function asciiCodes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * Builds the automaton of a list of literals (matched case-insensitively for ASCII letters).
 *
 * @example
 * ```ts
 * const a = buildAutomaton(['sk-ant-', 'AIza']);
 * a.states > 1; // true
 * ```
 */
export function buildAutomaton(literals: readonly string[]): Automaton {
  // ASCII literals (nearly all) are read as they are; others as their UTF-8 bytes.
  const encoded: ArrayLike<number>[] = literals.map((lit) => (Buffer.byteLength(lit, 'utf8') === lit.length ? asciiCodes(lit) : Buffer.from(lit, 'utf8')));
  // Byte classes: 0 for bytes in no literal, then one per distinct lower-cased byte.
  const classOf = new Uint8Array(256);
  let classes = 1;
  let maxStates = 1;
  for (const bytes of encoded) {
    maxStates += bytes.length;
    for (let i = 0; i < bytes.length; i++) {
      const b = lowerByte(bytes[i]!);
      if (classOf[b] === 0) {
        classOf[b] = classes++;
        if (b >= 97 && b <= 122) classOf[b - 32] = classOf[b]!;
      }
    }
  }
  let shift = 0;
  while (1 << shift < classes) shift++;
  const width = 1 << shift;
  // The trie goes straight into the table: 0 means "no child" (the root is nobody's child).
  const table = new Int32Array(maxStates * width);
  // Children of each state as a linked list (first child, next sibling, class of the edge in).
  const firstKid = new Int32Array(maxStates);
  const nextKid = new Int32Array(maxStates);
  const edgeClass = new Int32Array(maxStates);
  const own: Array<number[] | undefined> = [undefined];
  let n = 1;
  encoded.forEach((bytes, id) => {
    let s = 0;
    for (let i = 0; i < bytes.length; i++) {
      const c = classOf[bytes[i]!]!;
      const at = (s << shift) | c;
      let next = table[at]!;
      if (next === 0) {
        next = n++;
        own.push(undefined);
        table[at] = next;
        edgeClass[next] = c;
        nextKid[next] = firstKid[s]!;
        firstKid[s] = next;
      }
      s = next;
    }
    (own[s] ??= []).push(id);
  });
  // Breadth-first: a missing transition of a state is its failure state's (whose row is already
  // complete, being shallower); a trie child's failure state is where the failure state goes.
  const fail = new Int32Array(n);
  const out: Array<number[] | undefined> = own;
  const order: number[] = [];
  for (let t = firstKid[0]!; t !== 0; t = nextKid[t]!) order.push(t);
  for (let qi = 0; qi < order.length; qi++) {
    const s = order[qi]!;
    const f = fail[s]!;
    const fo = out[f];
    if (fo) out[s] = out[s] ? [...out[s]!, ...fo] : fo;
    const row = s << shift;
    const frow = f << shift;
    // The failure state's row, then this state's own children over it.
    table.copyWithin(row, frow, frow + width);
    for (let t = firstKid[s]!; t !== 0; t = nextKid[t]!) {
      const c = edgeClass[t]!;
      fail[t] = table[frow + c]!;
      table[row + c] = t;
      order.push(t);
    }
  }
  const outStart = new Int32Array(n + 1);
  let total = 0;
  for (let s = 0; s < n; s++) {
    outStart[s] = total;
    total += out[s]?.length ?? 0;
  }
  outStart[n] = total;
  const outList = new Int32Array(total);
  let k = 0;
  for (let s = 0; s < n; s++) {
    const o = out[s];
    if (o) for (let i = 0; i < o.length; i++) outList[k++] = o[i]!;
  }
  // The rows in use (a view: the table was sized for the worst case), turned into row offsets
  // with the literal-ending states marked by their sign (see Automaton.rows).
  const rows = table.subarray(0, n << shift);
  for (let i = 0; i < rows.length; i++) {
    const t = rows[i]!;
    rows[i] = outStart[t + 1]! > outStart[t]! ? -(t << shift) - 1 : t << shift;
  }
  return { states: n, shift, classOf, rows, outStart, outList };
}

/**
 * Every literal occurrence in `bytes` as `[literalId, endOffset]` pairs (test helper and
 * reference implementation of the kernel's inner loop).
 *
 * @example
 * ```ts
 * findLiterals(buildAutomaton(['ab']), Buffer.from('xAB')); // [[0, 2]]
 * ```
 */
export function findLiterals(a: Automaton, bytes: Uint8Array): Array<[number, number]> {
  const hits: Array<[number, number]> = [];
  let s = 0;
  for (let i = 0; i < bytes.length; i++) {
    const v = a.rows[(s << a.shift) | a.classOf[bytes[i]!]!]!;
    s = (v < 0 ? -v - 1 : v) >> a.shift;
    for (let k = a.outStart[s]!; k < a.outStart[s + 1]!; k++) hits.push([a.outList[k]!, i]);
  }
  return hits;
}

/** Version of the serialised automaton (part of its cache key). */
const AUTOMATON_FORMAT = 3;

/**
 * {@link buildAutomaton}, through a cache folder: the automaton of a literal list is a pure
 * function of that list, so it is stored under a hash of the list (and of the format) and read
 * back by the next scan that uses the same literals, instead of being built again. A missing,
 * unreadable or malformed file is rebuilt; a folder that cannot be written is simply not used.
 *
 * @example
 * ```ts
 * const a = cachedAutomaton(['sk-ant-', 'AIza'], '.aispm/cache');
 * ```
 */
export function cachedAutomaton(literals: readonly string[], dir: string | undefined): Automaton {
  if (dir === undefined) return buildAutomaton(literals);
  const key = createHash('sha256')
    .update(`${AUTOMATON_FORMAT}\n${JSON.stringify(literals)}`)
    .digest('hex')
    .slice(0, 24);
  const file = join(dir, `automaton-${key}.bin`);
  try {
    const a = decodeAutomaton(readFileSync(file));
    if (a) return a;
  } catch {
    // Not cached yet.
  }
  const a = buildAutomaton(literals);
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, encodeAutomaton(a));
    renameSync(tmp, file);
  } catch {
    // A read-only cache folder: build it every time.
  }
  return a;
}

// Layout: six int32 (magic, states, shift, outList length, delta length, CRC-32 of the rest),
// classOf (256 bytes), then delta, outStart and outList as little-endian int32.
const MAGIC = 0x41495341;
const HEAD = 24;

function encodeAutomaton(a: Automaton): Buffer {
  const body = Buffer.concat([a.classOf, a.rows, a.outStart, a.outList].map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength)));
  const head = new Int32Array([MAGIC, a.states, a.shift, a.outList.length, a.rows.length, crc32(body) | 0]);
  return Buffer.concat([Buffer.from(head.buffer), body]);
}

function decodeAutomaton(buf: Buffer): Automaton | undefined {
  if (buf.length < HEAD + 256) return undefined;
  // Typed views need 4-byte alignment; a pooled (small) buffer may not have it.
  const copy = buf.byteOffset % 4 === 0 ? new Uint8Array(buf.buffer, buf.byteOffset, buf.length) : new Uint8Array(buf);
  const base = copy.byteOffset;
  const head = new Int32Array(copy.buffer, base, 6);
  const [magic, states, shift, outLen, deltaLen, crc] = head as unknown as [number, number, number, number, number, number];
  if (magic !== MAGIC || deltaLen !== states << shift) return undefined;
  const expected = HEAD + 256 + 4 * (deltaLen + states + 1 + outLen);
  if (buf.length !== expected || (crc32(copy.subarray(HEAD)) | 0) !== crc) return undefined;
  let at = base + HEAD;
  const classOf = new Uint8Array(copy.buffer, at, 256);
  at += 256;
  const rows = new Int32Array(copy.buffer, at, deltaLen);
  at += 4 * deltaLen;
  const outStart = new Int32Array(copy.buffer, at, states + 1);
  at += 4 * (states + 1);
  const outList = new Int32Array(copy.buffer, at, outLen);
  return { states, shift, classOf, rows, outStart, outList };
}
