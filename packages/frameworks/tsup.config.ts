import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  // AISPM_BUILD_FAST=1 (used by `npm run example`) skips type declarations, the slow part.
  dts: !process.env.AISPM_BUILD_FAST,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
});
