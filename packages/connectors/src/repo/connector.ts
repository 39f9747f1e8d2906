import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { type CatalogExtension, DEFAULT_CATALOG, type DetectionCatalog, extendCatalog } from '../catalogs/index';
import { defineConnector } from '../sdk/connector';
import { connectorError } from '../sdk/failures';
import type { ConnectorMessage } from '../sdk/messages';
import { scanRepository } from './scan';

/**
 * Configuration of the `repo` connector (the repository scanner).
 *
 * @example
 * ```ts
 * RepoConfigSchema.parse({ path: '.', exclude: ['fixtures/'], workers: 2 });
 * ```
 */
export const RepoConfigSchema = z
  .object({
    path: z.string().min(1).describe('Folder to scan.'),
    exclude: z.array(z.string()).default([]).describe('Extra exclude globs (gitignore syntax).'),
    gitignore: z.boolean().default(true).describe('Honour .gitignore files.'),
    includeVendored: z.boolean().default(false).describe('Also scan node_modules, vendor, dist and other vendored or build folders.'),
    maxFileBytes: z
      .int()
      .positive()
      .default(2 * 1024 * 1024)
      .describe('Skip files larger than this (model files are listed regardless).'),
    followSymlinks: z.boolean().default(true),
    workers: z.int().min(0).max(16).optional().describe('Worker threads for matching (0 = the calling thread; default: one fewer than the CPUs, 1 to 4).'),
    cache: z
      .union([z.string().min(1), z.literal(false)])
      .optional()
      .describe('Cache folder, or false (default: <path>/.aispm/cache).'),
    fingerprintKey: z.string().min(16).optional().describe('Key of credential fingerprints (default: a per-install key file).'),
    fingerprintKeyFile: z.string().min(1).optional(),
    application: z.string().min(1).optional().describe('Application key (default: the origin remote, else the folder name).'),
    catalog: z.record(z.string(), z.unknown()).optional().describe('Catalog additions: providers, packages, keyFormats, ... (see the catalog reference).'),
  })
  .strict();

/** See {@link RepoConfigSchema}. */
export type RepoConfig = z.output<typeof RepoConfigSchema>;

function catalogOf(config: RepoConfig): DetectionCatalog {
  if (!config.catalog) return DEFAULT_CATALOG;
  const r = extendCatalog(DEFAULT_CATALOG, config.catalog as CatalogExtension);
  if (!r.ok) throw connectorError('config', `invalid catalog: ${r.issues.map((i) => `/catalog${i.path}: ${i.message}`).join('; ')}`);
  return r.value;
}

/**
 * The `repo` connector: scans a source tree for AI SDKs, models, providers, endpoints, agents,
 * MCP servers and client configs, vector stores, IaC, container images, model files and
 * hard-coded keys (fingerprinted, never kept). The default source of `aispm scan <dir>`.
 *
 * @example
 * ```ts
 * const result = await createConnectorRuntime().run(repoConnector, { path: './my-app' });
 * result.observations.length;
 * ```
 */
export const repoConnector = defineConnector<RepoConfig>({
  manifest: {
    id: 'repo',
    version: '0.1.0',
    title: 'Repository scanner',
    description:
      'Finds AI SDKs, models, providers, endpoints, agents, MCP servers, vector stores, IaC and container images of AI services, model files and hard-coded keys in a source tree.',
    stability: 'beta',
    owners: ['aispm'],
    secrets: ['fingerprintKey'],
    permissions: [{ name: 'read files under path', reason: 'The scanner reads the source tree; it writes only its cache and fingerprint key under .aispm/.' }],
    emits: {
      kinds: [
        'application',
        'library',
        'provider',
        'model',
        'model-endpoint',
        'gateway',
        'vector-store',
        'agent',
        'mcp-server',
        'tool',
        'prompt',
        'dataset',
        'credential',
      ],
      relationships: [
        'depends-on',
        'calls',
        'uses-model',
        'retrieves-from',
        'routes-through',
        'contains',
        'connects-to',
        'exposes-tool',
        'holds-credential',
        'authenticates-to',
        'hosted-by',
        'served-by',
        'fine-tuned-from',
      ],
    },
    incremental: false,
    config: RepoConfigSchema,
    configExample: { path: '.', exclude: ['test/fixtures/'], workers: 2 },
  },
  async check(config) {
    let isDir = false;
    try {
      isDir = statSync(resolve(config.path)).isDirectory();
    } catch {
      // Reported below.
    }
    if (!isDir) return { ok: false, failure: { class: 'config', message: `path is not a readable folder: ${config.path}`, retryable: false } };
    try {
      catalogOf(config);
    } catch (e) {
      return { ok: false, failure: { class: 'config', message: (e as Error).message, retryable: false } };
    }
    return { ok: true };
  },
  async *sync(config, ctx): AsyncGenerator<ConnectorMessage> {
    const catalog = catalogOf(config);
    yield { type: 'status', phase: 'scan', message: `scanning ${config.path}` };
    const result = await scanRepository(config.path, {
      catalog,
      exclude: config.exclude,
      gitignore: config.gitignore,
      includeVendored: config.includeVendored,
      maxFileBytes: config.maxFileBytes,
      followSymlinks: config.followSymlinks,
      ...(config.workers !== undefined ? { workers: config.workers } : {}),
      ...(config.cache !== undefined ? { cache: config.cache } : {}),
      ...(config.fingerprintKey ? { fingerprintKey: config.fingerprintKey } : {}),
      ...(config.fingerprintKeyFile ? { fingerprintKeyFile: config.fingerprintKeyFile } : {}),
      ...(config.application ? { application: config.application } : {}),
      now: ctx.now(),
      signal: ctx.signal,
    });
    for (const d of result.diagnostics) {
      yield {
        type: 'log',
        level: d.severity === 'info' ? 'info' : 'warn',
        message: d.message,
        data: { code: d.code, ...(d.file ? { file: d.file } : {}), ...(d.line ? { line: d.line } : {}) },
      };
    }
    for (const o of result.observations) {
      const { connector: _c, observedAt: _t, ...provenance } = o.provenance;
      if (o.type === 'asset') yield { type: 'asset', asset: o.asset, provenance };
      else yield { type: 'relationship', relationship: o.relationship, provenance };
    }
    const s = result.stats;
    yield {
      type: 'status',
      phase: 'scan',
      done: s.files,
      total: s.files,
      message: `${s.files} files, ${s.scanned} read, ${s.cached} from cache, ${s.durationMs} ms`,
    };
  },
});
