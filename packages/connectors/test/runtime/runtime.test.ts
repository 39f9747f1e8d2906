import type { Observation } from '@aispm/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  assertOk,
  backoffDelay,
  type ConnectorMessage,
  connectorError,
  createConnectorRuntime,
  createVirtualClock,
  defineConnector,
  type LogRecord,
  RetryPolicySchema,
  type SyncContext,
  seededRandom,
} from '../../src/index';

type Cfg = { url: string; token: string };
const TOKEN = 'tok-9f8e7d6c5b4a';

function connector(
  sync: (config: Cfg, ctx: SyncContext<{ page: number }>) => AsyncIterable<ConnectorMessage<{ page: number }>>,
  extra: Record<string, unknown> = {},
) {
  return defineConnector<Cfg, { page: number }>({
    manifest: {
      id: 'fake',
      version: '1.0.0',
      title: 'Fake',
      description: 'Test connector.',
      stability: 'experimental',
      owners: ['tests'],
      secrets: ['token'],
      incremental: true,
      emits: { kinds: ['model'], relationships: [] },
      config: z.object({ url: z.string(), token: z.string().min(8) }),
      retry: { maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 1000 },
      ...extra,
    },
    check: async (_c, ctx) => {
      await assertOk(await ctx.fetch('http://127.0.0.1:1/check'), 'check');
      return { ok: true };
    },
    sync,
  });
}

const model = (key: string): ConnectorMessage<{ page: number }> => ({ type: 'asset', asset: { kind: 'model', key } });

function scriptedFetch(statuses: Array<number | Error | [number, Record<string, string>]>) {
  const seen: string[] = [];
  const f = async (input: string | URL | Request) => {
    seen.push(String(input));
    const next = statuses.shift() ?? 200;
    if (next instanceof Error) throw next;
    const [status, headers] = Array.isArray(next) ? next : [next, {}];
    return new Response(status === 204 ? null : JSON.stringify({ status }), { status, headers });
  };
  return { fetch: f as typeof fetch, seen };
}

const config: Cfg = { url: 'http://127.0.0.1:1', token: TOKEN };

describe('config validation', () => {
  it('fails as config in the config phase without calling sync', async () => {
    let called = false;
    const c = connector(async function* () {
      yield* [];
      called = true;
    });
    const r = await createConnectorRuntime().run(c, { url: 'x', token: 'short' });
    expect(called).toBe(false);
    expect(r.status).toBe('failed');
    expect(r.failure).toMatchObject({ class: 'config', phase: 'config', connector: 'fake', retryable: false });
    expect(r.issues.map((i) => i.path)).toEqual(['/token']);
  });
});

describe('retries', () => {
  it('honours Retry-After on 429 and backs off with jitter on 503', async () => {
    const clock = createVirtualClock();
    const { fetch, seen } = scriptedFetch([[429, { 'retry-after': '2' }], 503, 200]);
    const c = connector(async function* (_c, ctx) {
      const res = await assertOk(await ctx.fetch('http://127.0.0.1:1/items'), 'list');
      expect(res.status).toBe(200);
      yield model('a');
    });
    const r = await createConnectorRuntime({ clock, random: seededRandom(7), fetch }).run(c, config);
    expect(r.status).toBe('succeeded');
    expect(seen).toHaveLength(3);
    const policy = RetryPolicySchema.parse({ maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 1000 });
    const rnd = seededRandom(7);
    expect(clock.sleeps).toEqual([2000, backoffDelay(policy, 2, rnd)]);
    expect(r.http).toEqual({ calls: 1, attempts: 3, retries: 2, peakConcurrency: 1 });
  });

  it('backoff grows exponentially and is capped', () => {
    const p = RetryPolicySchema.parse({ initialDelayMs: 100, maxDelayMs: 1000, jitter: 0 });
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(p, a, () => 0.5))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('returns the last response when retries run out, and the connector fails as transient', async () => {
    const clock = createVirtualClock();
    const { fetch, seen } = scriptedFetch([503, 503, 503, 503, 503]);
    const c = connector(async function* (_c, ctx) {
      await assertOk(await ctx.fetch('http://127.0.0.1:1/items'), 'list models');
      yield model('never');
    });
    const r = await createConnectorRuntime({ clock, random: () => 0, fetch }).run(c, config);
    expect(seen).toHaveLength(4);
    expect(r.status).toBe('failed');
    expect(r.failure).toMatchObject({ class: 'transient', phase: 'sync', connector: 'fake', status: 503, retryable: true });
    expect(r.failure?.message).toMatch(/^list models: HTTP 503/);
  });

  it('does not retry 4xx other than 408/429, and classifies 401/403', async () => {
    for (const [status, cls] of [
      [401, 'auth'],
      [403, 'permission'],
      [404, 'system'],
    ] as const) {
      const { fetch, seen } = scriptedFetch([status]);
      const r = await createConnectorRuntime({ clock: createVirtualClock(), fetch }).check(
        connector(async function* () {}),
        config,
      );
      expect(seen).toHaveLength(1);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.failure).toMatchObject({ class: cls, phase: 'check', connector: 'fake', status });
    }
  });

  it('retries network errors and then fails as transient', async () => {
    const clock = createVirtualClock();
    const err = new TypeError('fetch failed', { cause: new Error(`connect ECONNREFUSED token=${TOKEN}`) });
    const { fetch } = scriptedFetch([err, err, err, err]);
    const r = await createConnectorRuntime({ clock, random: () => 0, fetch }).run(
      connector(async function* (_c, ctx) {
        yield* [];
        await ctx.fetch(`http://127.0.0.1:1/items?api_key=${TOKEN}`);
      }),
      config,
    );
    expect(clock.sleeps).toEqual([0, 0, 0]);
    expect(r.failure).toMatchObject({ class: 'transient', phase: 'sync' });
    expect(JSON.stringify(r)).not.toContain(TOKEN);
  });

  it('times out a hanging attempt and retries it', async () => {
    let calls = 0;
    const hanging = ((_u: string, init: RequestInit) => {
      calls++;
      return new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    }) as unknown as typeof fetch;
    const c = connector(async function* (_c, ctx) {
      yield* [];
      await ctx.fetch('http://127.0.0.1:1/slow');
    });
    const r = await createConnectorRuntime({ clock: createVirtualClock(), fetch: hanging, retry: { timeoutMs: 20, maxAttempts: 2 } }).run(c, config);
    expect(calls).toBe(2);
    expect(r.failure?.class).toBe('transient');
    expect(r.failure?.message).toMatch(/timed out after 20 ms/);
  });
});

describe('rate limits and concurrency', () => {
  it('spaces requests by the token bucket', async () => {
    const clock = createVirtualClock();
    const { fetch } = scriptedFetch([]);
    const c = connector(async function* (_c, ctx) {
      yield* [];
      for (let i = 0; i < 4; i++) await ctx.fetch(`http://127.0.0.1:1/${i}`);
    });
    await createConnectorRuntime({ clock, fetch, rateLimit: { requestsPerSecond: 2, burst: 2 } }).run(c, config);
    expect(clock.sleeps).toEqual([500, 500]);
  });

  it('never has more calls in flight than the concurrency limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow = (async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return new Response('{}');
    }) as unknown as typeof fetch;
    const c = connector(async function* (_c, ctx) {
      await Promise.all(Array.from({ length: 8 }, (_, i) => ctx.fetch(`http://127.0.0.1:1/${i}`)));
    });
    const r = await createConnectorRuntime({ fetch: slow, rateLimit: { concurrency: 3 } }).run(c, config);
    expect(r.status).toBe('succeeded');
    expect(peak).toBe(3);
    expect(r.http.peakConcurrency).toBe(3);
  });
});

describe('abort', () => {
  it('cancels a run whose connector is stuck', async () => {
    const controller = new AbortController();
    const c = connector(async function* () {
      yield model('a');
      controller.abort();
      await new Promise(() => {});
    });
    const r = await createConnectorRuntime().run(c, config, { signal: controller.signal });
    expect(r.status).toBe('cancelled');
    expect(r.emitted).toBe(1);
    expect(r.failure).toMatchObject({ class: 'transient', phase: 'sync', connector: 'fake' });
  });

  it('stops backoff waits when aborted', async () => {
    const controller = new AbortController();
    const { fetch } = scriptedFetch([503, 503]);
    const c = connector(async function* (_c, ctx) {
      setTimeout(() => controller.abort(), 5);
      await ctx.fetch('http://127.0.0.1:1/x');
    });
    const r = await createConnectorRuntime({ fetch, retry: { initialDelayMs: 60_000, jitter: 0 } }).run(c, config, { signal: controller.signal });
    expect(r.status).toBe('cancelled');
  });
});

describe('redaction', () => {
  it('redacts secret fields and secret-looking values in logs, errors and observations', async () => {
    const records: LogRecord[] = [];
    const c = connector(async function* () {
      yield { type: 'log', level: 'info', message: `using token ${TOKEN}`, data: { apiKey: 'anything', note: 'sk-proj-abcdefghijklmnopqrstuvwx' } };
      yield { type: 'asset', asset: { kind: 'model', key: 'm', attributes: { purpose: `leaked ${TOKEN}` } } };
      throw connectorError('auth', `token ${TOKEN} refused`, { details: { header: `Bearer ${TOKEN}` } });
    });
    const r = await createConnectorRuntime({ logger: (x) => records.push(x) }).run(c, config);
    const all = JSON.stringify({ r, records });
    expect(all).not.toContain(TOKEN);
    expect(records[0]).toEqual({
      level: 'info',
      message: 'using token [REDACTED]',
      connector: 'fake',
      data: { apiKey: '[REDACTED]', note: 'sk-p…[REDACTED]' },
    });
    expect(r.observations[0]).toMatchObject({ asset: { attributes: { purpose: 'leaked [REDACTED]' } } });
    expect(r.failure).toMatchObject({ class: 'auth', phase: 'sync', message: 'token [REDACTED] refused', details: { header: 'Bearer [REDACTED]' } });
  });
});

describe('checkpoints', () => {
  it('saves state only after the observations it covers are stored', async () => {
    const events: string[] = [];
    const c = connector(async function* (_c, ctx) {
      expect(ctx.state).toEqual({ page: 0 });
      yield model('a');
      yield model('b');
      yield { type: 'state', state: { page: 1 } };
      yield model('c');
      yield { type: 'state', state: { page: 2 } };
      yield model('d');
      throw new Error('boom');
    });
    const r = await createConnectorRuntime().run(c, config, {
      state: { page: 0 },
      sink: async (o: Observation) => {
        await new Promise((res) => setTimeout(res, 1));
        events.push(`store ${o.type === 'asset' ? o.asset.key : ''}`);
      },
      saveState: (s) => {
        events.push(`save ${s.page}`);
      },
    });
    expect(events).toEqual(['store a', 'store b', 'save 1', 'store c', 'save 2', 'store d']);
    expect(r.status).toBe('failed');
    expect(r.state).toEqual({ page: 2 });
    expect(r.checkpoints).toBe(2);
    expect(r.failure).toMatchObject({ class: 'system', phase: 'sync', message: 'boom' });
  });

  it('does not save state when the sink fails, and reports the store phase', async () => {
    const saved: unknown[] = [];
    const c = connector(async function* () {
      yield model('a');
      yield { type: 'state', state: { page: 1 } };
    });
    const r = await createConnectorRuntime().run(c, config, {
      sink: () => {
        throw new Error('disk full');
      },
      saveState: (s) => {
        saved.push(s);
      },
    });
    expect(saved).toEqual([]);
    expect(r.failure).toMatchObject({ phase: 'store', message: 'disk full' });
  });

  it('ignores state from a connector that is not incremental', async () => {
    const c = connector(
      async function* () {
        yield { type: 'state', state: { page: 1 } };
      },
      { incremental: false },
    );
    const r = await createConnectorRuntime().run(c, config);
    expect(r.state).toBeUndefined();
    expect(r.issues.map((i) => i.code)).toEqual(['connector/state-not-incremental']);
  });
});

describe('messages', () => {
  it('skips invalid messages with a pointer, warns on undeclared kinds, and completes provenance', async () => {
    const progress: unknown[] = [];
    const c = connector(async function* () {
      yield { type: 'status', phase: 'list', done: 0, total: 2 };
      yield { type: 'asset', asset: { kind: 'robot' } } as never;
      yield { type: 'asset', asset: { kind: 'provider', key: 'openai' }, provenance: { locator: { url: 'http://x/1' }, basis: 'declared' } };
      yield model('m');
    });
    const clock = createVirtualClock(Date.UTC(2026, 4, 1));
    const r = await createConnectorRuntime({ clock }).run(c, config, { onProgress: (p) => progress.push(p), source: 'http://127.0.0.1:1' });
    expect(r.status).toBe('succeeded');
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['connector/invalid-message', '/1/asset/kind'],
      ['connector/undeclared-output', '/2'],
    ]);
    expect(r.observations[0]).toEqual({
      type: 'asset',
      asset: { kind: 'provider', key: 'openai' },
      provenance: {
        connector: 'fake',
        observedAt: '2026-05-01T00:00:00.000Z',
        locator: { url: 'http://x/1' },
        basis: 'declared',
        source: 'http://127.0.0.1:1',
      },
    });
    expect(progress).toEqual([
      { connector: 'fake', emitted: 0, phase: 'list', done: 0, total: 2 },
      { connector: 'fake', emitted: 2, phase: 'done' },
    ]);
  });

  it('turns a throwing check into a failure result', async () => {
    const c = defineConnector<Cfg>({
      manifest: {
        id: 'x',
        version: '1.0.0',
        title: 'X',
        description: 'x',
        stability: 'beta',
        owners: ['t'],
        emits: { kinds: ['model'] },
        config: z.object({ url: z.string(), token: z.string() }),
      },
      check: async () => {
        throw new RangeError('bug');
      },
      sync: async function* () {},
    });
    const r = await createConnectorRuntime().check(c, config);
    expect(r).toEqual({ ok: false, failure: { class: 'system', message: 'bug', retryable: false, connector: 'x', phase: 'check' }, issues: [] });
  });
});

describe('robustness', () => {
  it('a validator that throws fails the run as config instead of throwing', async () => {
    const throwing = {
      '~standard': {
        version: 1,
        vendor: 'custom',
        validate: () => {
          throw new Error(`cannot validate ${TOKEN}`);
        },
      },
    };
    const c = defineConnector<Cfg>({
      manifest: {
        id: 'y',
        version: '1.0.0',
        title: 'Y',
        description: 'y',
        stability: 'beta',
        owners: ['t'],
        secrets: ['token'],
        emits: { kinds: ['model'] },
        config: throwing as never,
      },
      check: async () => ({ ok: true }),
      sync: async function* () {},
    });
    const r = await createConnectorRuntime().run(c, config);
    expect(r.failure).toMatchObject({ class: 'config', phase: 'config' });
    expect(r.issues).toEqual([{ code: 'config/validator-threw', message: 'cannot validate [REDACTED]', path: '' }]);
  });

  it('rejects invalid runtime overrides when the runtime is created', () => {
    expect(() => createConnectorRuntime({ retry: { maxAttempts: 0 } })).toThrowError(/invalid runtime retry or rate-limit options: maxAttempts/);
  });
});
