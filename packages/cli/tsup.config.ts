import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Plugin } from 'esbuild';
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
  external: [
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
  ],
  esbuildPlugins: [englishOnlyZodLocales],
  esbuildOptions(options) {
    // Resolve workspace packages to their TypeScript source, as the tests do.
    options.conditions = ['@aispm/source', ...(options.conditions ?? [])];
  },
});
