import { AispmError, type Finding, type ResultStatus, type RuleResult } from '@aispm/core';
import { builtinCatalog, type FrameworkCatalog } from '../catalogs/catalog';
import { builtinCrosswalks, relatedControls } from '../crosswalks/crosswalks';
import type { Crosswalk, CrosswalkRelationship } from '../crosswalks/schema';
import { getProfile, type Profile } from '../profiles/profiles';

/**
 * The status of one control: see {@link computeCoverage}.
 *
 * @example
 * ```ts
 * COVERAGE_STATUSES.includes('not-assessed'); // true
 * ```
 */
export const COVERAGE_STATUSES = ['satisfied', 'gap', 'not-assessed', 'manual'] as const;
/** One of {@link COVERAGE_STATUSES}. */
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

/**
 * Which controls a rule evidences (from the pack's mapping files or your own).
 *
 * @example
 * ```ts
 * const m: RuleControlMapping = { ruleId: 'x_com.acme:agent-approval', controls: ['owasp-agentic-2026:ASI02'] };
 * ```
 */
export interface RuleControlMapping {
  ruleId: string;
  controls: string[];
}

/**
 * An exception as coverage needs it: exact scope, never a pattern.
 *
 * @example
 * ```ts
 * const e: CoverageException = { id: 'exc-1', ruleId: 'aispm:model-unpinned', assetIds: ['model:openai/gpt-4o'], expiresAt: '2027-01-01T00:00:00Z' };
 * ```
 */
export interface CoverageException {
  id: string;
  ruleId: string;
  assetIds: string[];
  /** ISO time after which the exception no longer applies. */
  expiresAt?: string;
  owner?: string;
}

/**
 * Counts of one rule's results for a control.
 *
 * @example
 * ```ts
 * report.controls[0]?.rules.map((r) => `${r.ruleId}: ${r.fail} failing`);
 * ```
 */
export interface CoverageRule {
  ruleId: string;
  pass: number;
  fail: number;
  unknown: number;
  error: number;
  notApplicable: number;
}

/**
 * Coverage of one control.
 *
 * @example
 * ```ts
 * report.controls.filter((c) => c.status === 'gap').map((c) => [c.ref, c.failingAssets]);
 * ```
 */
export interface ControlCoverage {
  ref: string;
  id: string;
  title: string;
  status: CoverageStatus;
  /** Declared as needing human evidence (by the profile). */
  manual: boolean;
  note?: string;
  /** Every rule mapped to the control, with its result counts (zero counts when it did not run). */
  rules: CoverageRule[];
  /** Controls whose rules were attributed to this one through crosswalks (only with the `crosswalks` option). */
  via?: string[];
  /** Assets of failing results and open findings, sorted. */
  failingAssets: string[];
  /** Active exceptions covering failures of this control. */
  exceptions: CoverageException[];
  /** True when there are failures and every one is covered by an active exception. */
  allFailuresExcepted: boolean;
}

/**
 * The coverage of a framework or profile.
 *
 * @example
 * ```ts
 * const { summary } = computeCoverage({ target: 'iso-42001-annex-a', results });
 * summary.gap;
 * ```
 */
export interface CoverageReport {
  target: { kind: 'framework' | 'profile'; id: string; title: string };
  summary: Record<CoverageStatus, number> & { total: number };
  controls: ControlCoverage[];
}

/**
 * Inputs of {@link computeCoverage}.
 *
 * @example
 * ```ts
 * const options: CoverageOptions = { target: 'owasp-llm-2025', results, mappings: baselineMappings() };
 * ```
 */
export interface CoverageOptions {
  /** A framework id (or alias), a built-in profile id, or a profile object. */
  target: string | Profile;
  /** Rule results of a run. */
  results: readonly RuleResult[];
  /** Rule → control mappings; results' own `controls` are used as well. */
  mappings?: readonly RuleControlMapping[];
  /** Findings of the run; open ones count as failures of their rule. */
  findings?: readonly Finding[];
  exceptions?: readonly CoverageException[];
  catalog?: FrameworkCatalog;
  /** The time exceptions are checked against (default now). */
  now?: Date;
  /**
   * Also attribute rules through crosswalk edges of these relationships (one hop), e.g.
   * `{ relationships: ['equivalent'] }`. Off by default: coverage then rests on direct mappings only.
   */
  crosswalks?: { relationships: CrosswalkRelationship[]; crosswalks?: Crosswalk[] };
}

const OPEN_STATES = new Set(['open', 'in-remediation', 'retest-pending', 'accepted', 'deferred']);

function scopeKey(ruleId: string, assetIds: readonly string[]): string {
  return `${ruleId}\u0000${[...assetIds].sort().join('\u0001')}`;
}

/**
 * Computes the coverage of a framework or profile from a run's rule results. Per control:
 * - `gap` when a mapped rule fails (a failing result or an open finding),
 * - `manual` when the profile declares it needs human evidence and nothing fails,
 * - `satisfied` when at least one mapped rule passed somewhere and nothing fails,
 * - `not-assessed` otherwise: no rule tests it, or every result is unknown, error or not applicable.
 * A control no rule tests is never satisfied. `unknown` and `error` never count as a pass.
 *
 * @example
 * ```ts
 * const report = computeCoverage({ target: 'owasp-llm-2025', results: run.results, mappings: baselineMappings() });
 * report.summary; // { satisfied: 3, gap: 5, 'not-assessed': 2, manual: 0, total: 10 }
 * ```
 */
export function computeCoverage(options: CoverageOptions): CoverageReport {
  const catalog = options.catalog ?? builtinCatalog();
  const now = (options.now ?? new Date()).getTime();
  let profile: Profile | undefined;
  let target: CoverageReport['target'];
  let entries: Array<{ ref: string; manual: boolean; note?: string }>;
  if (typeof options.target === 'string') {
    const fw = catalog.get(options.target);
    profile = fw ? undefined : getProfile(options.target);
    if (fw) {
      target = { kind: 'framework', id: fw.id, title: fw.name };
      entries = fw.assessable().map((c) => ({ ref: `${fw.id}:${c.id}`, manual: false }));
    } else if (profile) {
      target = { kind: 'profile', id: profile.id, title: profile.title };
      entries = profile.controls.map((c) => ({ ref: c.ref, manual: c.manual === true, ...(c.note ? { note: c.note } : {}) }));
    } else {
      throw new AispmError('not-found', `no framework or profile "${options.target}"`, { details: { target: options.target } });
    }
  } else {
    profile = options.target;
    target = { kind: 'profile', id: profile.id, title: profile.title };
    entries = profile.controls.map((c) => ({ ref: c.ref, manual: c.manual === true, ...(c.note ? { note: c.note } : {}) }));
  }

  // Canonical control ref -> rule ids.
  const canon = (ref: string) => catalog.control(ref)?.ref ?? ref;
  const rulesByControl = new Map<string, Set<string>>();
  // A rule mapped to a superseded control (e.g. an OWASP LLM 2023 id) also tests its successor.
  const link = (ruleId: string, ref: string) => {
    for (const key of new Set([canon(ref), ...catalog.resolveAlias(ref)])) {
      const set = rulesByControl.get(key) ?? new Set<string>();
      set.add(ruleId);
      rulesByControl.set(key, set);
    }
  };
  for (const m of options.mappings ?? []) for (const c of m.controls) link(m.ruleId, c);
  for (const r of options.results) for (const c of r.controls) link(r.ruleId, c);
  for (const f of options.findings ?? []) if (OPEN_STATES.has(f.state)) for (const c of f.controls) link(f.ruleId, c);
  const via = new Map<string, Set<string>>();
  if (options.crosswalks) {
    const allowed = new Set(options.crosswalks.relationships);
    const cws = options.crosswalks.crosswalks ?? builtinCrosswalks();
    for (const [ref, ruleIds] of [...rulesByControl.entries()]) {
      for (const rel of relatedControls(ref, { crosswalks: cws })) {
        if (!allowed.has(rel.relationship)) continue;
        const key = canon(rel.ref);
        const set = rulesByControl.get(key) ?? new Set<string>();
        for (const id of ruleIds) set.add(id);
        rulesByControl.set(key, set);
        const v = via.get(key) ?? new Set<string>();
        v.add(ref);
        via.set(key, v);
      }
    }
  }

  // Per rule: status counts and failing scopes.
  const counts = new Map<string, CoverageRule>();
  const failures = new Map<string, Array<readonly string[]>>();
  const bump = (ruleId: string, status: ResultStatus) => {
    const c = counts.get(ruleId) ?? { ruleId, pass: 0, fail: 0, unknown: 0, error: 0, notApplicable: 0 };
    if (status === 'not_applicable') c.notApplicable++;
    else c[status]++;
    counts.set(ruleId, c);
  };
  const addFailure = (ruleId: string, assetIds: readonly string[]) => {
    const list = failures.get(ruleId) ?? [];
    if (!list.some((a) => scopeKey(ruleId, a) === scopeKey(ruleId, assetIds))) list.push(assetIds);
    failures.set(ruleId, list);
  };
  for (const r of options.results) {
    bump(r.ruleId, r.status);
    if (r.status === 'fail') addFailure(r.ruleId, r.assetIds);
  }
  for (const f of options.findings ?? []) {
    if (!OPEN_STATES.has(f.state)) continue;
    if (!failures.get(f.ruleId)?.some((a) => scopeKey(f.ruleId, a) === scopeKey(f.ruleId, f.assetIds))) bump(f.ruleId, 'fail');
    addFailure(f.ruleId, f.assetIds);
  }
  const activeExceptions = (options.exceptions ?? []).filter((e) => e.expiresAt === undefined || Date.parse(e.expiresAt) > now);
  const exceptionByScope = new Map(activeExceptions.map((e) => [scopeKey(e.ruleId, e.assetIds), e]));

  const controls: ControlCoverage[] = entries.map((entry) => {
    const m = catalog.control(entry.ref);
    if (!m) throw new AispmError('not-found', `control "${entry.ref}" of ${target.id} is not in the catalog`, { details: { ref: entry.ref } });
    const ruleIds = [...(rulesByControl.get(m.ref) ?? [])].sort();
    const rules = ruleIds.map((id) => counts.get(id) ?? { ruleId: id, pass: 0, fail: 0, unknown: 0, error: 0, notApplicable: 0 });
    const failing = new Set<string>();
    const exceptions = new Map<string, CoverageException>();
    let failuresTotal = 0;
    let excepted = 0;
    for (const id of ruleIds) {
      for (const assetIds of failures.get(id) ?? []) {
        failuresTotal++;
        for (const a of assetIds) failing.add(a);
        const ex = exceptionByScope.get(scopeKey(id, assetIds));
        if (ex) {
          excepted++;
          exceptions.set(ex.id, ex);
        }
      }
    }
    const passes = rules.reduce((n, r) => n + r.pass, 0);
    const status: CoverageStatus = failuresTotal > 0 ? 'gap' : entry.manual ? 'manual' : passes > 0 ? 'satisfied' : 'not-assessed';
    return {
      ref: m.ref,
      id: m.control.id,
      title: m.control.title,
      status,
      manual: entry.manual,
      ...(entry.note ? { note: entry.note } : {}),
      rules,
      ...(via.has(m.ref) ? { via: [...(via.get(m.ref) ?? [])].sort() } : {}),
      failingAssets: [...failing].sort(),
      exceptions: [...exceptions.values()].sort((a, b) => a.id.localeCompare(b.id)),
      allFailuresExcepted: failuresTotal > 0 && excepted === failuresTotal,
    };
  });
  const summary = { satisfied: 0, gap: 0, 'not-assessed': 0, manual: 0, total: controls.length };
  for (const c of controls) summary[c.status]++;
  return { target, summary, controls };
}
