import { canonicalJson, type Observation } from '@aispm/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, createConformanceChecks, normalizeObservations } from './conformance';

/**
 * Registers the connector conformance suite as vitest tests (one `it` per check) inside a
 * `describe` named after the connector. Call it at the top level of any vitest file; set up
 * servers in `beforeAll` and pass lazy `config`. When `expected` is a file path, it is a golden
 * file: written on the first run and updated only with `vitest -u`.
 *
 * @example
 * ```ts
 * let server: ReplayServer;
 * beforeAll(async () => { server = await createReplayServer({ dir: fixtures('conformance') }); });
 * afterAll(() => server.close());
 * describeConformance({ connector: mlflowConnector, config: () => ({ trackingUri: server.url }), beforeRun: () => server.rewind() });
 * ```
 */
export function describeConformance<C>(options: ConformanceOptions<C>): void {
  describe(`connector conformance: ${options.connector.manifest.id}`, () => {
    const checks = createConformanceChecks(options, { onObservations: (o) => (observed = o) });
    let observed: Observation[] = [];
    for (const check of checks) {
      if (check.name === 'sync output matches expected observations' && typeof options.expected === 'string') {
        // A golden file: written when missing, updated with `vitest -u`.
        const file = options.expected;
        it(check.name, async () => {
          await checks.find((c) => c.name === 'sync succeeds with valid, declared observations')?.run();
          await expect(`${JSON.stringify(JSON.parse(canonicalJson(normalizeObservations(observed))), null, 2)}\n`).toMatchFileSnapshot(file);
        });
      } else it(check.name, check.run);
    }
  });
}
