import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectorRuntime, type MlflowState, mlflowConnector } from '../../src/index';
import { createReplayServer, createVirtualClock, describeConformance, normalizeObservations, seededRandom } from '../../src/testing/index';
import { type FakeMlflowOptions, startFakeMlflow } from './fake-mlflow';

// Fixtures are replayed by default. To re-record them from the local fake MLflow server:
//   AISPM_HTTP_RECORD=1 npx vitest run packages/connectors/test/examples
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const TOKEN = 'mlflow-test-token-5f4e3d2c';
const recording = process.env.AISPM_HTTP_RECORD === '1';

/** A replay server for one fixture folder; when recording, it records from a fresh fake upstream. */
async function fixture(name: string, fake: FakeMlflowOptions = { token: TOKEN }) {
  const upstream = recording ? await startFakeMlflow(fake) : undefined;
  const server = await createReplayServer({ dir: join(FIXTURES, name), secrets: [TOKEN], ...(upstream ? { upstream: upstream.url } : {}) });
  return {
    server,
    close: async () => {
      await server.close();
      await upstream?.close();
    },
  };
}

const runtime = () => createConnectorRuntime({ clock: createVirtualClock(), random: seededRandom(1) });

describe('mlflow example connector: conformance (pagination over three pages)', () => {
  let f: Awaited<ReturnType<typeof fixture>>;
  beforeAll(async () => {
    f = await fixture('conformance');
    if (recording) {
      await runtime().check(mlflowConnector, { trackingUri: f.server.url, token: TOKEN, pageSize: 2 });
      await runtime().run(mlflowConnector, { trackingUri: f.server.url, token: TOKEN, pageSize: 2 });
    }
  });
  afterAll(() => f.close());

  describeConformance({
    connector: mlflowConnector,
    config: () => ({ trackingUri: f.server.url, token: TOKEN, pageSize: 2 }),
    badConfigs: [{}, { trackingUri: 'not a url' }, { trackingUri: 'http://127.0.0.1:1', pageSize: 0 }, { trackingUri: 'http://127.0.0.1:1', extra: true }],
    expected: join(FIXTURES, 'conformance.expected.json'),
    runtime: () => ({ clock: createVirtualClock(), random: seededRandom(1) }),
    beforeRun: () => f.server.rewind(),
  });

  it('pages with page_token and checkpoints after each page', async () => {
    f.server.rewind();
    const saved: MlflowState[] = [];
    const r = await runtime().run(mlflowConnector, { trackingUri: f.server.url, token: TOKEN, pageSize: 2 }, { saveState: (s) => void saved.push(s) });
    expect(r.status).toBe('succeeded');
    expect(f.server.requests.slice(-3).map((q) => q.replace(/^GET /, ''))).toEqual([
      '/api/2.0/mlflow/registered-models/search?max_results=2&order_by=last_updated_timestamp+ASC',
      '/api/2.0/mlflow/registered-models/search?max_results=2&order_by=last_updated_timestamp+ASC&page_token=b2Zmc2V0OjI',
      '/api/2.0/mlflow/registered-models/search?max_results=2&order_by=last_updated_timestamp+ASC&page_token=b2Zmc2V0OjQ',
    ]);
    expect(saved).toEqual([{ updatedAfter: 1735800000000 }, { updatedAfter: 1736000000000 }, { updatedAfter: 1736100000000 }]);
    expect(r.observations.filter((o) => o.type === 'asset' && o.provenance.basis === 'declared')).toHaveLength(5);
    expect(f.server.unmatched).toEqual([]);
  });

  it('resumes from saved state and emits only newer models', async () => {
    f.server.rewind();
    const r = await runtime().run(mlflowConnector, { trackingUri: f.server.url, token: TOKEN, pageSize: 2 }, { state: { updatedAfter: 1735900000000 } });
    expect(r.observations.flatMap((o) => (o.type === 'asset' && o.provenance.basis === 'declared' ? [o.asset.name] : []))).toEqual(['doc-embedder', 'ranker']);
    expect(r.state).toEqual({ updatedAfter: 1736100000000 });
  });

  it('recordings scrub the authorization header', async () => {
    const { readFile, readdir } = await import('node:fs/promises');
    const dir = join(FIXTURES, 'conformance');
    for (const file of await readdir(dir)) {
      const text = await readFile(join(dir, file), 'utf8');
      expect(text).not.toContain(TOKEN);
      expect(JSON.parse(text).request.headers.authorization).toBe('[REDACTED]');
    }
  });
});

describe('mlflow example connector: retries on 429 and 503', () => {
  let f: Awaited<ReturnType<typeof fixture>>;
  beforeAll(async () => {
    f = await fixture('retries-429-503', { token: TOKEN, failures: { b2Zmc2V0OjI: [[429, { 'retry-after': '3' }], 503] } });
  });
  afterAll(() => f.close());

  it('retries the second page after Retry-After, then after backoff, and completes', async () => {
    const clock = createVirtualClock();
    const r = await createConnectorRuntime({ clock, random: () => 0.5 }).run(mlflowConnector, { trackingUri: f.server.url, token: TOKEN, pageSize: 2 });
    expect(r.status).toBe('succeeded');
    expect(r.http).toMatchObject({ calls: 3, attempts: 5, retries: 2 });
    // 3 s from Retry-After; then backoff 500 ms × 2^1 = 1000 ms with full jitter at 0.5 → 500 ms.
    expect(clock.sleeps.filter((s) => s > 0)).toEqual([3000, 500]);
    expect(normalizeObservations(r.observations).filter((o) => o.type === 'asset')).toHaveLength(7);
    expect(f.server.unmatched).toEqual([]);
    expect(f.server.remaining()).toEqual([]);
  });
});

describe('mlflow example connector: failures', () => {
  let f: Awaited<ReturnType<typeof fixture>>;
  beforeAll(async () => {
    f = await fixture('auth-failures');
    if (recording) {
      await runtime().check(mlflowConnector, { trackingUri: f.server.url, token: 'wrong-token-123' });
      await runtime().check(mlflowConnector, { trackingUri: f.server.url, token: 'readonly' });
    }
    f.server.rewind();
  });
  afterAll(() => f.close());

  it('a refused token fails check as auth, without retries, and is never echoed', async () => {
    const r = await runtime().check(mlflowConnector, { trackingUri: f.server.url, token: 'wrong-token-123' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure).toMatchObject({ class: 'auth', phase: 'check', connector: 'mlflow', status: 401, retryable: false });
    expect(JSON.stringify(r)).not.toContain('wrong-token-123');
  });

  it('a token without read access fails as permission', async () => {
    const r = await runtime().check(mlflowConnector, { trackingUri: f.server.url, token: 'readonly' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.failure).toMatchObject({ class: 'permission', phase: 'check', status: 403 });
  });

  it('an unreachable server fails as transient after retries, as a result rather than a throw', async () => {
    const clock = createVirtualClock();
    const r = await createConnectorRuntime({ clock, random: () => 0 }).run(mlflowConnector, { trackingUri: 'http://127.0.0.1:9', pageSize: 2 });
    expect(r.status).toBe('failed');
    expect(r.failure).toMatchObject({ class: 'transient', phase: 'sync', connector: 'mlflow' });
    expect(r.http.attempts).toBe(5);
  });
});
