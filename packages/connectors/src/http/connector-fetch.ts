import type { Clock } from '../runtime/clock';
import type { Redactor } from '../runtime/redact';
import type { ConnectorFetch, ConnectorLogger } from '../sdk/connector';
import { classifyHttpStatus, connectorError } from '../sdk/failures';
import type { RateLimit, RetryPolicy } from '../sdk/manifest';
import { createRateLimiter, createSemaphore } from './limits';
import { backoffDelay, parseRetryAfter } from './retry';

/** Counters of the HTTP calls a connector made through the runtime. */
export interface HttpStats {
  /** Logical calls (a retried call counts once). */
  calls: number;
  /** Attempts, retries included. */
  attempts: number;
  /** Retries after a retryable status or a network error. */
  retries: number;
  /** Most attempts in flight at once. */
  peakConcurrency: number;
}

/** Options of {@link createConnectorFetch}. */
export interface ConnectorFetchOptions {
  /** The underlying fetch (default: the global one). */
  fetch?: typeof globalThis.fetch;
  retry: RetryPolicy;
  rateLimit: RateLimit;
  clock: Clock;
  /** Random source in [0, 1) for jitter. */
  random: () => number;
  /** Cancels every call. */
  signal?: AbortSignal;
  logger?: ConnectorLogger;
  redactor?: Redactor;
  /** Counters updated as calls are made. */
  stats?: HttpStats;
}

/**
 * Creates the runtime `fetch` a connector calls: it waits for the rate limiter and a
 * concurrency slot, times out each attempt, retries retryable statuses and network errors with
 * exponential backoff and jitter (or exactly the server's `Retry-After`), and stops at once when
 * the run is aborted. When retries run out, the last response is returned (check `ok`); a
 * network error that outlives its retries throws a `transient` connector error.
 *
 * @example
 * ```ts
 * const f = createConnectorFetch({ retry: RetryPolicySchema.parse({}), rateLimit: RateLimitSchema.parse({}), clock: systemClock, random: Math.random });
 * const res = await f('http://127.0.0.1:8080/api/items');
 * ```
 */
export function createConnectorFetch(options: ConnectorFetchOptions): ConnectorFetch {
  const base = options.fetch ?? globalThis.fetch;
  const { retry, clock, random } = options;
  const limiter = createRateLimiter(options.rateLimit, clock);
  const slots = createSemaphore(options.rateLimit.concurrency);
  const stats = options.stats;
  const redact = (s: string) => options.redactor?.text(s) ?? s;
  const log = options.logger;

  return async (input, init = {}) => {
    const url = String(input);
    const method = (init.method ?? 'GET').toUpperCase();
    const shown = `${method} ${redact(url)}`;
    if (stats) stats.calls++;
    const runSignal = init.signal ? (options.signal ? AbortSignal.any([options.signal, init.signal]) : init.signal) : options.signal;
    for (let attempt = 1; ; attempt++) {
      if (runSignal?.aborted) throw runSignal.reason;
      await limiter.take(runSignal);
      const release = await slots.acquire(runSignal);
      if (stats) {
        stats.attempts++;
        stats.peakConcurrency = Math.max(stats.peakConcurrency, slots.active);
      }
      const timeout = AbortSignal.timeout(retry.timeoutMs);
      const signal = runSignal ? AbortSignal.any([runSignal, timeout]) : timeout;
      let response: Response | undefined;
      let error: unknown;
      try {
        response = await base(input, { ...init, signal });
      } catch (e) {
        error = e;
      } finally {
        release();
      }
      if (runSignal?.aborted) throw runSignal.reason;
      const last = attempt >= retry.maxAttempts;
      if (response) {
        if (!retry.retryOn.includes(response.status) || last) {
          if (!response.ok) log?.debug(`${shown} → HTTP ${response.status} after ${attempt} attempt(s)`);
          return response;
        }
        const after = parseRetryAfter(response.headers.get('retry-after'), clock.now());
        if (after !== undefined && after > retry.maxRetryAfterMs) {
          log?.warn(`${shown} → HTTP ${response.status}; Retry-After ${after} ms exceeds the ${retry.maxRetryAfterMs} ms limit`);
          return response;
        }
        await response.body?.cancel().catch(() => {});
        const delay = after ?? backoffDelay(retry, attempt, random);
        log?.debug(
          `${shown} → HTTP ${response.status}; retry ${attempt}/${retry.maxAttempts - 1} in ${delay} ms${after !== undefined ? ' (Retry-After)' : ''}`,
        );
        if (stats) stats.retries++;
        await clock.sleep(delay, runSignal);
        continue;
      }
      const timedOut = timeout.aborted;
      const reason = timedOut ? `timed out after ${retry.timeoutMs} ms` : redact(describe(error));
      if (last) {
        throw connectorError('transient', `${shown} failed after ${attempt} attempt(s): ${reason}`, { details: { url: redact(url), attempts: attempt } });
      }
      const delay = backoffDelay(retry, attempt, random);
      log?.debug(`${shown} failed (${reason}); retry ${attempt}/${retry.maxAttempts - 1} in ${delay} ms`);
      if (stats) stats.retries++;
      await clock.sleep(delay, runSignal);
    }
  };
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message}: ${cause.message}` : e.message;
  }
  return String(e);
}

/**
 * Throws a classified connector error when `response` is not OK: 401 → `auth`, 403 →
 * `permission`, 429/5xx → `transient`, others → `system`. The message names `what` and the
 * status, never the request's credentials.
 *
 * @example
 * ```ts
 * const res = await ctx.fetch(url);
 * await assertOk(res, 'list registered models');
 * ```
 */
export async function assertOk(response: Response, what: string): Promise<Response> {
  if (response.ok) return response;
  let detail = '';
  try {
    detail = (await response.text()).slice(0, 200);
  } catch {
    // The body is optional in the message.
  }
  const cls = classifyHttpStatus(response.status);
  throw connectorError(cls, `${what}: HTTP ${response.status}${detail ? ` ${detail}` : ''}`, { details: { status: response.status } });
}
