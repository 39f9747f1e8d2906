import type { Clock } from '../runtime/clock';

/** A token bucket: `take()` waits until a request may be sent. */
export interface RateLimiter {
  take(signal?: AbortSignal): Promise<void>;
}

/**
 * Creates a token-bucket rate limiter on an injectable clock. Without `requestsPerSecond` it
 * never waits.
 *
 * @example
 * ```ts
 * const limiter = createRateLimiter({ requestsPerSecond: 5, burst: 1 }, systemClock);
 * await limiter.take();
 * ```
 */
export function createRateLimiter(limit: { requestsPerSecond?: number | undefined; burst: number }, clock: Clock): RateLimiter {
  const rate = limit.requestsPerSecond;
  if (!rate) return { take: async () => {} };
  const capacity = Math.max(1, limit.burst);
  let tokens = capacity;
  let last = clock.now();
  let queue: Promise<void> = Promise.resolve();
  const refill = () => {
    const now = clock.now();
    tokens = Math.min(capacity, tokens + ((now - last) / 1000) * rate);
    last = now;
  };
  return {
    take(signal) {
      const turn = queue.then(async () => {
        refill();
        if (tokens < 1) {
          await clock.sleep(Math.ceil(((1 - tokens) / rate) * 1000), signal);
          refill();
        }
        tokens -= 1;
      });
      queue = turn.catch(() => {});
      return turn;
    },
  };
}

/** Limits how many operations run at once. */
export interface Semaphore {
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Operations running now. */
  readonly active: number;
  /** The highest number running at once so far. */
  readonly peak: number;
}

/**
 * Creates a semaphore of `size` slots.
 *
 * @example
 * ```ts
 * const s = createSemaphore(2);
 * const release = await s.acquire();
 * release();
 * ```
 */
export function createSemaphore(size: number): Semaphore {
  let active = 0;
  let peak = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    active--;
    const next = waiting.shift();
    if (next) next();
  };
  return {
    get active() {
      return active;
    },
    get peak() {
      return peak;
    },
    acquire(signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const grant = () => {
          active++;
          peak = Math.max(peak, active);
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            release();
          });
        };
        if (active < size) grant();
        else {
          const entry = () => {
            signal?.removeEventListener('abort', onAbort);
            grant();
          };
          const onAbort = () => {
            const i = waiting.indexOf(entry);
            if (i >= 0) waiting.splice(i, 1);
            reject(signal?.reason);
          };
          signal?.addEventListener('abort', onAbort, { once: true });
          waiting.push(entry);
        }
      });
    },
  };
}
