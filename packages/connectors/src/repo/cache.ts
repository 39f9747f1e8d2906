import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileFacts } from './facts';

/** One cached file: size, modification time and its facts (`0` for a file with nothing in it). */
export type CacheEntry = [size: number, mtimeMs: number, facts: FileFacts | 0];

/** The scan cache: facts per file, valid while size and mtime match and the key is the same. */
export interface ScanCache {
  get(rel: string, size: number, mtimeMs: number): FileFacts | undefined;
  set(rel: string, size: number, mtimeMs: number, facts: FileFacts): void;
  /** Writes the entries seen during this scan (files no longer present are dropped). */
  save(): void;
  readonly hits: number;
}

const FILE = 'repo-scan.json';
const EMPTY: FileFacts = Object.freeze({ facts: Object.freeze([]) as unknown as FileFacts['facts'] }) as FileFacts;
const isEmpty = (f: FileFacts) => f.facts.length === 0 && Object.keys(f).length === 1;

/**
 * Opens the cache under `dir` (e.g. `.aispm/cache`). A cache written under another `key`
 * (another catalog, pattern set or fingerprint key) is ignored. Credentials are cached only as
 * fingerprints and four-character prefixes, like everything else the scanner keeps.
 *
 * @example
 * ```ts
 * const cache = openScanCache('.aispm/cache', 'v1-abc');
 * ```
 */
export function openScanCache(dir: string, key: string): ScanCache {
  let old: Record<string, CacheEntry> = {};
  try {
    const doc = JSON.parse(readFileSync(join(dir, FILE), 'utf8')) as { key?: string; files?: Record<string, CacheEntry> };
    if (doc.key === key && doc.files) old = doc.files;
  } catch {
    // No cache yet, or an unreadable one: start fresh.
  }
  const next: Record<string, CacheEntry> = {};
  let hits = 0;
  let dirty = false;
  return {
    get(rel, size, mtimeMs) {
      const e = old[rel];
      if (e && e[0] === size && e[1] === mtimeMs) {
        hits++;
        next[rel] = e;
        return e[2] === 0 ? EMPTY : e[2];
      }
      return undefined;
    },
    set(rel, size, mtimeMs, facts) {
      next[rel] = [size, mtimeMs, isEmpty(facts) ? 0 : facts];
      dirty = true;
    },
    save() {
      // Nothing new and nothing gone: the file on disk is already right.
      if (!dirty && hits === Object.keys(old).length) return;
      mkdirSync(dir, { recursive: true });
      const tmp = join(dir, `${FILE}.${process.pid}.tmp`);
      writeFileSync(tmp, JSON.stringify({ key, files: next }));
      renameSync(tmp, join(dir, FILE));
    },
    get hits() {
      return hits;
    },
  };
}
