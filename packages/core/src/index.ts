// @aispm/core: the inventory model, identity, merge and queries.
// This list is written by hand: every export is deliberate.

export type { AispmErrorCode, AispmErrorOptions, Issue, Result } from './errors';
export { AispmError, fail, ok } from './errors';
export type { Ecosystem, IdentityResolver, McpServerIdentity, McpServerSpec, PackageIdentity, ParsedModelId } from './identity/resolver';
export { createIdentityResolver, defaultIdentity } from './identity/resolver';
export type { IdentityTables, ModelFamily, ProviderAlias } from './identity/tables';
export { DEFAULT_HF_ORGS, DEFAULT_IDENTITY_TABLES, DEFAULT_MODEL_FAMILIES, DEFAULT_PROVIDERS } from './identity/tables';
export type { EntityChange, EntityDiff, FieldChange, InventoryDiff } from './inventory/diff';
export { diffSnapshots, isEmptyDiff } from './inventory/diff';
export type {
  AddOutcome,
  AssetQuery,
  Direction,
  GraphPath,
  Inventory,
  InventoryOptions,
  Neighbour,
  PathHop,
  PathQuery,
  ReachableOptions,
  RelationshipQuery,
} from './inventory/inventory';
export { createInventory, fromSnapshot } from './inventory/inventory';
export { compareFacts, provenanceKey } from './inventory/merge-rules';
export type { ObservationFileResult, ParseObservationOptions } from './inventory/observation-file';
export { parseObservationText } from './inventory/observation-file';
export type { InventorySnapshot } from './inventory/snapshot';
export { InventorySnapshotSchema, SNAPSHOT_SCHEMA_VERSION } from './inventory/snapshot';
export type { Asset, AssetOf, Conflict, Relationship } from './model/asset';
export { AssetSchema, ConflictSchema, RelationshipSchema } from './model/asset';
export {
  AgentAttributesSchema,
  ApplicationAttributesSchema,
  ATTRIBUTE_SCHEMAS,
  CredentialAttributesSchema,
  DataClassesSchema,
  DatasetAttributesSchema,
  GatewayAttributesSchema,
  IdentityAttributesSchema,
  LibraryAttributesSchema,
  McpServerAttributesSchema,
  ModelAttributesSchema,
  ModelEndpointAttributesSchema,
  PromptAttributesSchema,
  ProviderAttributesSchema,
  SaasAiFeatureAttributesSchema,
  SubscriptionAttributesSchema,
  TOOL_CAPABILITIES,
  ToolAttributesSchema,
  VectorStoreAttributesSchema,
} from './model/attributes';
export type { Evidence, Finding, FindingState, Level, ResultStatus, RuleResult, Severity } from './model/findings';
export {
  ControlRefSchema,
  EvidenceSchema,
  FINDING_STATES,
  FindingSchema,
  FindingStateSchema,
  findingFingerprint,
  findingFromResult,
  LEVELS,
  LevelSchema,
  RESULT_STATUSES,
  ResultStatusSchema,
  RuleResultSchema,
  SEVERITIES,
  SeveritySchema,
  severityRank,
} from './model/findings';
export { generateJsonSchemas, PUBLIC_SCHEMAS, toPublishedJsonSchema } from './model/json-schemas';
export type { AssetRef, Observation, ObservedAsset, ObservedRelationship, ParsedObservation } from './model/observation';
export { AssetRefSchema, ObservationSchema, ObservedAssetSchema, ObservedRelationshipSchema } from './model/observation';
export type { Locator, Provenance, ProvenanceInput } from './model/provenance';
export { LocatorSchema, ProvenanceSchema } from './model/provenance';
export type { AssetKind, DataClass, FactBasis, RelationshipType, SurfaceClass } from './model/vocab';
export {
  ASSET_KINDS,
  AssetKindSchema,
  DATA_CLASSES,
  DataClassSchema,
  FACT_BASES,
  FactBasisSchema,
  RELATIONSHIP_TYPES,
  RelationshipTypeSchema,
  SURFACE_CLASSES,
  SurfaceClassSchema,
} from './model/vocab';
export { canonicalJson, sortKeysDeep } from './util/canonical-json';
export type { JsonSyntaxError, TextPosition } from './util/json-locate';
export { locateJson, positionAt } from './util/json-locate';
export { getByPointer, parseJsonPointer, toJsonPointer } from './util/json-pointer';

// ---- Areas added by later issues append their export blocks below, one block per area. ----
