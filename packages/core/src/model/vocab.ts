import { z } from 'zod';

/**
 * The stable set of asset kinds. New kinds start as experimental and are added here once stable.
 *
 * @example
 * ```ts
 * ASSET_KINDS.includes('mcp-server'); // true
 * ```
 */
export const ASSET_KINDS = [
  'provider',
  'model',
  'model-endpoint',
  'application',
  'agent',
  'mcp-server',
  'tool',
  'dataset',
  'vector-store',
  'prompt',
  'library',
  'saas-ai-feature',
  'identity',
  'credential',
  'subscription',
  'gateway',
] as const;

/** One of {@link ASSET_KINDS}. */
export type AssetKind = (typeof ASSET_KINDS)[number];

/** Zod schema for {@link AssetKind}. */
export const AssetKindSchema = z.enum(ASSET_KINDS);

/**
 * The relationship (edge) types of the inventory graph, with their direction:
 * `uses-model` (application/agent → model), `calls` (application/agent → provider, endpoint or
 * API), `served-by` (model → model-endpoint), `hosted-by` (model/endpoint/vector-store → provider),
 * `trained-on` and `fine-tuned-from` (model → dataset / base model), `retrieves-from`
 * (application/agent → vector-store), `embeds-with` (vector-store → model), `connects-to`
 * (agent → mcp-server), `exposes-tool` (mcp-server → tool), `can-invoke` (identity → asset),
 * `holds-credential` (identity/application → credential), `depends-on` (application → library),
 * `routes-through` (→ gateway), `owned-by` (asset → identity), `authenticates-to`
 * (credential → provider), `sends-data` (asset → asset, with data classes).
 *
 * @example
 * ```ts
 * RELATIONSHIP_TYPES.includes('connects-to'); // true
 * ```
 */
export const RELATIONSHIP_TYPES = [
  'uses-model',
  'calls',
  'served-by',
  'hosted-by',
  'trained-on',
  'fine-tuned-from',
  'retrieves-from',
  'embeds-with',
  'connects-to',
  'exposes-tool',
  'can-invoke',
  'holds-credential',
  'depends-on',
  'routes-through',
  'owned-by',
  'authenticates-to',
  'sends-data',
  'contains',
] as const;

/** One of {@link RELATIONSHIP_TYPES}. */
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

/** Zod schema for {@link RelationshipType}. */
export const RelationshipTypeSchema = z.enum(RELATIONSHIP_TYPES);

/**
 * Classes of data that can flow into or out of an AI asset.
 *
 * @example
 * ```ts
 * DataClassSchema.parse('pii'); // 'pii'
 * ```
 */
export const DATA_CLASSES = [
  'pii',
  'phi',
  'payment',
  'credentials',
  'source-code',
  'confidential',
  'customer-content',
  'internal',
  'public',
  'biometric',
  'children',
  'financial',
  'legal',
] as const;

/** One of {@link DATA_CLASSES}. */
export type DataClass = (typeof DATA_CLASSES)[number];

/** Zod schema for {@link DataClass}. */
export const DataClassSchema = z.enum(DATA_CLASSES);

/**
 * How an AI model or application is sourced and run: trained in-house, fine-tuned in-house, a
 * third-party API, open weights hosted by us, embedded in a SaaS product, or an agent.
 *
 * @example
 * ```ts
 * SurfaceClassSchema.parse('third-party-api');
 * ```
 */
export const SURFACE_CLASSES = ['first-party-trained', 'fine-tuned-in-house', 'third-party-api', 'open-weight-self-hosted', 'embedded-saas', 'agent'] as const;

/** One of {@link SURFACE_CLASSES}. */
export type SurfaceClass = (typeof SURFACE_CLASSES)[number];

/** Zod schema for {@link SurfaceClass}. */
export const SurfaceClassSchema = z.enum(SURFACE_CLASSES);

/**
 * How a fact was established: `declared` by an authoritative source (a manifest, a BOM, a
 * registry), `inferred` by detection (a regex, a heuristic), or `unresolved` (seen but not
 * pinned down, such as a model name in a variable we could not resolve).
 */
export const FACT_BASES = ['declared', 'inferred', 'unresolved'] as const;

/** One of {@link FACT_BASES}. */
export type FactBasis = (typeof FACT_BASES)[number];

/** Zod schema for {@link FactBasis}. */
export const FactBasisSchema = z.enum(FACT_BASES);
