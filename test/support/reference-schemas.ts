import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Reads a published schema from the project's shared reference folder (`../shared/reference/schemas/`
 * beside the repository), where unmodified copies of the SPDX and SARIF schemas are kept. They are
 * not copied into the repository.
 */
export function referenceSchema(name: 'spdx-2.3.schema.json' | 'spdx-3.0.1.schema.json' | 'sarif-2.1.0.schema.json'): Record<string, unknown> {
  const url = new URL(`../../../shared/reference/schemas/${name}`, import.meta.url);
  try {
    return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`reference schema ${name} not found beside the repository (shared/reference/schemas): ${(e as Error).message}`);
  }
}
