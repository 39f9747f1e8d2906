import { z } from 'zod';
import { FactBasisSchema } from './vocab';

/**
 * Where a fact was seen: a file and line, a URL, a log offset, a JSON pointer into a document.
 * At least one field should be set.
 */
export const LocatorSchema = z
  .object({
    file: z.string().min(1).optional().describe('Path of the file, relative to the scanned root when possible.'),
    line: z.int().positive().optional().describe('1-based line in the file.'),
    column: z.int().positive().optional().describe('1-based column in the file.'),
    url: z.string().min(1).optional().describe('URL of the API resource or document.'),
    offset: z.int().nonnegative().optional().describe('Byte or record offset in a log or stream.'),
    pointer: z.string().optional().describe('JSON Pointer into the source document.'),
    ref: z.string().min(1).optional().describe('An identifier inside the source, e.g. a BOM bom-ref.'),
  })
  .strict();

/** Where a fact was seen. See {@link LocatorSchema}. */
export type Locator = z.infer<typeof LocatorSchema>;

/**
 * The provenance of one fact: which connector saw it, where, when, and whether it was declared,
 * inferred or unresolved.
 *
 * @example
 * ```ts
 * const p: Provenance = { connector: 'repo', locator: { file: 'app.py', line: 3 }, observedAt: '2026-01-01T00:00:00.000Z', basis: 'inferred' };
 * ```
 */
export const ProvenanceSchema = z
  .object({
    connector: z.string().min(1).describe('Id of the connector (or reader) that emitted the fact.'),
    locator: LocatorSchema.default({}),
    observedAt: z.iso.datetime({ offset: true }).describe('When the fact was observed (ISO 8601).'),
    basis: FactBasisSchema.default('inferred'),
    source: z.string().min(1).optional().describe('The source instance, e.g. a repository or account.'),
    detail: z.string().optional().describe('Free text: the rule or pattern that produced the fact.'),
  })
  .strict();

/** See {@link ProvenanceSchema}. */
export type Provenance = z.infer<typeof ProvenanceSchema>;

/** Input form of {@link Provenance} (defaults not yet applied). */
export type ProvenanceInput = z.input<typeof ProvenanceSchema>;
