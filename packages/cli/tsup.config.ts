import { defineConfig } from 'tsup';

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
  noExternal: [/^@aispm\//, 'zod'],
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
    'saxes',
    'smol-toml',
    'spdx-expression-parse',
    'vitest',
    'yaml',
  ],
  esbuildOptions(options) {
    // Resolve workspace packages to their TypeScript source, as the tests do.
    options.conditions = ['@aispm/source', ...(options.conditions ?? [])];
  },
});
