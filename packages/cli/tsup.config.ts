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
  // Workspace packages and third-party dependencies are imported from their installed builds.
  external: [/^@aispm\//, 'better-sqlite3', 'pg', 'playwright-core'],
});
