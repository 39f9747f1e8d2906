import { applyCalibration, calibrate, createEngine, DEFAULT_RISK_MODEL } from '@aispm/scoring';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const sla = { critical: 7, high: 14, medium: 28, low: 56 };

describe('calibrate', () => {
  it('sets thresholds so each band holds what the team can fix within its SLA', () => {
    // 100 distinct scores 0.1 … 10.0; 10 fixes a week → 10 within 7 days, 20 within 14, 40 within 28, 80 within 56.
    const history = Array.from({ length: 100 }, (_, i) => (i + 1) / 10);
    const r = calibrate({ throughputPerWeek: 10, slaDaysByBand: sla, history });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.bands).toEqual({ critical: 9.1, high: 8.1, medium: 6.1, low: 2.1 });
    expect(r.value.perBand.map((b) => [b.band, b.capacity, b.actual])).toEqual([
      ['critical', 10, 10],
      ['high', 10, 10],
      ['medium', 20, 20],
      ['low', 40, 40],
    ]);
    expect(r.value.fit).toBe(1);
    expect(r.value.overflow).toBe(20);
    expect(r.value.notes).toEqual(['20 of 100 findings exceed what the team can fix within the low SLA; they land in info']);
    const m = applyCalibration(DEFAULT_RISK_MODEL, r.value, '2026-11-22T00:00:00Z');
    expect(m.calibration).toEqual({ method: 'remediation-capacity', fit: 1, at: '2026-11-22T00:00:00Z', note: r.value.notes[0] });
    expect(createEngine(m).score({}).calibrated).toBe(true);
  });

  it('reports ties that overfill a band in the fit', () => {
    const r = calibrate({ throughputPerWeek: 5, slaDaysByBand: sla, history: [...Array(12).fill(9.5), 5, 4, 3, 2] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.perBand[0]).toMatchObject({ band: 'critical', capacity: 5, actual: 12 });
    expect(r.value.fit).toBeLessThan(1);
    expect(r.value.notes[0]).toMatch(/^critical: 12 findings share the top scores/);
  });

  it('never puts more in the bands above b than the team can fix within b’s SLA, unless scores tie', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 100 }), fc.integer({ min: 1, max: 40 }), (xs, tp) => {
        const r = calibrate({ throughputPerWeek: tp, slaDaysByBand: sla, history: xs.map((x) => x / 10) });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const b = r.value.bands;
        expect(b.critical >= b.high && b.high >= b.medium && b.medium >= b.low && b.low > 0).toBe(true);
        let cum = 0;
        for (const band of r.value.perBand) {
          cum += band.actual;
          expect(cum).toBeLessThanOrEqual(Math.max(Math.floor((tp * band.slaDays) / 7), 0) || cum);
        }
        expect(r.value.fit).toBeGreaterThanOrEqual(0);
        expect(r.value.fit).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('reports every bad input together', () => {
    const r = calibrate({ throughputPerWeek: 0, slaDaysByBand: { critical: 30, high: 7, medium: 0, low: 90 }, history: [11, -1] });
    expect(r.ok ? [] : r.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'calibrate/throughput /throughputPerWeek',
      'calibrate/sla-order /slaDaysByBand/high',
      'calibrate/sla /slaDaysByBand/medium',
      'calibrate/value /history/0',
      'calibrate/value /history/1',
    ]);
  });
});
