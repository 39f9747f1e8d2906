import type { Finding, RuleResult, Severity } from '@aispm/core';
import type { BandName } from './model';
import type { AssetScore, FindingScore } from './scorer';

/** Weight of a rule result in the pass rate, by the rule's severity. */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { critical: 10, high: 6, medium: 3, low: 1, info: 0.5 };

/** The weighted pass rate of one framework (or of everything). */
export interface FrameworkPosture {
  framework: string;
  /** `100 × Σ w(passed) ÷ Σ w(evaluated)`, one decimal; `null` when nothing was evaluated. */
  score: number | null;
  evaluated: number;
  passed: number;
  /** Failing, unknown or error results (unknown never counts as a pass). */
  failed: number;
  /** Failing results whose finding is accepted under an exception (included in `failed`). */
  accepted: number;
  weightPassed: number;
  weightTotal: number;
}

/** An entry of a top-N list. */
export interface RankedEntry {
  subject: string;
  value: number | null;
  band: string;
  title: string;
}

/** The portfolio view of one run. */
export interface Portfolio {
  modelId: string;
  formula: string;
  overall: FrameworkPosture;
  frameworks: FrameworkPosture[];
  bands: { findings: Record<BandName | 'withheld', number>; assets: Record<BandName | 'withheld', number> };
  topFindings: RankedEntry[];
  topAssets: RankedEntry[];
  /** Change against the previous run, when one was given. */
  change?: PortfolioChange;
}

/** Period-over-period change between two portfolios. */
export interface PortfolioChange {
  overall: number | null;
  frameworks: Array<{ framework: string; previous: number | null; current: number | null; delta: number | null }>;
  bands: { findings: Record<string, number>; assets: Record<string, number> };
  /** Subjects that entered or left the top-N lists. */
  topFindings: { entered: string[]; left: string[] };
  topAssets: { entered: string[]; left: string[] };
}

/** Inputs of {@link computePortfolio}. */
export interface PortfolioInput {
  modelId: string;
  /** Every evaluated rule result of the run (passes are needed for a pass rate). */
  results: readonly RuleResult[];
  findings: readonly Finding[];
  findingScores: readonly FindingScore[];
  assetScores: readonly AssetScore[];
  /** Length of the top lists (default 10). */
  topN?: number;
  /** The previous run's portfolio, for the change section. */
  previous?: Portfolio;
}

/** The published formula of the posture score. */
export const PORTFOLIO_FORMULA =
  'score(F) = 100 × Σ w(r)·[r passed] ÷ Σ w(r), over rule results r with status pass, fail, unknown or error (open findings without a result count as fail) that map to a control of framework F (its prefix in finding/result controls); w(r) = severity weight (critical 10, high 6, medium 3, low 1, info 0.5); overall uses every result once.';

/**
 * A set of (rule, asset set, scope) keys: two rule results or findings are the same unit when all
 * three match. Nested by scope and rule so a single-asset key needs no new string.
 */
class UnitKeys {
  readonly #m = new Map<string, Map<string, Set<string>>>();
  size = 0;
  static #assets(assetIds: readonly string[]): string {
    return assetIds.length === 1 ? (assetIds[0] as string) : [...assetIds].sort().join('\u0001');
  }
  add(ruleId: string, assetIds: readonly string[], scope?: string): void {
    const sc = scope ?? '';
    let byRule = this.#m.get(sc);
    if (!byRule) this.#m.set(sc, (byRule = new Map()));
    let set = byRule.get(ruleId);
    if (!set) byRule.set(ruleId, (set = new Set()));
    const k = UnitKeys.#assets(assetIds);
    if (!set.has(k)) {
      set.add(k);
      this.size++;
    }
  }
  has(ruleId: string, assetIds: readonly string[], scope?: string): boolean {
    const set = this.#m.get(scope ?? '')?.get(ruleId);
    return set?.has(UnitKeys.#assets(assetIds)) === true;
  }
}

/**
 * The framework a control reference belongs to: its prefix up to the first `:`.
 *
 * @example
 * ```ts
 * frameworkOf('owasp-llm-2025:LLM01:2025'); // 'owasp-llm-2025'
 * ```
 */
export function frameworkOf(control: string): string {
  const i = control.indexOf(':');
  return i < 0 ? control : control.slice(0, i);
}

function empty(framework: string): FrameworkPosture {
  return { framework, score: null, evaluated: 0, passed: 0, failed: 0, accepted: 0, weightPassed: 0, weightTotal: 0 };
}

function close(p: FrameworkPosture): FrameworkPosture {
  p.score = p.weightTotal === 0 ? null : Math.round((1000 * p.weightPassed) / p.weightTotal) / 10;
  return p;
}

function bandCounts(items: ReadonlyArray<{ band: string }>): Record<BandName | 'withheld', number> {
  const out: Record<BandName | 'withheld', number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0, withheld: 0 };
  for (const i of items) out[i.band as BandName] = (out[i.band as BandName] ?? 0) + 1;
  return out;
}

/**
 * Computes the portfolio view: the weighted pass rate per framework and overall (see
 * {@link PORTFOLIO_FORMULA}), band counts, the top-N findings and assets by score, and the
 * change against a previous run.
 *
 * @example
 * ```ts
 * const p = computePortfolio({ modelId, results, findings, findingScores, assetScores, previous });
 * p.overall.score; p.change?.overall;
 * ```
 */
export function computePortfolio(input: PortfolioInput): Portfolio {
  const accepted = new UnitKeys();
  for (const f of input.findings) if (f.state === 'accepted') accepted.add(f.ruleId, f.assetIds, f.scope);
  const overall = empty('overall');
  const byFw = new Map<string, FrameworkPosture>();
  // Framework postures of a control list, each framework once (cached per control).
  const fwOfControl = new Map<string, FrameworkPosture>();
  const postureOf = (control: string): FrameworkPosture => {
    let p = fwOfControl.get(control);
    if (!p) {
      const f = frameworkOf(control);
      p = byFw.get(f) ?? (byFw.set(f, empty(f)).get(f) as FrameworkPosture);
      fwOfControl.set(control, p);
    }
    return p;
  };
  const hit: FrameworkPosture[] = [];
  const count = (u: Pick<RuleResult, 'ruleId' | 'assetIds' | 'scope' | 'controls' | 'severity'>, status: RuleResult['status']): void => {
    if (status === 'not_applicable') return;
    const w = SEVERITY_WEIGHTS[u.severity];
    const pass = status === 'pass';
    const acc = !pass && accepted.size > 0 && accepted.has(u.ruleId, u.assetIds, u.scope);
    const controls = u.controls;
    hit.length = 0;
    hit.push(overall);
    for (const c of controls) {
      const p = postureOf(c);
      if (!hit.includes(p)) hit.push(p);
    }
    for (const p of hit) {
      p.evaluated++;
      p.weightTotal += w;
      if (pass) {
        p.passed++;
        p.weightPassed += w;
      } else {
        p.failed++;
        if (acc) p.accepted++;
      }
    }
  };
  // A finding is a failing result: findings without a matching result still count as failures.
  const seen = new UnitKeys();
  for (const r of input.results) seen.add(r.ruleId, r.assetIds, r.scope);
  for (const r of input.results) count(r, r.status);
  for (const f of input.findings) {
    if (f.state === 'fixed' || f.state === 'closed') continue;
    if (seen.size > 0 && seen.has(f.ruleId, f.assetIds, f.scope)) continue;
    count(f, 'fail');
  }
  const topN = input.topN ?? 10;
  const portfolio: Portfolio = {
    modelId: input.modelId,
    formula: PORTFOLIO_FORMULA,
    overall: close(overall),
    frameworks: [...byFw.values()].map(close).sort((a, b) => (a.framework < b.framework ? -1 : 1)),
    bands: { findings: bandCounts(input.findingScores), assets: bandCounts(input.assetScores) },
    topFindings: top(input.findingScores, topN).map((s) => ({ subject: s.subject, value: s.value, band: s.band, title: s.title })),
    topAssets: top(input.assetScores, topN).map((s) => ({ subject: s.subject, value: s.value, band: s.band, title: s.name })),
  };
  if (input.previous) portfolio.change = comparePortfolios(input.previous, portfolio);
  return portfolio;
}

const ranks = <T extends { value: number | null; subject: string }>(a: T, b: T): number =>
  (b.value ?? -1) - (a.value ?? -1) || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0);

/** The first `n` by value (highest first, then subject): the same as sorting all and slicing, without sorting all. */
function top<T extends { value: number | null; subject: string }>(xs: readonly T[], n: number): T[] {
  const best: T[] = [];
  if (n <= 0) return best;
  for (const x of xs) {
    if (best.length === n && ranks(x, best[n - 1] as T) >= 0) continue;
    let i = best.length === n ? n - 1 : best.length;
    if (best.length < n) best.push(x);
    while (i > 0 && ranks(x, best[i - 1] as T) < 0) {
      best[i] = best[i - 1] as T;
      i--;
    }
    best[i] = x;
  }
  return best;
}

/**
 * The period-over-period change from `previous` to `current`.
 *
 * @example
 * ```ts
 * comparePortfolios(lastWeek, thisWeek).overall; // e.g. +4.5 (points of pass rate)
 * ```
 */
export function comparePortfolios(previous: Portfolio, current: Portfolio): PortfolioChange {
  const d = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round((b - a) * 10) / 10);
  const names = [...new Set([...previous.frameworks, ...current.frameworks].map((f) => f.framework))].sort();
  const get = (p: Portfolio, n: string) => p.frameworks.find((f) => f.framework === n)?.score ?? null;
  const diffBands = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(Object.keys({ ...a, ...b }).map((k) => [k, (b[k] ?? 0) - (a[k] ?? 0)]));
  const moved = (a: RankedEntry[], b: RankedEntry[]) => {
    const sa = new Set(a.map((x) => x.subject));
    const sb = new Set(b.map((x) => x.subject));
    return { entered: [...sb].filter((x) => !sa.has(x)).sort(), left: [...sa].filter((x) => !sb.has(x)).sort() };
  };
  return {
    overall: d(previous.overall.score, current.overall.score),
    frameworks: names.map((n) => ({ framework: n, previous: get(previous, n), current: get(current, n), delta: d(get(previous, n), get(current, n)) })),
    bands: { findings: diffBands(previous.bands.findings, current.bands.findings), assets: diffBands(previous.bands.assets, current.bands.assets) },
    topFindings: moved(previous.topFindings, current.topFindings),
    topAssets: moved(previous.topAssets, current.topAssets),
  };
}
