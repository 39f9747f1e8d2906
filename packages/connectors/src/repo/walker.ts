import { type Dirent, readdirSync, readFileSync, realpathSync, type Stats, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Ignore } from 'ignore';
import { createIgnore } from './lazy-deps';

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
}

interface Frame {
  dir: string;
  rel: string;
  /** Real path of the folder (symbolic links resolved). */
  real: string;
  rules: Array<{ base: string; ig: Ignore }>;
}

/** Receives each file a walk hands on (see {@link walkFiles}). */
export type WalkFileVisitor = (abs: string, rel: string, size: number, mtimeMs: number) => void;

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
  const step = walkSteps(root, options, onSkip);
  while (step(onFile)) {
    // one folder per step
  }
}

/** The walk as steps: each call reads one folder and hands on its files; `false` when done. */
function walkSteps(root: string, options: WalkOptions, onSkip: (skip: WalkSkip) => void): (onFile: WalkFileVisitor) => boolean {
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
  return (onFile) => {
    const frame = stack.pop();
    if (!frame) return false;
    let entries: Dirent[];
    try {
      entries = readdirSync(frame.dir, { withFileTypes: true });
    } catch (e) {
      onSkip({ rel: frame.rel || '.', reason: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
      return true;
    }
    let rules = frame.rules;
    if (useGitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        const text = readFileSync(join(frame.dir, '.gitignore'), 'utf8');
        rules = [...rules, { base: frame.rel, ig: createIgnore().add(text) }];
      } catch {
        // An unreadable .gitignore is treated as absent.
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: Frame[] = [];
    // Paths are joined by hand: the root is resolved, so `path.join`'s normalisation is not needed.
    const dirPrefix = frame.dir.endsWith('/') ? frame.dir : `${frame.dir}/`;
    const relPrefix = frame.rel ? `${frame.rel}/` : '';
    const checkRules = rules.length > 0;
    for (const e of entries) {
      const name = e.name;
      const rel = relPrefix + name;
      let isDir = e.isDirectory();
      let isFile = !isDir && e.isFile();
      let st: Stats | undefined;
      let real: string | undefined;
      if (!isDir && !isFile && e.isSymbolicLink()) {
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
      onFile(abs, rel, size, st.mtimeMs);
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
    return true;
  };
}
