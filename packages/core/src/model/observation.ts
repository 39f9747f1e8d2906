import { z } from 'zod';
import { ATTRIBUTE_SCHEMAS, DataClassesSchema } from './attributes';
import { ProvenanceSchema } from './provenance';
import { ASSET_KINDS, type AssetKind, AssetKindSchema, RelationshipTypeSchema } from './vocab';

const observedBase = {
  key: z.string().min(1).optional().describe('Natural key (a model id, package name, repository URL, ...). Normalised into the asset id.'),
  id: z.string().min(1).optional().describe('A ready asset id; used as is when `key` is absent.'),
  name: z.string().min(1).optional(),
  owner: z.string().min(1).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  dataClasses: DataClassesSchema.optional(),
};

function observedVariant<K extends AssetKind>(kind: K) {
  return z.object({ kind: z.literal(kind), ...observedBase, attributes: ATTRIBUTE_SCHEMAS[kind].optional() }).strict();
}

/**
 * What a source saw of one asset. Give a natural `key` (normalised into the id) or a ready `id`.
 *
 * @example
 * ```ts
 * const seen: ObservedAsset = { kind: 'model', key: 'gpt-4o-2024-08-06' };
 * ```
 */
export const ObservedAssetSchema = z.discriminatedUnion(
  'kind',
  ASSET_KINDS.map((k) => observedVariant(k)) as unknown as [ReturnType<typeof observedVariant<'provider'>>, ...ReturnType<typeof observedVariant<AssetKind>>[]],
);

/** See {@link ObservedAssetSchema}. */
export type ObservedAsset = z.input<typeof ObservedAssetSchema>;

/**
 * A reference to an asset from an edge: a ready id (`model:openai/gpt-4o`) or a kind with a
 * natural key that is normalised the same way asset keys are.
 */
export const AssetRefSchema = z.union([z.string().regex(/^[a-z][a-z-]*:.+$/), z.object({ kind: AssetKindSchema, key: z.string().min(1) }).strict()]);

/** See {@link AssetRefSchema}. */
export type AssetRef = z.infer<typeof AssetRefSchema>;

/**
 * What a source saw of one relationship.
 *
 * @example
 * ```ts
 * const edge: ObservedRelationship = { type: 'uses-model', from: { kind: 'application', key: 'github.com/acme/bot' }, to: { kind: 'model', key: 'gpt-4o' } };
 * ```
 */
export const ObservedRelationshipSchema = z
  .object({
    type: RelationshipTypeSchema,
    from: AssetRefSchema,
    to: AssetRefSchema,
    attributes: z.record(z.string(), z.unknown()).optional(),
    dataClasses: DataClassesSchema.optional(),
  })
  .strict();

/** See {@link ObservedRelationshipSchema}. */
export type ObservedRelationship = z.input<typeof ObservedRelationshipSchema>;

/**
 * The envelope connectors emit and the inventory merges: one asset or one relationship, with
 * the provenance of the observation.
 *
 * @example
 * ```ts
 * const obs: Observation = {
 *   type: 'asset',
 *   asset: { kind: 'provider', key: 'Azure OpenAI' },
 *   provenance: { connector: 'repo', locator: { file: 'app.py', line: 4 }, observedAt: '2026-01-01T00:00:00Z', basis: 'inferred' },
 * };
 * ```
 */
export const ObservationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('asset'), asset: ObservedAssetSchema, provenance: ProvenanceSchema }).strict(),
  z.object({ type: z.literal('relationship'), relationship: ObservedRelationshipSchema, provenance: ProvenanceSchema }).strict(),
]);

/** Input form of an observation (defaults not yet applied). See {@link ObservationSchema}. */
export type Observation = z.input<typeof ObservationSchema>;

/** An observation after validation, with defaults applied. */
export type ParsedObservation = z.output<typeof ObservationSchema>;
