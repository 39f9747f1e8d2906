import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AispmError } from '@aispm/core';
import { z } from 'zod';

/** A source entry of the configuration file. */
export const SourceConfigSchema = z
  .object({
    type: z.string().min(1).describe('Source type: observations, repo, bom, ...'),
    path: z.string().min(1).optional(),
    name: z.string().optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

/** See {@link SourceConfigSchema}. */
export type SourceConfig = z.infer<typeof SourceConfigSchema>;

/**
 * The schema of `aispm.config.yaml`.
 *
 * @example
 * ```yaml
 * version: 1
 * sources:
 *   - type: observations
 *     path: observations.jsonl
 * output: { format: table }
 * ```
 */
export const ConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    name: z.string().optional(),
    sources: z.array(SourceConfigSchema).default([]),
    output: z
      .object({
        format: z.string().optional(),
        out: z.string().optional(),
      })
      .strict()
      .default({}),
    failOn: z.enum(['critical', 'high', 'medium', 'low', 'info']).optional(),
    record: z.union([z.string(), z.literal(false)]).optional(),
    rules: z.array(z.string()).default([]),
    identity: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

/** A loaded configuration, with the folder its relative paths resolve against. */
export type AispmConfig = z.infer<typeof ConfigSchema> & { baseDir: string };

/**
 * Loads and validates a YAML (or JSON) configuration file. Problems throw an `AispmError` with
 * code `config` naming the file and the field.
 *
 * @example
 * ```ts
 * const config = await loadConfig('aispm.config.yaml');
 * ```
 */
export async function loadConfig(path: string): Promise<AispmConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new AispmError('config', `cannot read config file ${path}: ${(e as Error).message}`, { cause: e });
  }
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const line = first?.linePos?.[0]?.line;
    throw new AispmError('config', `${path}${line ? `:${line}` : ''}: invalid YAML: ${first?.message.split('\n')[0]}`);
  }
  const parsed = ConfigSchema.safeParse(doc.toJS(), { jitless: true });
  if (!parsed.success) {
    const msgs = parsed.error.issues.map((i) => `/${i.path.join('/')}: ${i.message}`);
    throw new AispmError('config', `${path}: invalid configuration:\n  ${msgs.join('\n  ')}`);
  }
  return { ...parsed.data, baseDir: dirname(resolve(path)) };
}
