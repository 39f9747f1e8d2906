/**
 * Time as the runtime sees it. Inject a virtual clock in tests so that backoff and rate limits
 * are deterministic and instant.
 *
 * @example
 * ```ts
 * await systemClock.sleep(100);
 * ```
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Waits `ms` milliseconds; rejects with an AbortError when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/**
 * The real clock: `Date.now()` and `setTimeout`.
 *
 * @example
 * ```ts
 * createConnectorRuntime({ clock: systemClock });
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError(signal as AbortSignal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A clock whose `sleep` returns at once and moves time forward; it records every sleep. */
export interface VirtualClock extends Clock {
  /** Every `sleep` duration asked for, in order. */
  readonly sleeps: number[];
  /** Moves time forward without sleeping. */
  advance(ms: number): void;
}

/**
 * Creates a {@link VirtualClock} starting at `start` (ms since the epoch, default
 * 2026-01-01T00:00:00Z). Backoff and rate-limit waits complete instantly and are recorded.
 *
 * @example
 * ```ts
 * const clock = createVirtualClock();
 * await clock.sleep(500);
 * clock.sleeps; // [500]
 * ```
 */
export function createVirtualClock(start = Date.UTC(2026, 0, 1)): VirtualClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    advance(ms) {
      t += ms;
    },
    async sleep(ms, signal) {
      if (signal?.aborted) throw abortError(signal);
      sleeps.push(ms);
      t += Math.max(0, ms);
    },
  };
}

/**
 * A deterministic pseudo-random source (mulberry32) for jitter in tests.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * random(); // always the same first value for seed 42
 * ```
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}
