import type { Issue } from '../errors';
import type { Inventory } from '../inventory/inventory';
import type { Asset } from '../model/asset';
import type { Evidence, ResultStatus, RuleResult } from '../model/findings';
import { RESULT_STATUSES } from '../model/findings';
import type { RelationshipType } from '../model/vocab';
import { canonicalJson } from '../util/canonical-json';
import { toJsonPointer } from '../util/json-pointer';
import { and, type CNode, compileCondition, type EvalEnv, evidenceFor, F, kindOfId, neighbourTruth, type Reached, reach, T, type Tri, U } from './conditions';
import {
  type Condition,
  type RuleContext,
  type RuleDefinition,
  type RuleDefinitionSchema,
  type RuleInput,
  type RuleOutcome,
  type RulePack,
  RuleRuntimeSchema,
} from './schema';

/**
 * Options of {@link evaluateRules}.
 *
 * @example
 * ```ts
 * evaluateRules(inventory, pack, { now: new Date('2026-11-22T00:00:00Z'), controls: { 'aispm:x': ['owasp-llm-2025:LLM01:2025'] } });
 * ```
 */
export interface EvaluateOptions {
  /** The time of the evaluation (used by `olderThanDays`); default now. */
  now?: Date;
  /**
   * Control references for each rule, added to the rule's inline `controls` (e.g. the baseline
   * pack's mapping files). A function or a map from rule id.
   */
  controls?: ((ruleId: string) => readonly string[] | undefined) | Readonly<Record<string, readonly string[]>>;
  /** Leave out `not_applicable` results (default: keep them). */
  omitNotApplicable?: boolean;
  /** Only evaluate these assets (by id); default every asset. */
  assetIds?: readonly string[];
  /**
   * How relationship predicates and path rules read edges: `lazy` asks the inventory's
   * `neighbours()` index asset by asset; `bulk` reads every relationship once into an adjacency
   * index on first use (faster when most assets are evaluated). Default: `bulk` for a whole
   * inventory, `lazy` with `assetIds`. Results are the same either way.
   */
  adjacency?: 'bulk' | 'lazy';
}

/**
 * The outcome of {@link evaluateRules}.
 *
 * @example
 * ```ts
 * const { results, issues, counts } = evaluateRules(inventory, pack);
 * counts.fail; // number of failing results
 * ```
 */
export interface RuleEvaluation {
  /** One result per applicable (rule, asset) or (rule, path), sorted by rule id, then asset ids, then scope. */
  results: RuleResult[];
  /** Rules that could not be evaluated (invalid or duplicated), each with its path. */
  issues: Issue[];
  /** Counts per status. */
  counts: Record<ResultStatus, number>;
  /** The rules that were evaluated (after validation and de-duplication), sorted by id. */
  evaluated: Array<{ id: string; version: string }>;
}

/**
 * Anything {@link evaluateRules} accepts as rules: rules, a pack, or a list of packs and rules.
 *
 * @example
 * ```ts
 * const sources: RuleSource = [baselinePack, myRule, [otherRule]];
 * ```
 */
export type RuleSource = RuleInput | RuleDefinition | RulePack | ReadonlyArray<RuleSource>;

interface CompiledRule {
  def: RuleDefinition;
  kinds: Set<string>;
  labels: Array<[string, string | true]>;
  where: CNode | undefined;
  assert: CNode | undefined;
  steps: CompiledStep[] | undefined;
  maxPaths: number;
  controls: string[];
}

interface CompiledStep {
  types: RelationshipType[] | undefined;
  direction: 'out' | 'in' | 'both';
  kinds: Set<string> | undefined;
  minHops: number;
  maxHops: number;
  where: CNode | undefined;
  edge: CNode | undefined;
}

function isPack(x: unknown): x is RulePack {
  return typeof x === 'object' && x !== null && Array.isArray((x as { rules?: unknown }).rules);
}

/**
 * Flattens rules and packs into a list of (rule, path) pairs.
 *
 * @example
 * ```ts
 * flattenRules([pack, rule]).map((x) => x.path); // ['/0/rules/0', …, '/1']
 * ```
 */
export function flattenRules(source: RuleSource): Array<{ rule: unknown; path: string }> {
  const out: Array<{ rule: unknown; path: string }> = [];
  const visit = (x: unknown, path: string) => {
    if (Array.isArray(x))
      x.forEach((y, i) => {
        visit(y, `${path}/${i}`);
      });
    else if (isPack(x))
      x.rules.forEach((y, i) => {
        visit(y, `${path}/rules/${i}`);
      });
    else out.push({ rule: x, path });
  };
  visit(source, '');
  return out;
}

function controlsFor(options: EvaluateOptions, def: RuleDefinition): string[] {
  const extra = typeof options.controls === 'function' ? options.controls(def.id) : options.controls?.[def.id];
  return [...new Set([...(def.controls ?? []), ...(extra ?? [])])].sort();
}

/**
 * Validates and compiles rules. Invalid rules become issues; of several rules with the same id,
 * the one with the highest version wins (ties: the first in canonical order), so the outcome
 * does not depend on the order rules are given in.
 *
 * @example
 * ```ts
 * const { rules, issues } = compileRules([myRule]);
 * ```
 */
export function compileRules(source: RuleSource, options: EvaluateOptions = {}): { rules: CompiledRule[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const valid: RuleDefinition[] = [];
  for (const { rule, path } of flattenRules(source)) {
    const r = validateRule(rule);
    if (!r.success) {
      const id = typeof (rule as { id?: unknown })?.id === 'string' ? (rule as { id: string }).id : '(no id)';
      for (const i of r.error.issues) {
        issues.push({ code: 'rule/invalid', message: `${id}: ${i.message}`, path: `${path}${toJsonPointer(i.path as Array<string | number>)}` });
      }
      continue;
    }
    valid.push(r.data);
  }
  const keyed = valid.map((d) => ({ d, k: canonicalJson(d) }));
  keyed.sort((a, b) => (a.d.id < b.d.id ? -1 : a.d.id > b.d.id ? 1 : compareSemver(b.d.version, a.d.version) || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)));
  const rules: CompiledRule[] = [];
  for (const { d } of keyed) {
    const prev = rules[rules.length - 1];
    if (prev && prev.def.id === d.id) {
      issues.push({ code: 'rule/duplicate', message: `${d.id}@${d.version} is shadowed by ${prev.def.id}@${prev.def.version}`, path: '', severity: 'warning' });
      continue;
    }
    rules.push({
      def: d,
      kinds: new Set(d.appliesTo.kinds),
      labels: Object.entries(d.appliesTo.labels ?? {}),
      where: d.appliesTo.where ? compileCondition(d.appliesTo.where) : undefined,
      assert: d.assert ? compileCondition(d.assert) : undefined,
      steps: d.path?.steps.map((s) => ({
        types: s.types,
        direction: s.direction ?? 'out',
        kinds: s.kinds ? new Set<string>(s.kinds) : undefined,
        minHops: s.minHops ?? 1,
        maxHops: Math.max(s.maxHops ?? 1, s.minHops ?? 1),
        where: s.where ? compileCondition(s.where) : undefined,
        edge: s.edge ? compileCondition(s.edge) : undefined,
      })),
      maxPaths: d.path?.maxPaths ?? 50,
      controls: controlsFor(options, d),
    });
  }
  return { rules, issues };
}

const validated = new WeakMap<object, ReturnType<typeof RuleDefinitionSchema.safeParse>>();

/** Validates a rule, remembering the outcome per rule object (rules are data and not mutated). */
function validateRule(rule: unknown): ReturnType<typeof RuleDefinitionSchema.safeParse> {
  if (typeof rule !== 'object' || rule === null) return RuleRuntimeSchema.safeParse(rule);
  let r = validated.get(rule);
  if (!r) {
    r = RuleRuntimeSchema.safeParse(rule);
    validated.set(rule, r);
  }
  return r;
}

function compareSemver(a: string, b: string): number {
  const pa = a.split(/[-+]/)[0]?.split('.').map(Number) ?? [];
  const pb = b.split(/[-+]/)[0]?.split('.').map(Number) ?? [];
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

const MAX_EXPANSIONS = 20_000;

/**
 * Evaluates rules over an inventory. Each rule yields one result per asset of a kind it applies
 * to (`not_applicable` when its labels or `where` do not match), or for path rules one `fail`
 * per matching path (else one `pass` or `unknown` for the start asset). A condition on a missing
 * fact gives `unknown`, never `pass`. A rule that throws gives an `error` result for that asset
 * and the evaluation goes on. Invalid rules are reported in `issues` and skipped.
 *
 * @example
 * ```ts
 * const { results, issues } = evaluateRules(inventory, [publicEndpointNoAuth], { now: new Date('2026-11-22T00:00:00Z') });
 * results.filter((r) => r.status === 'fail');
 * ```
 */
export function evaluateRules(inventory: Inventory, source: RuleSource, options: EvaluateOptions = {}): RuleEvaluation {
  const { rules, issues } = compileRules(source, options);
  const now = options.now ?? new Date();
  const env: EvalEnv = { inventory, now: now.getTime(), reachCache: new Map(), adjacency: options.adjacency ?? (options.assetIds ? 'lazy' : 'bulk') };
  const byKind = new Map<string, Asset[]>();
  const all = options.assetIds ? options.assetIds.map((id) => inventory.get(id)).filter((a): a is Asset => a !== undefined) : inventory.assets();
  if (options.assetIds) all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const a of all) {
    let list = byKind.get(a.kind);
    if (!list) byKind.set(a.kind, (list = []));
    list.push(a);
  }
  const ctx: RuleContext = {
    inventory,
    now,
    evidence: (entity, pointer, expected) => evidenceFor(entity, pointer, expected),
    test: (condition: Condition, asset: Asset) => {
      const t = compileCondition(condition).ev(asset, env);
      return t === U ? 'unknown' : t === T;
    },
  };
  const results: RuleResult[] = [];
  for (const rule of rules) {
    // Rules come sorted by id; each rule's block is sorted on its own (usually it already is).
    const block: RuleResult[] = [];
    const kinds = [...rule.kinds].sort();
    for (const kind of kinds) {
      for (const asset of byKind.get(kind) ?? []) {
        try {
          evaluateOne(rule, asset, env, ctx, block, options);
        } catch (e) {
          block.push(base(rule, [asset.id], 'error', `rule failed: ${errorText(e)}`, { error: errorText(e) }));
        }
      }
    }
    let sorted = true;
    for (let i = 1; i < block.length && sorted; i++) if (compareResults(block[i - 1] as RuleResult, block[i] as RuleResult) > 0) sorted = false;
    if (!sorted) block.sort(compareResults);
    for (const r of block) results.push(r);
  }
  const counts = Object.fromEntries(RESULT_STATUSES.map((s) => [s, 0])) as Record<ResultStatus, number>;
  for (const r of results) counts[r.status]++;
  return { results, issues, counts, evaluated: rules.map((r) => ({ id: r.def.id, version: r.def.version })) };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function compareResults(a: RuleResult, b: RuleResult): number {
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  const n = Math.min(a.assetIds.length, b.assetIds.length);
  for (let i = 0; i < n; i++) {
    const x = a.assetIds[i] as string;
    const y = b.assetIds[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  if (a.assetIds.length !== b.assetIds.length) return a.assetIds.length - b.assetIds.length;
  const as = a.scope ?? '';
  const bs = b.scope ?? '';
  if (as !== bs) return as < bs ? -1 : 1;
  return 0;
}

function base(rule: CompiledRule, assetIds: string[], status: ResultStatus, message: string, extra: Partial<RuleResult> = {}): RuleResult {
  const d = rule.def;
  return {
    ruleId: d.id,
    ruleVersion: d.version,
    status,
    assetIds,
    severity: d.severity,
    likelihood: d.likelihood,
    impact: d.impact,
    confidence: d.confidence,
    title: d.title,
    message,
    evidence: [],
    controls: rule.controls,
    ...extra,
  };
}

function missingText(ev: Evidence[]): string {
  const ptrs = [...new Set(ev.filter((e) => e.observed === undefined && e.pointer !== '').map((e) => `${e.assetId}${e.pointer}`))];
  return ptrs.length ? `facts missing: ${ptrs.slice(0, 5).join(', ')}` : 'facts needed to decide are missing';
}

function evaluateOne(rule: CompiledRule, asset: Asset, env: EvalEnv, ctx: RuleContext, out: RuleResult[], options: EvaluateOptions): void {
  for (const [k, v] of rule.labels) {
    const have = asset.labels[k];
    if (have === undefined || (v !== true && have !== v)) {
      if (!options.omitNotApplicable) out.push(base(rule, [asset.id], 'not_applicable', `label ${k} does not match`));
      return;
    }
  }
  if (rule.where) {
    const t = rule.where.ev(asset, env);
    if (t === F) {
      if (!options.omitNotApplicable) out.push(base(rule, [asset.id], 'not_applicable', 'selector does not match'));
      return;
    }
    if (t === U) {
      const ev: Evidence[] = [];
      rule.where.explain(asset, env, U, ev);
      out.push(base(rule, [asset.id], 'unknown', `cannot tell whether the rule applies: ${missingText(ev)}`, { evidence: ev }));
      return;
    }
  }
  const d = rule.def;
  if (rule.assert) {
    const t = rule.assert.ev(asset, env);
    if (t === T) {
      out.push(base(rule, [asset.id], 'pass', 'passed'));
      return;
    }
    const ev: Evidence[] = [];
    rule.assert.explain(asset, env, t, ev);
    if (t === F) out.push(base(rule, [asset.id], 'fail', d.failMessage ?? d.title, { evidence: ev }));
    else out.push(base(rule, [asset.id], 'unknown', missingText(ev), { evidence: ev }));
    return;
  }
  if (rule.steps) {
    evaluatePath(rule, rule.steps, asset, env, out);
    return;
  }
  if (d.evaluate) {
    const raw = d.evaluate(asset, ctx);
    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    if (list.length === 0) {
      out.push(base(rule, [asset.id], 'unknown', 'the rule returned no outcome'));
      return;
    }
    for (const o of list as RuleOutcome[]) {
      if (!RESULT_STATUSES.includes(o.status)) throw new Error(`evaluate returned an invalid status ${JSON.stringify(o.status)}`);
      const extra: Partial<RuleResult> = { evidence: o.evidence ?? [] };
      if (o.scope !== undefined) extra.scope = o.scope;
      const ids = o.assetIds && o.assetIds.length > 0 ? o.assetIds : [asset.id];
      out.push(base(rule, ids, o.status, o.message ?? (o.status === 'fail' ? (d.failMessage ?? d.title) : o.status), extra));
    }
  }
}

interface PathState {
  assets: string[];
  rels: string[];
  truth: Tri;
  hops: Array<{ n: Reached; step: CompiledStep }>;
}

function evaluatePath(rule: CompiledRule, steps: CompiledStep[], start: Asset, env: EvalEnv, out: RuleResult[]): void {
  const matches: PathState[] = [];
  let firstUnknown: PathState | undefined;
  let expansions = 0;
  let truncated = false;
  const visited = new Set<string>([start.id]);
  const walk = (i: number, st: PathState) => {
    if (matches.length >= rule.maxPaths || truncated) return;
    if (i === steps.length) {
      if (st.truth === T) matches.push({ ...st, assets: [...st.assets], rels: [...st.rels], hops: [...st.hops] });
      else if (!firstUnknown) firstUnknown = { ...st, assets: [...st.assets], rels: [...st.rels], hops: [...st.hops] };
      return;
    }
    const step = steps[i] as CompiledStep;
    const here = st.assets[st.assets.length - 1] as string;
    for (const n of reach(env, here, step.types, step.direction, step.minHops, step.maxHops, visited)) {
      if (++expansions > MAX_EXPANSIONS) {
        truncated = true;
        return;
      }
      if (step.kinds && !step.kinds.has(n.asset ? n.asset.kind : kindOfId(n.id))) continue;
      if (n.via.some((v) => visited.has(v))) continue;
      const t = neighbourTruth(n, step.where, step.edge, env);
      if (t === F) continue;
      const truth = and(st.truth, t);
      const added = [...n.via, n.id];
      for (const a of added) visited.add(a);
      st.assets.push(...added);
      st.rels.push(...n.rels);
      st.hops.push({ n, step });
      const saved = st.truth;
      st.truth = truth;
      walk(i + 1, st);
      st.truth = saved;
      st.hops.pop();
      st.rels.length -= n.rels.length;
      st.assets.length -= added.length;
      for (const a of added) visited.delete(a);
      if (matches.length >= rule.maxPaths || truncated) return;
    }
  };
  walk(0, { assets: [start.id], rels: [], truth: T, hops: [] });
  const d = rule.def;
  for (const m of matches) {
    const ev: Evidence[] = [];
    if (rule.where) rule.where.explain(start, env, T, ev);
    for (const { n, step } of m.hops) {
      ev.push({ assetId: n.rel.id, pointer: '/type', observed: n.rel.type, message: `edge to ${n.id}`, provenance: n.rel.provenance });
      if (step.edge) step.edge.explain(n.rel, env, T, ev);
      if (step.where && n.asset) step.where.explain(n.asset, env, T, ev);
    }
    out.push(base(rule, m.assets, 'fail', d.failMessage ?? d.title, { scope: m.rels.join('|'), evidence: ev }));
  }
  if (matches.length > 0) return;
  if (truncated) {
    out.push(base(rule, [start.id], 'unknown', `path search stopped after ${MAX_EXPANSIONS} expansions`));
    return;
  }
  const fu = firstUnknown as PathState | undefined;
  if (fu) {
    const ev: Evidence[] = [];
    for (const { n, step } of fu.hops) {
      const t = neighbourTruth(n, step.where, step.edge, env);
      if (t !== U) continue;
      if (!n.asset)
        ev.push({ assetId: n.id, pointer: '', observed: undefined, message: 'asset referenced by an edge but never observed', provenance: n.rel.provenance });
      if (step.edge && step.edge.ev(n.rel, env) === U) step.edge.explain(n.rel, env, U, ev);
      if (step.where && n.asset && step.where.ev(n.asset, env) === U) step.where.explain(n.asset, env, U, ev);
    }
    out.push(base(rule, fu.assets, 'unknown', `a matching path may exist: ${missingText(ev)}`, { scope: fu.rels.join('|'), evidence: ev }));
    return;
  }
  out.push(base(rule, [start.id], 'pass', 'no matching path'));
}
