import { AispmError } from '@aispm/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type ConnectorManifestInput,
  ConnectorMessageSchema,
  classifyError,
  classifyHttpStatus,
  connectorError,
  defineConnector,
  isConnector,
  validateManifest,
  validateWithSchema,
} from '../../src/index';

const base: ConnectorManifestInput<{ url: string; token?: string }> = {
  id: 'demo',
  version: '1.0.0',
  title: 'Demo',
  description: 'A demo connector.',
  stability: 'beta',
  owners: ['aispm'],
  secrets: ['token', '/nested/key'],
  emits: { kinds: ['model'], relationships: ['uses-model'] },
  config: z.object({ url: z.url(), token: z.string().optional() }),
};

describe('validateManifest', () => {
  it('applies defaults and normalises secret fields to JSON Pointers', () => {
    const r = validateManifest(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.secrets).toEqual(['/token', '/nested/key']);
    expect(r.value.incremental).toBe(false);
    expect(r.value.retry).toEqual({
      maxAttempts: 4,
      initialDelayMs: 500,
      maxDelayMs: 30_000,
      multiplier: 2,
      jitter: 1,
      retryOn: [408, 429, 500, 502, 503, 504],
      maxRetryAfterMs: 120_000,
      timeoutMs: 30_000,
    });
    expect(r.value.rateLimit).toEqual({ burst: 1, concurrency: 4 });
  });

  it('reports every problem with a JSON Pointer', () => {
    const r = validateManifest({ ...base, id: 'Bad Id', version: '1', emits: { kinds: ['robot' as never] }, config: {} as never });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path).sort()).toEqual(['/config', '/emits/kinds/0', '/id', '/version']);
  });

  it('accepts vendor ids', () => {
    expect(validateManifest({ ...base, id: 'x_com.acme:registry' }).ok).toBe(true);
  });
});

describe('defineConnector', () => {
  it('throws a config error at definition time for a bad manifest', () => {
    const define = () => defineConnector({ manifest: { ...base, owners: [] }, check: async () => ({ ok: true }), sync: async function* () {} });
    expect(define).toThrowError(/invalid connector manifest for demo: \/owners/);
    try {
      define();
    } catch (e) {
      expect(AispmError.isInstance(e) && e.code).toBe('config');
    }
  });

  it('returns a branded, frozen connector', () => {
    const c = defineConnector({ manifest: base, check: async () => ({ ok: true }), sync: async function* () {} });
    expect(isConnector(c)).toBe(true);
    expect(isConnector({ manifest: c.manifest })).toBe(false);
    expect(Object.isFrozen(c)).toBe(true);
  });
});

describe('failure classes', () => {
  it('classifies HTTP statuses', () => {
    expect([401, 403, 404, 408, 429, 500, 503].map(classifyHttpStatus)).toEqual([
      'auth',
      'permission',
      'system',
      'transient',
      'transient',
      'transient',
      'transient',
    ]);
  });
  it('classifies thrown errors', () => {
    expect(classifyError(connectorError('auth', 'no'))).toBe('auth');
    expect(classifyError(new AispmError('validation', 'bad'))).toBe('config');
    expect(classifyError(new TypeError('fetch failed'))).toBe('transient');
    expect(classifyError(new RangeError('bug'))).toBe('system');
    expect(connectorError('transient', 'x').retryable).toBe(true);
  });
});

describe('messages and config validation', () => {
  it('validates the five message types', () => {
    for (const m of [
      { type: 'asset', asset: { kind: 'model', key: 'x' } },
      { type: 'relationship', relationship: { type: 'uses-model', from: 'application:a', to: 'model:b' } },
      { type: 'state', state: { cursor: 1 } },
      { type: 'log', level: 'info', message: 'hi' },
      { type: 'status', done: 1, total: 2 },
    ]) {
      expect(ConnectorMessageSchema.safeParse(m).success).toBe(true);
    }
    expect(ConnectorMessageSchema.safeParse({ type: 'record' }).success).toBe(false);
  });
  it('turns Standard Schema issues into pointers', async () => {
    const r = await validateWithSchema(base.config, { url: 'nope' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => [i.code, i.path])).toEqual([['config/invalid', '/url']]);
  });
});
