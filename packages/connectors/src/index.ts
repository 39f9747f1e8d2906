// @aispm/connectors: the connector SDK, its runtime and the built-in connectors.
// This list is written by hand: every export is deliberate.

// ---- SDK ----
export type { CheckContext, CheckResult, Connector, ConnectorDefinition, ConnectorFetch, ConnectorLogger, LogRecord, SyncContext } from './sdk/connector';
export { defineConnector, isConnector } from './sdk/connector';
export type { ConnectorFailure, FailureClass, RunPhase } from './sdk/failures';
export { classifyError, classifyHttpStatus, connectorError, FAILURE_CLASSES } from './sdk/failures';
export type { ConnectorManifest, ConnectorManifestInput, Permission, RateLimit, RetryPolicy, Stability } from './sdk/manifest';
export { ManifestDataSchema, PermissionSchema, RateLimitSchema, RetryPolicySchema, STABILITIES, secretPointer, validateManifest } from './sdk/manifest';
export type { ConnectorMessage, LogLevel, MessageProvenance } from './sdk/messages';
export { ConnectorMessageSchema, LOG_LEVELS, MESSAGE_TYPES, MessageProvenanceSchema } from './sdk/messages';
export type { InferOutput, StandardResult, StandardSchemaV1 } from './sdk/standard-schema';
export { isStandardSchema, validateWithSchema } from './sdk/standard-schema';
