import { z } from 'zod';
import { builtinCatalog, type FrameworkCatalog } from '../catalogs/catalog';

/**
 * The eight areas of Annex III (high-risk use cases), as keys, plus `none`.
 *
 * @example
 * ```ts
 * ANNEX_III_AREAS.includes('employment'); // true
 * ```
 */
export const ANNEX_III_AREAS = [
  'biometrics',
  'critical-infrastructure',
  'education',
  'employment',
  'essential-services',
  'law-enforcement',
  'migration-border',
  'justice-democracy',
  'none',
] as const;

/**
 * Indicators of the practices Art. 5 prohibits.
 *
 * @example
 * ```ts
 * classifyEuAiActTier({ prohibitedPractices: ['social-scoring'] }).tier; // 'prohibited'
 * ```
 */
export const PROHIBITED_PRACTICES = [
  'subliminal-manipulation',
  'exploiting-vulnerabilities',
  'social-scoring',
  'crime-prediction-by-profiling',
  'untargeted-face-scraping',
  'emotion-recognition-work-education',
  'biometric-categorisation-sensitive',
  'realtime-remote-biometric-id-law-enforcement',
] as const;

/**
 * Situations that trigger the transparency duties of Art. 50.
 *
 * @example
 * ```ts
 * TRANSPARENCY_TRIGGERS.includes('deepfake'); // true
 * ```
 */
export const TRANSPARENCY_TRIGGERS = [
  'interacts-with-people',
  'synthetic-content',
  'emotion-recognition',
  'biometric-categorisation',
  'deepfake',
  'public-interest-text',
] as const;

/**
 * What is declared about an AI system or model. Every field is optional: a missing field is
 * unknown, and an unknown that could change the outcome makes the tier `undetermined`.
 * An empty array means "declared: none".
 *
 * @example
 * ```ts
 * EuAiActInputSchema.parse({ purpose: 'CV screening', annexIIIArea: 'employment', prohibitedPractices: [], generalPurposeModel: false, transparencyTriggers: [] });
 * ```
 */
export const EuAiActInputSchema = z
  .object({
    purpose: z.string().optional(),
    annexIIIArea: z.enum(ANNEX_III_AREAS).optional(),
    /** A safety component of (or itself) a product under the Annex I legislation that needs third-party conformity assessment. */
    annexISafetyComponent: z.boolean().optional(),
    /** The Art. 6(3) derogation is claimed (narrow procedural or preparatory task, no material influence). */
    article6_3Derogation: z.boolean().optional(),
    /** The system profiles natural persons (the Art. 6(3) derogation never applies then). */
    profiling: z.boolean().optional(),
    prohibitedPractices: z.array(z.enum(PROHIBITED_PRACTICES)).optional(),
    generalPurposeModel: z.boolean().optional(),
    /** Designated or presumed (training compute above 10^25 FLOP) as having systemic risk. */
    systemicRisk: z.boolean().optional(),
    trainingComputeFlops: z.number().nonnegative().optional(),
    transparencyTriggers: z.array(z.enum(TRANSPARENCY_TRIGGERS)).optional(),
  })
  .strict();
/** See {@link EuAiActInputSchema}. */
export type EuAiActInput = z.infer<typeof EuAiActInputSchema>;

/**
 * A tier as the inventory attributes name it.
 *
 * @example
 * ```ts
 * const t: EuAiActTier = 'limited-risk';
 * ```
 */
export type EuAiActTier = 'prohibited' | 'high-risk' | 'limited-risk' | 'minimal-risk' | 'gpai' | 'gpai-systemic' | 'undetermined';

/**
 * The outcome of {@link classifyEuAiActTier}.
 *
 * @example
 * ```ts
 * const { tier, missing, articles } = classifyEuAiActTier(input);
 * ```
 */
export interface EuAiActClassification {
  tier: EuAiActTier;
  /** When undetermined: the tier the known facts point to so far (a floor, not the answer). */
  provisionalTier?: Exclude<EuAiActTier, 'undetermined'>;
  /** Other regimes that apply as well (e.g. transparency duties of a high-risk chatbot). */
  alsoApplies: Array<Exclude<EuAiActTier, 'undetermined' | 'minimal-risk'>>;
  /** Why, one sentence per step. */
  rationale: string[];
  /** Articles and annexes that then apply, as control references (`eu-ai-act:Art. 9`). */
  articles: string[];
  /** Inputs that are missing and could change the outcome. */
  missing: string[];
}

const TIER_ITEM: Record<Exclude<EuAiActTier, 'undetermined'>, string[]> = {
  prohibited: ['tier-unacceptable'],
  'high-risk': ['tier-high'],
  'limited-risk': ['tier-limited'],
  'minimal-risk': ['tier-minimal'],
  gpai: ['tier-gpai'],
  'gpai-systemic': ['tier-gpai', 'tier-gpai-systemic'],
};

const SYSTEMIC_FLOPS = 1e25;

/**
 * Classifies an AI system or model into an EU AI Act risk tier from declared attributes, in
 * order: prohibited practices (Art. 5) → high-risk (Art. 6 with Annex I or Annex III, minus the
 * Art. 6(3) derogation) → general-purpose model regime (Art. 51–55) → transparency duties
 * (Art. 50) → minimal risk. A tier is only given when every check above it is known to be
 * negative; otherwise the result is `undetermined`, naming what is missing. AI literacy
 * (Art. 4) applies to every tier. This is guidance for triage, not legal advice.
 *
 * @example
 * ```ts
 * classifyEuAiActTier({ annexIIIArea: 'employment', prohibitedPractices: [], transparencyTriggers: [] }).tier; // 'high-risk'
 * classifyEuAiActTier({ purpose: 'chat' }).missing; // ['prohibitedPractices', 'annexIIIArea', …]
 * ```
 */
export function classifyEuAiActTier(input: EuAiActInput, catalog: FrameworkCatalog = builtinCatalog()): EuAiActClassification {
  const rationale: string[] = [];
  const missing: string[] = [];
  const found: Array<Exclude<EuAiActTier, 'undetermined'>> = [];
  if (input.purpose) rationale.push(`Declared purpose: ${input.purpose}.`);

  // 1. Prohibited practices.
  if (input.prohibitedPractices === undefined) {
    missing.push('prohibitedPractices');
  } else if (input.prohibitedPractices.length > 0) {
    found.push('prohibited');
    rationale.push(`Declared practices prohibited by Art. 5: ${input.prohibitedPractices.join(', ')}.`);
  } else rationale.push('No prohibited practice declared (Art. 5).');

  // 2. High risk.
  const area = input.annexIIIArea;
  const annexIII = area !== undefined && area !== 'none';
  if (input.annexISafetyComponent === true) {
    found.push('high-risk');
    rationale.push('Safety component of a product under Annex I legislation: high-risk under Art. 6(1).');
  } else if (annexIII) {
    const derogation = input.article6_3Derogation === true;
    if (derogation && input.profiling === undefined) {
      missing.push('profiling');
      rationale.push(`Annex III area "${area}" with the Art. 6(3) derogation claimed; whether it profiles people is unknown.`);
    } else if (derogation && input.profiling === false) {
      rationale.push(
        `Annex III area "${area}", but the Art. 6(3) derogation is claimed and no profiling: not high-risk (the assessment must be documented, Art. 6(4)).`,
      );
    } else {
      found.push('high-risk');
      rationale.push(`Annex III area "${area}": high-risk under Art. 6(2)${derogation ? ' (the derogation does not apply to profiling)' : ''}.`);
    }
  } else if (area === undefined && input.annexISafetyComponent === undefined) {
    missing.push('annexIIIArea');
  } else rationale.push('Not in an Annex III area and not an Annex I safety component.');

  // 3. General-purpose AI models.
  if (input.generalPurposeModel === undefined) missing.push('generalPurposeModel');
  else if (input.generalPurposeModel) {
    const systemic = input.systemicRisk === true || (input.trainingComputeFlops ?? 0) > SYSTEMIC_FLOPS;
    if (systemic) {
      found.push('gpai-systemic');
      rationale.push('General-purpose AI model with systemic risk (designated, or presumed above 10^25 FLOP of training compute, Art. 51).');
    } else if (input.systemicRisk === undefined && input.trainingComputeFlops === undefined) {
      found.push('gpai');
      missing.push('systemicRisk');
      rationale.push('General-purpose AI model (Art. 53); whether it has systemic risk is unknown.');
    } else {
      found.push('gpai');
      rationale.push('General-purpose AI model without systemic risk (Art. 53).');
    }
  } else rationale.push('Not a general-purpose AI model.');

  // 4. Transparency.
  if (input.transparencyTriggers === undefined) missing.push('transparencyTriggers');
  else if (input.transparencyTriggers.length > 0) {
    found.push('limited-risk');
    rationale.push(`Transparency duties of Art. 50 triggered by: ${input.transparencyTriggers.join(', ')}.`);
  } else rationale.push('No Art. 50 transparency trigger declared.');

  const order: Array<Exclude<EuAiActTier, 'undetermined'>> = ['prohibited', 'high-risk', 'gpai-systemic', 'gpai', 'limited-risk'];
  const primary = order.find((t) => found.includes(t));
  // Missing facts only matter when they concern a step that could outrank what was found.
  const rank = (t: string) => order.indexOf(t as (typeof order)[number]);
  const stepOf: Record<string, number> = {
    prohibitedPractices: 0,
    annexIIIArea: 1,
    profiling: 1,
    generalPurposeModel: 2,
    systemicRisk: 2,
    transparencyTriggers: 4,
  };
  const relevant = missing.filter((m) => primary === undefined || (stepOf[m] ?? 0) < rank(primary) || (m === 'systemicRisk' && primary === 'gpai'));
  const tier: EuAiActTier = relevant.length > 0 ? 'undetermined' : (primary ?? 'minimal-risk');
  if (tier === 'undetermined') rationale.push(`Undetermined: ${relevant.join(', ')} not declared.`);
  else if (tier === 'minimal-risk') rationale.push('No higher tier applies: minimal risk (AI literacy, Art. 4, still applies).');

  const applied = tier === 'undetermined' ? (primary ? [primary] : []) : [tier];
  const alsoApplies = found.filter(
    (t) => t !== primary && t !== 'prohibited' && !(primary === 'gpai-systemic' && t === 'gpai'),
  ) as EuAiActClassification['alsoApplies'];
  const articles = new Set<string>(['eu-ai-act:Art. 4']);
  const eu = catalog.get('eu-ai-act');
  for (const t of [...applied, ...alsoApplies]) {
    for (const item of TIER_ITEM[t]) {
      const basis = eu?.control(item)?.attributes?.legalBasis;
      if (Array.isArray(basis)) for (const b of basis) articles.add(`eu-ai-act:${b}`);
    }
  }
  const sorted = [...articles].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return {
    tier,
    ...(tier === 'undetermined' && primary ? { provisionalTier: primary } : {}),
    alsoApplies,
    rationale,
    articles: sorted,
    missing: relevant,
  };
}

/**
 * Builds classifier input from an asset's attributes: `purpose` and `annexIIIArea` as the
 * inventory defines them, and the other facts from an `euAiAct` object attribute (for example
 * `{ prohibitedPractices: [], generalPurposeModel: false, transparencyTriggers: ['interacts-with-people'] }`).
 * Values that do not fit the schema are reported as issues (with their JSON pointer) and left
 * unknown, so they make the tier undetermined rather than wrong.
 *
 * @example
 * ```ts
 * const { input, issues } = euAiActInputFromAttributes(asset.attributes);
 * classifyEuAiActTier(input).tier;
 * ```
 */
export function euAiActInputFromAttributes(attributes: Record<string, unknown>): {
  input: EuAiActInput;
  issues: Array<{ code: string; message: string; path: string }>;
} {
  const issues: Array<{ code: string; message: string; path: string }> = [];
  const raw: Record<string, unknown> = {};
  if (typeof attributes.purpose === 'string') raw.purpose = attributes.purpose;
  if (attributes.annexIIIArea !== undefined) raw.annexIIIArea = attributes.annexIIIArea;
  const extra = attributes.euAiAct;
  if (extra !== undefined && (typeof extra !== 'object' || extra === null || Array.isArray(extra))) {
    issues.push({ code: 'eu-ai-act/invalid', message: 'euAiAct must be an object', path: '/attributes/euAiAct' });
  } else if (extra) Object.assign(raw, extra);
  const input: Record<string, unknown> = {};
  const shape = EuAiActInputSchema.shape;
  for (const [key, value] of Object.entries(raw)) {
    const field = shape[key as keyof typeof shape];
    const path = key === 'purpose' || key === 'annexIIIArea' ? `/attributes/${key}` : `/attributes/euAiAct/${key}`;
    if (!field) {
      issues.push({ code: 'eu-ai-act/unknown-field', message: `unknown EU AI Act input "${key}"`, path });
      continue;
    }
    const r = field.safeParse(value);
    if (r.success) input[key] = r.data;
    else issues.push({ code: 'eu-ai-act/invalid', message: `${key}: ${r.error.issues[0]?.message ?? 'invalid'}`, path });
  }
  return { input: input as EuAiActInput, issues };
}
