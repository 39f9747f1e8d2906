import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createConnectorRuntime, type RepoConfig, repoConnector } from '../../src/index';
import { createVirtualClock, describeConformance, seededRandom } from '../../src/testing/index';
import { REPOS } from './helpers';

const config = (name: string) =>
  ({ path: join(REPOS, name), cache: false, fingerprintKey: 'aispm-test-fingerprint-key', exclude: ['expected.json'], workers: 0 }) as RepoConfig;

describeConformance({
  connector: repoConnector,
  config: () => config('py-agent-tools'),
  badConfigs: [{}, null, { path: join(REPOS, 'does-not-exist') }, { path: REPOS, workers: -1 }, { path: REPOS, unknown: true }],
  expected: join(REPOS, 'py-agent-tools.conformance.json'),
  runtime: () => ({ clock: createVirtualClock(), random: seededRandom(1) }),
});

describe('repo connector', () => {
  test('a live key never reaches observations or logs through the runtime', async () => {
    const r = await createConnectorRuntime({ clock: createVirtualClock() }).run(repoConnector, config('keys-mixed'));
    expect(r.status).toBe('succeeded');
    expect(JSON.stringify(r)).not.toContain('gM0Kbg26KpZcVt0c');
    expect(r.observations.filter((o) => o.type === 'asset' && o.asset.kind === 'credential')).toHaveLength(27);
  });

  test('an invalid catalog extension fails check as config', async () => {
    const r = await createConnectorRuntime().check(repoConnector, { ...config('keys-mixed'), catalog: { keyFormats: [{ id: 'x' }] } });
    expect(r.ok ? 'ok' : r.failure.class).toBe('config');
  });
});
