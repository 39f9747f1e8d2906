import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineConnector } from '@aispm/connectors';
import { AispmError, createIdentityResolver, type Issue, type Observation } from '@aispm/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runScan } from '../../src/pipeline';
import { connectorSource, progressLine } from '../../src/sources/connector';
import type { SourceContext } from '../../src/sources/types';

const demo = defineConnector<{ names: string[]; token: string; failAfter?: number }>({
  manifest: {
    id: 'demo',
    version: '0.1.0',
    title: 'Demo',
    description: 'Emits models by name.',
    stability: 'experimental',
    owners: ['tests'],
    secrets: ['token'],
    emits: { kinds: ['model'] },
    config: z.object({ names: z.array(z.string()), token: z.string().min(6), failAfter: z.int().optional() }),
  },
  check: async () => ({ ok: true }),
  async *sync(config) {
    let n = 0;
    for (const name of config.names) {
      if (config.failAfter !== undefined && n++ >= config.failAfter) throw new Error(`upstream broke (token ${config.token})`);
      yield { type: 'asset', asset: { kind: 'model', key: name } };
    }
  },
});

function context(): SourceContext & { diagnostics: Issue[] } {
  return { baseDir: '/tmp', now: new Date('2026-01-01T00:00:00Z'), identity: createIdentityResolver(), diagnostics: [] };
}

async function collect(loader: ReturnType<typeof connectorSource>, options: Record<string, unknown>, ctx = context()) {
  const out: Observation[] = [];
  let error: unknown;
  try {
    for await (const o of loader({ type: 'demo', options }, ctx)) out.push(o as Observation);
  } catch (e) {
    error = e;
  }
  return { out, error, diagnostics: ctx.diagnostics };
}

describe('connectorSource', () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${NAME} placeholder that the CLI expands from the environment
  it('streams observations and expands ${NAME} from the environment', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${NAME} placeholder that the CLI expands from the environment
    const r = await collect(connectorSource(demo, { env: { DEMO_TOKEN: 'secret-123' } }), { names: ['gpt-4o', 'claude-3-5-sonnet'], token: '${DEMO_TOKEN}' });
    expect(r.error).toBeUndefined();
    expect(r.out.map((o) => (o.type === 'asset' ? o.asset.key : ''))).toEqual(['gpt-4o', 'claude-3-5-sonnet']);
    expect(r.out[0]?.provenance.connector).toBe('demo');
  });

  it('reports a missing variable and the config issue with a pointer into options', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${NAME} placeholder that the CLI expands from the environment
    const r = await collect(connectorSource(demo, { env: {} }), { names: ['x'], token: '${DEMO_TOKEN}' });
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['config/missing-env', '/options'],
      ['config/invalid', '/options/token'],
    ]);
    expect(AispmError.isInstance(r.error) && r.error.code).toBe('config');
    expect((r.error as Error).message).toMatch(/^connector demo failed in config \(config\): invalid configuration/);
  });

  it('keeps what came before a failure, and fails with connector, phase and class, redacted', async () => {
    const r = await collect(connectorSource(demo, { env: {} }), { names: ['a', 'b', 'c'], token: 'secret-456', failAfter: 2 });
    expect(r.out).toHaveLength(2);
    expect((r.error as Error).message).toBe('connector demo failed in sync (system): upstream broke (token [REDACTED])');
  });

  it("forwards the connector's progress as redacted lines", async () => {
    const chatty = defineConnector<{ token: string }>({
      manifest: { ...demo.manifest, id: 'chatty', config: z.object({ token: z.string().min(6) }) },
      check: async () => ({ ok: true }),
      async *sync(config) {
        yield { type: 'status', phase: 'models', done: 0, total: 2, message: `listing with ${config.token}` };
        yield { type: 'asset', asset: { kind: 'model', key: 'a' } };
        yield { type: 'status', phase: 'models', done: 2, total: 2 };
      },
    });
    const lines: string[] = [];
    const r = await collect(connectorSource(chatty, { env: {} }), { token: 'secret-789' }, { ...context(), progress: (l) => lines.push(l) });
    expect(r.error).toBeUndefined();
    expect(r.out).toHaveLength(1);
    expect(lines).toEqual(['chatty: models 0/2 listing with [REDACTED], 0 emitted', 'chatty: models 2/2, 1 emitted', 'chatty: done, 1 emitted']);
  });

  it('writes progress lines from whatever a status message gives', () => {
    expect(progressLine({ connector: 'c', emitted: 0 })).toBe('c: 0 emitted');
    expect(progressLine({ connector: 'c', done: 3, emitted: 3 })).toBe('c: 3, 3 emitted');
    expect(progressLine({ connector: 'c', phase: 'p', message: 'm', emitted: 1 })).toBe('c: p m, 1 emitted');
  });

  it('aborts the connector when the consumer stops early', async () => {
    const loader = connectorSource(demo, { env: {} });
    const seen: string[] = [];
    for await (const o of loader({ type: 'demo', options: { names: ['a', 'b', 'c'], token: 'secret-456' } }, context())) {
      seen.push((o as Observation & { type: 'asset' }).asset.key ?? '');
      break;
    }
    expect(seen).toEqual(['a']);
  });

  it('runs the registered mlflow source end to end through the scan pipeline', async () => {
    const server = createServer((req, res) => {
      res.writeHead(req.headers.authorization === 'Bearer tok-abcdef' ? 200 : 401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          registered_models: [{ name: 'fraud-detector', last_updated_timestamp: 1, latest_versions: [{ name: 'fraud-detector', version: '2' }] }],
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.AISPM_TEST_MLFLOW_TOKEN = 'tok-abcdef';
    const lines: string[] = [];
    try {
      const run = await runScan({
        progress: (l) => lines.push(l),
        sources: [
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${NAME} placeholder that the CLI expands from the environment
          { type: 'mlflow', options: { trackingUri: url, token: '${AISPM_TEST_MLFLOW_TOKEN}', registry: 'ml.acme' } },
          { type: 'mlflow', options: { trackingUri: url, token: 'wrong-token' } },
        ],
        baseDir: '/tmp',
        now: new Date('2026-01-01T00:00:00Z'),
      });
      // The core resolver currently files registry models under `huggingface/`; only the tail is asserted.
      expect(run.inventory.assets().map((a) => a.id)).toEqual([expect.stringMatching(/^model:(?:.+\/)?mlflow\/ml\.acme\/fraud-detector$/)]);
      expect(run.sources.map((s) => [s.status, s.observations])).toEqual([
        ['ok', 1],
        ['error', 0],
      ]);
      expect(run.sources[1]?.error).toMatch(/^connector mlflow failed in sync \(auth\): search registered models: HTTP 401/);
      expect(JSON.stringify(run.diagnostics)).not.toContain('wrong-token');
      // The connector's progress reaches the run's progress lines, between the source lines.
      expect(lines.filter((l) => l.startsWith('source mlflow') || l.startsWith('mlflow:'))).toEqual([
        'source mlflow',
        'mlflow: search registered models 0 page 1, 0 emitted',
        'mlflow: checkpoint, 1 emitted',
        'mlflow: done, 1 emitted',
        'source mlflow',
        'mlflow: search registered models 0 page 1, 0 emitted',
      ]);
    } finally {
      delete process.env.AISPM_TEST_MLFLOW_TOKEN;
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
