// Writes the JSON Schema files shipped in @aispm/core and @aispm/cli from their zod schemas.
// A test (packages/core/test/schemas.test.ts) fails when the shipped files differ.
import { mkdirSync, writeFileSync } from 'node:fs';
import { expectedSchemaFiles } from './schema-files';

for (const [path, content] of Object.entries(expectedSchemaFiles())) {
  mkdirSync(path.slice(0, path.lastIndexOf('/')), { recursive: true });
  writeFileSync(path, content);
  console.log(`wrote ${path}`);
}
