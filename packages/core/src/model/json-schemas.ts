import { z } from 'zod';
import { InventorySnapshotSchema } from '../inventory/snapshot';
import { RecordEventSchema } from '../record/events';
import { RuleDefinitionSchema } from '../rules/schema';
import { AssetSchema, RelationshipSchema } from './asset';
import { FindingSchema, RuleResultSchema } from './findings';
import { ObservationSchema } from './observation';
import { ProvenanceSchema } from './provenance';

/**
 * The zod schemas of the public documents of `@aispm/core`, by file stem. JSON Schema files
 * generated from them ship in the package under `schemas/<stem>.schema.json`.
 */
export const PUBLIC_SCHEMAS = {
  asset: AssetSchema,
  relationship: RelationshipSchema,
  observation: ObservationSchema,
  provenance: ProvenanceSchema,
  'inventory-snapshot': InventorySnapshotSchema,
  'rule-result': RuleResultSchema,
  finding: FindingSchema,
  /** One line of an exported posture log (`aispm log export`, `exportJsonl`). */
  'record-event': RecordEventSchema,
  /** One rule as written in a rule file (YAML or JSON), for editors and other tools. */
  'rule-definition': RuleDefinitionSchema,
} as const;

/**
 * Generates a JSON Schema (draft 2020-12) for a zod schema, with an `$id` and title.
 *
 * @example
 * ```ts
 * const schema = toPublishedJsonSchema('asset', AssetSchema);
 * ```
 */
export function toPublishedJsonSchema(
  stem: string,
  schema: z.ZodType,
  io: 'input' | 'output' = 'output',
  /** `ref`: a sub-schema used more than once goes to `$defs` once (default: written in place). */
  reused: 'ref' | 'inline' = 'inline',
): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', reused }) as Record<string, unknown>;
  return { $id: `urn:aispm:schema:${stem}`, title: stem, ...json };
}

/**
 * Every public JSON Schema of `@aispm/core`, by file stem.
 *
 * @example
 * ```ts
 * Object.keys(generateJsonSchemas()); // ['asset', 'relationship', 'observation', …, 'record-event']
 * ```
 */
export function generateJsonSchemas(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [stem, schema] of Object.entries(PUBLIC_SCHEMAS)) {
    // A rule's examples hold whole assets several times over: written once, under `$defs`.
    out[stem] =
      stem === 'rule-definition'
        ? toPublishedJsonSchema(stem, schema, 'input', 'ref')
        : toPublishedJsonSchema(stem, schema, stem === 'observation' ? 'input' : 'output');
  }
  return out;
}
