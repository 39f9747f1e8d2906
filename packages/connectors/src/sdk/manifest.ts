import { AssetKindSchema, type Issue, RelationshipTypeSchema, type Result } from '@aispm/core';
import { z } from 'zod';
import { isStandardSchema, type StandardSchemaV1 } from './standard-schema';

/** How stable a connector is: its id, config and output shape may change before `stable`. */
export const STABILITIES = ['experimental', 'beta', 'stable', 'deprecated'] as const;

/** One of {@link STABILITIES}. */
export type Stability = (typeof STABILITIES)[number];

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const CONNECTOR_ID = /^(?:[a-z][a-z0-9-]*|x_[a-z0-9.-]+:[a-z][a-z0-9-]*)$/;

/**
 * The retry policy the runtime applies to a connector's HTTP calls: exponential backoff with
 * full jitter, `Retry-After` honoured up to `maxRetryAfterMs`.
 *
 * @example
 * ```ts
 * const retry = RetryPolicySchema.parse({ maxAttempts: 5 });
 * retry.initialDelayMs; // 500
 * ```
 */
export const RetryPolicySchema = z
  .object({
    maxAttempts: z.int().min(1).max(20).default(4).describe('Attempts per call, the first one included.'),
    initialDelayMs: z.int().nonnegative().default(500).describe('Delay before the first retry, before jitter.'),
    maxDelayMs: z.int().nonnegative().default(30_000).describe('Upper bound of one backoff delay.'),
    multiplier: z.number().min(1).default(2).describe('Growth factor of the delay per attempt.'),
    jitter: z.number().min(0).max(1).default(1).describe('Share of the delay that is randomised (1 = full jitter).'),
    retryOn: z.array(z.int().min(400).max(599)).default([408, 429, 500, 502, 503, 504]).describe('HTTP statuses that are retried.'),
    maxRetryAfterMs: z.int().nonnegative().default(120_000).describe('Longest Retry-After the runtime waits; a longer one fails the call as transient.'),
    timeoutMs: z.int().positive().default(30_000).describe('Timeout of one attempt; a timed-out attempt is retried.'),
  })
  .strict();

/** See {@link RetryPolicySchema}. */
export type RetryPolicy = z.output<typeof RetryPolicySchema>;

/**
 * The rate limit the runtime enforces on a connector's HTTP calls: a token bucket of
 * `requestsPerSecond` with `burst` capacity, and at most `concurrency` calls in flight.
 *
 * @example
 * ```ts
 * RateLimitSchema.parse({ requestsPerSecond: 10 }).concurrency; // 4
 * ```
 */
export const RateLimitSchema = z
  .object({
    requestsPerSecond: z.number().positive().optional().describe('Sustained request rate; absent means unlimited.'),
    burst: z.int().positive().default(1).describe('Requests that may be sent at once before the rate applies.'),
    concurrency: z.int().positive().default(4).describe('Calls in flight at once.'),
  })
  .strict();

/** See {@link RateLimitSchema}. */
export type RateLimit = z.output<typeof RateLimitSchema>;

/** One permission a connector needs in the system it reads. */
export const PermissionSchema = z
  .object({
    name: z.string().min(1).describe('The permission, scope or role as the system names it.'),
    reason: z.string().min(1).describe('Why the connector needs it.'),
    optional: z.boolean().default(false).describe('The connector still works without it, with less output.'),
  })
  .strict();

/** See {@link PermissionSchema}. */
export type Permission = z.output<typeof PermissionSchema>;

/**
 * The manifest of a connector, minus its config schema (which may come from any Standard Schema
 * validator and is checked separately).
 */
export const ManifestDataSchema = z
  .object({
    id: z.string().regex(CONNECTOR_ID, 'a lowercase id such as "mlflow", or "x_<reverse-dns>:<name>" for vendors'),
    version: z.string().regex(SEMVER, 'a semantic version such as 1.2.0'),
    title: z.string().min(1),
    description: z.string().min(1),
    stability: z.enum(STABILITIES),
    owners: z.array(z.string().min(1)).min(1).describe('People or teams who maintain the connector.'),
    homepage: z.string().optional(),
    secrets: z
      .array(z.string().min(1))
      .default([])
      .describe('Config fields that hold secrets, as field names or JSON Pointers; the runtime redacts their values everywhere.'),
    permissions: z.array(PermissionSchema).default([]),
    emits: z
      .object({
        kinds: z.array(AssetKindSchema).min(1),
        relationships: z.array(RelationshipTypeSchema).default([]),
      })
      .strict(),
    incremental: z.boolean().default(false).describe('Whether sync resumes from saved state.'),
    rateLimit: RateLimitSchema.default({ burst: 1, concurrency: 4 }),
    retry: RetryPolicySchema.prefault({}),
    configExample: z.record(z.string(), z.unknown()).optional().describe('A sample configuration for the docs; secrets shown as placeholders.'),
  })
  .strict();

/** Input form of a manifest: what a connector author writes. */
export type ConnectorManifestInput<C = unknown> = z.input<typeof ManifestDataSchema> & {
  /** The configuration schema: any Standard Schema validator (zod included). */
  config: StandardSchemaV1<unknown, C>;
};

/** A validated manifest, with defaults applied and secret fields as JSON Pointers. */
export type ConnectorManifest<C = unknown> = z.output<typeof ManifestDataSchema> & {
  config: StandardSchemaV1<unknown, C>;
};

/**
 * Normalises a secret field reference (`token` or `/auth/token`) to a JSON Pointer.
 *
 * @example
 * ```ts
 * secretPointer('token'); // '/token'
 * ```
 */
export function secretPointer(field: string): string {
  return field.startsWith('/') ? field : `/${field.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/**
 * Validates a manifest; issues carry JSON Pointers into it.
 *
 * @example
 * ```ts
 * const r = validateManifest({ id: 'demo', version: '1.0.0', title: 'Demo', description: 'd', stability: 'beta', owners: ['me'], emits: { kinds: ['model'] }, config: z.object({}) });
 * r.ok; // true
 * ```
 */
export function validateManifest<C>(input: ConnectorManifestInput<C>): Result<ConnectorManifest<C>> {
  const issues: Issue[] = [];
  if (typeof input !== 'object' || input === null)
    return { ok: false, issues: [{ code: 'manifest/invalid', message: 'manifest must be an object', path: '' }] };
  const { config, ...data } = input;
  if (!isStandardSchema(config)) {
    issues.push({ code: 'manifest/config-schema', message: 'config must be a Standard Schema validator (zod, valibot, arktype, ...)', path: '/config' });
  }
  // One parse per connector definition: zod's compiled fast path would cost more than it saves.
  const parsed = ManifestDataSchema.safeParse(data, { jitless: true });
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      issues.push({ code: `manifest/${i.code}`, message: i.message, path: i.path.map((p) => `/${String(p)}`).join('') });
    }
  }
  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  const value = { ...parsed.data, secrets: [...new Set(parsed.data.secrets.map(secretPointer))], config } as ConnectorManifest<C>;
  return { ok: true, value };
}
