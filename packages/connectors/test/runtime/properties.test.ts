import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, createRedactor, createSemaphore, parseRetryAfter, REDACTED, RetryPolicySchema } from '../../src/index';

const secret = fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/).filter((s) => !REDACTED.includes(s));

describe('properties', () => {
  it('Retry-After in seconds or as an HTTP date gives the same delay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_400 }), fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }), (seconds, epoch) => {
        const now = epoch * 1000;
        expect(parseRetryAfter(String(seconds), now)).toBe(seconds * 1000);
        expect(parseRetryAfter(new Date(now + seconds * 1000).toUTCString(), now)).toBe(seconds * 1000);
      }),
    );
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });

  it('backoff stays within the jitter band and under the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (initialDelayMs, maxDelayMs, multiplier, jitter, attempt, r) => {
          const p = RetryPolicySchema.parse({ initialDelayMs, maxDelayMs, multiplier, jitter });
          const base = Math.min(maxDelayMs, initialDelayMs * multiplier ** (attempt - 1));
          const d = backoffDelay(p, attempt, () => r);
          expect(d).toBeGreaterThanOrEqual(Math.floor(base * (1 - jitter)));
          expect(d).toBeLessThanOrEqual(Math.ceil(base));
        },
      ),
    );
  });

  it('a known secret never survives redaction, wherever it sits', () => {
    fc.assert(
      fc.property(secret, fc.string(), fc.string(), fc.jsonValue(), (s, before, after, doc) => {
        const r = createRedactor([s]);
        expect(r.text(`${before}${s}${after}`)).not.toContain(s);
        const nested = { doc, list: [doc, `${before}${s}`], deep: { x: { y: s } } };
        expect(JSON.stringify(r.value(nested))).not.toContain(s);
      }),
    );
  });

  it('a semaphore never lets more than its size run at once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 12 }), async (size, waits) => {
        const sem = createSemaphore(size);
        let active = 0;
        let peak = 0;
        await Promise.all(
          waits.map(async (w) => {
            const release = await sem.acquire();
            active++;
            peak = Math.max(peak, active);
            for (let i = 0; i < w; i++) await Promise.resolve();
            active--;
            release();
          }),
        );
        expect(peak).toBeLessThanOrEqual(size);
        expect(sem.peak).toBeLessThanOrEqual(size);
      }),
      { numRuns: 50 },
    );
  });
});
