import { readFile } from 'node:fs/promises';
import { canonicalJson, createInventory, type Observation, ObservationSchema } from '@aispm/core';
import { secretValues } from '../runtime/redact';
import { type ConnectorRuntimeOptions, createConnectorRuntime, type RunResult } from '../runtime/runtime';
import { type Connector, isConnector } from '../sdk/connector';
import { validateManifest } from '../sdk/manifest';

/** Options of the conformance suite. Functions are called lazily, after any setup ran. */
export interface ConformanceOptions<C> {
  /** The connector under test. */
  connector: Connector<C>;
  /** A configuration that works (e.g. pointing at a replay server). */
  config: () => C | Promise<C>;
  /** Configurations that must fail `check` as `config` (default: `[{}]`, `[null]`). */
  badConfigs?: unknown[];
  /** Expected observations (normalised, see {@link normalizeObservations}) or the path of a JSON file holding them. */
  expected?: Observation[] | string;
  /** Runtime options for every run (e.g. a virtual clock). */
  runtime?: () => ConnectorRuntimeOptions;
  /** Called before each run (e.g. `() => server.rewind()`). */
  beforeRun?: () => void | Promise<void>;
  /** Incremental state passed to both sync runs. */
  state?: unknown;
}

/** One conformance check and how it went. */
export interface ConformanceCheck {
  name: string;
  ok: boolean;
  message?: string;
}

/** The result of {@link checkConformance}. */
export interface ConformanceReport {
  connector: string;
  ok: boolean;
  checks: ConformanceCheck[];
  /** The observations of the first sync, normalised. */
  observations: Observation[];
}

/**
 * Normalises observations for comparison: drops `observedAt` (the time of the run) and sorts
 * by canonical JSON, so two runs of the same source compare equal.
 *
 * @example
 * ```ts
 * expect(normalizeObservations(result.observations)).toEqual(expected);
 * ```
 */
export function normalizeObservations(observations: readonly Observation[]): Observation[] {
  const out = observations.map((o) => {
    const { observedAt: _t, ...provenance } = o.provenance;
    return JSON.parse(canonicalJson({ ...o, provenance })) as Observation;
  });
  return out.sort((a, b) => {
    const x = canonicalJson(a);
    const y = canonicalJson(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * The asset and relationship ids a set of observations resolves to in a fresh inventory.
 *
 * @example
 * ```ts
 * observationIds(result.observations).assets; // ['model:mlflow/fraud-detector', ...]
 * ```
 */
export function observationIds(observations: readonly Observation[]): { assets: string[]; relationships: string[] } {
  const inv = createInventory();
  inv.addAll(observations);
  const snap = inv.snapshot();
  return { assets: snap.assets.map((a) => a.id), relationships: snap.relationships.map((r) => r.id) };
}

/** The names of the conformance checks, in the order they run. */
export const CONFORMANCE_CHECKS = [
  'manifest is valid',
  'good config passes check',
  'bad config fails as config',
  'sync succeeds with valid, declared observations',
  'sync output matches expected observations',
  'ids are stable across two runs',
  'secrets never reach observations or logs',
] as const;

/** The individual check functions; the vitest suite registers one test per check. */
export function createConformanceChecks<C>(
  options: ConformanceOptions<C>,
  hooks: { onObservations?: (observations: Observation[]) => void } = {},
): Array<{ name: (typeof CONFORMANCE_CHECKS)[number]; run: () => Promise<void> }> {
  const c = options.connector;
  const runtime = () => createConnectorRuntime(options.runtime?.());
  let first: Promise<RunResult> | undefined;
  const sync = async (): Promise<RunResult> => {
    await options.beforeRun?.();
    return runtime().run(c as Connector<C, unknown>, await options.config(), options.state === undefined ? {} : { state: options.state });
  };
  const firstRun = () =>
    (first ??= sync().then((r) => {
      hooks.onObservations?.(r.observations);
      return r;
    }));
  const fail = (message: string): never => {
    throw new Error(message);
  };
  const expectedOf = async (): Promise<Observation[] | undefined> => {
    if (options.expected === undefined) return undefined;
    if (typeof options.expected === 'string') return JSON.parse(await readFile(options.expected, 'utf8')) as Observation[];
    return normalizeObservations(options.expected);
  };
  return [
    {
      name: 'manifest is valid',
      run: async () => {
        if (!isConnector(c)) fail('not made by defineConnector()');
        const r = validateManifest(c.manifest);
        if (!r.ok) fail(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
      },
    },
    {
      name: 'good config passes check',
      run: async () => {
        await options.beforeRun?.();
        const r = await runtime().check(c, await options.config());
        if (!r.ok) fail(`check failed as ${r.failure.class}: ${r.failure.message}`);
      },
    },
    {
      name: 'bad config fails as config',
      run: async () => {
        for (const bad of options.badConfigs ?? [{}, null]) {
          const r = await runtime().check(c, bad);
          if (r.ok) fail(`check passed for bad config ${JSON.stringify(bad)}`);
          else if (r.failure.class !== 'config') fail(`bad config ${JSON.stringify(bad)} failed as ${r.failure.class}, not config`);
        }
      },
    },
    {
      name: 'sync succeeds with valid, declared observations',
      run: async () => {
        const r = await firstRun();
        if (r.status !== 'succeeded') fail(`sync ${r.status}: ${r.failure?.class} in ${r.failure?.phase}: ${r.failure?.message}`);
        if (r.issues.length > 0) fail(`sync reported issues: ${r.issues.map((i) => `${i.code} ${i.path}: ${i.message}`).join('; ')}`);
        if (r.observations.length === 0) fail('sync emitted no observations');
        r.observations.forEach((o, i) => {
          const p = ObservationSchema.safeParse(o);
          if (!p.success) fail(`observation ${i} is invalid: ${p.error.issues[0]?.message}`);
        });
      },
    },
    {
      name: 'sync output matches expected observations',
      run: async () => {
        const expected = await expectedOf();
        if (!expected) return;
        const got = canonicalJson(normalizeObservations((await firstRun()).observations));
        if (got !== canonicalJson(expected)) fail(`sync output differs from the expected observations:\n${got}`);
      },
    },
    {
      name: 'ids are stable across two runs',
      run: async () => {
        const a = observationIds((await firstRun()).observations);
        const b = observationIds((await sync()).observations);
        if (a.assets.length === 0) fail('no asset ids');
        if (canonicalJson(a) !== canonicalJson(b)) fail(`ids differ between runs:\n${canonicalJson(a)}\n${canonicalJson(b)}`);
      },
    },
    {
      name: 'secrets never reach observations or logs',
      run: async () => {
        const r = await firstRun();
        const secrets = secretValues(await options.config(), c.manifest.secrets);
        const text = JSON.stringify({ observations: r.observations, logs: r.logs, failure: r.failure, issues: r.issues });
        for (const s of secrets) if (text.includes(s)) fail(`a secret config value (${s.slice(0, 4)}…) appears in the run output`);
      },
    },
  ];
}

/**
 * Runs the whole conformance suite without a test framework and reports each check.
 *
 * @example
 * ```ts
 * const report = await checkConformance({ connector: mlflowConnector, config: () => ({ trackingUri: server.url }) });
 * report.ok; // true when every check passed
 * ```
 */
export async function checkConformance<C>(options: ConformanceOptions<C>): Promise<ConformanceReport> {
  const checks: ConformanceCheck[] = [];
  for (const check of createConformanceChecks(options)) {
    try {
      await check.run();
      checks.push({ name: check.name, ok: true });
    } catch (e) {
      checks.push({ name: check.name, ok: false, message: (e as Error).message });
    }
  }
  let observations: Observation[] = [];
  try {
    await options.beforeRun?.();
    const r = await createConnectorRuntime(options.runtime?.()).run(options.connector as Connector<C, unknown>, await options.config());
    observations = normalizeObservations(r.observations);
  } catch {
    // Reported by the checks above.
  }
  return { connector: options.connector.manifest.id, ok: checks.every((c) => c.ok), checks, observations };
}
