import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ProvenanceSchema } from './provenance';

/** Severity of a rule or finding, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
/** One of {@link SEVERITIES}. */
export type Severity = (typeof SEVERITIES)[number];
/** Zod schema for {@link Severity}. */
export const SeveritySchema = z.enum(SEVERITIES);

/**
 * Numeric rank of a severity (critical 4 … info 0), for sorting and thresholds.
 *
 * @example
 * ```ts
 * severityRank('high') >= severityRank('medium'); // true
 * ```
 */
export function severityRank(s: Severity): number {
  return 4 - SEVERITIES.indexOf(s);
}

/** A qualitative level used for likelihood, impact and confidence. */
export const LEVELS = ['high', 'medium', 'low'] as const;
/** One of {@link LEVELS}. */
export type Level = (typeof LEVELS)[number];
/** Zod schema for {@link Level}. */
export const LevelSchema = z.enum(LEVELS);

/**
 * Outcomes of evaluating one rule on one asset or path. `unknown` (the facts needed are
 * missing) never counts as a pass.
 */
export const RESULT_STATUSES = ['pass', 'fail', 'unknown', 'not_applicable', 'error'] as const;
/** One of {@link RESULT_STATUSES}. */
export type ResultStatus = (typeof RESULT_STATUSES)[number];
/** Zod schema for {@link ResultStatus}. */
export const ResultStatusSchema = z.enum(RESULT_STATUSES);

/**
 * What a result rests on: a JSON Pointer into an asset (or relationship), the value observed
 * there, and the provenance of that fact.
 */
export const EvidenceSchema = z
  .object({
    assetId: z.string().describe('Asset (or relationship) id the pointer is into.'),
    pointer: z.string().describe('JSON Pointer into the asset, e.g. /attributes/authentication.'),
    observed: z.unknown().optional().describe('The value found there (absent when the field is missing).'),
    expected: z.string().optional().describe('What the rule expected, in words.'),
    message: z.string().optional(),
    provenance: z.array(ProvenanceSchema).default([]),
  })
  .strict();
/** See {@link EvidenceSchema}. */
export type Evidence = z.infer<typeof EvidenceSchema>;

/**
 * A reference to a framework control, `<framework id>:<control id>`, e.g.
 * `owasp-llm-2025:LLM01:2025` or `nist-ai-rmf-1.0:GOVERN 1.1`.
 */
export const ControlRefSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]*:.+$/);

/**
 * The result of evaluating one rule on one asset, or on one path for path rules.
 *
 * @example
 * ```ts
 * const r: RuleResult = { ruleId: 'aispm:keys-in-code', ruleVersion: '1.0.0', status: 'fail', assetIds: ['credential:...'], evidence: [...], severity: 'high', message: 'hard-coded key', controls: [] };
 * ```
 */
export const RuleResultSchema = z
  .object({
    ruleId: z.string(),
    ruleVersion: z.string(),
    status: ResultStatusSchema,
    /** The asset, or every asset of a path (in path order). */
    assetIds: z.array(z.string()).min(1),
    /** Extra scope distinguishing results of the same rule on the same assets (e.g. relationship ids of a path). */
    scope: z.string().optional(),
    severity: SeveritySchema,
    likelihood: LevelSchema.optional(),
    impact: LevelSchema.optional(),
    confidence: LevelSchema.optional(),
    title: z.string().optional(),
    message: z.string(),
    evidence: z.array(EvidenceSchema).default([]),
    controls: z.array(ControlRefSchema).default([]),
    /** Error text when status is `error`. */
    error: z.string().optional(),
  })
  .strict();
/** See {@link RuleResultSchema}. */
export type RuleResult = z.infer<typeof RuleResultSchema>;

/** Lifecycle states of a finding. */
export const FINDING_STATES = ['open', 'in-remediation', 'fixed', 'retest-pending', 'closed', 'accepted', 'deferred'] as const;
/** One of {@link FINDING_STATES}. */
export type FindingState = (typeof FINDING_STATES)[number];
/** Zod schema for {@link FindingState}. */
export const FindingStateSchema = z.enum(FINDING_STATES);

/**
 * A failing rule result on an asset (or path), with a deterministic fingerprint and a
 * lifecycle state.
 */
export const FindingSchema = z
  .object({
    id: z.string().describe('`fnd_` + the first 24 hex digits of the fingerprint.'),
    fingerprint: z.string().describe('SHA-256 of rule id, sorted asset ids and scope.'),
    ruleId: z.string(),
    ruleVersion: z.string(),
    assetIds: z.array(z.string()).min(1),
    scope: z.string().optional(),
    title: z.string(),
    message: z.string(),
    severity: SeveritySchema,
    likelihood: LevelSchema.optional(),
    impact: LevelSchema.optional(),
    confidence: LevelSchema.optional(),
    state: FindingStateSchema,
    evidence: z.array(EvidenceSchema).default([]),
    controls: z.array(ControlRefSchema).default([]),
    firstSeen: z.string(),
    lastSeen: z.string(),
    /** Id of the exception covering it, when accepted. */
    exceptionId: z.string().optional(),
  })
  .strict();
/** See {@link FindingSchema}. */
export type Finding = z.infer<typeof FindingSchema>;

/**
 * The deterministic fingerprint of a finding: SHA-256 over the rule id, the sorted asset ids and
 * the scope. The same failure on the same assets always has the same fingerprint.
 *
 * @example
 * ```ts
 * findingFingerprint('aispm:keys-in-code', ['credential:openai/ab12']); // 'e3b0…' (64 hex digits)
 * ```
 */
export function findingFingerprint(ruleId: string, assetIds: readonly string[], scope = ''): string {
  const h = createHash('sha256');
  h.update(ruleId);
  h.update('\n');
  h.update([...assetIds].sort().join('\n'));
  h.update('\n');
  h.update(scope);
  return h.digest('hex');
}

/**
 * Turns a failing rule result into a finding in state `open`, seen at `at`.
 *
 * @example
 * ```ts
 * const f = findingFromResult(result, '2026-11-22T00:00:00Z');
 * f.id; // 'fnd_…'
 * ```
 */
export function findingFromResult(result: RuleResult, at: string): Finding {
  const fingerprint = findingFingerprint(result.ruleId, result.assetIds, result.scope);
  const f: Finding = {
    id: `fnd_${fingerprint.slice(0, 24)}`,
    fingerprint,
    ruleId: result.ruleId,
    ruleVersion: result.ruleVersion,
    assetIds: result.assetIds,
    title: result.title ?? result.ruleId,
    message: result.message,
    severity: result.severity,
    state: 'open',
    evidence: result.evidence,
    controls: result.controls,
    firstSeen: at,
    lastSeen: at,
  };
  if (result.scope !== undefined) f.scope = result.scope;
  if (result.likelihood) f.likelihood = result.likelihood;
  if (result.impact) f.impact = result.impact;
  if (result.confidence) f.confidence = result.confidence;
  return f;
}
