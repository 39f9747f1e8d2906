// Writes the generated reference pages: docs/reference/rules.md (every baseline rule with its
// mappings) and docs/reference/catalogs/*.md (every catalog, plus an index of crosswalks and
// profiles), and the JSON Schemas shipped in packages/frameworks/schemas/. A test (packages/frameworks/test/reference/docs.test.ts) fails when they are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  baselineMappings,
  baselinePack,
  builtinCatalog,
  frameworksJsonSchemas,
  renderCatalogIndex,
  renderCatalogReference,
  renderRuleReference,
} from '@aispm/frameworks';

const files: Record<string, string> = { 'docs/reference/rules.md': renderRuleReference(baselinePack.rules, baselineMappings()) };
files['docs/reference/catalogs/index.md'] = renderCatalogIndex();
for (const fw of builtinCatalog().list()) files[`docs/reference/catalogs/${fw.id}.md`] = renderCatalogReference(fw);

for (const [stem, schema] of Object.entries(frameworksJsonSchemas()))
  files[`packages/frameworks/schemas/${stem}.schema.json`] = `${JSON.stringify(schema, null, 2)}\n`;

mkdirSync('docs/reference/catalogs', { recursive: true });
mkdirSync('packages/frameworks/schemas', { recursive: true });
for (const [path, content] of Object.entries(files)) {
  writeFileSync(path, content);
  process.stdout.write(`wrote ${path}\n`);
}
