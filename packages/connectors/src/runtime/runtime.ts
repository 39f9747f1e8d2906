import { AispmError, type Issue, type Observation } from '@aispm/core';
import { createConnectorFetch, type HttpStats } from '../http/connector-fetch';
import type { CheckContext, CheckResult, Connector, ConnectorLogger, LogRecord, SyncContext } from '../sdk/connector';
import { type ConnectorFailure, classifyError, type RunPhase } from '../sdk/failures';
import { type RateLimit, RateLimitSchema, type RetryPolicy, RetryPolicySchema } from '../sdk/manifest';
import { ConnectorMessageSchema, type LogLevel } from '../sdk/messages';
import { validateWithSchema } from '../sdk/standard-schema';
import { type Clock, systemClock } from './clock';
import { createRedactor, type Redactor, secretValues } from './redact';

/** Options of a connector runtime, shared by every run it makes. */
export interface ConnectorRuntimeOptions {
  /** Time source for backoff and rate limits (default: the real clock). */
  clock?: Clock;
  /** Random source in [0, 1) for backoff jitter (default: `Math.random`). */
  random?: () => number;
  /** The fetch the runtime wraps (default: the global one). */
  fetch?: typeof globalThis.fetch;
  /** Receives every log record, already redacted. */
  logger?: (record: LogRecord) => void;
  /** Overrides of the manifest's retry defaults. */
  retry?: Partial<RetryPolicy>;
  /** Overrides of the manifest's rate-limit defaults. */
  rateLimit?: Partial<RateLimit>;
}

/** Progress of a run, reported on each `status` message and each checkpoint. */
export interface RunProgress {
  connector: string;
  phase?: string;
  done?: number;
  total?: number;
  message?: string;
  /** Observations emitted so far. */
  emitted: number;
}

/** Options of one run. `S` is the connector's state type. */
export interface RunOptions<S = unknown> {
  /** State saved by an earlier run (incremental connectors). */
  state?: S;
  /** Cancels the run; the result then has status `cancelled`. */
  signal?: AbortSignal;
  /**
   * Stores one observation. Awaited before the next message is read, so when a checkpoint
   * arrives everything before it is stored. Without a sink, observations are collected in
   * the result.
   */
  sink?: (observation: Observation) => void | Promise<void>;
  /** Saves a checkpoint; called only after every observation it covers went through `sink`. */
  saveState?: (state: S) => void | Promise<void>;
  /** Progress callback. */
  onProgress?: (progress: RunProgress) => void;
  /** Runs `check` before `sync` and stops with its failure (default: false). */
  check?: boolean;
  /** The source instance written into every provenance (e.g. an account or a URL). */
  source?: string;
}

/**
 * The outcome of a run. A run never throws: failures are data with the connector and the
 * phase that failed.
 */
export interface RunResult<S = unknown> {
  connector: string;
  version: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  /** Observations emitted (collected here only when no `sink` was given). */
  observations: Observation[];
  /** How many observations were emitted. */
  emitted: number;
  /** The last state saved (or the state given, when none was saved). */
  state: S | undefined;
  /** How many checkpoints were saved. */
  checkpoints: number;
  /** Set when status is `failed` or `cancelled`. */
  failure?: ConnectorFailure;
  /** Invalid or suspicious messages (skipped or kept), config problems. */
  issues: Issue[];
  /** Every log record of the run, redacted. */
  logs: LogRecord[];
  /** HTTP counters. */
  http: HttpStats;
}

/** Runs connectors with validation, retries, rate limits, redaction and checkpoints. */
export interface ConnectorRuntime {
  /** Validates the config and runs the connector's `check`. Never throws. */
  check<C>(connector: Connector<C>, config: unknown, options?: { signal?: AbortSignal }): Promise<CheckResult & { issues: Issue[] }>;
  /** Validates the config and runs `sync`. Never throws. */
  run<C, S>(connector: Connector<C, S>, config: unknown, options?: RunOptions<S>): Promise<RunResult<S>>;
}

const CANCELLED = Symbol('cancelled');

interface Session {
  redactor: Redactor;
  logs: LogRecord[];
  logger: ConnectorLogger;
  http: HttpStats;
  ctx: CheckContext;
}

function failureOf(e: unknown, connector: string, phase: RunPhase, redactor: Redactor): ConnectorFailure {
  const cls = classifyError(e);
  const message = redactor.text(e instanceof Error ? e.message : String(e));
  const details = typeof e === 'object' && e !== null && 'details' in e ? redactor.value((e as { details: Record<string, unknown> }).details) : undefined;
  const status = typeof details?.status === 'number' ? details.status : undefined;
  return {
    class: cls,
    message,
    retryable: cls === 'transient',
    connector,
    phase,
    ...(status !== undefined ? { status } : {}),
    ...(details && Object.keys(details).length > 0 ? { details } : {}),
  };
}

/**
 * Creates a connector runtime. The runtime, not the connector, validates config, retries HTTP
 * calls (429/5xx/timeouts, honouring `Retry-After`), enforces rate limits and concurrency,
 * honours the AbortSignal, reports progress, redacts secrets in every log, error and
 * observation, and saves state only after what it covers is stored. Runs never throw; creating
 * the runtime throws an `AispmError` (`config`) only when its own retry or rate-limit overrides
 * are invalid.
 *
 * @example
 * ```ts
 * const runtime = createConnectorRuntime({ logger: (r) => myLog(r) });
 * const result = await runtime.run(mlflowConnector, { trackingUri: 'http://127.0.0.1:5000' }, { sink: (o) => inventory.add(o) });
 * if (result.status !== 'succeeded') report(result.failure);
 * ```
 */
export function createConnectorRuntime(options: ConnectorRuntimeOptions = {}): ConnectorRuntime {
  const clock = options.clock ?? systemClock;
  // Overrides are checked once, here: a runtime with invalid limits cannot run at all.
  const retryOverride = RetryPolicySchema.partial().safeParse(options.retry ?? {});
  const rateOverride = RateLimitSchema.partial().safeParse(options.rateLimit ?? {});
  if (!retryOverride.success || !rateOverride.success) {
    const issues = [...(retryOverride.error?.issues ?? []), ...(rateOverride.error?.issues ?? [])];
    throw new AispmError('config', `invalid runtime retry or rate-limit options: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const random = options.random ?? Math.random;

  const open = <C>(connector: Connector<C>, rawConfig: unknown, signal: AbortSignal): Session => {
    const m = connector.manifest;
    const redactor = createRedactor(secretValues(rawConfig, m.secrets));
    const logs: LogRecord[] = [];
    const emit = (level: LogLevel, message: string, data?: Record<string, unknown>) => {
      const record: LogRecord = { level, message: redactor.text(message), connector: m.id, ...(data ? { data: redactor.value(data) } : {}) };
      logs.push(record);
      options.logger?.(record);
    };
    const logger: ConnectorLogger = {
      debug: (msg, data) => emit('debug', msg, data),
      info: (msg, data) => emit('info', msg, data),
      warn: (msg, data) => emit('warn', msg, data),
      error: (msg, data) => emit('error', msg, data),
    };
    const http: HttpStats = { calls: 0, attempts: 0, retries: 0, peakConcurrency: 0 };
    const retry = RetryPolicySchema.parse({ ...m.retry, ...options.retry });
    const rateLimit = RateLimitSchema.parse({ ...m.rateLimit, ...options.rateLimit });
    const fetch = createConnectorFetch({
      retry,
      rateLimit,
      clock,
      random,
      signal,
      logger,
      redactor,
      stats: http,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    return { redactor, logs, logger, http, ctx: { fetch, signal, logger, now: () => new Date(clock.now()) } };
  };

  const validate = async <C>(connector: Connector<C>, rawConfig: unknown, redactor: Redactor) => {
    let r: Awaited<ReturnType<typeof validateWithSchema<C>>>;
    try {
      r = await validateWithSchema(connector.manifest.config, rawConfig);
    } catch (e) {
      // A validator that throws instead of reporting issues still fails the run as config.
      return { ok: false as const, issues: [{ code: 'config/validator-threw', message: redactor.text((e as Error)?.message ?? String(e)), path: '' }] };
    }
    if (r.ok) return r;
    const issues = r.issues.map((i) => ({ ...i, message: redactor.text(i.message) }));
    return { ok: false as const, issues };
  };

  const configFailure = (id: string, issues: Issue[]): ConnectorFailure => ({
    class: 'config',
    message: `invalid configuration: ${issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; ')}`,
    retryable: false,
    connector: id,
    phase: 'config',
  });

  const runCheck = async <C>(connector: Connector<C>, config: C, s: Session): Promise<CheckResult> => {
    const id = connector.manifest.id;
    try {
      const r = await connector.check(config, s.ctx);
      if (r.ok) return r;
      return { ok: false, failure: { ...r.failure, message: s.redactor.text(r.failure.message), connector: id, phase: 'check' } };
    } catch (e) {
      return { ok: false, failure: failureOf(e, id, 'check', s.redactor) };
    }
  };

  return {
    async check(connector, rawConfig, opts = {}) {
      const controller = new AbortController();
      const signal = opts.signal ? AbortSignal.any([opts.signal, controller.signal]) : controller.signal;
      const s = open(connector, rawConfig, signal);
      const v = await validate(connector, rawConfig, s.redactor);
      if (!v.ok) return { ok: false, failure: configFailure(connector.manifest.id, v.issues), issues: v.issues };
      return { ...(await runCheck(connector, v.value, s)), issues: [] };
    },

    async run<C, S>(connector: Connector<C, S>, rawConfig: unknown, opts: RunOptions<S> = {}): Promise<RunResult<S>> {
      const m = connector.manifest;
      const controller = new AbortController();
      const signal = opts.signal ? AbortSignal.any([opts.signal, controller.signal]) : controller.signal;
      const s = open(connector as Connector<C>, rawConfig, signal);
      const known = createRedactor(secretValues(rawConfig, m.secrets), { patterns: false });
      const result: RunResult<S> = {
        connector: m.id,
        version: m.version,
        status: 'succeeded',
        observations: [],
        emitted: 0,
        state: opts.state,
        checkpoints: 0,
        issues: [],
        logs: s.logs,
        http: s.http,
      };
      const cancel = (phase: RunPhase): RunResult<S> => {
        result.status = 'cancelled';
        result.failure = { class: 'transient', message: 'run cancelled', retryable: true, connector: m.id, phase };
        return result;
      };
      const failWith = (f: ConnectorFailure): RunResult<S> => {
        result.status = 'failed';
        result.failure = f;
        s.logger.error(`${m.id} failed in ${f.phase}: ${f.message}`, { class: f.class });
        return result;
      };

      const v = await validate(connector as Connector<C>, rawConfig, s.redactor);
      if (!v.ok) {
        result.issues.push(...v.issues);
        return failWith(configFailure(m.id, v.issues));
      }
      if (opts.check) {
        const c = await runCheck(connector as Connector<C>, v.value, s);
        if (signal.aborted) return cancel('check');
        if (!c.ok) return failWith(c.failure);
      }

      const kinds = new Set<string>(m.emits.kinds);
      const relTypes = new Set<string>(m.emits.relationships);
      const progress = (p: Omit<RunProgress, 'connector' | 'emitted'>) => opts.onProgress?.({ connector: m.id, emitted: result.emitted, ...p });
      const ctx: SyncContext<S> = { ...s.ctx, state: opts.state };
      let phase: RunPhase = 'sync';
      let index = -1;
      let iterator: AsyncIterator<unknown> | undefined;
      const aborted = new Promise<typeof CANCELLED>((resolve) => {
        if (signal.aborted) resolve(CANCELLED);
        signal.addEventListener('abort', () => resolve(CANCELLED), { once: true });
      });
      try {
        iterator = connector.sync(v.value, ctx)[Symbol.asyncIterator]();
        for (;;) {
          phase = 'sync';
          const next = await Promise.race([iterator.next(), aborted]);
          if (next === CANCELLED || signal.aborted) {
            void Promise.resolve(iterator.return?.()).catch(() => {});
            return cancel(phase);
          }
          if (next.done) break;
          index++;
          const parsed = ConnectorMessageSchema.safeParse(next.value);
          if (!parsed.success) {
            for (const i of parsed.error.issues) {
              result.issues.push({
                code: 'connector/invalid-message',
                message: `${m.id}: message ${index} skipped: ${s.redactor.text(i.message)}`,
                path: `/${index}${i.path.map((p) => `/${String(p)}`).join('')}`,
              });
            }
            continue;
          }
          const msg = parsed.data;
          if (msg.type === 'log') {
            s.logger[msg.level](msg.message, msg.data);
          } else if (msg.type === 'status') {
            const { type: _t, ...rest } = msg;
            // Progress reaches users (the CLI prints it): secrets are redacted as in logs.
            progress(rest.message !== undefined ? { ...rest, message: s.redactor.text(rest.message) } : rest);
          } else if (msg.type === 'state') {
            if (!m.incremental) {
              result.issues.push({
                code: 'connector/state-not-incremental',
                message: `${m.id}: state ignored: the manifest does not declare incremental`,
                path: `/${index}`,
                severity: 'warning',
              });
              continue;
            }
            phase = 'state';
            // Every observation before this checkpoint went through the sink (each is awaited).
            await opts.saveState?.(msg.state as S);
            result.state = msg.state as S;
            result.checkpoints++;
            progress({ phase: 'checkpoint' });
          } else {
            const declared = msg.type === 'asset' ? kinds.has(msg.asset.kind) : relTypes.has(msg.relationship.type);
            if (!declared) {
              const what = msg.type === 'asset' ? `asset kind "${msg.asset.kind}"` : `relationship type "${msg.relationship.type}"`;
              result.issues.push({
                code: 'connector/undeclared-output',
                message: `${m.id}: ${what} is not declared in the manifest`,
                path: `/${index}`,
                severity: 'warning',
              });
            }
            const p = msg.provenance ?? {};
            const provenance = {
              connector: m.id,
              observedAt: p.observedAt ?? new Date(clock.now()).toISOString(),
              ...(p.locator ? { locator: p.locator } : {}),
              ...(p.basis ? { basis: p.basis } : {}),
              ...((p.source ?? opts.source) ? { source: p.source ?? opts.source } : {}),
              ...(p.detail !== undefined ? { detail: p.detail } : {}),
            };
            const observation = known.value(
              msg.type === 'asset'
                ? ({ type: 'asset', asset: msg.asset, provenance } as Observation)
                : ({ type: 'relationship', relationship: msg.relationship, provenance } as Observation),
            );
            phase = 'store';
            if (opts.sink) await opts.sink(observation);
            else result.observations.push(observation);
            result.emitted++;
          }
        }
      } catch (e) {
        if (signal.aborted) return cancel(phase);
        return failWith(failureOf(e, m.id, phase, s.redactor));
      }
      progress({ phase: 'done' });
      return result;
    },
  };
}

/**
 * Runs one connector once with a fresh runtime. Never throws; see {@link RunResult}.
 *
 * @example
 * ```ts
 * const { status, observations } = await runConnector(mlflowConnector, { trackingUri: 'http://127.0.0.1:5000' });
 * ```
 */
export function runConnector<C, S>(
  connector: Connector<C, S>,
  config: unknown,
  options: RunOptions<S> & { runtime?: ConnectorRuntimeOptions } = {},
): Promise<RunResult<S>> {
  const { runtime, ...run } = options;
  return createConnectorRuntime(runtime).run(connector, config, run);
}
