import { FactBasisSchema, LocatorSchema, ObservedAssetSchema, ObservedRelationshipSchema } from '@aispm/core';
import { z } from 'zod';

/**
 * Where and how a connector saw a fact. The runtime completes it into a full core `Provenance`
 * (connector id, time of the run) before the observation leaves the runtime.
 */
export const MessageProvenanceSchema = z
  .object({
    locator: LocatorSchema.optional(),
    basis: FactBasisSchema.optional(),
    source: z.string().min(1).optional(),
    detail: z.string().optional(),
    observedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** See {@link MessageProvenanceSchema}. */
export type MessageProvenance = z.input<typeof MessageProvenanceSchema>;

/** Log levels of `log` messages and of the runtime logger. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Every message a connector's `sync` may yield:
 *
 * - `asset`: one observed asset.
 * - `relationship`: one observed edge.
 * - `state`: a checkpoint; the runtime saves it only after every observation yielded before it is stored.
 * - `log`: a line for the run log (redacted by the runtime).
 * - `status`: progress (`done` of `total` in a `phase`).
 *
 * @example
 * ```ts
 * const m: ConnectorMessage = { type: 'asset', asset: { kind: 'model', key: 'mlflow/fraud' }, provenance: { locator: { url: 'https://mlflow.example/x' } } };
 * ConnectorMessageSchema.parse(m);
 * ```
 */
export const ConnectorMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('asset'), asset: ObservedAssetSchema, provenance: MessageProvenanceSchema.optional() }).strict(),
  z.object({ type: z.literal('relationship'), relationship: ObservedRelationshipSchema, provenance: MessageProvenanceSchema.optional() }).strict(),
  z.object({ type: z.literal('state'), state: z.unknown() }).strict(),
  z.object({ type: z.literal('log'), level: z.enum(LOG_LEVELS), message: z.string(), data: z.record(z.string(), z.unknown()).optional() }).strict(),
  z
    .object({
      type: z.literal('status'),
      phase: z.string().optional(),
      done: z.number().nonnegative().optional(),
      total: z.number().nonnegative().optional(),
      message: z.string().optional(),
    })
    .strict(),
]);

/** A message yielded by `sync`. `S` is the connector's state type. See {@link ConnectorMessageSchema}. */
export type ConnectorMessage<S = unknown> = Exclude<z.input<typeof ConnectorMessageSchema>, { type: 'state' }> | { type: 'state'; state: S };

/** The type tags of {@link ConnectorMessage}. */
export const MESSAGE_TYPES = ['asset', 'relationship', 'state', 'log', 'status'] as const;
