import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', main: 'src/main.ts' },
  format: ['esm'],
  dts: process.env.AISPM_BUILD_FAST ? false : { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  // The command is one bundle (workspace packages and pure-JS dependencies included): loading one
  // file is much faster than resolving hundreds of modules, which keeps start-up near plain node.
  // Native and optional heavy dependencies stay external and load lazily.
  noExternal: [/^@aispm\//, 'zod', 'yaml', 'saxes', 'spdx-expression-parse', 'smol-toml', 'ignore'],
  external: ['better-sqlite3', 'pg', 'playwright-core', '@cyclonedx/cyclonedx-library', 'ajv', 'ajv-formats', 'ajv-formats-draft2019', 'libxmljs2'],
  esbuildOptions(options) {
    // Resolve workspace packages to their TypeScript source, like the tests do.
    options.conditions = ['@aispm/source', ...(options.conditions ?? [])];
  },
});
