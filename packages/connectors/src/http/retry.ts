import type { RetryPolicy } from '../sdk/manifest';

/**
 * The backoff delay before retry number `attempt` (1 = the first retry): exponential growth
 * capped at `maxDelayMs`, with the `jitter` share of it randomised by `random()` in [0, 1).
 *
 * @example
 * ```ts
 * backoffDelay(RetryPolicySchema.parse({ jitter: 0 }), 2, Math.random); // 1000
 * ```
 */
export function backoffDelay(
  policy: Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs' | 'multiplier' | 'jitter'>,
  attempt: number,
  random: () => number,
): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** Math.max(0, attempt - 1));
  const fixed = base * (1 - policy.jitter);
  return Math.round(fixed + random() * base * policy.jitter);
}

/**
 * Parses a `Retry-After` header (delay seconds or an HTTP date) into milliseconds from `now`;
 * `undefined` when absent or unreadable.
 *
 * @example
 * ```ts
 * parseRetryAfter('3', Date.now()); // 3000
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
