// @aispm/connectors: the connector SDK, its runtime and the built-in connectors.
// This list is written by hand: every export is deliberate.

// ---- Repository scanner (`repo` connector) and detection catalogs ----
export type { AgentFramework, CatalogExtension, DetectionCatalog, KeyFormat, ProviderHost, RuntimeImage, SdkPackage } from './catalogs/index';
export { CATALOG_VERSION, DEFAULT_CATALOG, DetectionCatalogSchema, extendCatalog, renderCatalogMarkdown } from './catalogs/index';
// ---- Example connectors ----
export type { MlflowConfig, MlflowState } from './examples/mlflow';
export { MlflowConfigSchema, mlflowConnector } from './examples/mlflow';
// ---- HTTP ----
export type { ConnectorFetchOptions, HttpStats } from './http/connector-fetch';
export { assertOk, createConnectorFetch } from './http/connector-fetch';
export type { RateLimiter, Semaphore } from './http/limits';
export { createRateLimiter, createSemaphore } from './http/limits';
export { backoffDelay, parseRetryAfter } from './http/retry';
export type {
  Fact,
  FactRef,
  FileFacts,
  PlaceholderReason,
  RepoConfig,
  RepoScanOptions,
  RepoScanResult,
  RepoScanStats,
  WalkEntry,
  WalkOptions,
  WalkSkip,
} from './repo/index';
export {
  acceptHfRepo,
  acceptModelId,
  buildAutomaton,
  buildPatternSet,
  createKernel,
  DEFAULT_SKIP_DIRS,
  defaultWorkers,
  fingerprintSecret,
  placeholderReason,
  RepoConfigSchema,
  repoConnector,
  scanRepository,
  walkTree,
} from './repo/index';
export { analyseRegex } from './repo/regex-safety';
// ---- Runtime ----
export type { Clock, VirtualClock } from './runtime/clock';
export { createVirtualClock, seededRandom, systemClock } from './runtime/clock';
export type { Redactor } from './runtime/redact';
export { createRedactor, REDACTED, SECRET_PATTERNS, secretValues } from './runtime/redact';
export type { ConnectorRuntime, ConnectorRuntimeOptions, RunOptions, RunProgress, RunResult } from './runtime/runtime';
export { createConnectorRuntime, runConnector } from './runtime/runtime';
// ---- SDK ----
export type { CheckContext, CheckResult, Connector, ConnectorDefinition, ConnectorFetch, ConnectorLogger, LogRecord, SyncContext } from './sdk/connector';
export { defineConnector, isConnector } from './sdk/connector';
export type { ConfigField } from './sdk/docs';
export { configFields, renderConnectorReference } from './sdk/docs';
export type { ConnectorFailure, FailureClass, RunPhase } from './sdk/failures';
export { classifyError, classifyHttpStatus, connectorError, FAILURE_CLASSES } from './sdk/failures';
export type { ConnectorManifest, ConnectorManifestInput, Permission, RateLimit, RetryPolicy, Stability } from './sdk/manifest';
export { ManifestDataSchema, PermissionSchema, RateLimitSchema, RetryPolicySchema, STABILITIES, secretPointer, validateManifest } from './sdk/manifest';
export type { ConnectorMessage, LogLevel, MessageProvenance } from './sdk/messages';
export { ConnectorMessageSchema, LOG_LEVELS, MESSAGE_TYPES, MessageProvenanceSchema } from './sdk/messages';
export type { InferOutput, StandardResult, StandardSchemaV1 } from './sdk/standard-schema';
export { isStandardSchema, validateWithSchema } from './sdk/standard-schema';
