import { AispmError, type AispmErrorOptions } from '@aispm/core';

/**
 * How a connector failure is classified:
 *
 * - `config`: the configuration is invalid; fixing the config fixes it.
 * - `auth`: the credentials were refused.
 * - `permission`: the credentials work but lack a permission the connector needs.
 * - `transient`: a timeout, rate limit or server error that may pass; retrying may succeed.
 * - `system`: anything else (a bug, an unexpected response).
 */
export const FAILURE_CLASSES = ['config', 'auth', 'permission', 'transient', 'system'] as const;

/** One of {@link FAILURE_CLASSES}. */
export type FailureClass = (typeof FAILURE_CLASSES)[number];

/** The phase of a connector run in which something failed. */
export type RunPhase = 'manifest' | 'config' | 'check' | 'sync' | 'store' | 'state';

/**
 * A classified connector failure, as data. Runtimes turn thrown errors into this.
 *
 * @example
 * ```ts
 * const f: ConnectorFailure = { class: 'auth', message: 'token refused (HTTP 401)', retryable: false, connector: 'mlflow', phase: 'check' };
 * ```
 */
export interface ConnectorFailure {
  /** What kind of failure it is. */
  class: FailureClass;
  /** A redacted, human-readable sentence. */
  message: string;
  /** Whether running again may succeed. */
  retryable: boolean;
  /** The connector id. */
  connector?: string;
  /** The phase that failed. */
  phase?: RunPhase;
  /** HTTP status, when an HTTP call failed. */
  status?: number;
  /** Redacted structured details. */
  details?: Record<string, unknown>;
}

/**
 * Creates an error a connector throws to fail with a given class. It is an `AispmError` whose
 * code is the failure class.
 *
 * @example
 * ```ts
 * throw connectorError('permission', 'token lacks read access to registered models', { details: { status: 403 } });
 * ```
 */
export function connectorError(failureClass: FailureClass, message: string, options: AispmErrorOptions = {}): AispmError {
  return new AispmError(failureClass, message, { retryable: failureClass === 'transient', ...options });
}

/**
 * The failure class of an HTTP status: 401 → `auth`, 403 → `permission`, 408/429/5xx →
 * `transient`, 400/404/422 and others → `system` (or `config` when `configIfClientError`).
 *
 * @example
 * ```ts
 * classifyHttpStatus(429); // 'transient'
 * ```
 */
export function classifyHttpStatus(status: number): FailureClass {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 408 || status === 429 || status >= 500) return 'transient';
  return 'system';
}

function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && ((e as Error).name === 'AbortError' || (e as Error).name === 'TimeoutError');
}

/**
 * Classifies anything thrown by a connector: an `AispmError` keeps its class (`validation`
 * and `usage` count as `config`), network errors and timeouts are `transient`, anything else
 * is `system`.
 *
 * @example
 * ```ts
 * classifyError(new TypeError('fetch failed')); // 'transient'
 * ```
 */
export function classifyError(e: unknown): FailureClass {
  if (AispmError.isInstance(e)) {
    if ((FAILURE_CLASSES as readonly string[]).includes(e.code)) return e.code as FailureClass;
    if (e.code === 'validation' || e.code === 'usage') return 'config';
    if (e.code === 'io') return 'transient';
    return 'system';
  }
  if (isAbortError(e)) return 'transient';
  if (e instanceof TypeError && /fetch failed|network|ECONN|ETIMEDOUT|socket/i.test(`${e.message} ${String((e as { cause?: unknown }).cause ?? '')}`))
    return 'transient';
  return 'system';
}
