import type { Issue, Result } from '@aispm/core';

/**
 * The Standard Schema interface (standardschema.dev), written out here so that connector
 * configuration can be declared with any validator that implements it: zod, valibot, arktype
 * and others. Only the parts aispm reads are declared.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const schema: StandardSchemaV1<unknown, { url: string }> = z.object({ url: z.string() });
 * ```
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** The result of a Standard Schema validation. */
export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<{ readonly message: string; readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined }> };

/** The output type of a Standard Schema. */
export type InferOutput<S> = S extends StandardSchemaV1<unknown, infer O> ? O : never;

/**
 * True when `value` implements Standard Schema version 1.
 *
 * @example
 * ```ts
 * isStandardSchema(z.object({})); // true
 * ```
 */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const std = (value as Record<string, unknown>)['~standard'] as Record<string, unknown> | undefined;
  return typeof std === 'object' && std !== null && std.version === 1 && typeof std.validate === 'function';
}

function pointerOf(path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined): string {
  if (!path || path.length === 0) return '';
  return path
    .map((seg) => {
      const key = typeof seg === 'object' && seg !== null ? seg.key : seg;
      return `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
    })
    .join('');
}

/**
 * Validates `value` with any Standard Schema and returns a {@link Result} whose issues carry a
 * JSON Pointer to the offending field.
 *
 * @example
 * ```ts
 * const r = await validateWithSchema(z.object({ url: z.url() }), { url: 'nope' });
 * if (!r.ok) r.issues[0].path; // '/url'
 * ```
 */
export async function validateWithSchema<O>(schema: StandardSchemaV1<unknown, O>, value: unknown): Promise<Result<O>> {
  const out = await schema['~standard'].validate(value);
  if (out.issues) {
    const issues: Issue[] = out.issues.map((i) => ({ code: 'config/invalid', message: i.message, path: pointerOf(i.path) }));
    return { ok: false, issues };
  }
  return { ok: true, value: out.value };
}
