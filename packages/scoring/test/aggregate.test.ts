import { aggregateScores, aggregateValue } from '@aispm/scoring';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const score = fc.integer({ min: 0, max: 100 }).map((n) => n / 10);

describe('aggregateScores', () => {
  it('ten mediums do not equal a critical', () => {
    const a = aggregateScores(Array(10).fill(6));
    expect(a.value).toBe(7);
    expect(a.bump).toBe(1);
    expect(aggregateScores(Array(100).fill(6.9)).value).toBe(7.9);
  });

  it('adds a diminishing share of the rest on top of the maximum', () => {
    const a = aggregateScores([8.9, 8.2]);
    expect(a.value).toBe(9.7);
    expect(a.terms.map((t) => [t.value, t.factor, t.contribution])).toEqual([
      [8.9, 1, 8.9],
      [8.2, 0.1, 0.82],
    ]);
    expect(aggregateScores([]).value).toBe(0);
  });

  it('bounds: max ≤ aggregate ≤ min(scale, max + maxBump)', () => {
    fc.assert(
      fc.property(fc.array(score, { maxLength: 60 }), (xs) => {
        const a = aggregateScores(xs);
        const max = xs.length === 0 ? 0 : Math.max(...xs);
        expect(a.value).toBeGreaterThanOrEqual(max);
        expect(a.value).toBeLessThanOrEqual(Math.min(10, max + 1) + 1e-9);
      }),
    );
  });

  it('is order-independent and monotone: adding a finding or raising one never lowers it', () => {
    fc.assert(
      fc.property(fc.array(score, { minLength: 1, maxLength: 30 }), score, fc.nat(), (xs, extra, i) => {
        const a = aggregateScores(xs).value;
        expect(aggregateScores([...xs].reverse()).value).toBe(a);
        expect(aggregateScores([...xs, extra]).value).toBeGreaterThanOrEqual(a);
        const raised = [...xs];
        const k = i % xs.length;
        raised[k] = Math.min(10, (raised[k] as number) + 1);
        expect(aggregateScores(raised).value).toBeGreaterThanOrEqual(a);
      }),
    );
  });

  it('aggregateValue gives exactly the value of aggregateScores, from numbers or a typed scratch array', () => {
    const options = fc.record({
      step: fc.constantFrom(0.1, 0.2, 0.05),
      decay: fc.constantFrom(0.5, 0.75, 1),
      maxBump: fc.constantFrom(1, 0.5, 2),
      scale: fc.constantFrom(10, 100),
    });
    fc.assert(
      fc.property(fc.array(score, { maxLength: 40 }), options, (xs, o) => {
        const want = aggregateScores(xs, o).value;
        expect(aggregateValue([...xs], xs.length, o)).toBe(want);
        const scratch = new Float64Array(xs.length + 3);
        scratch.set(xs);
        expect(aggregateValue(scratch, xs.length, o)).toBe(want);
      }),
      { numRuns: 500 },
    );
  });
});
