import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  baselineMappings,
  baselinePack,
  builtinCatalog,
  frameworksJsonSchemas,
  renderCatalogIndex,
  renderCatalogReference,
  renderRuleReference,
} from '../../src/index';

const docs = (p: string) => readFileSync(fileURLToPath(new URL(`../../../../docs/reference/${p}`, import.meta.url)), 'utf8');

describe('generated reference pages (run scripts/gen-reference.ts when this fails)', () => {
  it('rules.md lists every rule with its mappings and is current', () => {
    const md = renderRuleReference(baselinePack.rules, baselineMappings());
    for (const r of baselinePack.rules) expect(md).toContain(`## ${r.id}`);
    expect(md).toContain('| owasp-llm-2025 | LLM02:2025 | Sensitive Information Disclosure |');
    expect(md).not.toContain('(not in catalog)');
    expect(docs('rules.md')).toBe(md);
  });

  it('catalog pages are current', () => {
    expect(docs('catalogs/index.md')).toBe(renderCatalogIndex());
    for (const fw of builtinCatalog().list()) expect(docs(`catalogs/${fw.id}.md`), fw.id).toBe(renderCatalogReference(fw));
  });
});

describe('shipped JSON Schemas', () => {
  it('match the zod schemas', () => {
    for (const [stem, schema] of Object.entries(frameworksJsonSchemas())) {
      const shipped = readFileSync(fileURLToPath(new URL(`../../schemas/${stem}.schema.json`, import.meta.url)), 'utf8');
      expect(shipped, stem).toBe(`${JSON.stringify(schema, null, 2)}\n`);
    }
  });
});
