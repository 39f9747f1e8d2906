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

// ---- AIBOM (issue 4): CycloneDX and SPDX in and out ----
export type {
  BomFormat,
  BomReadOptions,
  BomReadResult,
  BomSubject,
  BomValidation,
  BomWriteOptions,
  CycloneDxWriteOptions,
  CycloneDxWriteVersion,
  DetectedBom,
  ValidateBomOptions,
} from './aibom/index';
export { CYCLONEDX_READ_VERSIONS, detectBomFormat, readBom, readCycloneDx, readSpdx, validateBom, writeCycloneDx, writeSpdx3 } from './aibom/index';
// ---- Posture record (issue 3): append-only hash-chained log, folds, lifecycle, exceptions, stores. ----
export type {
  ActionContext,
  ChainBreakReason,
  ChainHead,
  ChainVerification,
  ChainVerifier,
  ChangeGroup,
  EntityAccess,
  EntityFilter,
  EntityKind,
  EntityRef,
  EntityTypes,
  EventInput,
  EventQuery,
  EventType,
  ExceptionEntry,
  ExceptionGrant,
  ExceptionStatus,
  FindingQuery,
  PostgresStoreOptions,
  PostureRecord,
  PostureState,
  PostureStore,
  PreviousState,
  ReconcileInput,
  RecordEvent,
  RecordedFinding,
  RunDiff,
  RunEntry,
  RunInput,
  RunOutcome,
  RunSummary,
  ScoreEntry,
  ScoreInput,
  SqliteStoreOptions,
  StoreBackend,
  TransitionGuard,
} from './record/index';
export {
  acceptCovered,
  applyEvent,
  batchEntities,
  buildBatch,
  canonicalEventPayload,
  canonicalStringify,
  coveringException,
  createChainVerifier,
  createMemoryStore,
  createPostgresStore,
  createPostureRecord,
  createSqliteStore,
  ENTITY_KINDS,
  EVENT_DATA_SCHEMAS,
  EVENT_TYPES,
  EventInputSchema,
  EventTypeSchema,
  ExceptionGrantSchema,
  emptyState,
  eventSubject,
  eventToJsonl,
  exceptionCovers,
  exceptionId,
  exportJsonl,
  FINDING_TRANSITIONS,
  FindingLifecycle,
  foldEvents,
  GENESIS_HASH,
  hashEvent,
  isExceptionLive,
  openStore,
  RECORD_SCHEMA_VERSION,
  RecordEventSchema,
  reconcileRun,
  stateAccess,
  touchedEntities,
  transitionFinding,
  validateEventInput,
  verifyChain,
  verifyJsonl,
} from './record/index';
// ---- Rule engine (issue 6): rule schema, conditions, path rules, lint, evaluation, loading. ----
export type { EvaluateOptions, RuleEvaluation, RuleSource } from './rules/engine';
export { evaluateRules } from './rules/engine';
export type { LintedRules, LintOptions } from './rules/lint';
export { checkRuleExamples, exampleInventory, lintRules } from './rules/lint';
export type { LoadRuleFileOptions } from './rules/load';
export { loadRuleFile } from './rules/load';
export { compileGlob, globMatch } from './rules/pattern';
export type {
  Comparison,
  Condition,
  CountSpec,
  JsonValue,
  NeighbourPredicate,
  PathPattern,
  PathStep,
  RuleContext,
  RuleDefinition,
  RuleEvaluateFn,
  RuleExample,
  RuleInput,
  RuleOutcome,
  RulePack,
  Selector,
} from './rules/schema';
export {
  ComparisonSchema,
  ConditionSchema,
  CountSpecSchema,
  defineRule,
  defineRulePack,
  FieldPointerSchema,
  NeighbourPredicateSchema,
  PathPatternSchema,
  PathStepSchema,
  RemediationSchema,
  RULE_ID_PATTERN,
  RuleDefinitionSchema,
  RuleExampleSchema,
  RulePackSchema,
  SelectorSchema,
} from './rules/schema';
