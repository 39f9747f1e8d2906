import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { AispmError, defaultIdentity, type IdentityResolver, type Issue, type Observation } from '@aispm/core';
import { DEFAULT_CATALOG, type DetectionCatalog } from '../catalogs/index';
import { analyseHits, type FileClass } from './analyze-hits';
import { assembleObservations } from './assemble';
import { createWalkDigest, openFolderListings, openScanCache, readCachedFacts, readCachedResult, type ScanCache, writeCachedResult } from './cache';
import {
  modelFileFacts,
  notebookCode,
  readAssistantFile,
  readDockerfile,
  readMcpConfig,
  readModelfile,
  readTerraform,
  readYamlImages,
  type StructuredContext,
  structuredType,
} from './configs';
import type { FileFacts } from './facts';
import { createKernel, type FileScanResult, type KernelScan, scanFileWith } from './kernel';
import { manifestType, readManifest } from './manifests';
import { buildPatternSet, type PatternSet } from './patterns';
import { createReader, createScanPool, defaultWorkers, type ScanJob, type ScanPool } from './pool';
import { loadFingerprintKey } from './secrets';
import { type WalkEntry, type WalkOptions, type WalkSkip, walkFiles, walkTree } from './walker';

/** Options of {@link scanRepository}. */
export interface RepoScanOptions {
  /** Detection catalog (default: the built-in one; extend it with `extendCatalog`). */
  catalog?: DetectionCatalog;
  /** Identity resolver for asset ids (default: `defaultIdentity`). */
  identity?: IdentityResolver;
  /** Extra exclude globs in gitignore syntax. */
  exclude?: string[];
  /** Honour `.gitignore` files (default true). */
  gitignore?: boolean;
  /** Walk vendored and build folders too (default false). */
  includeVendored?: boolean;
  /** Skip files larger than this many bytes (default 2 MiB); model files are listed regardless. */
  maxFileBytes?: number;
  /** Follow symbolic links that stay inside the root (default true). */
  followSymlinks?: boolean;
  /**
   * Worker threads (0 scans on the calling thread). Default: one fewer than the CPUs the process
   * may use, at least 1 and at most 4, since the calling thread walks the tree and turns hits into
   * facts meanwhile (on 2 CPUs a second worker only competes with it).
   */
  workers?: number;
  /**
   * Files scanned on the calling thread before workers start (default 200): starting a worker
   * costs more than scanning a small tree.
   */
  inlineFiles?: number;
  /** Bytes scanned on the calling thread before workers start, besides `inlineFiles` (default 4 MiB). */
  inlineBytes?: number;
  /**
   * When a cached result may apply, look files up on a helper thread while the walk reads
   * folders. `'auto'` (default): for trees of 50,000 files or more, when `workers` is not 0 and a
   * core is free besides this one (load average below the core count minus one).
   */
  statThread?: boolean | 'auto';
  /** Cache folder, or `false` to disable (default `<root>/.aispm/cache`). */
  cache?: string | false;
  /**
   * Folder for what scans of different trees share: the compiled literal automaton of the
   * pattern set (default: the cache folder; nothing when `cache` is `false`).
   */
  sharedCache?: string;
  /** Key of the credential fingerprints (hex or bytes). Default: a per-install key file. */
  fingerprintKey?: string | Uint8Array;
  /** Where the per-install key lives (default `<root>/.aispm/fingerprint.key`). */
  fingerprintKeyFile?: string;
  /** Key of the application (default: the `origin` remote, else the folder name). */
  application?: string;
  /** Connector id in provenance (default `repo`). */
  connector?: string;
  /** Observation time (default now). */
  now?: Date;
  signal?: AbortSignal;
}

/** Counts of one scan. */
export interface RepoScanStats {
  files: number;
  bytes: number;
  scanned: number;
  cached: number;
  skipped: Record<string, number>;
  durationMs: number;
}

/** What {@link scanRepository} returns. */
export interface RepoScanResult {
  observations: Observation[];
  diagnostics: Issue[];
  stats: RepoScanStats;
  /** Facts per file (relative path), for tools that want the raw detections. */
  files: Map<string, FileFacts>;
}

const CODE_EXT = new Set([
  'py',
  'pyi',
  'js',
  'mjs',
  'cjs',
  'jsx',
  'ts',
  'tsx',
  'mts',
  'cts',
  'go',
  'java',
  'kt',
  'kts',
  'scala',
  'groovy',
  'cs',
  'fs',
  'vb',
  'rs',
  'rb',
  'php',
  'swift',
  'c',
  'cc',
  'cpp',
  'h',
  'hpp',
  'sh',
  'bash',
  'zsh',
  'ps1',
  'r',
  'jl',
  'lua',
  'dart',
  'ex',
  'exs',
  'vue',
  'svelte',
]);
const CONFIG_EXT = new Set([
  'json',
  'jsonc',
  'yaml',
  'yml',
  'toml',
  'ini',
  'cfg',
  'conf',
  'env',
  'properties',
  'xml',
  'tf',
  'tfvars',
  'hcl',
  'gradle',
  'config',
  'props',
  'csproj',
]);
const DOC_EXT = new Set(['md', 'mdx', 'rst', 'txt', 'adoc', 'html', 'htm']);
const BINARY_EXT = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'ico',
  'bmp',
  'tiff',
  'pdf',
  'zip',
  'gz',
  'tgz',
  'bz2',
  'xz',
  '7z',
  'rar',
  'jar',
  'war',
  'class',
  'so',
  'dll',
  'dylib',
  'exe',
  'o',
  'a',
  'pyc',
  'pyo',
  'woff',
  'woff2',
  'ttf',
  'otf',
  'eot',
  'mp3',
  'mp4',
  'wav',
  'ogg',
  'mov',
  'avi',
  'sqlite',
  'db',
  'wasm',
  'node',
  'npy',
  'npz',
  'lockb',
]);
const LANGUAGE: Record<string, string> = {
  py: 'python',
  ipynb: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  go: 'go',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  cs: 'csharp',
  rs: 'rust',
  rb: 'ruby',
  tf: 'terraform',
};

const extOf = (rel: string) => {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
};

/**
 * The class of a file, which decides the patterns that apply to it: `code` (all), `config`
 * (keys, models, hosts, endpoints), `docs` and `other` (keys only).
 *
 * @example
 * ```ts
 * fileClass('src/app.py'); // 'code'
 * fileClass('README.md'); // 'docs'
 * ```
 */
export function fileClass(rel: string): FileClass {
  const ext = extOf(rel);
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  if (CODE_EXT.has(ext)) return 'code';
  if (CONFIG_EXT.has(ext) || base.startsWith('.env') || /^(?:Dockerfile|Containerfile|Modelfile)/.test(base) || base === 'Pipfile' || base === 'Gemfile')
    return 'config';
  if (DOC_EXT.has(ext)) return 'docs';
  return 'other';
}

const patternSets = new WeakMap<DetectionCatalog, PatternSet>();
/** The (memoised) pattern set of a catalog; `cacheDir` keeps its literal automaton across runs. */
export function patternSetFor(catalog: DetectionCatalog, cacheDir?: string): PatternSet {
  let s = patternSets.get(catalog);
  if (!s) {
    s = buildPatternSet(catalog, cacheDir === undefined ? {} : { cacheDir });
    patternSets.set(catalog, s);
  }
  return s;
}

/** A map filled on first use from `load` (which may throw: then every use throws). */
class LazyMap<K, V> extends Map<K, V> {
  #load: (() => Iterable<[K, V]>) | undefined;
  constructor(load: () => Iterable<[K, V]>) {
    super();
    this.#load = load;
  }
  #fill(): void {
    const load = this.#load;
    if (!load) return;
    for (const [k, v] of load()) super.set(k, v);
    this.#load = undefined;
  }
  override get(key: K): V | undefined {
    this.#fill();
    return super.get(key);
  }
  override has(key: K): boolean {
    this.#fill();
    return super.has(key);
  }
  override set(key: K, value: V): this {
    this.#fill();
    return super.set(key, value);
  }
  override delete(key: K): boolean {
    this.#fill();
    return super.delete(key);
  }
  override clear(): void {
    this.#load = undefined;
    super.clear();
  }
  override get size(): number {
    this.#fill();
    return super.size;
  }
  override forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.#fill();
    super.forEach(fn, thisArg);
  }
  override keys(): MapIterator<K> {
    this.#fill();
    return super.keys();
  }
  override values(): MapIterator<V> {
    this.#fill();
    return super.values();
  }
  override entries(): MapIterator<[K, V]> {
    this.#fill();
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

/**
 * Files (in the last walk) from which a re-scan's walk looks files up on a helper thread too.
 * With kept folder listings a walk is mostly these lookups, and a thread's start (20-40 ms) and
 * hand-over cost about what it saves on 25,000 files; it pays on larger trees.
 */
const STAT_THREAD_FILES = 50_000;

const dataHashes = new WeakMap<object, string>();
/** A short hash of plain data (a catalog, identity tables), memoised per object. */
function dataHash(data: object): string {
  let h = dataHashes.get(data);
  if (h === undefined) {
    h = createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16);
    dataHashes.set(data, h);
  }
  return h;
}

function gitRemote(root: string): string | undefined {
  try {
    const cfg = readFileSync(join(root, '.git', 'config'), 'utf8');
    return /\[remote "origin"\][^[]*?url\s*=\s*(\S+)/.exec(cfg)?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Version of what the scanner makes of a file, part of every cache key: raise it whenever the
 * facts or the result a file gives change for the same bytes (4: structured files in UTF-16).
 */
const FACTS_VERSION = 4;

/** Files checked for minified bundles (by extension). */
const isScript = (rel: string) => /^(?:js|mjs|cjs|css)$/.test(extOf(rel));

/** Batches each worker may hold, files and bytes in a batch, and inline files between yields. */
const QUEUE_BATCHES = 3;
const BATCH_FILES = 64;
const BATCH_BYTES = 4 * 1024 * 1024;
const YIELD_EVERY = 8;

/**
 * Scans a source tree for AI assets: manifests, imports, client construction, model ids,
 * endpoints, vector stores, agents, MCP servers and client configs, assistant configs,
 * Terraform, container images, model files and hard-coded keys. Returns core observations
 * (with file:line provenance) and diagnostics; a bad file never aborts the scan.
 *
 * @example
 * ```ts
 * const { observations, diagnostics } = await scanRepository('./my-app', { fingerprintKey: process.env.AISPM_FP_KEY });
 * const inv = createInventory();
 * for (const o of observations) inv.add(o);
 * ```
 */
export async function scanRepository(rootPath: string, options: RepoScanOptions = {}): Promise<RepoScanResult> {
  const started = Date.now();
  const root = resolve(rootPath);
  const catalog = options.catalog ?? DEFAULT_CATALOG;
  const modelExts = catalog.modelFormats.map((f) => f.extension);
  // Model files by extension: one set lookup of the last extension (the catalog's extensions are
  // single lower-case segments) rather than a lower-cased copy of every path.
  const modelExtSet = new Set(modelExts.map((e) => e.slice(1)));
  const simpleExts = modelExts.every((e) => /^\.[a-z0-9]+$/.test(e));
  const isModelFile = simpleExts
    ? (rel: string) => {
        const dot = rel.lastIndexOf('.');
        return dot > rel.lastIndexOf('/') && modelExtSet.has(rel.slice(dot + 1).toLowerCase());
      }
    : (rel: string) => modelExts.some((e) => rel.toLowerCase().endsWith(e));
  const identity = options.identity ?? defaultIdentity;
  const set = patternSetFor(catalog, options.cache === false ? options.sharedCache : (options.sharedCache ?? options.cache ?? join(root, '.aispm', 'cache')));
  const fpKey =
    typeof options.fingerprintKey === 'string'
      ? Buffer.from(options.fingerprintKey, 'utf8')
      : (options.fingerprintKey ?? loadFingerprintKey(options.fingerprintKeyFile ?? join(root, '.aispm', 'fingerprint.key')));
  const diagnostics: Issue[] = [];
  const skipped: Record<string, number> = {};
  const skipExamples: Record<string, string[]> = {};
  // Diagnostics do not depend on the order skips arrive in (workers finish out of order): the
  // examples are the first paths in sorted order, and the walk's warnings are sorted by path.
  const walkIssues: Issue[] = [];
  const onSkip = (s: WalkSkip) => {
    skipped[s.reason] = (skipped[s.reason] ?? 0) + 1;
    const ex = (skipExamples[s.reason] ??= []);
    if (ex.length < 5 || s.rel < ex[4]!) {
      let i = ex.length;
      while (i > 0 && ex[i - 1]! > s.rel) i--;
      ex.splice(i, 0, s.rel);
      if (ex.length > 5) ex.pop();
    }
    if (s.reason === 'unreadable' || s.reason === 'symlink-loop') {
      walkIssues.push({
        code: `repo/${s.reason}`,
        message: `${s.rel}: ${s.reason}${s.detail ? ` (${s.detail})` : ''}`,
        path: '',
        severity: 'warning',
        file: s.rel,
      });
    }
  };
  const needsText = new Uint8Array(set.patterns.length);
  set.patterns.forEach((p, i) => {
    if (p.needsText) needsText[i] = 1;
  });
  const fpHash = createHash('sha256').update(fpKey).digest('hex').slice(0, 16);
  const cacheDir = options.cache === false ? undefined : (options.cache ?? join(root, '.aispm', 'cache'));
  // Facts depend on the patterns, the whole catalog, the identity tables and the fingerprint key.
  const cacheKey = `${set.fingerprint}:${dataHash(catalog)}:${dataHash(identity.tables)}:${fpHash}:${FACTS_VERSION}`;
  const cache: ScanCache | undefined = cacheDir === undefined ? undefined : openScanCache(cacheDir, cacheKey);
  const remote = gitRemote(root);
  const assembleOptions = {
    rootKey: options.application ?? (remote ? `git/${identity.normalizeRepository(remote)}` : basename(root)),
    ...(remote ? { repository: identity.normalizeRepository(remote) } : {}),
    rootName: basename(root),
    connector: options.connector ?? 'repo',
    observedAt: (options.now ?? new Date()).toISOString(),
    identity,
  };
  const context = JSON.stringify([root, assembleOptions.rootKey, assembleOptions.repository ?? null, assembleOptions.rootName, assembleOptions.connector]);
  // Folder listings of the last walk: an unchanged folder is not read again.
  const listings = cacheDir === undefined ? undefined : openFolderListings(cacheDir, root);
  const walkOptions: WalkOptions = {
    ...options,
    ...(listings ? { listings } : {}),
    statThread: false,
    keepLarge: (rel: string) => isModelFile(rel),
    skipName: (name: string) => BINARY_EXT.has(extOf(name)),
  };
  const digest = createWalkDigest();
  // The walk is recorded (files and skips, in order) when a cached result may apply: if its
  // digest matches, that result is the answer; otherwise the recording is scanned as usual.
  let recording: { rels: string[]; sizes: number[]; mtimes: number[]; skips: Array<{ at: number; skip: WalkSkip }> } | undefined;
  const prior = cacheDir === undefined ? undefined : readCachedResult(cacheDir, cacheKey, context);
  if (prior) {
    const rec: NonNullable<typeof recording> = { rels: [], sizes: [], mtimes: [], skips: [] };
    recording = rec;
    let bytes = 0;
    // On a very large tree the file lookups are most of the walk: a helper thread shares them,
    // when a core is free for it (on a busy machine its start costs more than it saves).
    const statThread =
      options.statThread === 'auto' || options.statThread === undefined
        ? (options.workers ?? defaultWorkers()) > 0 && prior.files >= STAT_THREAD_FILES && loadavg()[0]! < availableParallelism() - 1
        : options.statThread;
    walkFiles(
      root,
      statThread ? { ...walkOptions, statThread } : walkOptions,
      (_abs, rel, size, mtimeMs, dir, name) => {
        digest.fileIn(dir, name, size, mtimeMs);
        rec.rels.push(rel);
        rec.sizes.push(size);
        rec.mtimes.push(mtimeMs);
        bytes += size;
      },
      (skip) => {
        digest.skip(skip.rel, skip.reason, skip.detail);
        rec.skips.push({ at: rec.rels.length, skip });
      },
    );
    const got = !options.signal?.aborted && digest.digest() === prior.walk ? prior.load(assembleOptions.observedAt) : undefined;
    if (got) {
      try {
        listings?.save();
      } catch {
        // Only a speed-up next time: the result is served all the same.
      }
      const factsDir = cacheDir!;
      const count = rec.rels.length;
      // The facts per file are read from the cache when first used (most callers never do).
      const files = new LazyMap<string, FileFacts>(() => {
        const got = readCachedFacts(factsDir, cacheKey, prior.facts);
        if (!got)
          throw new AispmError('conflict', `the scan cache in ${factsDir} was rewritten since this scan; scan again to read its facts per file`, {
            retryable: true,
          });
        return got;
      });
      return {
        observations: got.observations,
        diagnostics: got.diagnostics,
        stats: { files: count, bytes, scanned: 0, cached: count, skipped: got.stats.skipped, durationMs: Date.now() - started },
        files,
      };
    }
  }
  const files = new Map<string, FileFacts>();
  const stats: RepoScanStats = { files: 0, bytes: 0, scanned: 0, cached: 0, skipped, durationMs: 0 };
  let kernel: KernelScan | undefined;
  const inline = () => (kernel ??= createKernel(set.kernel));
  // One reused buffer for every file read on this thread (the kernel keeps only strings, and a
  // structured file's text is decoded before the next read).
  const reader = createReader({ openSync, readSync, closeSync });
  const hitCtx = (rel: string, cls: FileClass, text?: string) => ({
    rel,
    fileClass: cls,
    catalog,
    set,
    identity,
    fingerprintKey: fpKey,
    ...(text !== undefined ? { text } : {}),
  });
  const sctx = (rel: string): StructuredContext => ({ rel, catalog, identity });

  // A scan whose every file was read (or came from the cache) can have its whole result cached.
  let wholeResult = true;
  const finish = (e: WalkEntry, ff: FileFacts) => {
    files.set(e.rel, ff);
    // An unreadable file (permissions, a failed worker) may read fine next time without a new
    // modification time, so its failure is never cached.
    if (ff.skipped === 'unreadable') wholeResult = false;
    else cache?.set(e.rel, e.size, e.mtimeMs, ff);
    if (ff.skipped) onSkip({ rel: e.rel, reason: ff.skipped as WalkSkip['reason'] });
  };
  const fromScan = (e: WalkEntry, r: FileScanResult): FileFacts => {
    stats.scanned++;
    if (r.status !== 'ok')
      return { facts: [], skipped: r.status, ...(r.error ? { problems: [{ code: 'repo/unreadable', message: `${e.rel}: ${r.error}` }] } : {}) };
    const cls = fileClass(e.rel);
    const ff: FileFacts = { facts: analyseHits(r.hits, hitCtx(e.rel, cls, r.text)) };
    const lang = LANGUAGE[extOf(e.rel)];
    if (lang) ff.language = lang;
    return ff;
  };
  const structured = (e: WalkEntry, mType: string | undefined, sType: string | undefined): FileFacts => {
    // The text comes back with the hits, decoded from the bytes the kernel matched (UTF-16 files
    // converted), so the file is read once.
    reader.expect(e.size);
    const r = scanFileWith(inline(), needsText, reader.read, e.abs, false, true);
    stats.scanned++;
    if (r.status === 'unreadable') return { facts: [], skipped: 'unreadable' };
    if (r.status === 'binary') return { facts: [], skipped: 'binary' };
    const text = r.text ?? '';
    const ctx = sctx(e.rel);
    let ff: FileFacts = { facts: [] };
    if (mType) ff = readManifest(e.rel, text, catalog, identity);
    else if (sType === 'notebook') {
      const nb = notebookCode(text, e.rel);
      const hits = inline()(Buffer.from(nb.code, 'utf8'));
      ff = {
        facts: analyseHits(hits, { ...hitCtx(e.rel, 'code', nb.code), lineMap: nb.lineMap }),
        language: 'python',
        ...(nb.problems ? { problems: nb.problems } : {}),
      };
      const pip = /^\s*[!%]\s*pip3?\s+install\s+(.+)$/gm;
      for (const m of nb.code.matchAll(pip)) {
        const req = m[1]!
          .split(/\s+/)
          .filter((a) => !a.startsWith('-'))
          .join('\n');
        const mf = readManifest('requirements.txt', req, catalog, identity);
        const line = nb.lineMap(nb.code.slice(0, m.index).split('\n').length);
        for (const f of mf.facts) ff.facts.push({ ...f, line, detail: 'notebook:pip-install' });
      }
      return ff;
    } else if (sType === 'mcp-config') ff = readMcpConfig(text, ctx);
    else if (sType === 'assistant') ff = readAssistantFile(text, ctx);
    else if (sType === 'terraform') ff = readTerraform(text, ctx);
    else if (sType === 'dockerfile') ff = readDockerfile(text, ctx);
    else if (sType === 'compose' || sType === 'yaml') ff = readYamlImages(text, ctx, sType === 'compose');
    else if (sType === 'modelfile') ff = readModelfile(text, ctx);
    const cls = sType === 'assistant' ? 'docs' : fileClass(e.rel);
    ff.facts.push(...analyseHits(r.hits, hitCtx(e.rel, cls === 'other' ? 'config' : cls, text)));
    const lang = LANGUAGE[extOf(e.rel)];
    if (lang) ff.language = lang;
    return ff;
  };

  let pool: ScanPool | undefined;
  const workerCount = options.workers ?? defaultWorkers();
  const inlineFiles = options.inlineFiles ?? 200;
  const inlineBytes = options.inlineBytes ?? 4 * 1024 * 1024;
  let inlineDone = 0;
  let sinceYield = 0;
  let inlineRead = 0;
  const inflight = new Set<Promise<void>>();
  let batch: WalkEntry[] = [];
  let batchBytes = 0;
  const flush = () => {
    if (!batch.length) return;
    const entries = batch;
    batch = [];
    batchBytes = 0;
    const jobs: ScanJob[] = entries.map((e) => ({ abs: e.abs, isScript: isScript(e.rel), size: e.size }));
    const p = pool!.scan(jobs).then(
      (results) => {
        for (let i = 0; i < results.length; i++) finish(entries[i]!, fromScan(entries[i]!, results[i]!));
      },
      (err: Error) => {
        for (const e of entries)
          finish(e, { facts: [], skipped: 'unreadable', problems: [{ code: 'repo/worker-failed', message: `${e.rel}: ${err.message}` }] });
      },
    );
    const tracked = p.finally(() => inflight.delete(tracked));
    inflight.add(tracked);
  };

  // The files to scan: the recorded walk, replayed in order, or a live walk fed to the digest.
  function* walked(): Generator<WalkEntry> {
    if (recording) {
      const { rels, sizes, mtimes, skips } = recording;
      const prefix = root.endsWith('/') ? root : `${root}/`;
      let k = 0;
      for (let i = 0; i < rels.length; i++) {
        while (k < skips.length && skips[k]!.at <= i) onSkip(skips[k++]!.skip);
        yield { abs: prefix + rels[i]!, rel: rels[i]!, size: sizes[i]!, mtimeMs: mtimes[i]! };
      }
      while (k < skips.length) onSkip(skips[k++]!.skip);
      return;
    }
    for (const e of walkTree(root, walkOptions, (sk) => {
      digest.skip(sk.rel, sk.reason, sk.detail);
      onSkip(sk);
    })) {
      digest.file(e.rel, e.size, e.mtimeMs);
      yield e;
    }
  }
  let walkDone = false;
  try {
    for (const e of walked()) {
      if (options.signal?.aborted) break;
      stats.files++;
      stats.bytes += e.size;
      const cached = cache?.get(e.rel, e.size, e.mtimeMs);
      if (cached) {
        stats.cached++;
        files.set(e.rel, cached);
        if (cached.skipped) onSkip({ rel: e.rel, reason: cached.skipped as WalkSkip['reason'] });
        continue;
      }
      if (isModelFile(e.rel)) {
        finish(e, { facts: modelFileFacts(e.rel, e.size, catalog) });
        continue;
      }
      const mType = manifestType(e.rel);
      const sType = mType ? undefined : structuredType(e.rel);
      if (mType || sType) {
        finish(e, structured(e, mType, sType));
        continue;
      }
      if (workerCount > 0 && inlineDone >= inlineFiles && inlineRead >= inlineBytes) {
        if (inflight.size < workerCount * QUEUE_BATCHES) {
          pool ??= createScanPool(set.kernel, needsText, workerCount);
          batch.push(e);
          batchBytes += e.size;
          if (batch.length >= BATCH_FILES || batchBytes >= BATCH_BYTES) flush();
          continue;
        }
        // The workers hold all the batches they may (the queue is bounded): rather than wait, this
        // thread matches the file itself, and every few files lets the workers' results in.
        if (++sinceYield >= YIELD_EVERY) {
          sinceYield = 0;
          await new Promise<void>((done) => setImmediate(done));
        }
      }
      inlineDone++;
      inlineRead += e.size;
      reader.expect(e.size);
      finish(e, fromScan(e, scanFileWith(inline(), needsText, reader.read, e.abs, isScript(e.rel))));
    }
    walkDone = !options.signal?.aborted;
    flush();
    await Promise.all(inflight);
  } finally {
    await pool?.close();
  }
  walkIssues.sort((a, b) => (a.file! < b.file! ? -1 : a.file! > b.file! ? 1 : 0));
  diagnostics.push(...walkIssues.slice(0, 200));
  let factsGeneration: string | undefined;
  try {
    if (walkDone) listings?.save();
    factsGeneration = cache?.save();
  } catch (err) {
    diagnostics.push({ code: 'repo/cache-unwritable', message: `cannot write the scan cache: ${(err as Error).message}`, path: '', severity: 'warning' });
  }
  stats.cached = cache?.hits ?? 0;
  for (const [reason, n] of Object.entries(skipped).sort()) {
    diagnostics.push({
      code: `repo/skipped-${reason}`,
      message: `skipped ${n} ${reason} ${n === 1 ? 'entry' : 'entries'}${skipExamples[reason]?.length ? ` (e.g. ${skipExamples[reason]!.join(', ')})` : ''}`,
      path: '',
      severity: 'info',
    });
  }
  const rels = [...files.keys()].sort();
  for (const rel of rels) {
    for (const p of files.get(rel)!.problems ?? [])
      diagnostics.push({ code: p.code, message: p.message, path: p.pointer ?? '', severity: 'warning', file: rel, ...(p.line ? { line: p.line } : {}) });
  }
  const observations = assembleObservations(files, assembleOptions);
  if (cacheDir !== undefined && factsGeneration !== undefined && walkDone && wholeResult) {
    try {
      writeCachedResult(cacheDir, cacheKey, context, digest.digest(), factsGeneration, {
        observations,
        diagnostics,
        stats: { files: stats.files, bytes: stats.bytes, skipped },
      });
    } catch (err) {
      diagnostics.push({ code: 'repo/cache-unwritable', message: `cannot write the scan cache: ${(err as Error).message}`, path: '', severity: 'warning' });
    }
  }
  stats.durationMs = Date.now() - started;
  return { observations, diagnostics, stats, files };
}
