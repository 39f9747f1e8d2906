import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

const require = createRequire(import.meta.url);

/**
 * zod's namespaces re-export its 60-odd translations of error messages (`z.locales`, `z.core.locales`), a third of
 * the CLI's largest chunk, which every start would parse. The CLI uses none but English (the
 * default, imported by zod itself), so its bundle gets only that one.
 */
const englishOnlyZodLocales: Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /zod[\\/]v4[\\/](?:classic[\\/]external|core[\\/]index)\.js$/.test(args.importer) ? { path: 'zod-locales', namespace: 'aispm-zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'aispm-zod-locales' }, () => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(require.resolve('zod/v4/locales/en.js')),
      loader: 'js',
    }));
  },
};

/** Dependencies loaded from their installed builds (lazily where the code asks for them). */
const EXTERNAL = [
  '@cyclonedx/cyclonedx-library',
  'ajv',
  'ajv-formats',
  'ajv-formats-draft2019',
  'better-sqlite3',
  'ignore',
  'libxmljs2',
  'pg',
  'playwright-core',
  'smol-toml',
  'vitest',
  'yaml',
];

/** Parsers the scanner loads on first use, bundled into the command bundle (see hostImport). */
const BUNDLED_LAZILY = ['yaml', 'smol-toml', 'ignore'];

/**
 * The bundle the `aispm` binary runs: the same code as the ES module build in one CommonJS file,
 * which the binary compiles with a V8 code cache (ES modules cannot use one on Node 20). Dynamic
 * imports of our own modules stay lazy (esbuild wraps them in initialisers); `import()` of
 * installed packages and user files stays a real dynamic import.
 */
/**
 * In the command bundle, `import()` of a package or a user file (the PostgreSQL and SQLite drivers,
 * YAML, a user's rule module) goes through `__aispmImport`: a script compiled with a code cache
 * cannot use Node's own dynamic import (it would need an experimental flag), so the binary hands
 * the bundle its own `import()`; required outside the binary, the bundle uses a plain `import()`.
 */
const hostImport: Plugin = {
  name: 'aispm-host-import',
  setup(b) {
    b.onLoad({ filter: /[\\/]packages[\\/][^\\/]+[\\/]src[\\/].*\.ts$/ }, async (args) => {
      let text = await readFile(args.path, 'utf8');
      // Relative imports and our own packages are bundled: esbuild keeps those lazy itself.
      text = text.replace(/\bawait import\((?!\s*['"](?:\.|@aispm\/))/g, 'await __aispmImport(');
      // The scanner's parsers loaded on first use (YAML, TOML, gitignore) are bundled too, as
      // lazily evaluated modules: loading yaml's hundred files from node_modules costs more than
      // the rest of a small scan.
      if (/[\\/]repo[\\/]lazy-deps\.ts$/.test(args.path)) text = text.replace(/\bload\('(yaml|smol-toml|ignore)'\)/g, "require('$1')");
      return { contents: text, loader: 'ts' };
    });
  },
};

async function buildCommandBundle(): Promise<void> {
  await build({
    entryPoints: { cli: 'src/main.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    conditions: ['@aispm/source'],
    external: EXTERNAL.filter((d) => !BUNDLED_LAZILY.includes(d)),
    plugins: [englishOnlyZodLocales, hostImport],
    // The little code that reads import.meta.url gets the bundle's own URL.
    define: { 'import.meta.url': '__aispmBundleUrl' },
    banner: {
      js: [
        'var __aispmBundleUrl = require("node:url").pathToFileURL(__filename).href;',
        'var __aispmImport = typeof __aispmHostImport === "function" ? __aispmHostImport : (s) => import(s);',
      ].join('\n'),
    },
    // Code in ASCII (non-ASCII characters in strings escaped), so the binary can read it as Latin-1.
    charset: 'ascii',
    logLevel: 'warning',
  });
  // A native import() left in the bundle would fail under the code cache: every one must go
  // through __aispmImport (written as `await import(...)` in the sources).
  const text = await readFile('dist/cli.cjs', 'utf8');
  const native = text.split('\n').filter((line, i) => i > 1 && !/^\s*(\/\/|\*|\/\*)/.test(line) && /(^|[^\w$.])import\(/.test(line));
  if (native.length) throw new Error(`dist/cli.cjs keeps a native import(): ${native[0]?.trim()}`);
}

/**
 * Writes the code cache of the command bundle: a scan of a small made-up project with a file of
 * each common kind (Python and TypeScript code, npm, PyPI, Go, Maven, NuGet, Cargo and RubyGems
 * manifests, a notebook, Terraform, a Dockerfile and a compose file, an MCP client config, an
 * assistant file, a model file, a placeholder key) to a CycloneDX BOM, so that the cache holds the
 * functions scans compile, not only the bundle's top level. It runs in the made-up project, so
 * its state folder (.aispm) goes away with it.
 */
function warmCodeCache(): void {
  const tree = mkdtempSync(join(tmpdir(), 'aispm-warm-'));
  const app = join(tree, 'app');
  const files: Record<string, string> = {
    'app.py':
      'import os\nfrom openai import OpenAI\nclient = OpenAI(base_url="https://api.openai.com/v1")\nMODEL = "gpt-4o-mini"\nKEY = "sk-your-api-key-here"\n',
    'agent.ts':
      "import Anthropic from '@anthropic-ai/sdk';\nimport { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nconst server = new McpServer({ name: 'warm' });\nserver.tool('lookup', async () => ({}));\nconst model = 'claude-3-5-sonnet-latest';\n",
    'package.json': '{"name":"warm","dependencies":{"@anthropic-ai/sdk":"^0.30.0","@modelcontextprotocol/sdk":"1.0.0"}}\n',
    'requirements.txt': 'openai==1.40.0\nlangchain>=0.2\n',
    'pyproject.toml': '[project]\nname = "warm"\ndependencies = ["anthropic>=0.30"]\n',
    'go.mod': 'module example.com/warm\n\ngo 1.22\n\nrequire github.com/sashabaranov/go-openai v1.20.0\n',
    'pom.xml':
      '<project><dependencies><dependency><groupId>dev.langchain4j</groupId><artifactId>langchain4j-open-ai</artifactId><version>0.35.0</version></dependency></dependencies></project>\n',
    'Warm.csproj': '<Project><ItemGroup><PackageReference Include="Azure.AI.OpenAI" Version="2.0.0" /></ItemGroup></Project>\n',
    'Cargo.toml': '[package]\nname = "warm"\n[dependencies]\nasync-openai = "0.23"\n',
    Gemfile: "gem 'ruby-openai', '~> 7.0'\n",
    'notebook.ipynb': JSON.stringify({
      cells: [{ cell_type: 'code', source: ['from transformers import AutoModel\n', 'm = AutoModel.from_pretrained("bert-base-uncased")\n'] }],
    }),
    'main.tf': 'resource "aws_sagemaker_endpoint" "e" {\n  name = "warm"\n}\n',
    Dockerfile: 'FROM vllm/vllm-openai:latest\n',
    'docker-compose.yml': 'services:\n  llm:\n    image: ollama/ollama:latest\n    ports: ["11434:11434"]\n',
    '.vscode/mcp.json': '{"servers":{"fs":{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem"]}}}\n',
    'CLAUDE.md': '# Notes for the assistant\n',
    '.env.example': 'OPENAI_API_KEY=your-api-key\n',
    'models/tiny.gguf': 'GGUF',
    '.gitignore': 'dist/\n',
  };
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(app, name)), { recursive: true });
      writeFileSync(join(app, name), text);
    }
    execFileSync(
      process.execPath,
      [join(import.meta.dirname, 'bin', 'aispm.mjs'), 'scan', app, '--format', 'cyclonedx', '--no-record', '--quiet', '--out', join(tree, 'bom.json')],
      {
        cwd: tree,
        env: { ...process.env, AISPM_CODE_CACHE: 'write' },
        stdio: 'ignore',
      },
    );
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

export default defineConfig({
  entry: { index: 'src/index.ts', main: 'src/main.ts' },
  format: ['esm'],
  // AISPM_BUILD_FAST=1 (used by `npm run example`) skips type declarations, the slow part.
  dts: process.env.AISPM_BUILD_FAST ? false : { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  // Start-up: the command bundles the workspace packages and zod (hundreds of small modules
  // otherwise resolved one by one at every start); every other dependency is imported from its
  // installed build, lazily where the code asks for it.
  // The XML and SPDX-licence parsers core's BOM code imports at load are CommonJS: loaded from
  // node_modules, each costs a resolution, Node's CommonJS export scan and a wrapper at every
  // start, so they are bundled too (they require nothing but each other and JSON lists).
  noExternal: [/^@aispm\//, 'zod', 'saxes', 'xmlchars', /^spdx-/],
  external: EXTERNAL,
  esbuildPlugins: [englishOnlyZodLocales],
  // After the ES module build (which cleans dist/): the command bundle and its code cache.
  async onSuccess() {
    await buildCommandBundle();
    warmCodeCache();
  },
  esbuildOptions(options) {
    // Resolve workspace packages to their TypeScript source, as the tests do.
    options.conditions = ['@aispm/source', ...(options.conditions ?? [])];
  },
});
