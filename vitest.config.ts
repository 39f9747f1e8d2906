import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./packages/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Workspace packages resolve to their TypeScript source: no build is needed to test.
    alias: [
      { find: /^@aispm\/connectors\/testing$/, replacement: src('connectors/src/testing/index.ts') },
      { find: /^@aispm\/(core|connectors|frameworks|scoring|cli)$/, replacement: src('$1/src/index.ts') },
    ],
    conditions: ['@aispm/source'],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.int.test.ts'],
    setupFiles: ['./test/setup/fail-on-console.ts'],
    reporters: ['default', './test/setup/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
