import type { Observation } from '@aispm/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Connector, type ConnectorMessage, defineConnector } from '../../src/index';
import { CONFORMANCE_CHECKS, checkConformance, describeConformance, normalizeObservations, observationIds } from '../../src/testing/index';

type Cfg = { names: string[]; token?: string };

function make(
  sync: (c: Cfg) => AsyncIterable<ConnectorMessage>,
  config: z.ZodType<Cfg> = z.object({ names: z.array(z.string()).min(1), token: z.string().optional() }).strict(),
) {
  return defineConnector<Cfg>({
    manifest: {
      id: 'toy',
      version: '1.0.0',
      title: 'Toy',
      description: 'Toy.',
      stability: 'experimental',
      owners: ['t'],
      secrets: ['token'],
      emits: { kinds: ['model'] },
      config,
    },
    check: async () => ({ ok: true }),
    sync,
  });
}

const good = make(async function* (c) {
  for (const n of c.names) yield { type: 'asset', asset: { kind: 'model', key: n } };
});

const failed = (report: Awaited<ReturnType<typeof checkConformance>>) => report.checks.filter((c) => !c.ok).map((c) => c.name);

describe('checkConformance', () => {
  it('passes a well-behaved connector and reports every check', async () => {
    const report = await checkConformance({
      connector: good,
      config: () => ({ names: ['gpt-4o', 'claude-3-5-sonnet'], token: 'secret-token' }),
      expected: [
        { type: 'asset', asset: { kind: 'model', key: 'claude-3-5-sonnet' }, provenance: { connector: 'toy', observedAt: '2026-01-01T00:00:00Z' } },
        { type: 'asset', asset: { kind: 'model', key: 'gpt-4o' }, provenance: { connector: 'toy', observedAt: '2026-01-01T00:00:00Z' } },
      ],
    });
    expect(report.checks.map((c) => c.name)).toEqual([...CONFORMANCE_CHECKS]);
    expect(failed(report)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('fails a connector that accepts bad config', async () => {
    const lax = make(async function* () {
      yield { type: 'asset', asset: { kind: 'model', key: 'x' } };
    }, z.any() as never);
    expect(failed(await checkConformance({ connector: lax, config: () => ({ names: ['x'] }) }))).toEqual(['bad config fails as config']);
  });

  it('fails a connector whose ids change between runs', async () => {
    let run = 0;
    const unstable = make(async function* () {
      run++;
      yield { type: 'asset', asset: { kind: 'model', key: `model-${run}` } };
    });
    expect(failed(await checkConformance({ connector: unstable, config: () => ({ names: ['x'] }) }))).toEqual(['ids are stable across two runs']);
  });

  it('fails on output that differs from expected, undeclared kinds, or a failing sync', async () => {
    const wrong = await checkConformance({ connector: good, config: () => ({ names: ['a'] }), expected: [] });
    expect(failed(wrong)).toEqual(['sync output matches expected observations']);
    const undeclared = make(async function* () {
      yield { type: 'asset', asset: { kind: 'provider', key: 'openai' } };
    });
    expect(failed(await checkConformance({ connector: undeclared, config: () => ({ names: ['x'] }) }))).toEqual([
      'sync succeeds with valid, declared observations',
    ]);
    const broken = make(async function* () {
      yield* [];
      throw new Error('down');
    });
    const r = await checkConformance({ connector: broken, config: () => ({ names: ['x'] }) });
    expect(failed(r)).toEqual(['sync succeeds with valid, declared observations', 'ids are stable across two runs']);
    expect(r.checks.find((c) => !c.ok)?.message).toBe('sync failed: system in sync: down');
  });

  it('fails an object that was not made by defineConnector', async () => {
    const fake = { manifest: good.manifest, check: good.check, sync: good.sync } as Connector<Cfg>;
    const r = await checkConformance({ connector: fake, config: () => ({ names: ['x'] }) });
    expect(failed(r)).toEqual(['manifest is valid']);
  });

  it('normalises away the time of the run and the order', () => {
    const p = (t: string) => ({ connector: 'toy', observedAt: t });
    const first: Observation[] = [
      { type: 'asset', asset: { kind: 'model', key: 'gpt-4o' }, provenance: p('2026-01-01T00:00:00Z') },
      { type: 'asset', asset: { kind: 'model', key: 'claude-3-5-sonnet' }, provenance: p('2026-01-01T00:00:00Z') },
    ];
    const second: Observation[] = [
      { type: 'asset', asset: { kind: 'model', key: 'claude-3-5-sonnet' }, provenance: p('2027-01-01T00:00:00Z') },
      { type: 'asset', asset: { kind: 'model', key: 'gpt-4o' }, provenance: p('2027-01-01T00:00:00Z') },
    ];
    expect(normalizeObservations(first)).toEqual(normalizeObservations(second));
    expect(observationIds(first)).toEqual(observationIds(second));
    expect(observationIds(first).assets).toHaveLength(2);
  });
});

// The vitest form, as a vendor would use it.
describeConformance({ connector: good, config: () => ({ names: ['gpt-4o'], token: 'secret-token' }) });
