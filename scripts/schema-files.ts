import { fileURLToPath } from 'node:url';
import { ScanResultSchema } from '@aispm/cli';
import { generateJsonSchemas, toPublishedJsonSchema } from '@aispm/core';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every shipped JSON Schema file: absolute path → expected content. */
export function expectedSchemaFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [stem, schema] of Object.entries(generateJsonSchemas())) {
    out[`${root}packages/core/schemas/${stem}.schema.json`] = `${JSON.stringify(schema, null, 2)}\n`;
  }
  out[`${root}packages/cli/schemas/scan-result.schema.json`] = `${JSON.stringify(toPublishedJsonSchema('scan-result', ScanResultSchema), null, 2)}\n`;
  return out;
}
