// The posture record: events, hash chain, folds, lifecycle, exceptions, reconciliation, stores.
export type { ChainBreakReason, ChainVerification, ChainVerifier } from './chain';
export { canonicalEventPayload, canonicalStringify, createChainVerifier, eventToJsonl, exportJsonl, hashEvent, verifyChain, verifyJsonl } from './chain';
export type { ChainHead, EventInput, EventType, RecordEvent } from './events';
export {
  EVENT_DATA_SCHEMAS,
  EVENT_TYPES,
  EventInputSchema,
  EventTypeSchema,
  eventSubject,
  GENESIS_HASH,
  RecordEventSchema,
  validateEventInput,
} from './events';
export type { ExceptionGrant } from './exceptions';
export { coveringException, ExceptionGrantSchema, exceptionCovers, exceptionId, isExceptionLive } from './exceptions';
export type { TransitionGuard } from './lifecycle';
export { FINDING_TRANSITIONS, FindingLifecycle, transitionFinding } from './lifecycle';
export { createMemoryStore } from './memory-store';
export { openStore } from './open-store';
export type { PostgresStoreOptions } from './postgres-store';
export { createPostgresStore } from './postgres-store';
export type { PreviousState, ReconcileInput, RunSummary, ScoreInput } from './reconcile';
export { acceptCovered, reconcileRun } from './reconcile';
export type { ActionContext, ChangeGroup, FindingQuery, PostureRecord, RunDiff, RunInput, RunOutcome } from './record';
export { createPostureRecord } from './record';
export { RECORD_SCHEMA_VERSION } from './sql';
export type { SqliteStoreOptions } from './sqlite-store';
export { createSqliteStore } from './sqlite-store';
export type {
  EntityAccess,
  EntityKind,
  EntityRef,
  EntityTypes,
  ExceptionEntry,
  ExceptionStatus,
  PostureState,
  RecordedFinding,
  RunEntry,
  ScoreEntry,
} from './state';
export { applyEvent, ENTITY_KINDS, emptyState, foldEvents, stateAccess, touchedEntities } from './state';
export type { EntityFilter, EventQuery, PostureStore, StoreBackend } from './store';
export { batchEntities, buildBatch } from './store';
