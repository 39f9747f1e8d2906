import { type Dirent, readdirSync, readFileSync, realpathSync, type Stats, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Ignore } from 'ignore';
import { createIgnore, workerClass } from './lazy-deps';

/**
 * Folders skipped by default: vendored code, build output, caches, virtual environments.
 *
 * @example
 * ```ts
 * DEFAULT_SKIP_DIRS.includes('node_modules'); // true
 * ```
 */
export const DEFAULT_SKIP_DIRS = [
  '.git',
  '.hg',
  '.svn',
  '.aispm',
  'node_modules',
  'bower_components',
  'vendor',
  'third_party',
  'third-party',
  'dist',
  'build',
  'out',
  'target',
  '.next',
  '.nuxt',
  '.svelte-kit',
  'coverage',
  '.venv',
  'venv',
  'env',
  '.tox',
  '.nox',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'site-packages',
  '.terraform',
  '.gradle',
  '.idea',
  'Pods',
  'obj',
  '.cache',
  '.ipynb_checkpoints',
];

const GENERATED = /(?:\.min\.(?:js|css|mjs)|\.map|_pb2(?:_grpc)?\.py|\.pb\.go|\.g\.cs|\.designer\.cs|\.generated\.[a-z]+|\.bundle\.js)$/i;

/** One file the walker hands on. */
export interface WalkEntry {
  /** Absolute path. */
  abs: string;
  /** Path relative to the root, with `/` separators. */
  rel: string;
  size: number;
  /** Modification time in milliseconds, with the file system's sub-millisecond precision. */
  mtimeMs: number;
}

/** Why the walker left something out. */
export interface WalkSkip {
  rel: string;
  reason: 'ignored' | 'vendored' | 'generated' | 'oversized' | 'unreadable' | 'symlink-loop' | 'outside-root' | 'binary';
  detail?: string;
}

/** Walker options. */
export interface WalkOptions {
  /** Honour `.gitignore` files (default true). */
  gitignore?: boolean;
  /** Extra exclude globs (gitignore syntax), relative to the root. */
  exclude?: string[];
  /** Also walk vendored and build folders (node_modules, vendor, dist, ...). Default false. */
  includeVendored?: boolean;
  /** Files larger than this are skipped unless `keepLarge` accepts them (default 2 MiB). */
  maxFileBytes?: number;
  /** Large files to keep anyway (model files are listed by name, never read). */
  keepLarge?: (rel: string) => boolean;
  /** Follow symbolic links that stay inside the root (default true). */
  followSymlinks?: boolean;
  /** Files to leave out by name before they are even stat'ed (e.g. images and archives); reported as `binary`. */
  skipName?: (name: string) => boolean;
  /**
   * {@link walkFiles} only: look files up (`stat`) on a helper thread while this one reads the
   * folders, and hand them on after the whole walk (same files, order and skips). Worth it for
   * large trees, where the lookups are most of a walk's time; a thread costs some 20 ms to start.
   */
  statThread?: boolean;
  /**
   * Folder listings kept from an earlier walk (see {@link FolderListings}): a folder whose
   * identity and times are unchanged is not read again.
   */
  listings?: FolderListings;
}

/** The entries of a folder, sorted by name, with their types (0 other, 1 file, 2 folder, 3 symbolic link). */
export interface FolderListing {
  names: string[];
  types: number[];
}

/** Entry types of a {@link FolderListing}. */
const TYPE_OTHER = 0;
const TYPE_FILE = 1;
const TYPE_DIR = 2;
const TYPE_LINK = 3;

/**
 * Folder listings from an earlier walk. A folder's entries change only together with its
 * modification and change times, so a listing stays valid while the folder's inode and both
 * times are the same; one read within two seconds of the folder's last change is not kept
 * (a change in the same clock tick would leave the times as they were).
 *
 * @example
 * ```ts
 * const listings = openFolderListings('.aispm/cache', root);
 * walkFiles(root, { listings }, onFile, onSkip);
 * listings.save();
 * ```
 */
export interface FolderListings {
  /** The listing of the folder at `rel` when `st` (looked up before reading it) is unchanged. */
  get(rel: string, st: Stats): FolderListing | undefined;
  /** Keeps the listing of the folder at `rel`, read after `st` was looked up at `readAt`. */
  set(rel: string, st: Stats, listing: FolderListing, readAt: number): void;
}

/** Reads a folder: names sorted, with their types. */
function readListing(dir: string): FolderListing {
  const entries: Dirent[] = readdirSync(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names: string[] = new Array(entries.length);
  const types: number[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    names[i] = e.name;
    types[i] = e.isDirectory() ? TYPE_DIR : e.isFile() ? TYPE_FILE : e.isSymbolicLink() ? TYPE_LINK : TYPE_OTHER;
  }
  return { names, types };
}

interface Frame {
  dir: string;
  rel: string;
  /** Real path of the folder (symbolic links resolved). */
  real: string;
  rules: Array<{ base: string; ig: Ignore }>;
}

/**
 * Receives each file a walk hands on (see {@link walkFiles}): its path, relative path, size and
 * modification time, and the relative path of its folder (`''` for the root; the same string for
 * every file of a folder) and its name.
 */
export type WalkFileVisitor = (abs: string, rel: string, size: number, mtimeMs: number, dir: string, name: string) => void;

/**
 * Walks a tree depth-first in sorted order, honouring `.gitignore` files and excludes, skipping
 * vendored, generated and oversized files, and surviving symlink loops and unreadable folders.
 * Skips are reported through `onSkip` (those of a folder before its files); nothing throws for
 * a bad file.
 *
 * @example
 * ```ts
 * for (const f of walkTree('/src/app', {}, (s) => skips.push(s))) console.log(f.rel);
 * ```
 */
export function* walkTree(root: string, options: WalkOptions, onSkip: (skip: WalkSkip) => void): Generator<WalkEntry> {
  const step = walkSteps(root, options, onSkip);
  const found: WalkEntry[] = [];
  const push: WalkFileVisitor = (abs, rel, size, mtimeMs) => {
    found.push({ abs, rel, size, mtimeMs });
  };
  while (step(push)) {
    for (let i = 0; i < found.length; i++) yield found[i]!;
    found.length = 0;
  }
}

/**
 * The walk of {@link walkTree} without an object per file: each file goes to `onFile` (path,
 * relative path, size, modification time), in the same order, with the same skips.
 *
 * @example
 * ```ts
 * let bytes = 0;
 * walkFiles('/src/app', {}, (_abs, _rel, size) => (bytes += size), () => {});
 * ```
 */
export function walkFiles(root: string, options: WalkOptions, onFile: WalkFileVisitor, onSkip: (skip: WalkSkip) => void): void {
  if (options.statThread) {
    walkFilesThreaded(root, options, onFile, onSkip);
    return;
  }
  const step = walkSteps(root, options, onSkip);
  while (step(onFile)) {
    // one folder per step
  }
}

// The helper thread: for each batch of paths it can claim (flag 0 -> 1), stats them into the
// batch's shared buffer and marks it done. The walking thread claims batches from the other end
// (flag 0 -> 2), so the two meet wherever the work is balanced.
const STAT_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { statSync } = require('node:fs');
parentPort.on('message', (b) => {
  const flags = new Int32Array(b.sab, 0, 2);
  if (Atomics.compareExchange(flags, 0, 0, 1) !== 0) return;
  const out = new Float64Array(b.sab, 8);
  for (let i = 0; i < b.names.length; i++) {
    try {
      const st = statSync(b.dirs[b.at[i]] + b.names[i]);
      out[2 * i] = st.size;
      out[2 * i + 1] = st.mtimeMs;
    } catch {
      out[2 * i] = -1;
    }
  }
  Atomics.store(flags, 1, 1);
  Atomics.notify(flags, 1);
});
`;
const STAT_BATCH = 256;

/**
 * A batch of files to look up: folder paths (ending in `/`), for each file the index of its
 * folder and its name (short strings are cheaper to hand to the helper than whole paths), and
 * the shared buffer for the claim flags and the results.
 */
interface StatBatch {
  dirs: string[];
  at: number[];
  names: string[];
  sab: SharedArrayBuffer;
}

/** Sizes and modification times of a batch into its shared buffer (`-1` as the size of a failed lookup). */
function statBatch(b: StatBatch): void {
  const out = new Float64Array(b.sab, 8);
  for (let i = 0; i < b.names.length; i++) {
    try {
      const st = statSync(b.dirs[b.at[i]!]! + b.names[i]!);
      out[2 * i] = st.size;
      out[2 * i + 1] = st.mtimeMs;
    } catch {
      out[2 * i] = -1;
    }
  }
}

function walkFilesThreaded(root: string, options: WalkOptions, onFile: WalkFileVisitor, onSkip: (skip: WalkSkip) => void): void {
  const maxBytes = options.maxFileBytes ?? 2 * 1024 * 1024;
  let worker: import('node:worker_threads').Worker | undefined;
  try {
    worker = new (workerClass())(STAT_SOURCE, { eval: true });
    worker.unref();
    worker.on('error', () => {
      // The walking thread looks up whatever the helper did not.
    });
  } catch {
    worker = undefined;
  }
  // The walk in order: skips as they came, files as indexes into the arrays below.
  const seq: Array<WalkSkip | number> = [];
  const prefixes: string[] = [];
  const rels: string[] = [];
  const dirs: string[] = [];
  const names: string[] = [];
  const batches: StatBatch[] = [];
  let batch: Omit<StatBatch, 'sab'> = { dirs: [], at: [], names: [] };
  const post = () => {
    if (!batch.names.length) return;
    const b = { ...batch, sab: new SharedArrayBuffer(8 + 16 * batch.names.length) };
    batches.push(b);
    worker?.postMessage(b);
    batch = { dirs: [], at: [], names: [] };
  };
  const step = walkSteps(
    root,
    options,
    (skip) => seq.push(skip),
    (prefix, rel, dir, name) => {
      seq.push(names.length);
      prefixes.push(prefix);
      rels.push(rel);
      dirs.push(dir);
      names.push(name);
      if (batch.dirs[batch.dirs.length - 1] !== prefix) batch.dirs.push(prefix);
      batch.at.push(batch.dirs.length - 1);
      batch.names.push(name);
      if (batch.names.length === STAT_BATCH) post();
    },
  );
  const none: WalkFileVisitor = () => {};
  while (step(none)) {
    // one folder per step
  }
  post();
  for (let k = batches.length - 1; k >= 0; k--) {
    const b = batches[k]!;
    const flags = new Int32Array(b.sab, 0, 2);
    if (Atomics.compareExchange(flags, 0, 0, 2) === 0) {
      statBatch(b);
      continue;
    }
    // Claimed by the helper: wait for it (a helper that died leaves the batch to this thread).
    const deadline = Date.now() + 5000;
    while (Atomics.load(flags, 1) === 0 && Date.now() < deadline) Atomics.wait(flags, 1, 0, 50);
    if (Atomics.load(flags, 1) === 0) {
      statBatch(b);
    }
  }
  void worker?.terminate();
  const views = batches.map((b) => new Float64Array(b.sab, 8));
  for (const x of seq) {
    if (typeof x !== 'number') {
      onSkip(x);
      continue;
    }
    const out = views[Math.floor(x / STAT_BATCH)]!;
    const o = 2 * (x % STAT_BATCH);
    let size = out[o]!;
    let mtimeMs = out[o + 1]!;
    const abs = prefixes[x]! + names[x]!;
    const rel = rels[x]!;
    if (size < 0) {
      // Looked up again here for the reason.
      try {
        const st = statSync(abs);
        size = st.size;
        mtimeMs = st.mtimeMs;
      } catch (err) {
        onSkip({ rel, reason: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
        continue;
      }
    }
    if (size > maxBytes && !options.keepLarge?.(rel)) {
      onSkip({ rel, reason: 'oversized', detail: `${size} bytes` });
      continue;
    }
    onFile(abs, rel, size, mtimeMs, dirs[x]!, names[x]!);
  }
}

/** The walk as steps: each call reads one folder and hands on its files; `false` when done. */
function walkSteps(
  root: string,
  options: WalkOptions,
  onSkip: (skip: WalkSkip) => void,
  defer?: (dirPrefix: string, rel: string, dir: string, name: string) => void,
): (onFile: WalkFileVisitor) => boolean {
  const maxBytes = options.maxFileBytes ?? 2 * 1024 * 1024;
  const skipDirs = new Set(options.includeVendored ? ['.git', '.hg', '.svn', '.aispm'] : DEFAULT_SKIP_DIRS);
  const useGitignore = options.gitignore ?? true;
  const follow = options.followSymlinks ?? true;
  const skipName = options.skipName;
  const start = resolve(root);
  let rootReal: string;
  try {
    rootReal = realpathSync(start);
  } catch (e) {
    onSkip({ rel: '.', reason: 'unreadable', detail: (e as Error).message });
    return () => false;
  }
  const base: Array<{ base: string; ig: Ignore }> = [];
  if (options.exclude?.length) base.push({ base: '', ig: createIgnore().add(options.exclude) });
  // Real paths of the folders symbolic links led to: entering one twice is a loop or a repeat.
  const linked = new Set<string>();
  const stack: Frame[] = [{ dir: start, rel: '', real: rootReal, rules: base }];
  const isIgnored = (rules: Frame['rules'], rel: string, dir: boolean) => {
    for (const r of rules) {
      const sub = r.base ? rel.slice(r.base.length + 1) : rel;
      if (sub && r.ig.ignores(dir ? `${sub}/` : sub)) return true;
    }
    return false;
  };
  const listings = options.listings;
  return (onFile) => {
    const frame = stack.pop();
    if (!frame) return false;
    let listing: FolderListing;
    try {
      if (listings) {
        // The folder is looked up before it is read: a change in between makes the kept
        // listing stale in the safe direction (its times no longer match next time).
        const dst = statSync(frame.dir);
        const kept = listings.get(frame.rel, dst);
        if (kept) listing = kept;
        else {
          const readAt = Date.now();
          listing = readListing(frame.dir);
          listings.set(frame.rel, dst, listing, readAt);
        }
      } else listing = readListing(frame.dir);
    } catch (e) {
      onSkip({ rel: frame.rel || '.', reason: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
      return true;
    }
    const { names, types } = listing;
    let rules = frame.rules;
    const gi = useGitignore ? names.indexOf('.gitignore') : -1;
    if (gi >= 0 && types[gi] === TYPE_FILE) {
      try {
        const text = readFileSync(join(frame.dir, '.gitignore'), 'utf8');
        rules = [...rules, { base: frame.rel, ig: createIgnore().add(text) }];
      } catch {
        // An unreadable .gitignore is treated as absent.
      }
    }
    const subdirs: Frame[] = [];
    // Paths are joined by hand: the root is resolved, so `path.join`'s normalisation is not needed.
    const dirPrefix = frame.dir.endsWith('/') ? frame.dir : `${frame.dir}/`;
    const relPrefix = frame.rel ? `${frame.rel}/` : '';
    const checkRules = rules.length > 0;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const type = types[i];
      const rel = relPrefix + name;
      let isDir = type === TYPE_DIR;
      let isFile = type === TYPE_FILE;
      let st: Stats | undefined;
      let real: string | undefined;
      if (type === TYPE_LINK) {
        if (!follow) continue;
        try {
          real = realpathSync(dirPrefix + name);
          if (real !== rootReal && !real.startsWith(`${rootReal}/`)) {
            onSkip({ rel, reason: 'outside-root' });
            continue;
          }
          st = statSync(real);
          isDir = st.isDirectory();
          isFile = st.isFile();
          // A link to the folder it sits in (or above) is a loop; a second link to one folder is a repeat.
          if (isDir && (frame.real === real || frame.real.startsWith(`${real}/`) || linked.has(real))) {
            onSkip({ rel, reason: 'symlink-loop' });
            continue;
          }
          if (isDir) linked.add(real);
        } catch (err) {
          onSkip({ rel, reason: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? 'broken link' });
          continue;
        }
      }
      if (isDir) {
        if (skipDirs.has(name)) {
          onSkip({ rel, reason: 'vendored' });
          continue;
        }
        if (checkRules && isIgnored(rules, rel, true)) {
          onSkip({ rel, reason: 'ignored' });
          continue;
        }
        subdirs.push({ dir: dirPrefix + name, rel, real: real ?? `${frame.real}/${name}`, rules });
        continue;
      }
      if (!isFile) continue;
      if (checkRules && isIgnored(rules, rel, false)) {
        onSkip({ rel, reason: 'ignored' });
        continue;
      }
      if (skipName?.(name)) {
        onSkip({ rel, reason: 'binary' });
        continue;
      }
      if (GENERATED.test(name)) {
        onSkip({ rel, reason: 'generated' });
        continue;
      }
      if (defer) {
        // Looked up later (a link's target is looked up again through the link: the same file).
        defer(dirPrefix, rel, frame.rel, name);
        continue;
      }
      const abs = dirPrefix + name;
      if (!st) {
        try {
          st = statSync(abs);
        } catch (err) {
          onSkip({ rel, reason: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
          continue;
        }
      }
      const size = st.size;
      if (size > maxBytes && !options.keepLarge?.(rel)) {
        onSkip({ rel, reason: 'oversized', detail: `${size} bytes` });
        continue;
      }
      onFile(abs, rel, size, st.mtimeMs, frame.rel, name);
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
    return true;
  };
}
