import { z } from 'zod';
import { ATTRIBUTE_SCHEMAS, DataClassesSchema } from './attributes';
import { ProvenanceSchema } from './provenance';
import { ASSET_KINDS, type AssetKind, RelationshipTypeSchema } from './vocab';

/**
 * A value that lost a merge: another source said something different and a higher-ranked
 * fact won. Losing values are kept, never dropped.
 */
export const ConflictSchema = z
  .object({
    field: z.string().describe('JSON Pointer of the field inside the asset, e.g. /attributes/version.'),
    value: z.unknown().describe('The losing value.'),
    provenance: ProvenanceSchema.describe('Where the losing value came from.'),
  })
  .strict();

/** See {@link ConflictSchema}. */
export type Conflict = z.infer<typeof ConflictSchema>;

const ASSET_ID = /^[a-z][a-z-]*:.+$/;

const assetBase = {
  id: z.string().regex(ASSET_ID).describe('`<kind>:<normalised natural key>`.'),
  name: z.string().min(1),
  owner: z.string().min(1).optional(),
  labels: z.record(z.string(), z.string()).default({}),
  dataClasses: DataClassesSchema.default([]),
  provenance: z.array(ProvenanceSchema).min(1),
  fieldSources: z
    .record(z.string(), z.int().nonnegative())
    .default({})
    .describe('For each merged field (JSON Pointer), the index in `provenance` that supplied the winning value.'),
  conflicts: z.array(ConflictSchema).default([]),
  firstSeen: z.iso.datetime({ offset: true }),
  lastSeen: z.iso.datetime({ offset: true }),
};

function assetVariant<K extends AssetKind>(kind: K) {
  const attributes = ATTRIBUTE_SCHEMAS[kind] as unknown as z.ZodType<(typeof ATTRIBUTE_SCHEMAS)[K]['_output']>;
  return z.object({ kind: z.literal(kind), ...assetBase, attributes: attributes.default({} as never) }).strict();
}

const assetVariants = ASSET_KINDS.map((k) => assetVariant(k)) as unknown as [
  ReturnType<typeof assetVariant<'provider'>>,
  ...ReturnType<typeof assetVariant<AssetKind>>[],
];

/**
 * A node of the inventory graph: one AI asset, merged from every source that saw it.
 * `attributes` are specific to `kind` (a discriminated union).
 *
 * @example
 * ```ts
 * const asset = AssetSchema.parse(json);
 * if (asset.kind === 'model') console.log(asset.attributes.version);
 * ```
 */
export const AssetSchema = z.discriminatedUnion('kind', assetVariants);

type AttributesOf<K extends AssetKind> = z.infer<(typeof ATTRIBUTE_SCHEMAS)[K]>;

/** The asset shape for one kind. */
export type AssetOf<K extends AssetKind> = {
  kind: K;
  id: string;
  name: string;
  owner?: string | undefined;
  labels: Record<string, string>;
  dataClasses: z.infer<typeof DataClassesSchema>;
  provenance: z.infer<typeof ProvenanceSchema>[];
  fieldSources: Record<string, number>;
  conflicts: Conflict[];
  firstSeen: string;
  lastSeen: string;
  attributes: AttributesOf<K>;
};

/** A merged inventory asset (a union over every kind). See {@link AssetSchema}. */
export type Asset = { [K in AssetKind]: AssetOf<K> }[AssetKind];

const RELATIONSHIP_ID = /^[a-z][a-z-]*:.+->.+$/;

/**
 * An edge of the inventory graph, merged from every source that saw it. Its id is
 * `<type>:<from>-><to>`.
 *
 * @example
 * ```ts
 * const edge = RelationshipSchema.parse({ id: 'calls:application:git/x->provider:openai', type: 'calls', from: 'application:git/x', to: 'provider:openai', provenance: [p], firstSeen: t, lastSeen: t });
 * ```
 */
export const RelationshipSchema = z
  .object({
    id: z.string().regex(RELATIONSHIP_ID),
    type: RelationshipTypeSchema,
    from: z.string().regex(ASSET_ID),
    to: z.string().regex(ASSET_ID),
    attributes: z.record(z.string(), z.unknown()).default({}),
    dataClasses: DataClassesSchema.default([]),
    provenance: z.array(ProvenanceSchema).min(1),
    fieldSources: z.record(z.string(), z.int().nonnegative()).default({}),
    conflicts: z.array(ConflictSchema).default([]),
    firstSeen: z.iso.datetime({ offset: true }),
    lastSeen: z.iso.datetime({ offset: true }),
  })
  .strict();

/** See {@link RelationshipSchema}. */
export type Relationship = z.infer<typeof RelationshipSchema>;
