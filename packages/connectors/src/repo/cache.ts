import { createHash, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Issue, Observation } from '@aispm/core';
import type { FileFacts } from './facts';
import type { FolderListing, FolderListings } from './walker';

/** One cached file: size, modification time and its facts (`0` for a file with nothing in it). */
export type CacheEntry = [size: number, mtimeMs: number, facts: FileFacts | 0];

/** The scan cache: facts per file, valid while size and mtime match and the key is the same. */
export interface ScanCache {
  get(rel: string, size: number, mtimeMs: number): FileFacts | undefined;
  set(rel: string, size: number, mtimeMs: number, facts: FileFacts): void;
  /**
   * Writes the entries seen during this scan (files no longer present are dropped) and returns
   * the generation of the file now on disk (a new one when it was rewritten).
   */
  save(): string;
  readonly hits: number;
}

const FILE = 'repo-scan.json';
const RESULT_FILE = 'repo-scan-result.json';
const DIRS_FILE = 'repo-scan-dirs.json';
const EMPTY: FileFacts = Object.freeze({ facts: Object.freeze([]) as unknown as FileFacts['facts'] }) as FileFacts;
const isEmpty = (f: FileFacts) => f.facts.length === 0 && Object.keys(f).length === 1;

/** Writes `text` to `dir/name` atomically (a temporary file renamed over it). */
function writeAtomic(dir: string, name: string, text: string): void {
  writeAtomicPieces(dir, name, () => [text]);
}

/**
 * Writes the pieces to `dir/name` atomically, one after the other: into a temporary file of
 * its own (two scans may write the same cache at once), renamed over the old one when complete.
 */
function writeAtomicPieces(dir: string, name: string, pieces: () => Iterable<string>): void {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `${name}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    try {
      for (const p of pieces()) {
        const bytes = Buffer.from(p, 'utf8');
        for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(dir, name));
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Reads a cache file whose first line is a JSON header; the rest is returned unparsed. */
function readHeaded<H>(path: string): { header: H; body: string } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const nl = text.indexOf('\n');
  if (nl < 0) return undefined;
  try {
    return { header: JSON.parse(text.slice(0, nl)) as H, body: text.slice(nl + 1) };
  } catch {
    return undefined;
  }
}

interface FactsHeader {
  key?: string;
  generation?: string;
}

/**
 * The facts file as read: one line per file, `path<TAB>size<TAB>mtime<TAB>facts` (the path and
 * the facts as JSON, `0` for a file with none), indexed by path. Facts are parsed only when a
 * file is looked up, and the line of a file that did not change is written back as it was.
 */
interface FactsLines {
  generation: string;
  index: Map<string, number>;
  sizes: number[];
  mtimes: number[];
  facts: string[];
  lines: string[];
}

/** Splits one line of the facts file; `undefined` when it is damaged. */
function splitLine(line: string): { rel: string; size: number; mtimeMs: number; facts: string } | undefined {
  const a = line.indexOf('\t');
  const b = line.indexOf('\t', a + 1);
  const c = line.indexOf('\t', b + 1);
  if (a < 2 || b < 0 || c < 0) return undefined;
  const raw = line.slice(1, a - 1);
  let rel: string;
  try {
    rel = raw.includes('\\') ? (JSON.parse(line.slice(0, a)) as string) : raw;
  } catch {
    return undefined;
  }
  const size = Number(line.slice(a + 1, b));
  const mtimeMs = Number(line.slice(b + 1, c));
  if (typeof rel !== 'string' || !Number.isFinite(size) || !Number.isFinite(mtimeMs)) return undefined;
  return { rel, size, mtimeMs, facts: line.slice(c + 1) };
}

/** One line of the facts file. */
const factsLine = (rel: string, size: number, mtimeMs: number, facts: FileFacts | 0) =>
  `${JSON.stringify(rel)}\t${size}\t${mtimeMs}\t${facts === 0 ? '0' : JSON.stringify(facts)}\n`;

/** The facts file under `dir`, when it was written under `key` (and `generation`, if given). */
function loadFacts(dir: string, key: string, generation?: string): FactsLines | undefined {
  const doc = readHeaded<FactsHeader>(join(dir, FILE));
  if (!doc || doc.header.key !== key || typeof doc.header.generation !== 'string') return undefined;
  if (generation !== undefined && doc.header.generation !== generation) return undefined;
  const out: FactsLines = { generation: doc.header.generation, index: new Map(), sizes: [], mtimes: [], facts: [], lines: [] };
  const body = doc.body;
  let from = 0;
  while (from < body.length) {
    let to = body.indexOf('\n', from);
    if (to < 0) to = body.length;
    const line = body.slice(from, to);
    from = to + 1;
    const e = splitLine(line);
    if (!e) continue; // a damaged line is a file that is read again
    out.index.set(e.rel, out.lines.length);
    out.sizes.push(e.size);
    out.mtimes.push(e.mtimeMs);
    out.facts.push(e.facts);
    out.lines.push(`${line}\n`);
  }
  return out;
}

/** Parses the facts of one line (`undefined` when damaged). */
function parseFacts(text: string): FileFacts | undefined {
  if (text === '0') return EMPTY;
  try {
    const f = JSON.parse(text) as FileFacts;
    return f && typeof f === 'object' && Array.isArray(f.facts) ? f : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens the cache under `dir` (e.g. `.aispm/cache`). A cache written under another `key`
 * (another catalog, pattern set or fingerprint key) is ignored. Credentials are cached only as
 * fingerprints and four-character prefixes, like everything else the scanner keeps. The file
 * is read on the first `get`, so a scan that never asks (its whole result came from
 * {@link readCachedResult}) does not pay for reading it.
 *
 * @example
 * ```ts
 * const cache = openScanCache('.aispm/cache', 'v1-abc');
 * ```
 */
export function openScanCache(dir: string, key: string): ScanCache {
  let old: FactsLines | undefined;
  let loaded = false;
  const load = () => {
    loaded = true;
    old = loadFacts(dir, key);
  };
  // What the next file holds: a line kept as it was, or new facts.
  const next = new Map<string, string | CacheEntry>();
  let hits = 0;
  let dirty = false;
  return {
    get(rel, size, mtimeMs) {
      if (!loaded) load();
      const i = old?.index.get(rel);
      if (i === undefined || old!.sizes[i] !== size || old!.mtimes[i] !== mtimeMs) return undefined;
      const facts = parseFacts(old!.facts[i]!);
      if (!facts) return undefined;
      hits++;
      next.set(rel, old!.lines[i]!);
      return facts;
    },
    set(rel, size, mtimeMs, facts) {
      next.set(rel, [size, mtimeMs, isEmpty(facts) ? 0 : facts]);
      dirty = true;
    },
    save() {
      // Nothing new and nothing gone: the file on disk is already right.
      if (!loaded) load();
      if (!dirty && old && hits === old.lines.length) return old.generation;
      const generation = randomUUID();
      // Written in pieces: the facts of a large tree are tens of megabytes as one string.
      writeAtomicPieces(dir, FILE, function* () {
        yield `${JSON.stringify({ key, generation })}\n`;
        let piece = '';
        for (const [rel, e] of next) {
          piece += typeof e === 'string' ? e : factsLine(rel, e[0], e[1], e[2]);
          if (piece.length > 1 << 20) {
            yield piece;
            piece = '';
          }
        }
        yield piece;
      });
      return generation;
    },
    get hits() {
      return hits;
    },
  };
}

/**
 * Reads back the facts per file that the scan cache under `dir` holds, when it is still the
 * generation `generation` written under `key`; `undefined` when it was rewritten or removed since.
 *
 * @example
 * ```ts
 * const files = readCachedFacts('.aispm/cache', key, generation);
 * ```
 */
export function readCachedFacts(dir: string, key: string, generation: string): Map<string, FileFacts> | undefined {
  const got = loadFacts(dir, key, generation);
  if (!got) return undefined;
  const files = new Map<string, FileFacts>();
  for (const rel of [...got.index.keys()].sort()) {
    const f = parseFacts(got.facts[got.index.get(rel)!]!);
    if (!f) return undefined;
    files.set(rel, f === EMPTY ? { facts: [] } : f);
  }
  return files;
}

/**
 * One kept folder listing: inode, modification and change times, the names joined by `/` (a
 * character no name holds) and the types as digits. One string each rather than one per name:
 * kept listings live through the whole walk, and few long strings cost the collector less.
 */
type ListingEntry = [ino: number, mtimeMs: number, ctimeMs: number, names: string, types: string];

/**
 * {@link FolderListings} kept in `dir` (e.g. `.aispm/cache`) for the tree at `root`, read when
 * opened; `save` writes the listings of the folders this walk saw.
 *
 * @example
 * ```ts
 * const listings = openFolderListings('.aispm/cache', '/src/app');
 * walkFiles('/src/app', { listings }, onFile, onSkip);
 * listings.save();
 * ```
 */
export function openFolderListings(dir: string, root: string): FolderListings & { save(): void } {
  let old: Record<string, ListingEntry> = {};
  const doc = readHeaded<{ root?: string }>(join(dir, DIRS_FILE));
  if (doc && doc.header.root === root) {
    try {
      const body = JSON.parse(doc.body) as Record<string, ListingEntry>;
      if (body && typeof body === 'object') old = body;
    } catch {
      // A damaged file: every folder is read again.
    }
  }
  const oldCount = Object.keys(old).length;
  const next = new Map<string, ListingEntry>();
  let dirty = false;
  return {
    get(rel, st) {
      const e = oldCount ? old[rel] : undefined;
      if (!e || e[0] !== st.ino || e[1] !== st.mtimeMs || e[2] !== st.ctimeMs || typeof e[3] !== 'string' || typeof e[4] !== 'string') return undefined;
      const names = e[4].length ? e[3].split('/') : [];
      if (names.length !== e[4].length) return undefined;
      const types: number[] = new Array(names.length);
      for (let i = 0; i < names.length; i++) types[i] = e[4].charCodeAt(i) - 48;
      next.set(rel, e);
      return { names, types };
    },
    set(rel, st, listing: FolderListing, readAt) {
      dirty = true;
      // Changed less than two seconds before it was read: another change in the same clock tick
      // would not show in its times, so the listing is not kept.
      if (st.mtimeMs >= readAt - 2000) return;
      next.set(rel, [st.ino, st.mtimeMs, st.ctimeMs, listing.names.join('/'), listing.types.join('')]);
    },
    save() {
      if (!dirty && next.size === oldCount) return;
      writeAtomicPieces(dir, DIRS_FILE, function* () {
        yield `${JSON.stringify({ root })}\n{`;
        let piece = '';
        let sep = '';
        for (const [rel, e] of next) {
          piece += `${sep}${JSON.stringify(rel)}:${JSON.stringify(e)}`;
          sep = ',';
          if (piece.length > 1 << 20) {
            yield piece;
            piece = '';
          }
        }
        yield `${piece}}`;
      });
    },
  };
}

/**
 * A running digest of a walk: every file handed on (path, size, modification time) and every
 * skip (path, reason, detail), each in walk order. Two walks with the same digest saw the same files
 * in the same state, as far as size and modification time tell.
 *
 * @example
 * ```ts
 * const d = createWalkDigest();
 * d.file('src/app.py', 120, 1732262400000);
 * d.digest(); // 'c0ffee…'
 * ```
 */
export interface WalkDigest {
  file(rel: string, size: number, mtimeMs: number): void;
  /** {@link WalkDigest.file} with the path given as folder (`''` for the root) and name: the same digest, cheaper. */
  fileIn(dir: string, name: string, size: number, mtimeMs: number): void;
  skip(rel: string, reason: string, detail?: string): void;
  /** The digest (hex); it ends the walk: later calls return the same value. */
  digest(): string;
}

/**
 * Creates a {@link WalkDigest} (SHA-256 over the walk, fed in chunks).
 *
 * @example
 * ```ts
 * const d = createWalkDigest();
 * for (const e of walkTree(root, {}, (s) => d.skip(s.rel, s.reason, s.detail))) d.file(e.rel, e.size, e.mtimeMs);
 * ```
 */
export function createWalkDigest(): WalkDigest {
  // Names go to one hash, sizes and times to another as binary numbers (formatting a time as
  // text costs more than hashing it), skips to a third: files and skips each keep their order,
  // whichever way a walk interleaves them. Fields are separated by NUL, the one character no
  // path holds (a newline may be in a name); they are collected in arrays and joined once per
  // chunk, which is cheaper than growing a string by concatenation.
  const names = createHash('sha256');
  const numbers = createHash('sha256');
  let lines: string[] = [];
  const skips: string[] = [];
  let nums = new Float64Array(8192);
  let n = 0;
  let done: string | undefined;
  // Names are hashed under their folder, given (after an empty field: no name is empty)
  // whenever it changes.
  let lastDir: string | undefined;
  const flushNames = () => {
    if (!lines.length) return;
    names.update(lines.join('\0'));
    names.update('\0');
    lines = [];
  };
  const fileIn = (dir: string, name: string, size: number, mtimeMs: number) => {
    if (dir !== lastDir) {
      lines.push('', dir);
      lastDir = dir;
    }
    lines.push(name);
    if (lines.length >= 4096) flushNames();
    if (n === nums.length) {
      numbers.update(nums);
      nums = new Float64Array(8192);
      n = 0;
    }
    nums[n++] = size;
    nums[n++] = mtimeMs;
  };
  return {
    file(rel, size, mtimeMs) {
      const slash = rel.lastIndexOf('/');
      fileIn(slash < 0 ? '' : rel.slice(0, slash), rel.slice(slash + 1), size, mtimeMs);
    },
    fileIn,
    skip(rel, reason, detail) {
      // Three fields per skip; none holds a NUL, so the joined text is unambiguous.
      skips.push(rel, reason, detail ?? '');
    },
    digest() {
      if (done === undefined) {
        flushNames();
        numbers.update(nums.subarray(0, n));
        done = createHash('sha256').update(names.digest('hex')).update(numbers.digest('hex')).update(skips.join('\0')).digest('hex');
        skips.length = 0;
      }
      return done;
    },
  };
}

/** What a scan's result cache keeps besides the observations. */
export interface CachedScanStats {
  files: number;
  bytes: number;
  skipped: Record<string, number>;
}

interface ResultHeader {
  key?: string;
  context?: string;
  walk?: string;
  facts?: string;
  /** Files the walk handed on. */
  files?: number;
}

interface ResultBody {
  stats: CachedScanStats;
  diagnostics: Issue[];
  /** Distinct observation bodies: `[type, asset or relationship]`. */
  bodies: Array<[Observation['type'], unknown]>;
  /** Distinct provenances, with an empty `observedAt`. */
  provenances: Array<Record<string, unknown>>;
  /** Per observation: index into `bodies`, index into `provenances`. */
  rows: number[];
}

/** A cached whole result, found under a matching key and context, not yet checked against the walk. */
export interface CachedResultCandidate {
  /** Digest of the walk the result came from. */
  walk: string;
  /** Generation of the facts file written with it (see {@link readCachedFacts}). */
  facts: string;
  /** Files the walk handed on (a hint of the tree's size). */
  files: number;
  /** Decodes the result, stamping every provenance with `observedAt`; `undefined` if it is damaged. */
  load(observedAt: string): { observations: Observation[]; diagnostics: Issue[]; stats: CachedScanStats } | undefined;
}

/**
 * Finds the whole result of the last scan cached under `dir` when it was made with the same
 * `key` (catalog, patterns, fingerprint key) and `context` (root, application key, connector).
 * The caller walks the tree and compares the walk's digest with `walk` before using it.
 *
 * @example
 * ```ts
 * const prior = readCachedResult('.aispm/cache', key, context);
 * if (prior && prior.walk === digest) return prior.load(new Date().toISOString());
 * ```
 */
export function readCachedResult(dir: string, key: string, context: string): CachedResultCandidate | undefined {
  const doc = readHeaded<ResultHeader>(join(dir, RESULT_FILE));
  if (!doc) return undefined;
  const h = doc.header;
  if (h.key !== key || h.context !== context || typeof h.walk !== 'string' || typeof h.facts !== 'string') return undefined;
  return {
    walk: h.walk,
    facts: h.facts,
    files: typeof h.files === 'number' ? h.files : 0,
    load(observedAt) {
      let body: ResultBody;
      try {
        body = JSON.parse(doc.body) as ResultBody;
      } catch {
        return undefined;
      }
      const { bodies, provenances, rows } = body;
      if (!Array.isArray(bodies) || !Array.isArray(provenances) || !Array.isArray(rows)) return undefined;
      const observations: Observation[] = new Array(rows.length / 2);
      // Observations from one place share one provenance object, as a fresh scan's do.
      const stamped: Array<Record<string, unknown> | undefined> = new Array(provenances.length);
      for (let i = 0, j = 0; i < rows.length; i += 2, j++) {
        const b = bodies[rows[i]!];
        const pi = rows[i + 1]!;
        let provenance = stamped[pi];
        if (!provenance) {
          const p = provenances[pi];
          if (!p) return undefined;
          provenance = stamped[pi] = { ...p, observedAt };
        }
        if (!b) return undefined;
        observations[j] = (b[0] === 'asset' ? { type: b[0], asset: b[1], provenance } : { type: b[0], relationship: b[1], provenance }) as Observation;
      }
      return { observations, diagnostics: body.diagnostics, stats: body.stats };
    },
  };
}

/**
 * Caches the whole result of a scan under `dir`, for a re-scan whose walk has the digest `walk`.
 * Observations are stored once per distinct body and provenance (a tree's thousands of
 * observations repeat a few thousand assets and places), so reading them back is cheap.
 *
 * @example
 * ```ts
 * writeCachedResult('.aispm/cache', key, context, digest, generation, { observations, diagnostics, stats });
 * ```
 */
export function writeCachedResult(
  dir: string,
  key: string,
  context: string,
  walk: string,
  facts: string,
  result: { observations: Observation[]; diagnostics: Issue[]; stats: CachedScanStats },
): void {
  const bodyIndex = new Map<string, number>();
  const provIndex = new Map<string, number>();
  const provByObject = new Map<object, number>();
  const bodies: ResultBody['bodies'] = [];
  const provenances: ResultBody['provenances'] = [];
  const rows: number[] = new Array(result.observations.length * 2);
  let k = 0;
  for (const o of result.observations) {
    const value = o.type === 'asset' ? o.asset : o.relationship;
    const bodyText = `${o.type}\0${JSON.stringify(value)}`;
    let b = bodyIndex.get(bodyText);
    if (b === undefined) {
      b = bodies.length;
      bodies.push([o.type, value]);
      bodyIndex.set(bodyText, b);
    }
    let p = provByObject.get(o.provenance);
    if (p === undefined) {
      const stamped = { ...o.provenance, observedAt: '' } as Record<string, unknown>;
      const provText = JSON.stringify(stamped);
      p = provIndex.get(provText);
      if (p === undefined) {
        p = provenances.length;
        provenances.push(stamped);
        provIndex.set(provText, p);
      }
      provByObject.set(o.provenance, p);
    }
    rows[k++] = b;
    rows[k++] = p;
  }
  const body: ResultBody = { stats: result.stats, diagnostics: result.diagnostics, bodies, provenances, rows };
  const header: ResultHeader = { key, context, walk, facts, files: result.stats.files };
  writeAtomic(dir, RESULT_FILE, `${JSON.stringify(header)}\n${JSON.stringify(body)}`);
}
