import type { Issue, Result } from '../errors';
import { createInventory, fromSnapshot, type Inventory } from '../inventory/inventory';
import { SNAPSHOT_SCHEMA_VERSION } from '../inventory/snapshot';
import type { Asset } from '../model/asset';
import type { Observation } from '../model/observation';
import { toJsonPointer } from '../util/json-pointer';
import { compileRules, evaluateRules, flattenRules, type RuleSource } from './engine';
import { type Condition, type RuleDefinition, RuleDefinitionSchema, type RuleExample, RuleExampleSchema } from './schema';

/**
 * Options of {@link lintRules}.
 *
 * @example
 * ```ts
 * lintRules(pack, { requireExamples: true, file: 'rules.yaml' });
 * ```
 */
export interface LintOptions {
  /** Run every rule's good and bad examples as tests (default `true`). */
  runExamples?: boolean;
  /** Every rule must have at least one good and one bad example (default `false`; a warning otherwise). */
  requireExamples?: boolean;
  /** File name to put on every issue. */
  file?: string;
  /** The time examples are evaluated at (default 2026-01-01T00:00:00Z, for determinism). */
  now?: Date;
}

/**
 * Linted rules, with the warnings that did not stop them.
 *
 * @example
 * ```ts
 * const r = lintRules(pack);
 * if (r.ok) r.value.warnings.forEach((w) => log(w.message));
 * ```
 */
export interface LintedRules {
  rules: RuleDefinition[];
  warnings: Issue[];
}

const EXAMPLE_TIME = '2026-01-01T00:00:00.000Z';

/**
 * Builds the small inventory a rule example describes.
 *
 * @example
 * ```ts
 * const inv = exampleInventory({ assets: [{ kind: 'agent', key: 'support', attributes: { humanApproval: false } }] });
 * inv.size; // 1
 * ```
 */
export function exampleInventory(example: RuleExample): Result<Inventory> {
  const parsed = RuleExampleSchema.safeParse(example);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ code: 'example/invalid', message: i.message, path: toJsonPointer(i.path as Array<string | number>) })),
    };
  }
  const ex = parsed.data;
  const issues: Issue[] = [];
  let inv: Inventory;
  if (ex.snapshot) {
    inv = fromSnapshot({ schemaVersion: SNAPSHOT_SCHEMA_VERSION, assets: ex.snapshot.assets as Asset[], relationships: ex.snapshot.relationships });
  } else inv = createInventory();
  const provenance = { connector: 'example', observedAt: EXAMPLE_TIME, basis: 'declared' as const };
  const obs: Array<[Observation, string]> = [];
  (ex.assets ?? []).forEach((a, i) => {
    obs.push([{ type: 'asset', asset: a, provenance }, `/assets/${i}`]);
  });
  (ex.relationships ?? []).forEach((r, i) => {
    obs.push([{ type: 'relationship', relationship: r, provenance }, `/relationships/${i}`]);
  });
  (ex.observations ?? []).forEach((o, i) => {
    obs.push([o as Observation, `/observations/${i}`]);
  });
  for (const [o, path] of obs) {
    const r = inv.add(o);
    if (!r.ok) for (const i of r.issues) issues.push({ ...i, code: 'example/invalid', path: `${path}${i.path}` });
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: inv };
}

/**
 * Runs a validated rule's good and bad examples. Good examples must give at least one `pass`
 * and only `pass`/`not_applicable`; bad ones at least one `fail`; `expect` entries must match
 * exactly. Returns the problems found (empty when the examples hold).
 *
 * @example
 * ```ts
 * const problems = checkRuleExamples(rule);
 * problems.length; // 0 when the examples hold
 * ```
 */
export function checkRuleExamples(rule: RuleDefinition, options: { now?: Date } = {}): Issue[] {
  const issues: Issue[] = [];
  const now = options.now ?? new Date(EXAMPLE_TIME);
  for (const which of ['good', 'bad'] as const) {
    rule.examples[which].forEach((ex, i) => {
      const path = `/examples/${which}/${i}`;
      const label = `${rule.id} ${which} example ${ex.name ? `"${ex.name}"` : i}`;
      const inv = exampleInventory(ex);
      if (!inv.ok) {
        for (const x of inv.issues) issues.push({ ...x, message: `${label}: ${x.message}`, path: `${path}${x.path}` });
        return;
      }
      const { results, issues: evalIssues } = evaluateRules(inv.value, [rule], { now });
      for (const x of evalIssues) issues.push({ ...x, message: `${label}: ${x.message}`, path });
      const statuses = results.map((r) => r.status);
      if (which === 'good') {
        const bad = results.filter((r) => r.status !== 'pass' && r.status !== 'not_applicable');
        if (!statuses.includes('pass'))
          issues.push({ code: 'example/no-pass', message: `${label}: expected at least one pass, got [${statuses.join(', ')}]`, path });
        for (const r of bad) {
          issues.push({ code: 'example/unexpected-status', message: `${label}: ${r.assetIds.join(' → ')} gave ${r.status} (${r.error ?? r.message})`, path });
        }
      } else if (!statuses.includes('fail')) {
        issues.push({ code: 'example/no-fail', message: `${label}: expected at least one fail, got [${statuses.join(', ')}]`, path });
      }
      (ex.expect ?? []).forEach((e, j) => {
        const got = results.filter((r) => r.assetIds[0] === e.assetId).map((r) => r.status);
        if (!got.includes(e.status)) {
          issues.push({
            code: 'example/expectation',
            message: `${label}: expected ${e.status} for ${e.assetId}, got [${got.join(', ') || 'no result'}]`,
            path: `${path}/expect/${j}`,
          });
        }
      });
    });
  }
  return issues;
}

function walkConditions(c: Condition, path: string, inEdge: boolean, visit: (c: Condition, path: string, inEdge: boolean) => void): void {
  visit(c, path, inEdge);
  if ('all' in c)
    c.all.forEach((k, i) => {
      walkConditions(k, `${path}/all/${i}`, inEdge, visit);
    });
  else if ('any' in c)
    c.any.forEach((k, i) => {
      walkConditions(k, `${path}/any/${i}`, inEdge, visit);
    });
  else if ('not' in c) walkConditions(c.not, `${path}/not`, inEdge, visit);
  else if ('neighbours' in c) {
    if (c.neighbours.where) walkConditions(c.neighbours.where, `${path}/neighbours/where`, false, visit);
    if (c.neighbours.edge) walkConditions(c.neighbours.edge, `${path}/neighbours/edge`, true, visit);
  }
}

function semanticIssues(rule: RuleDefinition): Issue[] {
  const issues: Issue[] = [];
  const check = (c: Condition | undefined, path: string, inEdge: boolean) => {
    if (!c) return;
    walkConditions(c, path, inEdge, (n, p, edge) => {
      if (!('field' in n)) return;
      const top = n.field.split('/')[1];
      if (!edge && (top === 'type' || top === 'from' || top === 'to')) {
        issues.push({
          code: 'rule/field-not-on-asset',
          message: `${rule.id}: ${n.field} is a relationship field; use it inside an \`edge\` condition`,
          path: `${p}/field`,
        });
      }
      if (edge && (top === 'kind' || top === 'name' || top === 'owner' || top === 'labels')) {
        issues.push({ code: 'rule/field-not-on-edge', message: `${rule.id}: relationships have no ${n.field}`, path: `${p}/field` });
      }
      if (n.field.startsWith('/kind') && 'eq' in n && typeof n.eq === 'string' && !rule.appliesTo.kinds.includes(n.eq as never) && !edge) {
        issues.push({
          code: 'rule/unreachable-kind',
          message: `${rule.id}: compares /kind to "${n.eq}", which appliesTo never selects`,
          path: p,
          severity: 'warning',
        });
      }
    });
  };
  check(rule.appliesTo.where, '/appliesTo/where', false);
  check(rule.assert, '/assert', false);
  rule.path?.steps.forEach((s, i) => {
    if (s.minHops !== undefined && s.maxHops !== undefined && s.minHops > s.maxHops) {
      issues.push({ code: 'rule/hops', message: `${rule.id}: minHops ${s.minHops} is above maxHops ${s.maxHops}`, path: `/path/steps/${i}` });
    }
    check(s.where, `/path/steps/${i}/where`, false);
    check(s.edge, `/path/steps/${i}/edge`, true);
  });
  return issues;
}

/**
 * Lints rules or rule packs at load time: schema, id namespace and semver, titles, duplicate
 * ids, fields used where they cannot exist, hop limits, and (by default) every rule's examples
 * run as tests. Every problem is reported together, each with its JSON Pointer.
 *
 * @example
 * ```ts
 * const linted = lintRules(myPack, { requireExamples: true });
 * if (!linted.ok) for (const i of linted.issues) console.error(`${i.path}: ${i.message}`);
 * ```
 */
export function lintRules(source: RuleSource, options: LintOptions = {}): Result<LintedRules> {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const rules: RuleDefinition[] = [];
  const seen = new Map<string, string>();
  const push = (i: Issue) => {
    const withFile = options.file ? { ...i, file: options.file } : i;
    if (i.severity === 'warning' || i.severity === 'info') warnings.push(withFile);
    else errors.push(withFile);
  };
  for (const { rule, path } of flattenRules(source)) {
    const r = RuleDefinitionSchema.safeParse(rule);
    const id = typeof (rule as { id?: unknown })?.id === 'string' ? (rule as { id: string }).id : `(rule at ${path || '/'})`;
    if (!r.success) {
      for (const i of r.error.issues) {
        push({ code: `rule/${i.code}`, message: `${id}: ${describeIssue(i)}`, path: `${path}${toJsonPointer(i.path as Array<string | number>)}` });
      }
      continue;
    }
    const def = r.data;
    const prev = seen.get(def.id);
    if (prev !== undefined) push({ code: 'rule/duplicate-id', message: `${def.id} is defined twice (first at ${prev || '/'})`, path });
    else seen.set(def.id, path);
    for (const i of semanticIssues(def)) push({ ...i, path: `${path}${i.path}` });
    const missing = (['good', 'bad'] as const).filter((w) => def.examples[w].length === 0);
    if (missing.length > 0) {
      push({
        code: 'rule/missing-examples',
        message: `${def.id}: no ${missing.join(' or ')} example`,
        path: `${path}/examples`,
        severity: options.requireExamples ? 'error' : 'warning',
      });
    }
    if (options.runExamples !== false) {
      for (const i of checkRuleExamples(def, options.now ? { now: options.now } : {})) push({ ...i, path: `${path}${i.path}` });
    }
    rules.push(def);
  }
  // Compile once to catch anything the schema let through.
  for (const i of compileRules(rules).issues) if (i.code !== 'rule/duplicate') push(i);
  return errors.length ? { ok: false, issues: [...errors, ...warnings] } : { ok: true, value: { rules, warnings } };
}

function describeIssue(i: { code: string; message: string; errors?: unknown }): string {
  if (i.code === 'invalid_union')
    return 'not a valid condition: use all/any/not/neighbours, or a field with one operator (eq, ne, gt, gte, lt, lte, exists, in, contains, containsAny, matches, olderThanDays)';
  return i.message;
}
