// Scaffolds a new connector: source with its manifest, a conformance test with replay fixtures,
// and its reference page.
// Usage: npm run create-connector <name> [-- --root <dir>] [-- --package]
//   --root     write into another checkout or project (default: this repository)
//   --package  import the SDK from '@aispm/connectors' (for connectors outside this repository)
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isConnector, renderConnectorReference } from '@aispm/connectors';

const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Options of {@link createConnectorScaffold}. */
export interface ScaffoldOptions {
  /** Connector id, kebab-case (also the folder and the source type). */
  name: string;
  /** Repository root to write into. */
  root: string;
  /** Import the SDK through the package entry instead of relative paths. */
  packageImports?: boolean;
}

const camel = (s: string) => s.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const title = (s: string) => s.replace(/(^|-)([a-z0-9])/g, (_m, d: string, c: string) => `${d ? ' ' : ''}${c.toUpperCase()}`);

function connectorSource(name: string, packageImports: boolean): string {
  const v = `${camel(name)}Connector`;
  const imports = packageImports
    ? "import { assertOk, defineConnector } from '@aispm/connectors';"
    : "import { assertOk } from '../http/connector-fetch';\nimport { defineConnector } from '../sdk/connector';";
  return `import { z } from 'zod';
${imports}

/** Configuration of the ${name} connector. */
export const ${camel(name)}ConfigSchema = z
  .object({
    baseUrl: z.url().describe('Base URL of the API.'),
    apiKey: z.string().min(1).optional().describe('API key, sent as a bearer token.'),
    pageSize: z.int().min(1).max(500).default(50).describe('Items per page.'),
  })
  .strict();

/** See {@link ${camel(name)}ConfigSchema}. */
export type ${title(name).replace(/ /g, '')}Config = z.output<typeof ${camel(name)}ConfigSchema>;

const PageSchema = z.looseObject({
  models: z.array(z.looseObject({ id: z.string(), name: z.string(), description: z.string().optional() })),
  next_page_token: z.string().optional(),
});

/**
 * The ${name} connector: lists the models of the API page by page.
 * Replace the endpoint, the response shape and the mapping with your system's.
 *
 * @example
 * \`\`\`ts
 * const result = await runConnector(${v}, { baseUrl: 'http://127.0.0.1:8080' });
 * \`\`\`
 */
export const ${v} = defineConnector<z.output<typeof ${camel(name)}ConfigSchema>>({
  manifest: {
    id: '${name}',
    version: '0.1.0',
    title: '${title(name)}',
    description: 'Lists the models of ${title(name)}.',
    stability: 'experimental',
    owners: ['you@example.com'],
    secrets: ['apiKey'],
    permissions: [{ name: 'models:read', reason: 'list models' }],
    emits: { kinds: ['model'], relationships: [] },
    incremental: false,
    rateLimit: { requestsPerSecond: 5, burst: 5, concurrency: 2 },
    retry: { maxAttempts: 4 },
    config: ${camel(name)}ConfigSchema,
    configExample: { baseUrl: 'https://api.example.com', apiKey: '\${${name.toUpperCase().replace(/-/g, '_')}_API_KEY}' },
  },

  async check(config, ctx) {
    const headers: Record<string, string> = config.apiKey ? { authorization: \`Bearer \${config.apiKey}\` } : {};
    await assertOk(await ctx.fetch(new URL('/v1/models?limit=1', config.baseUrl), { headers }), 'list models');
    return { ok: true };
  },

  async *sync(config, ctx) {
    const headers: Record<string, string> = config.apiKey ? { authorization: \`Bearer \${config.apiKey}\` } : {};
    let token: string | undefined;
    do {
      const url = new URL('/v1/models', config.baseUrl);
      url.searchParams.set('limit', String(config.pageSize));
      if (token) url.searchParams.set('page_token', token);
      const res = await assertOk(await ctx.fetch(url, { headers }), 'list models');
      const page = PageSchema.parse(await res.json());
      for (const m of page.models) {
        yield {
          type: 'asset',
          asset: { kind: 'model', key: m.name, ...(m.description ? { attributes: { purpose: m.description } } : {}) },
          provenance: { locator: { ref: \`models/\${m.id}\` }, basis: 'declared' },
        };
      }
      token = page.next_page_token || undefined;
    } while (token);
  },
});
`;
}

function testSource(name: string, importPath: string, testingImport: string): string {
  const v = `${camel(name)}Connector`;
  return `import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { createReplayServer, createVirtualClock, describeConformance, type ReplayServer } from '${testingImport}';
import { ${v} } from '${importPath}';

// Recorded calls live in fixtures/<test>/, one JSON file per call. To record them again from a
// real or local server: AISPM_HTTP_RECORD=1 AISPM_HTTP_UPSTREAM=<base URL> npx vitest run <this file>
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
let server: ReplayServer;
beforeAll(async () => {
  server = await createReplayServer({ dir: join(FIXTURES, 'conformance'), secrets: ['test-key-0000'] });
});
afterAll(() => server.close());

describeConformance({
  connector: ${v},
  config: () => ({ baseUrl: server.url, apiKey: 'test-key-0000', pageSize: 2 }),
  badConfigs: [{}, { baseUrl: 'not a url' }],
  expected: join(FIXTURES, 'conformance.expected.json'),
  runtime: () => ({ clock: createVirtualClock() }),
  beforeRun: () => server.rewind(),
});
`;
}

function exchange(path: string, json: unknown) {
  return `${JSON.stringify(
    {
      request: { method: 'GET', path, headers: { accept: '*/*', authorization: '[REDACTED]' } },
      response: { status: 200, headers: { 'content-type': 'application/json' }, json },
    },
    null,
    2,
  )}\n`;
}

/** Writes the scaffold; returns the files written (relative to root). Refuses to overwrite. */
export async function createConnectorScaffold(options: ScaffoldOptions): Promise<string[]> {
  const { name, root } = options;
  if (!NAME.test(name)) throw new Error(`connector name must be kebab-case (a-z, 0-9, -): ${JSON.stringify(name)}`);
  const pkg = join(root, 'packages', 'connectors');
  const srcFile = join(pkg, 'src', name, 'index.ts');
  const testDir = join(pkg, 'test', name);
  const exists = await access(srcFile).then(
    () => true,
    () => false,
  );
  if (exists) throw new Error(`${relative(root, srcFile)} already exists`);
  const page1 = {
    models: [
      { id: 'm1', name: 'gpt-4o', description: 'Chat model.' },
      { id: 'm2', name: 'text-embedding-3-small' },
    ],
    next_page_token: 'p2',
  };
  const page2 = { models: [{ id: 'm3', name: 'claude-3-5-sonnet-20241022' }] };
  const files: Array<[string, string]> = [
    [srcFile, connectorSource(name, options.packageImports ?? false)],
    [
      join(testDir, `${name}.test.ts`),
      testSource(
        name,
        options.packageImports ? '@aispm/connectors' : `../../src/${name}/index`,
        options.packageImports ? '@aispm/connectors/testing' : '../../src/testing/index',
      ),
    ],
    [join(testDir, 'fixtures', 'conformance', '001-get-v1-models.json'), exchange('/v1/models?limit=1', { models: [page1.models[0]], next_page_token: 'p2' })],
    [join(testDir, 'fixtures', 'conformance', '002-get-v1-models.json'), exchange('/v1/models?limit=2', page1)],
    [join(testDir, 'fixtures', 'conformance', '003-get-v1-models.json'), exchange('/v1/models?limit=2&page_token=p2', page2)],
  ];
  for (const [file, text] of files) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  const written = files.map(([f]) => relative(root, f));
  if (!options.packageImports) {
    const mod = (await import(pathToFileURL(srcFile).href)) as Record<string, unknown>;
    const connector = Object.values(mod).find(isConnector);
    if (connector) {
      const page = join(root, 'docs', 'reference', 'connectors', `${name}.md`);
      await mkdir(dirname(page), { recursive: true });
      await writeFile(page, renderConnectorReference(connector.manifest));
      written.push(relative(root, page));
    }
  }
  return written;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const rootAt = args.indexOf('--root');
  const root = rootAt >= 0 && args[rootAt + 1] ? (args[rootAt + 1] as string) : join(dirname(fileURLToPath(import.meta.url)), '..');
  const name = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--root');
  if (!name) {
    console.error('usage: npm run create-connector <name> [-- --root <dir>] [-- --package]');
    return 2;
  }
  try {
    const files = await createConnectorScaffold({ name, root, packageImports: args.includes('--package') });
    console.log(`created connector "${name}":\n  ${files.join('\n  ')}`);
    console.log(
      `\nNext: export it from packages/connectors/src/index.ts (export { ${camel(name)}Connector } from './${name}/index';),` +
        ` run its test (npx vitest run packages/connectors/test/${name}), then adapt the endpoint and mapping,` +
        ' record real fixtures with AISPM_HTTP_RECORD=1, and regenerate docs with scripts/gen-connector-docs.ts.',
    );
    return 0;
  } catch (e) {
    console.error((e as Error).message);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then((code) => process.exit(code));
}
