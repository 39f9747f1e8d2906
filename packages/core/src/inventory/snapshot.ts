import { z } from 'zod';
import { type Asset, AssetSchema, type Relationship, RelationshipSchema } from '../model/asset';

/** The current snapshot format version. */
export const SNAPSHOT_SCHEMA_VERSION = 1 as const;

/**
 * Schema of an inventory snapshot: every asset and relationship, sorted by id, with sorted keys.
 *
 * @example
 * ```ts
 * const snap = InventorySnapshotSchema.parse(JSON.parse(text));
 * ```
 */
export const InventorySnapshotSchema = z
  .object({
    schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
    assets: z.array(AssetSchema),
    relationships: z.array(RelationshipSchema),
  })
  .strict();

/** A plain, serialisable inventory. See {@link InventorySnapshotSchema}. */
export interface InventorySnapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  assets: Asset[];
  relationships: Relationship[];
}
