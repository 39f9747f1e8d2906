/** Parameters of the finding → asset aggregation. */
export interface AggregationOptions {
  /** Share of the second-highest score added on top of the highest (default 0.1). */
  step?: number;
  /** Each further score adds `decay` times as much as the one before (default 0.5). */
  decay?: number;
  /** The most the other findings can add on top of the highest (default 1.0 point). */
  maxBump?: number;
  /** The scale (default 10). */
  scale?: number;
}

/** One term of an aggregation: a score, its rank and what it added. */
export interface AggregationTerm {
  value: number;
  rank: number;
  /** Multiplier applied to this value (1 for the highest). */
  factor: number;
  contribution: number;
}

/** The result of {@link aggregateScores}. */
export interface Aggregation {
  value: number;
  max: number;
  /** Points added on top of the maximum by the other scores (≤ maxBump). */
  bump: number;
  terms: AggregationTerm[];
  formula: string;
}

/**
 * Combines finding scores into one asset score: the maximum plus a diminishing sum of the rest,
 *
 * `A = min(scale, s₁ + min(maxBump, Σ_{k≥2} s_k · step · decay^(k−2)))` with scores sorted
 * descending. So the worst finding sets the floor, more findings raise it by at most `maxBump`,
 * and ten mediums (6.0 each) give 7.0, not a critical 9.0.
 *
 * @example
 * ```ts
 * aggregateScores(Array(10).fill(6)).value; // 7
 * aggregateScores([9.5, 2]).value; // 9.7
 * ```
 */
export function aggregateScores(values: readonly number[], options: AggregationOptions = {}): Aggregation {
  const step = options.step ?? 0.1;
  const decay = options.decay ?? 0.5;
  const maxBump = options.maxBump ?? 1;
  const scale = options.scale ?? 10;
  const formula = `max + min(${maxBump}, Σ s_k × ${step} × ${decay}^(k−2))`;
  const sorted = [...values].sort((a, b) => b - a);
  if (sorted.length === 0) return { value: 0, max: 0, bump: 0, terms: [], formula };
  const max = sorted[0] as number;
  let raw = 0;
  const terms: AggregationTerm[] = [{ value: max, rank: 1, factor: 1, contribution: max }];
  for (let k = 1; k < sorted.length; k++) {
    const f = step * decay ** (k - 1);
    const c = (sorted[k] as number) * f;
    raw += c;
    terms.push({ value: sorted[k] as number, rank: k + 1, factor: f, contribution: c });
  }
  const bump = Math.min(maxBump, raw);
  if (raw > 0 && bump < raw) for (const t of terms.slice(1)) t.contribution = (t.contribution * bump) / raw;
  for (const t of terms) t.contribution = Math.round(t.contribution * 1000) / 1000;
  const value = Math.round(Math.min(scale, max + bump) * 10 + 1e-9) / 10;
  return { value: Math.max(value, max), max, bump: Math.round(bump * 1000) / 1000, terms, formula };
}

/**
 * The `value` of {@link aggregateScores} alone, without its terms: `values[0..n)` is sorted in
 * place (so pass a scratch array). Gives exactly the same number.
 *
 * @example
 * ```ts
 * aggregateValue([6, 6, 6], 3); // 6.2, as aggregateScores([6, 6, 6]).value
 * ```
 */
export function aggregateValue(values: Float64Array | number[], n: number, options: AggregationOptions = {}): number {
  if (n === 0) return 0;
  const step = options.step ?? 0.1;
  const decay = options.decay ?? 0.5;
  const maxBump = options.maxBump ?? 1;
  const scale = options.scale ?? 10;
  const sorted = n === 1 ? values : values instanceof Float64Array ? values.subarray(0, n).sort() : values.slice(0, n).sort((a, b) => a - b);
  const max = sorted[n - 1] as number;
  let raw = 0;
  for (let k = 1; k < n; k++) raw += (sorted[n - 1 - k] as number) * (step * decay ** (k - 1));
  const bump = Math.min(maxBump, raw);
  const value = Math.round(Math.min(scale, max + bump) * 10 + 1e-9) / 10;
  return Math.max(value, max);
}
