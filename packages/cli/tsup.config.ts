import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', main: 'src/main.ts' },
  format: ['esm'],
  dts: process.env.AISPM_BUILD_FAST ? false : { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  // Workspace packages are bundled from their built output through normal resolution.
  external: [/^@aispm\//, 'better-sqlite3', 'pg', 'playwright-core'],
});
