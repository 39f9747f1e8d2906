import { z } from 'zod';
import type { Inventory } from '../inventory/inventory';
import type { Asset, Relationship } from '../model/asset';
import { AssetSchema, RelationshipSchema } from '../model/asset';
import { ControlRefSchema, type Evidence, LevelSchema, type ResultStatus, ResultStatusSchema, SeveritySchema } from '../model/findings';
import { ObservationSchema, ObservedAssetSchema, ObservedRelationshipSchema } from '../model/observation';
import { AssetKindSchema, RelationshipTypeSchema } from '../model/vocab';

// ---------------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------------

/**
 * A JSON value, as rules written in YAML or JSON can hold.
 * @example
 * ```ts
 * const v: JsonValue = { a: [1, 'x', null] };
 * ```
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const JsonValueSchema: z.ZodType<JsonValue> = z.json() as unknown as z.ZodType<JsonValue>;

/**
 * A JSON Pointer into the asset (or, inside `edge` conditions, the relationship) a condition
 * reads: `/kind`, `/id`, `/name`, `/owner`, `/labels/<key>`, `/dataClasses`,
 * `/attributes/<key>[/<nested>…]`; on relationships also `/type`, `/from`, `/to`.
 *
 * @example
 * ```ts
 * FieldPointerSchema.safeParse('/attributes/exposure').success; // true
 * ```
 */
export const FieldPointerSchema = z.string().regex(/^\/(kind|id|name|owner|labels|attributes|dataClasses|type|from|to)(\/.*)?$/, {
  message: 'a field is a JSON Pointer starting with /kind, /id, /name, /owner, /labels, /attributes, /dataClasses, /type, /from or /to',
});

/**
 * The comparison leaves of a condition tree: one field and exactly one operator.
 * @example
 * ```ts
 * const c: Comparison = { field: '/attributes/license', in: ['mit', 'apache-2.0'] };
 * ```
 */
export type Comparison =
  | { field: string; eq: JsonValue }
  | { field: string; ne: JsonValue }
  | { field: string; gt: number | string }
  | { field: string; gte: number | string }
  | { field: string; lt: number | string }
  | { field: string; lte: number | string }
  | { field: string; exists: boolean }
  | { field: string; in: JsonValue[] }
  | { field: string; contains: JsonValue }
  | { field: string; containsAny: JsonValue[] }
  | { field: string; matches: string | string[]; ignoreCase?: boolean }
  | { field: string; olderThanDays: number };

/**
 * How many neighbours must satisfy a {@link NeighbourPredicate}. Default `{ gte: 1 }` ("has at
 * least one"); `{ eq: 0 }` means "has none".
 *
 * @example
 * ```ts
 * const none: CountSpec = { eq: 0 };
 * ```
 */
export interface CountSpec {
  eq?: number;
  gte?: number;
  lte?: number;
}

/**
 * A relationship predicate: the asset has neighbours reached over edges of `types` in
 * `direction` within `maxHops` hops, of one of `kinds`, whose own facts satisfy `where` (and
 * whose final edge satisfies `edge`), in the number `count` asks for.
 *
 * @example
 * ```ts
 * const p: NeighbourPredicate = { types: ['connects-to'], kinds: ['mcp-server'], where: { field: '/attributes/capabilities', contains: 'shell' } };
 * ```
 */
export interface NeighbourPredicate {
  /** Edge types that may be followed (any when absent). */
  types?: Array<z.infer<typeof RelationshipTypeSchema>>;
  /** Direction of travel, default `out`. */
  direction?: 'out' | 'in' | 'both';
  /** Kinds the neighbour may have (any when absent). */
  kinds?: Array<z.infer<typeof AssetKindSchema>>;
  /** Hops allowed to reach the neighbour, default 1, at most 6. */
  maxHops?: number;
  /** Condition on the neighbour asset. */
  where?: Condition;
  /** Condition on the edge that reached the neighbour (the last edge for multi-hop). */
  edge?: Condition;
  /** How many neighbours must satisfy it; default `{ gte: 1 }`. */
  count?: CountSpec;
}

/**
 * A declarative condition over an asset: boolean combinators, comparisons on fields, and
 * relationship predicates. Evaluation is three-valued: a comparison on a missing field is
 * `unknown`, and `unknown` never becomes a pass.
 *
 * @example
 * ```ts
 * const c: Condition = { all: [{ field: '/attributes/exposure', eq: 'public' }, { field: '/attributes/authentication', in: ['none', 'basic'] }] };
 * ```
 */
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | { neighbours: NeighbourPredicate } | Comparison;

const scalarOrder = z.union([z.number(), z.string()]);
const cmp = <K extends string, S extends z.ZodType>(key: K, schema: S) =>
  z.strictObject({ field: FieldPointerSchema, [key]: schema } as { field: typeof FieldPointerSchema } & Record<K, S>);

/**
 * Zod schema of a {@link Comparison}.
 * @example
 * ```ts
 * ComparisonSchema.safeParse({ field: '/owner', exists: true }).success; // true
 * ```
 */
export const ComparisonSchema = z.union([
  cmp('eq', JsonValueSchema),
  cmp('ne', JsonValueSchema),
  cmp('gt', scalarOrder),
  cmp('gte', scalarOrder),
  cmp('lt', scalarOrder),
  cmp('lte', scalarOrder),
  cmp('exists', z.boolean()),
  cmp('in', z.array(JsonValueSchema).min(1)),
  cmp('contains', JsonValueSchema),
  cmp('containsAny', z.array(JsonValueSchema).min(1)),
  z.strictObject({
    field: FieldPointerSchema,
    matches: z.union([z.string().min(1).max(512), z.array(z.string().min(1).max(512)).min(1)]),
    ignoreCase: z.boolean().optional(),
  }),
  cmp('olderThanDays', z.number().nonnegative()),
]) as unknown as z.ZodType<Comparison, Comparison>;

/**
 * Zod schema of a {@link CountSpec}.
 * @example
 * ```ts
 * CountSpecSchema.parse({ gte: 2 });
 * ```
 */
export const CountSpecSchema = z
  .strictObject({ eq: z.int().nonnegative().optional(), gte: z.int().nonnegative().optional(), lte: z.int().nonnegative().optional() })
  .refine((c) => c.eq !== undefined || c.gte !== undefined || c.lte !== undefined, { message: 'count needs eq, gte or lte' });

/**
 * Zod schema of a {@link NeighbourPredicate}.
 * @example
 * ```ts
 * NeighbourPredicateSchema.parse({ types: ['exposes-tool'], count: { lte: 20 } });
 * ```
 */
export const NeighbourPredicateSchema: z.ZodType<NeighbourPredicate, NeighbourPredicate> = z.lazy(() =>
  z.strictObject({
    types: z.array(RelationshipTypeSchema).min(1).optional(),
    direction: z.enum(['out', 'in', 'both']).optional(),
    kinds: z.array(AssetKindSchema).min(1).optional(),
    maxHops: z.int().min(1).max(6).optional(),
    where: ConditionSchema.optional(),
    edge: ConditionSchema.optional(),
    count: CountSpecSchema.optional(),
  }),
) as unknown as z.ZodType<NeighbourPredicate, NeighbourPredicate>;

/**
 * Zod schema of a {@link Condition}.
 * @example
 * ```ts
 * ConditionSchema.safeParse({ not: { field: '/attributes/pickle', eq: true } }).success; // true
 * ```
 */
export const ConditionSchema: z.ZodType<Condition, Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
    z.strictObject({ neighbours: NeighbourPredicateSchema }),
    ComparisonSchema,
  ]),
) as unknown as z.ZodType<Condition, Condition>;

// ---------------------------------------------------------------------------------------------
// Selectors and paths
// ---------------------------------------------------------------------------------------------

/**
 * Which assets a rule applies to: kinds, optional exact labels (`true` = present), and an
 * optional condition. Assets of other kinds get no result; assets of a listed kind for which
 * `labels`/`where` is false get `not_applicable`; `where` being unknown gives `unknown`.
 *
 * @example
 * ```ts
 * SelectorSchema.parse({ kinds: ['model-endpoint'], labels: { env: 'prod' }, where: { field: '/attributes/exposure', eq: 'public' } });
 * ```
 */
export const SelectorSchema = z.strictObject({
  kinds: z.array(AssetKindSchema).min(1),
  labels: z.record(z.string(), z.union([z.string(), z.literal(true)])).optional(),
  where: ConditionSchema.optional(),
});
/** See {@link SelectorSchema}. */
export type Selector = z.infer<typeof SelectorSchema>;

/**
 * One step of a path pattern: follow `minHops`..`maxHops` edges of `types` in `direction` and
 * land on an asset of `kinds` satisfying `where` (the last edge satisfying `edge`).
 *
 * @example
 * ```ts
 * PathStepSchema.parse({ types: ['connects-to', 'exposes-tool'], maxHops: 2, kinds: ['tool'] });
 * ```
 */
export const PathStepSchema = z.strictObject({
  types: z.array(RelationshipTypeSchema).min(1).optional(),
  direction: z.enum(['out', 'in', 'both']).optional(),
  kinds: z.array(AssetKindSchema).min(1).optional(),
  minHops: z.int().min(1).max(6).optional(),
  maxHops: z.int().min(1).max(6).optional(),
  where: ConditionSchema.optional(),
  edge: ConditionSchema.optional(),
});
/** See {@link PathStepSchema}. */
export type PathStep = z.infer<typeof PathStepSchema>;

/**
 * A graph pattern for path (toxic-combination) rules: starting at each asset the rule's
 * `appliesTo` selects, the `steps` in order. Every full match is one `fail` result.
 *
 * @example
 * ```ts
 * PathPatternSchema.parse({ steps: [{ types: ['calls'], direction: 'in', kinds: ['agent'] }] });
 * ```
 */
export const PathPatternSchema = z.strictObject({
  steps: z.array(PathStepSchema).min(1).max(8),
  /** Stop after this many matching paths per start asset (default 50). */
  maxPaths: z.int().min(1).max(10_000).optional(),
});
/** See {@link PathPatternSchema}. */
export type PathPattern = z.infer<typeof PathPatternSchema>;

// ---------------------------------------------------------------------------------------------
// Escape hatch
// ---------------------------------------------------------------------------------------------

/**
 * What a TypeScript `evaluate` function returns for one asset (or one path from it).
 * @example
 * ```ts
 * const o: RuleOutcome = { status: 'fail', message: 'key older than 90 days' };
 * ```
 */
export interface RuleOutcome {
  status: ResultStatus;
  message?: string;
  evidence?: Evidence[];
  /** The assets of the result (default: the asset evaluated). */
  assetIds?: string[];
  /** Extra scope distinguishing several outcomes on the same assets. */
  scope?: string;
}

/**
 * What an `evaluate` function can read besides the asset.
 * @example
 * ```ts
 * const fn: RuleEvaluateFn = (asset, ctx) => (ctx.test({ field: '/owner', exists: true }, asset) === true ? { status: 'pass' } : { status: 'fail' });
 * ```
 */
export interface RuleContext {
  inventory: Inventory;
  /** The time of the evaluation. */
  now: Date;
  /** Builds evidence for a field of an asset or relationship, with the fact's provenance. */
  evidence(entity: Asset | Relationship, pointer: string, expected?: string): Evidence;
  /** Evaluates a declarative condition on an asset: `true`, `false` or `'unknown'`. */
  test(condition: Condition, asset: Asset): boolean | 'unknown';
}

/**
 * The TypeScript escape hatch of a rule, for what a condition cannot say.
 * @example
 * ```ts
 * const fn: RuleEvaluateFn = (asset) => ({ status: asset.owner ? 'pass' : 'fail' });
 * ```
 */
export type RuleEvaluateFn = (asset: Asset, ctx: RuleContext) => RuleOutcome | RuleOutcome[] | undefined;

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

/**
 * Rule ids: `aispm:<name>` for ours, `x_<reverse-dns>:<name>` for everyone else's.
 * @example
 * ```ts
 * RULE_ID_PATTERN.test('x_com.acme:no-shell'); // true
 * ```
 */
export const RULE_ID_PATTERN = /^(aispm|x_[a-z0-9]+(?:[._-][a-z0-9]+)*):[a-z0-9][a-z0-9._/-]*$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * A good or bad example of a rule: a small inventory given as assets and relationships (the
 * observation forms), full observations, or a snapshot fragment. Good examples must give at
 * least one `pass` and nothing else than `pass`/`not_applicable`; bad examples at least one
 * `fail`. `expect` pins exact statuses for named assets.
 *
 * @example
 * ```ts
 * RuleExampleSchema.parse({ assets: [{ kind: 'agent', key: 'a', attributes: { humanApproval: false } }] });
 * ```
 */
export const RuleExampleSchema = z.strictObject({
  name: z.string().optional(),
  assets: z.array(ObservedAssetSchema).optional(),
  relationships: z.array(ObservedRelationshipSchema).optional(),
  observations: z.array(ObservationSchema).optional(),
  snapshot: z
    .strictObject({
      assets: z.array(AssetSchema).default([]),
      relationships: z.array(RelationshipSchema).default([]),
    })
    .optional(),
  expect: z.array(z.strictObject({ assetId: z.string(), status: ResultStatusSchema })).optional(),
});
/** See {@link RuleExampleSchema}. */
export type RuleExample = z.input<typeof RuleExampleSchema>;

/**
 * Remediation guidance: a summary and the steps to take (guidance only, never an action).
 * @example
 * ```ts
 * RemediationSchema.parse({ summary: 'Pin the model', steps: ['Reference a dated snapshot'] });
 * ```
 */
export const RemediationSchema = z.strictObject({
  summary: z.string().min(1),
  steps: z.array(z.string().min(1)).min(1),
  references: z.array(z.string()).optional(),
});

const evaluateFn = z.custom<RuleEvaluateFn>((v) => typeof v === 'function', { message: 'evaluate must be a function' });

const ruleShape = {
  id: z.string().regex(RULE_ID_PATTERN, { message: 'rule ids are `aispm:<name>` or `x_<reverse-dns>:<name>` (lower case)' }),
  version: z.string().regex(SEMVER, { message: 'version must be semver, e.g. 1.0.0' }),
  title: z
    .string()
    .min(3)
    .max(160)
    .refine((t) => !/^ensure\b/i.test(t.trim()), { message: 'a title names the problem; do not start it with "Ensure"' }),
  description: z.string().min(1),
  rationale: z.string().min(1).describe('Why this is a risk.'),
  remediation: RemediationSchema,
  appliesTo: SelectorSchema,
  severity: SeveritySchema,
  likelihood: LevelSchema,
  impact: LevelSchema,
  confidence: LevelSchema,
  tags: z.array(z.string().min(1)).default([]),
  controls: z.array(ControlRefSchema).optional().describe('Inline control references; the baseline pack keeps its mappings in separate files.'),
  references: z.array(z.string()).optional(),
  deprecated: z.boolean().optional(),
  assert: ConditionSchema.optional(),
  path: PathPatternSchema.optional(),
  evaluate: evaluateFn.optional(),
  failMessage: z.string().optional().describe('Message of failing results (default: the title).'),
  examples: z
    .strictObject({
      good: z.array(RuleExampleSchema).default([]),
      bad: z.array(RuleExampleSchema).default([]),
    })
    .default({ good: [], bad: [] }),
};

function oneBody(r: { assert?: unknown; path?: unknown; evaluate?: unknown }, ctx: z.RefinementCtx): void {
  const n = Number(r.assert !== undefined) + Number(r.path !== undefined) + Number(r.evaluate !== undefined);
  if (n !== 1) ctx.addIssue({ code: 'custom', message: 'a rule needs exactly one of assert, path or evaluate', path: [] });
}

/**
 * The schema of a rule. Exactly one of `assert` (a condition that must hold for a pass),
 * `path` (a graph pattern whose every match fails) or `evaluate` (TypeScript) says what the
 * rule checks.
 *
 * @example
 * ```ts
 * const r = RuleDefinitionSchema.safeParse(rule);
 * if (!r.success) console.error(r.error.issues);
 * ```
 */
export const RuleDefinitionSchema = z.strictObject(ruleShape).superRefine(oneBody);

/**
 * The schema the engine validates rules with before evaluating them: the same as
 * {@link RuleDefinitionSchema} except that examples are not checked (lint checks and runs them).
 * @internal
 */
export const RuleRuntimeSchema = z
  .strictObject({ ...ruleShape, examples: z.unknown().optional() })
  .superRefine(oneBody) as unknown as typeof RuleDefinitionSchema;

/**
 * A validated rule (defaults applied).
 * @example
 * ```ts
 * const def: RuleDefinition = RuleDefinitionSchema.parse(rule);
 * ```
 */
export type RuleDefinition = z.output<typeof RuleDefinitionSchema>;
/**
 * A rule as written (defaults not yet applied).
 * @example
 * ```ts
 * const input: RuleInput = defineRule({ ... });
 * ```
 */
export type RuleInput = z.input<typeof RuleDefinitionSchema>;

/**
 * Declares a rule. Pure data: it returns its argument, typed; validation happens when the rule
 * is linted or loaded ({@link lintRules}), where every problem is reported together.
 *
 * @example
 * ```ts
 * export const publicEndpointNoAuth = defineRule({
 *   id: 'aispm:endpoint-public-no-auth',
 *   version: '1.0.0',
 *   title: 'Public model endpoint without authentication',
 *   description: 'A model endpoint reachable from the internet accepts unauthenticated calls.',
 *   rationale: 'Anyone can spend the budget or extract the model.',
 *   remediation: { summary: 'Require authentication', steps: ['Put the endpoint behind the gateway', 'Require an API key or OIDC'] },
 *   appliesTo: { kinds: ['model-endpoint'], where: { field: '/attributes/exposure', eq: 'public' } },
 *   severity: 'high', likelihood: 'high', impact: 'high', confidence: 'high',
 *   assert: { field: '/attributes/authentication', in: ['api-key', 'oauth', 'oidc', 'iam', 'mtls'] },
 * });
 * ```
 */
export function defineRule<const T extends RuleInput>(rule: T): T {
  return rule;
}

/**
 * A versioned, named collection of rules.
 * @example
 * ```ts
 * RulePackSchema.safeParse({ id: 'x_com.acme:pack', version: '1.0.0', title: 'Acme', rules: [] }).success; // true
 * ```
 */
export const RulePackSchema = z.strictObject({
  id: z.string().regex(/^(aispm|x_[a-z0-9]+(?:[._-][a-z0-9]+)*):[a-z0-9][a-z0-9._/-]*$/),
  version: z.string().regex(SEMVER),
  title: z.string().min(1),
  description: z.string().optional(),
  rules: z.array(z.unknown()),
});

/**
 * A rule pack: `{ id, version, title, rules }`.
 * @example
 * ```ts
 * const pack: RulePack = { id: 'x_com.acme:pack', version: '1.0.0', title: 'Acme', rules: [] };
 * ```
 */
export interface RulePack {
  id: string;
  version: string;
  title: string;
  description?: string;
  rules: RuleInput[];
}

/**
 * Declares a rule pack. Pure data; lint it with {@link lintRules}.
 *
 * @example
 * ```ts
 * export const myPack = defineRulePack({ id: 'x_com.acme:pack', version: '1.0.0', title: 'Acme rules', rules: [publicEndpointNoAuth] });
 * ```
 */
export function defineRulePack<const T extends RulePack>(pack: T): T {
  return pack;
}
