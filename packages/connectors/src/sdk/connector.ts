import { AispmError } from '@aispm/core';
import type { ConnectorFailure } from './failures';
import { type ConnectorManifest, type ConnectorManifestInput, validateManifest } from './manifest';
import type { ConnectorMessage, LogLevel } from './messages';

/**
 * A `fetch` provided by the runtime. Calls made through it get the manifest's retry policy,
 * rate limit and concurrency, honour the run's AbortSignal, and are logged redacted.
 */
export type ConnectorFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * A logger. The runtime's logger redacts secret fields and secret-looking values before
 * anything reaches the sink.
 *
 * @example
 * ```ts
 * ctx.logger.info('listing models', { page: 2 });
 * ```
 */
export interface ConnectorLogger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** One structured log record. */
export interface LogRecord {
  level: LogLevel;
  message: string;
  connector?: string;
  data?: Record<string, unknown>;
}

/** What `check` receives besides the config. */
export interface CheckContext {
  /** HTTP through the runtime (retries, rate limit, redaction). */
  fetch: ConnectorFetch;
  /** Aborts when the run is cancelled. */
  signal: AbortSignal;
  /** Redacting logger. */
  logger: ConnectorLogger;
  /** The time of the run (injectable in tests). */
  now(): Date;
}

/** What `sync` receives besides the config. */
export interface SyncContext<S = unknown> extends CheckContext {
  /** The last state saved by an earlier run (incremental connectors), or `undefined`. */
  state: S | undefined;
}

/**
 * The outcome of `check`: ok, or a classified failure.
 *
 * @example
 * ```ts
 * const r: CheckResult = { ok: false, failure: { class: 'auth', message: 'HTTP 401', retryable: false } };
 * ```
 */
export type CheckResult = { ok: true; message?: string } | { ok: false; failure: ConnectorFailure };

/** What a connector author writes: a manifest and the two operations. */
export interface ConnectorDefinition<C, S = unknown> {
  manifest: ConnectorManifestInput<C>;
  /** Verifies that the config can reach the system (credentials, permissions). */
  check(config: C, context: CheckContext): Promise<CheckResult>;
  /** Streams messages. Yield `state` checkpoints to make the connector resumable. */
  sync(config: C, context: SyncContext<S>): AsyncIterable<ConnectorMessage<S>>;
}

/** A defined connector: its manifest validated, ready for the runtime. */
export interface Connector<C = unknown, S = unknown> {
  readonly manifest: ConnectorManifest<C>;
  check(config: C, context: CheckContext): Promise<CheckResult>;
  sync(config: C, context: SyncContext<S>): AsyncIterable<ConnectorMessage<S>>;
}

const BRAND = Symbol.for('aispm.connector');

/**
 * Declares a connector. The manifest is validated here, at definition time: an invalid one
 * throws an `AispmError` (`config`) listing every problem with its JSON Pointer.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * export const demo = defineConnector({
 *   manifest: {
 *     id: 'demo', version: '0.1.0', title: 'Demo', description: 'Emits one model.', stability: 'experimental',
 *     owners: ['aispm'], emits: { kinds: ['model'] }, config: z.object({ name: z.string() }),
 *   },
 *   async check() { return { ok: true }; },
 *   async *sync(config) { yield { type: 'asset', asset: { kind: 'model', key: config.name } }; },
 * });
 * ```
 */
export function defineConnector<C, S = unknown>(definition: ConnectorDefinition<C, S>): Connector<C, S> {
  const r = validateManifest(definition.manifest);
  if (!r.ok) {
    const id = typeof definition.manifest?.id === 'string' ? definition.manifest.id : '(no id)';
    throw new AispmError('config', `invalid connector manifest for ${id}: ${r.issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; ')}`, {
      details: { issues: r.issues },
    });
  }
  const connector = {
    manifest: r.value,
    check: definition.check.bind(definition),
    sync: definition.sync.bind(definition),
    [BRAND]: true,
  };
  return Object.freeze(connector) as Connector<C, S>;
}

/**
 * True when `value` was made by {@link defineConnector} (in any installed copy of the package).
 *
 * @example
 * ```ts
 * isConnector(mlflowConnector); // true
 * ```
 */
export function isConnector(value: unknown): value is Connector {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
