// Regenerates docs/reference/catalogs-detection.md from the built-in catalog.
// Run: npx tsx --tsconfig tsconfig.scripts.json packages/connectors/src/catalogs/scripts/gen-catalog-docs.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CATALOG, renderCatalogMarkdown } from '../index';

const out = join(dirname(fileURLToPath(import.meta.url)), '../../../../../docs/reference/catalogs-detection.md');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, renderCatalogMarkdown(DEFAULT_CATALOG));
