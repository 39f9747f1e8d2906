import type { Issue, Result } from '@aispm/core';
import type { Bands, ScoringModel } from './model';

/** Days the team allows to fix a finding of each band. */
export interface SlaDays {
  critical: number;
  high: number;
  medium: number;
  low: number;
}

/** Inputs of {@link calibrate}. */
export interface CalibrationInput {
  /** Findings the team fixes per week. */
  throughputPerWeek: number;
  slaDaysByBand: SlaDays;
  /** Scores of the findings to plan for (a backlog, or the intake of one planning window). */
  history: ReadonlyArray<number | { value: number | null }>;
  /** Scale of the scores (default 10). */
  scale?: number;
}

/** How one band fits after calibration. */
export interface BandFit {
  band: keyof SlaDays;
  slaDays: number;
  /** Findings the team can fix in this band within its SLA after the bands above are done. */
  capacity: number;
  /** Findings that land in the band with the new thresholds. */
  actual: number;
  threshold: number;
}

/** The result of {@link calibrate}. */
export interface CalibrationResult {
  bands: Bands;
  perBand: BandFit[];
  /** 1 − Σ|actual − capacity| ÷ max(1, Σ capacity) over the bands, clamped to [0, 1]; 1 is a perfect fit. */
  fit: number;
  /** Findings below the low threshold: more than the team can fix within any SLA (they land in info). */
  overflow: number;
  notes: string[];
}

const BANDS = ['critical', 'high', 'medium', 'low'] as const;

/**
 * Sets band thresholds from the team's remediation capacity. Working highest score first at
 * `throughputPerWeek`, the team fixes `throughput × sla(b) ÷ 7` findings within band b's SLA
 * (including the bands above); each threshold is the lowest score for which the findings at or
 * above it still fit. Ties can make a band overfull; the fit report says by how much.
 *
 * @example
 * ```ts
 * const r = calibrate({ throughputPerWeek: 20, slaDaysByBand: { critical: 7, high: 30, medium: 90, low: 180 }, history: scores.map((s) => s.value) });
 * if (r.ok) console.log(r.value.bands, r.value.fit);
 * ```
 */
export function calibrate(input: CalibrationInput): Result<CalibrationResult> {
  const issues: Issue[] = [];
  const scale = input.scale ?? 10;
  if (!(input.throughputPerWeek > 0)) issues.push({ code: 'calibrate/throughput', message: 'throughputPerWeek must be above 0', path: '/throughputPerWeek' });
  let prev = 0;
  for (const b of BANDS) {
    const d = input.slaDaysByBand[b];
    if (!(d > 0)) issues.push({ code: 'calibrate/sla', message: `slaDaysByBand.${b} must be above 0`, path: `/slaDaysByBand/${b}` });
    else if (d < prev)
      issues.push({ code: 'calibrate/sla-order', message: `slaDaysByBand.${b} (${d}) is shorter than the band above (${prev})`, path: `/slaDaysByBand/${b}` });
    prev = Math.max(prev, d);
  }
  const values: number[] = [];
  input.history.forEach((h, i) => {
    const v = typeof h === 'number' ? h : h.value;
    if (v === null) return;
    if (!Number.isFinite(v) || v < 0 || v > scale)
      issues.push({ code: 'calibrate/value', message: `history value ${v} is outside 0–${scale}`, path: `/history/${i}` });
    else if (v > 0) values.push(v);
  });
  if (values.length === 0 && issues.length === 0) issues.push({ code: 'calibrate/empty', message: 'history holds no positive score', path: '/history' });
  if (issues.length > 0) return { ok: false, issues };
  values.sort((a, b) => b - a);
  const n = values.length;
  const atLeast = (t: number) => {
    // values are sorted descending: count of values ≥ t by binary search.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[mid] as number) >= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const notes: string[] = [];
  const thresholds: number[] = [];
  const caps: number[] = [];
  for (const b of BANDS) {
    const cum = Math.floor((input.throughputPerWeek * input.slaDaysByBand[b]) / 7);
    caps.push(cum);
    let t: number;
    if (cum <= 0) t = Math.min(scale, (values[0] as number) + 0.1);
    else if (cum >= n) t = values[n - 1] as number;
    else {
      t = values[cum - 1] as number;
      if (atLeast(t) > cum) {
        // Ties: move up to the next distinct score so the band does not exceed capacity.
        const higher = values.slice(0, cum).filter((v) => v > t);
        t = higher.length > 0 ? (higher[higher.length - 1] as number) : t;
        if (atLeast(t) > cum)
          notes.push(
            `${b}: ${atLeast(t)} findings share the top scores; the band holds more than the ${cum} the team can fix in ${input.slaDaysByBand[b]} days`,
          );
      }
    }
    thresholds.push(Math.max(0.1, Math.round(t * 10) / 10));
  }
  for (let i = 1; i < thresholds.length; i++) thresholds[i] = Math.min(thresholds[i] as number, thresholds[i - 1] as number);
  const [critical, high, medium, low] = thresholds as [number, number, number, number];
  const perBand: BandFit[] = [];
  let err = 0;
  let target = 0;
  let above = 0;
  let capAbove = 0;
  BANDS.forEach((b, i) => {
    const cum = atLeast(thresholds[i] as number);
    const actual = cum - above;
    const capacity = Math.max(0, Math.min(n, caps[i] as number) - Math.min(n, capAbove));
    perBand.push({ band: b, slaDays: input.slaDaysByBand[b], capacity, actual, threshold: thresholds[i] as number });
    err += Math.abs(actual - capacity);
    target += capacity;
    above = cum;
    capAbove = caps[i] as number;
  });
  const overflow = n - above;
  if (overflow > 0) notes.push(`${overflow} of ${n} findings exceed what the team can fix within the low SLA; they land in info`);
  const fit = Math.max(0, Math.min(1, 1 - err / Math.max(1, target)));
  return { ok: true, value: { bands: { critical, high, medium, low }, perBand, fit: Math.round(fit * 1000) / 1000, overflow, notes } };
}

/**
 * Returns a copy of the model with the calibrated bands, marked calibrated (scores then say so).
 *
 * @example
 * ```ts
 * const tuned = applyCalibration(DEFAULT_RISK_MODEL, result, '2026-11-22T00:00:00Z');
 * ```
 */
export function applyCalibration(model: ScoringModel, result: CalibrationResult, at?: string): ScoringModel {
  const m = structuredClone(model) as ScoringModel;
  m.bands = { ...result.bands };
  m.calibration = { method: 'remediation-capacity', fit: result.fit, ...(at ? { at } : {}), note: result.notes.join('; ') || undefined };
  if (m.calibration.note === undefined) delete m.calibration.note;
  return m;
}
