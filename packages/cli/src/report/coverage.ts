import type { Finding, RuleResult } from '@aispm/core';
import type { DigestException } from './digest';

/** A coverage report from `@aispm/frameworks` (kept structural so this module loads it lazily). */
export interface RunCoverage {
  target: { kind: 'framework' | 'profile'; id: string; title: string };
  summary: { satisfied: number; gap: number; 'not-assessed': number; manual: number; total: number };
  controls: Array<Record<string, unknown>>;
}

/** Options of {@link computeRunCoverage}. */
export interface RunCoverageOptions {
  results: readonly RuleResult[];
  findings?: readonly Finding[];
  exceptions?: readonly DigestException[];
  now?: Date;
  /** Also compute the built-in profiles (EU AI Act provider/deployer, ...). Default false. */
  profiles?: boolean;
  /** Frameworks to compute; default every framework the baseline mappings or the results reference. */
  frameworks?: string[];
}

/**
 * Coverage per framework (and optionally per built-in profile) of a run's rule results, through
 * `@aispm/frameworks` and the baseline pack's mappings. Frameworks are those the mappings and
 * results reference, in catalog order. Returns an empty list when the run has no results.
 *
 * @example
 * ```ts
 * const coverage = await computeRunCoverage({ results: run.results, findings: run.findings });
 * coverage.map((c) => `${c.target.title}: ${c.summary.gap} gaps`);
 * ```
 */
export async function computeRunCoverage(options: RunCoverageOptions): Promise<RunCoverage[]> {
  if (options.results.length === 0) return [];
  const fw = await import('@aispm/frameworks');
  const mappings = fw.baselineMappings();
  const catalog = fw.builtinCatalog();
  const referenced = new Set<string>();
  for (const m of mappings) for (const c of m.controls) referenced.add(c.split(':')[0] ?? '');
  for (const r of options.results) for (const c of r.controls) referenced.add(c.split(':')[0] ?? '');
  const ids =
    options.frameworks ??
    catalog
      .list()
      .map((f) => f.id)
      .filter((id) => referenced.has(id));
  const exceptions = (options.exceptions ?? []).map((x) => ({ id: x.id, ruleId: x.ruleId, assetIds: x.assetIds, expiresAt: x.expiresAt, owner: x.owner }));
  const common = {
    results: options.results,
    mappings,
    ...(options.findings ? { findings: options.findings } : {}),
    exceptions,
    catalog,
    ...(options.now ? { now: options.now } : {}),
  };
  const out: RunCoverage[] = [];
  for (const id of ids) out.push(fw.computeCoverage({ ...common, target: id }) as unknown as RunCoverage);
  if (options.profiles) for (const p of fw.builtinProfiles()) out.push(fw.computeCoverage({ ...common, target: p }) as unknown as RunCoverage);
  return out;
}

/**
 * Coverage of a finished CLI run (empty when it evaluated no rules).
 *
 * @example
 * ```ts
 * const coverage = await coverageOfRun(run);
 * ```
 */
export async function coverageOfRun(
  run: { results: readonly RuleResult[]; findings: readonly Finding[]; startedAt?: string },
  profiles = false,
): Promise<RunCoverage[]> {
  return computeRunCoverage({ results: run.results, findings: run.findings, profiles, ...(run.startedAt ? { now: new Date(run.startedAt) } : {}) });
}
