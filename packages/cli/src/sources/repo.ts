import { createHash } from 'node:crypto';
import { join, relative, resolve } from 'node:path';
import { type CatalogExtension, DEFAULT_CATALOG, extendCatalog, RepoConfigSchema, scanRepository } from '@aispm/connectors';
import { toJsonPointer } from '@aispm/core';
import type { SourceLoader } from './types';

const ENV_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/**
 * The `repo` source: scans a folder with the repository scanner (the default for a folder given
 * to `aispm scan`). Options are those of the `repo` connector; the cache lives under
 * `<config folder>/.aispm/cache/` and the credential fingerprint key in
 * `<config folder>/.aispm/fingerprint.key` unless `fingerprintKey` (e.g. `${AISPM_FINGERPRINT_KEY}`)
 * is given. Skips and unreadable files become diagnostics; the scan never aborts the run.
 *
 * @example
 * ```yaml
 * sources:
 *   - type: repo
 *     path: .
 *     options: { exclude: ['test/fixtures/'], workers: 2 }
 * ```
 */
export const loadRepo: SourceLoader = async function* (spec, ctx) {
  if (!spec.path) {
    ctx.diagnostics.push({ code: 'config/missing-path', message: 'repo source needs a path', path: '/path' });
    return;
  }
  const root = resolve(ctx.baseDir, spec.path);
  const options = { ...(spec.options ?? {}) } as Record<string, unknown>;
  const ref = typeof options.fingerprintKey === 'string' ? ENV_REF.exec(options.fingerprintKey) : null;
  if (ref?.[1]) {
    const value = process.env[ref[1]];
    if (value === undefined)
      ctx.diagnostics.push({ code: 'config/missing-env', message: `repo: environment variable ${ref[1]} is not set`, path: '/options/fingerprintKey' });
    if (value === undefined) delete options.fingerprintKey;
    else options.fingerprintKey = value;
  }
  // One parse per run: without zod's compiled fast path, which would cost more than it saves.
  const parsed = RepoConfigSchema.safeParse({ ...options, path: root }, { jitless: true });
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      ctx.diagnostics.push({ code: `config/${i.code}`, message: `repo: ${i.message}`, path: `/options${toJsonPointer(i.path as Array<string | number>)}` });
    }
    return;
  }
  const cfg = parsed.data;
  let catalog = DEFAULT_CATALOG;
  if (cfg.catalog) {
    const r = extendCatalog(DEFAULT_CATALOG, cfg.catalog as CatalogExtension);
    if (!r.ok) {
      for (const i of r.issues) ctx.diagnostics.push({ ...i, message: `repo: ${i.message}`, path: `/options/catalog${i.path}` });
      return;
    }
    catalog = r.value;
  }
  const state = join(ctx.baseDir, '.aispm');
  const result = await scanRepository(root, {
    catalog,
    identity: ctx.identity,
    exclude: cfg.exclude,
    gitignore: cfg.gitignore,
    includeVendored: cfg.includeVendored,
    maxFileBytes: cfg.maxFileBytes,
    followSymlinks: cfg.followSymlinks,
    ...(cfg.workers !== undefined ? { workers: cfg.workers } : {}),
    cache: cfg.cache ?? join(state, 'cache', `repo-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`),
    // The pattern set's compiled automaton is shared by every tree scanned from this folder.
    ...(cfg.cache === false ? {} : { sharedCache: join(state, 'cache') }),
    ...(cfg.fingerprintKey ? { fingerprintKey: cfg.fingerprintKey } : { fingerprintKeyFile: cfg.fingerprintKeyFile ?? join(state, 'fingerprint.key') }),
    ...(cfg.application ? { application: cfg.application } : {}),
    now: ctx.now,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const shown = relative(ctx.baseDir, root) || '.';
  for (const d of result.diagnostics) ctx.diagnostics.push({ ...d, ...(d.file ? { file: join(shown, d.file) } : {}) });
  yield* result.observations;
};

// The scanner builds its observations in the schema's output form (the connectors' corpus test
// parses every one of them back to itself); a user catalog extension adds data of its own, so
// those runs are validated as usual.
loadRepo.trusted = (spec) => (spec.options as { catalog?: unknown } | undefined)?.catalog === undefined;
