/**
 * The error codes an {@link AispmError} can carry.
 *
 * - `config`: a configuration value is missing or invalid.
 * - `usage`: an API or command was called with arguments it cannot accept.
 * - `parse`: input could not be parsed at all.
 * - `validation`: input parsed but does not satisfy its schema.
 * - `not-found`: a referenced entity does not exist.
 * - `conflict`: the operation conflicts with existing state.
 * - `illegal-transition`: a state machine refused a transition.
 * - `integrity`: a tamper-evidence or checksum check failed.
 * - `dependency-missing`: an optional dependency is not installed.
 * - `io`: a file or network operation failed.
 * - `auth`, `permission`, `transient`, `system`: connector failure classes.
 * - `internal`: a bug in aispm.
 */
export type AispmErrorCode =
  | 'config'
  | 'usage'
  | 'parse'
  | 'validation'
  | 'not-found'
  | 'conflict'
  | 'illegal-transition'
  | 'integrity'
  | 'dependency-missing'
  | 'io'
  | 'auth'
  | 'permission'
  | 'transient'
  | 'system'
  | 'internal';

const BRAND = Symbol.for('aispm.error');

/** Options accepted by the {@link AispmError} constructor. */
export interface AispmErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
  /** Whether retrying the same operation may succeed. Defaults to `false`. */
  retryable?: boolean;
  /** Structured details (file, pointer, ids) that help locate the problem. */
  details?: Record<string, unknown>;
}

/**
 * The one base error class of aispm. Every error aispm throws is an `AispmError` with a
 * {@link AispmErrorCode}. Use {@link AispmError.isInstance} rather than `instanceof`: it also
 * recognises errors from a second installed copy of the package.
 *
 * @example
 * ```ts
 * try {
 *   inventory.get('model:openai/gpt-4o', { required: true });
 * } catch (e) {
 *   if (AispmError.isInstance(e) && e.code === 'not-found') {
 *     // handle the missing asset
 *   }
 * }
 * ```
 */
export class AispmError extends Error {
  /** What kind of failure this is. */
  readonly code: AispmErrorCode;
  /** Whether retrying the same operation may succeed. */
  readonly retryable: boolean;
  /** Structured details that locate the problem. */
  readonly details: Record<string, unknown>;
  /** @internal brand used by {@link AispmError.isInstance}. */
  readonly [BRAND] = true;

  constructor(code: AispmErrorCode, message: string, options: AispmErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AispmError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }

  /**
   * True when `value` is an aispm error, including one created by another copy of the package.
   *
   * @example
   * ```ts
   * if (AispmError.isInstance(err)) console.error(err.code);
   * ```
   */
  static isInstance(value: unknown): value is AispmError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/**
 * One problem found in input: a code, a message, and where it is.
 * `path` is a JSON Pointer (RFC 6901) into the document; `file`, `line` and `column` are set
 * when the input came from a file.
 *
 * @example
 * ```ts
 * const issue: Issue = { code: 'invalid-kind', message: 'unknown asset kind "robot"', path: '/asset/kind', file: 'obs.jsonl', line: 3 };
 * ```
 */
export interface Issue {
  /** A short, stable, machine-readable code such as `invalid-json` or `unknown-kind`. */
  code: string;
  /** A human-readable sentence. */
  message: string;
  /** JSON Pointer to the offending value ('' for the whole document). */
  path: string;
  /** How serious the issue is. Defaults to `error` when absent. */
  severity?: 'error' | 'warning' | 'info';
  /** Source file, when the input was a file. */
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
  /** 1-based column in `file`. */
  column?: number;
}

/**
 * The result of an operation whose failures are expected: either a value or the issues that
 * prevented it.
 *
 * @example
 * ```ts
 * const r = parseObservation(input);
 * if (r.ok) use(r.value); else for (const i of r.issues) report(i);
 * ```
 */
export type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/**
 * Builds a successful {@link Result}.
 *
 * @example
 * ```ts
 * return ok(42);
 * ```
 */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/**
 * Builds a failed {@link Result}.
 *
 * @example
 * ```ts
 * return fail([{ code: 'empty', message: 'no input', path: '' }]);
 * ```
 */
export function fail<T = never>(issues: Issue[]): Result<T> {
  return { ok: false, issues };
}
