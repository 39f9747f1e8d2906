import { z } from 'zod';

/**
 * How far a catalog's ids and titles were checked against the publisher's own text.
 *
 * @example
 * ```ts
 * builtinCatalog().list().filter((f) => f.confidence === 'secondary').map((f) => f.id);
 * ```
 */
export const CONFIDENCE_LEVELS = ['verified-primary', 'verified-derived', 'secondary'] as const;
/** One of {@link CONFIDENCE_LEVELS}. */
export type CatalogConfidence = (typeof CONFIDENCE_LEVELS)[number];

/**
 * One control (or other item) of a framework catalog: an official id, its title, what kind of
 * item it is (risk, subcategory, article, technique, …), its parent item and the catalog's own
 * attributes (validated by that catalog's attribute schema).
 *
 * @example
 * ```ts
 * ControlSchema.parse({ id: 'GOVERN 1.6', title: 'Inventory of AI systems', kind: 'subcategory', parent: 'GOVERN 1' });
 * ```
 */
export const ControlSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    kind: z.string().min(1),
    parent: z.string().optional(),
    description: z.string().optional().describe('A short description written for aispm (never the publisher text).'),
    attributes: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
/** See {@link ControlSchema}. */
export type Control = z.infer<typeof ControlSchema>;

/**
 * A framework catalog as data: identity (`id`, `family`, `version`), provenance (publisher,
 * source, licence, confidence), aliases (other ids it is known by) and its controls.
 *
 * @example
 * ```ts
 * const r = FrameworkDataSchema.safeParse(json);
 * if (r.success) r.data.controls.length;
 * ```
 */
export const FrameworkDataSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
    family: z.string().min(1),
    version: z.string().min(1),
    name: z.string().min(1),
    shortName: z.string().optional(),
    publisher: z.string().min(1),
    published: z.string().min(1),
    sourceUrl: z.string().min(1),
    license: z.string().min(1),
    confidence: z.enum(CONFIDENCE_LEVELS),
    aliases: z.array(z.string()).default([]),
    controls: z.array(ControlSchema),
    removedFromPreviousVersion: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .strict();
/** See {@link FrameworkDataSchema}. */
export type FrameworkData = z.infer<typeof FrameworkDataSchema>;

const str = z.string();
const strs = z.array(z.string());

/**
 * The attribute schema each built-in catalog declares for its controls. Keys are framework ids;
 * every control's `attributes` must parse with its framework's schema.
 *
 * @example
 * ```ts
 * CATALOG_ATTRIBUTE_SCHEMAS['mitre-atlas'].parse({ tactics: ['AML.TA0004'], maturity: 'demonstrated' });
 * ```
 */
export const CATALOG_ATTRIBUTE_SCHEMAS: Record<string, z.ZodType> = {
  'owasp-llm-2025': z.object({ shortId: str.regex(/^LLM\d\d$/) }).strict(),
  'owasp-llm-2023': z.object({ relatedIn2025: str.describe('The 2025 entry that succeeds this one.') }).strict(),
  'owasp-agentic-2026': z.object({ draftTitle: str.optional() }).strict(),
  'owasp-agentic-threats-1.0': z.object({}).strict(),
  'nist-ai-rmf-1.0': z.object({ titleIsOfficial: z.boolean().describe('false when the title is a short paraphrase') }).strict(),
  'nist-ai-600-1': z.object({ slug: str, number: z.number().int(), section: str, altTitles: strs.optional() }).strict(),
  'iso-42001-2023': z.object({ clause: str.optional(), annexBGuidance: str.optional(), annexBTitle: str.optional() }).strict(),
  'eu-ai-act': z
    .object({
      number: z.number().int().optional(),
      chapter: str.optional(),
      officialHeading: str.optional(),
      legalBasis: strs.optional(),
      aispmCore: z.boolean().optional(),
    })
    .strict(),
  'mitre-atlas': z
    .object({
      matrixOrder: z.number().int().optional(),
      attackRef: str.optional(),
      tactics: strs.optional(),
      maturity: str.optional(),
      created: str.optional(),
      modified: str.optional(),
      tacticsInheritedFromParent: z.boolean().optional(),
      mitigates: strs.optional(),
      category: strs.optional(),
      mlLifecycle: strs.optional(),
    })
    .strict(),
  'iso-27001-2022': z.object({ controlNumber: str.optional(), newIn2022: z.boolean().optional(), aispmCited: z.boolean().optional() }).strict(),
  'soc2-tsc-2017': z.object({ common: z.boolean().optional(), titleIsOfficial: z.boolean().optional(), cosoPrinciple: z.number().int().optional() }).strict(),
  'csa-aicm-1.1': z
    .object({
      controlCount: z.number().int().optional(),
      controlType: str.optional(),
      v1_0_3Id: str.optional(),
      idReusedFromDifferentV1_0_3Control: z.boolean().optional(),
      v1_0_3Title: str.optional(),
      newIn1_1: z.boolean().optional(),
    })
    .strict(),
  'owasp-aivss-0.5': z
    .object({
      shortLabel: str.optional(),
      thematicArea: str.optional(),
      allowedValues: z.array(z.number()).optional(),
      listPosition: z.number().int().optional(),
      altTitles: strs.optional(),
    })
    .strict(),
  'cvss-4.0': z
    .object({
      group: str.optional(),
      values: z.array(z.object({ code: str, label: str }).strict()).optional(),
      default: str.optional(),
      subgroup: str.optional(),
      vectorPosition: z.number().int().optional(),
    })
    .strict(),
};

/**
 * The kinds of item that coverage counts for each built-in catalog (its assessable controls).
 * Grouping items (functions, chapters, domains, tactics) are not assessed on their own.
 *
 * @example
 * ```ts
 * ASSESSABLE_KINDS['nist-ai-rmf-1.0']; // ['subcategory']
 * ```
 */
export const ASSESSABLE_KINDS: Record<string, readonly string[]> = {
  'owasp-llm-2025': ['risk'],
  'owasp-llm-2023': ['risk'],
  'owasp-agentic-2026': ['risk'],
  'owasp-agentic-threats-1.0': ['threat'],
  'nist-ai-rmf-1.0': ['subcategory'],
  'nist-ai-600-1': ['risk'],
  'iso-42001-2023': ['control'],
  'eu-ai-act': ['article', 'annex'],
  'mitre-atlas': ['technique', 'subtechnique'],
  'iso-27001-2022': ['control'],
  'soc2-tsc-2017': ['criterion'],
  'csa-aicm-1.1': ['control'],
  'owasp-aivss-0.5': ['coreRisk'],
  'cvss-4.0': ['metric'],
};
