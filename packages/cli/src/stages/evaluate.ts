import { resolve } from 'node:path';
import { evaluateRules, findingFromResult, type Issue, loadRuleFile, type RuleDefinition, type RulePack, type RuleSource } from '@aispm/core';
import type { StageContext } from '../pipeline';

/** A rule-to-controls mapping as the frameworks package publishes it. */
interface Mapping {
  ruleId: string;
  controls: readonly string[];
}

/**
 * The baseline pack and its control mappings, when `@aispm/frameworks` provides them.
 *
 * @example
 * ```ts
 * const b: Baseline = await loadBaseline();
 * ```
 */
export interface Baseline {
  pack: RulePack | undefined;
  controls: Record<string, string[]>;
}

function isPack(x: unknown): x is RulePack {
  return typeof x === 'object' && x !== null && typeof (x as RulePack).id === 'string' && Array.isArray((x as RulePack).rules);
}

function isMappingList(x: unknown): x is Mapping[] {
  return (
    Array.isArray(x) &&
    x.every((m) => typeof m === 'object' && m !== null && typeof (m as Mapping).ruleId === 'string' && Array.isArray((m as Mapping).controls))
  );
}

/**
 * Loads the baseline rule pack (`baselinePack`) and its rule-to-control mappings
 * (`baselineMappings`, a list or a function returning one) from `@aispm/frameworks`. Either may be absent; the scan then evaluates
 * what there is.
 *
 * @example
 * ```ts
 * const { pack, controls } = await loadBaseline();
 * pack?.rules.length;
 * ```
 */
export async function loadBaseline(): Promise<Baseline> {
  const fw = (await import('@aispm/frameworks')) as Record<string, unknown>;
  const pack = isPack(fw.baselinePack) ? fw.baselinePack : undefined;
  const controls: Record<string, string[]> = {};
  // `baselineMappings` is a list of { ruleId, controls }, or a function returning one.
  const raw = fw.baselineMappings;
  const mappings = typeof raw === 'function' ? (raw as () => unknown)() : raw;
  if (isMappingList(mappings)) {
    for (const m of mappings) controls[m.ruleId] = [...(controls[m.ruleId] ?? []), ...m.controls];
  }
  return { pack, controls };
}

/**
 * The rules of one scan: the baseline pack unless turned off, and the config's rule files.
 *
 * @example
 * ```ts
 * const { sources, controls, diagnostics } = await collectRules(ctx);
 * ```
 */
export async function collectRules(
  ctx: StageContext,
): Promise<{ sources: RuleSource[]; controls: Record<string, string[]>; files: string[]; diagnostics: Issue[] }> {
  const diagnostics: Issue[] = [];
  const sources: RuleSource[] = [];
  let controls: Record<string, string[]> = {};
  if (ctx.options.stageOptions?.baseline !== false) {
    try {
      const baseline = await loadBaseline();
      if (baseline.pack) sources.push(baseline.pack);
      else
        diagnostics.push({
          code: 'baseline/unavailable',
          message: 'no baseline rule pack is available; only user rules are evaluated',
          path: '',
          severity: 'warning',
        });
      controls = baseline.controls;
    } catch (e) {
      // The user's own rules still run when the baseline cannot be loaded.
      diagnostics.push({ code: 'baseline/failed', message: `the baseline rule pack could not be loaded: ${(e as Error).message}`, path: '' });
    }
  }
  const config = ctx.options.config;
  const files = config?.rules ?? [];
  for (const file of files) {
    const loaded = await loadRuleFile(resolve(config?.baseDir ?? ctx.options.baseDir, file));
    // Name the file as the configuration does, not by its absolute path.
    const named = (i: Issue): Issue => ({ ...i, file });
    if (!loaded.ok) {
      // A bad rule file is reported and skipped; the rest of the run goes on.
      diagnostics.push(...loaded.issues.map(named));
      continue;
    }
    diagnostics.push(...loaded.value.warnings.map(named));
    sources.push(loaded.value.rules as RuleDefinition[]);
  }
  return { sources, controls, files, diagnostics };
}

/**
 * The baseline stage: evaluates the baseline pack from `@aispm/frameworks` and the rule files the
 * configuration lists under `rules:` over the inventory. Every result goes to `ctx.results`;
 * failing ones become findings (state `open`, seen at the run's time) in `ctx.findings`. Bad rule
 * files and invalid rules are diagnostics, never an abort. `stageOptions.baseline: false` leaves
 * the baseline pack out.
 *
 * @example
 * ```ts
 * await evaluateStage(ctx);
 * ctx.findings.length;
 * ```
 */
export async function evaluateStage(ctx: StageContext): Promise<void> {
  if (ctx.inventory.size === 0 && (ctx.options.config?.rules ?? []).length === 0) {
    // No asset, so no rule applies: the pack is not even loaded (this keeps an empty scan as fast
    // as start-up). User rule files are still loaded and linted when the config lists any.
    ctx.extras.baseline = { rules: 0, ruleFiles: [], results: {}, skipped: 'empty inventory' };
    return;
  }
  const { sources, controls, files, diagnostics } = await collectRules(ctx);
  ctx.diagnostics.push(...diagnostics);
  const now = ctx.options.now ?? new Date();
  const evaluation = evaluateRules(ctx.inventory, sources, { now, controls });
  ctx.diagnostics.push(...evaluation.issues);
  ctx.results = evaluation.results;
  const at = now.toISOString();
  ctx.findings = evaluation.results.filter((r) => r.status === 'fail').map((r) => findingFromResult(r, at));
  ctx.extras.baseline = {
    rules: evaluation.evaluated.length,
    ruleFiles: files,
    results: evaluation.counts,
  };
}
