import type { AssetKind, Condition, DataClass, Level, PathPattern, RuleEvaluateFn, RuleExample, RuleInput, Selector, Severity } from '@aispm/core';

/** An observed asset as rule examples write it. */
export type ExampleAsset = NonNullable<RuleExample['assets']>[number];
/** An observed relationship as rule examples write it. */
export type ExampleEdge = NonNullable<RuleExample['relationships']>[number];

/** The compact form the baseline pack's rules are written in (expanded by {@link rule}). */
export interface RuleSpec {
  /** Name after `aispm:`. */
  id: string;
  title: string;
  description: string;
  rationale: string;
  fix: string;
  steps: string[];
  severity: Severity;
  likelihood: Level;
  impact: Level;
  confidence?: Level;
  tags: string[];
  appliesTo: Selector;
  assert?: Condition;
  path?: PathPattern;
  evaluate?: RuleEvaluateFn;
  failMessage?: string;
  good: RuleExample[];
  bad: RuleExample[];
}

/** Expands a {@link RuleSpec} into a rule of the engine's schema (version 1.0.0 unless the id says otherwise). */
export function rule(s: RuleSpec): RuleInput {
  const r: RuleInput = {
    id: `aispm:${s.id}`,
    version: '1.0.0',
    title: s.title,
    description: s.description,
    rationale: s.rationale,
    remediation: { summary: s.fix, steps: s.steps },
    appliesTo: s.appliesTo,
    severity: s.severity,
    likelihood: s.likelihood,
    impact: s.impact,
    confidence: s.confidence ?? 'high',
    tags: s.tags,
    examples: { good: s.good, bad: s.bad },
  };
  if (s.assert) r.assert = s.assert;
  if (s.path) r.path = s.path;
  if (s.evaluate) r.evaluate = s.evaluate;
  if (s.failMessage) r.failMessage = s.failMessage;
  return r;
}

/** An example asset: kind, natural key, attributes and optional top-level fields. */
export function asset(
  kind: AssetKind,
  key: string,
  attributes: Record<string, unknown> = {},
  extra: { owner?: string; dataClasses?: DataClass[]; labels?: Record<string, string> } = {},
): ExampleAsset {
  return { kind, key, attributes, ...extra } as ExampleAsset;
}

/** An example relationship between two assets given as `[kind, key]`. */
export function edge(
  type: ExampleEdge['type'],
  from: [AssetKind, string],
  to: [AssetKind, string],
  extra: { attributes?: Record<string, unknown>; dataClasses?: DataClass[] } = {},
): ExampleEdge {
  return { type, from: { kind: from[0], key: from[1] }, to: { kind: to[0], key: to[1] }, ...extra };
}

/** An example made of assets and relationships. */
export function ex(name: string, assets: ExampleAsset[], relationships: ExampleEdge[] = []): RuleExample {
  return relationships.length ? { name, assets, relationships } : { name, assets };
}

/** True when the field is declared `true`; false when it is absent or anything else. */
export const declaredTrue = (field: string): Condition => ({
  all: [
    { field, exists: true },
    { field, eq: true },
  ],
});
/** True when the field is absent or `false` (absent counts as "not enabled"). */
export const notTrue = (field: string): Condition => ({
  any: [
    { field, exists: false },
    { field, eq: false },
  ],
});
/** True when the field is present (never unknown). */
export const has = (field: string): Condition => ({ field, exists: true });

/** Data classes about people (personal, health, biometric, children). */
export const PERSONAL: DataClass[] = ['pii', 'phi', 'biometric', 'children'];
/** Every data class treated as sensitive by the pack. */
export const SENSITIVE: DataClass[] = ['pii', 'phi', 'payment', 'biometric', 'children', 'credentials', 'financial'];
/** Authentication methods the pack accepts as strong. */
export const STRONG_AUTH = ['api-key', 'oauth', 'oidc', 'iam', 'mtls'];
/** Edge types an agent reaches tools over (directly or through an MCP server). */
export const TOOL_EDGES: ExampleEdge['type'][] = ['connects-to', 'exposes-tool', 'calls', 'can-invoke'];
