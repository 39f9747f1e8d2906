import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CATALOG_VERSION, DEFAULT_CATALOG, extendCatalog, renderCatalogMarkdown } from '../../src/catalogs/index';
import { DetectionCatalogSchema } from '../../src/catalogs/schema';
import { acceptModelId } from '../../src/repo/index';

describe('catalogs', () => {
  test('cover at least 20 AI services with key formats', () => {
    expect(new Set(DEFAULT_CATALOG.keyFormats.map((k) => k.provider)).size).toBeGreaterThanOrEqual(20);
    expect(DEFAULT_CATALOG.version).toBe(CATALOG_VERSION);
  });

  test('the built-in catalog is valid as shipped (it is not parsed at run time)', () => {
    // Parsing gives back the same catalog: every default is already filled in.
    expect(DetectionCatalogSchema.parse(DEFAULT_CATALOG)).toStrictEqual(DEFAULT_CATALOG);
  });

  test('extend from user configuration; user entries come first', () => {
    const r = extendCatalog(DEFAULT_CATALOG, {
      packages: [{ ecosystem: 'npm', name: '@acme/llm', imports: ['@acme/llm'], category: 'ai-sdk', provider: 'acme' }],
    });
    expect(r.ok && r.value.packages[0]?.name).toBe('@acme/llm');
  });

  test('bad and unsafe user entries come back as issues with a pointer', () => {
    const bad = extendCatalog(DEFAULT_CATALOG, { packages: [{ ecosystem: 'npm', name: '', category: 'ai-sdk' }] });
    expect(!bad.ok && bad.issues[0]?.path).toBe('/packages/0/name');
    const unsafe = extendCatalog(DEFAULT_CATALOG, {
      keyFormats: [{ id: 'x', provider: 'acme', description: 'd', pattern: '(acme-(a+)+)', literals: ['acme-'] }],
    });
    expect(!unsafe.ok && unsafe.issues.map((i) => [i.code, i.path])).toEqual([['catalog/unsafe-pattern', '/keyFormats/0/pattern']]);
  });

  test('the generated reference page is up to date', () => {
    const page = readFileSync(join(import.meta.dirname, '../../../../docs/reference/catalogs-detection.md'), 'utf8');
    // The page is formatted by the linter (aligned tables): compare without layout whitespace.
    const norm = (s: string) =>
      s
        .replace(/[ \t]+/g, ' ')
        .replace(/ *\| */g, '|')
        .replace(/-{3,}/g, '---');
    expect(norm(page)).toBe(norm(renderCatalogMarkdown(DEFAULT_CATALOG)));
  });

  test.each([
    ['gpt-4o-2024-08-06', 'openai/gpt-4o'],
    ['claude-sonnet-4-5', 'anthropic/claude-sonnet-4-5'],
    ['mistral-large-latest', 'mistral/mistral-large'],
    ['command-r-plus', 'cohere/command-r-plus'],
    ['o3-mini', 'openai/o3-mini'],
    ['ollama/llama3.1:8b', 'meta/llama3.1:8b'],
    ['us.anthropic.claude-3-5-sonnet-20241022-v2:0', 'anthropic/claude-3-5-sonnet'],
  ])('accepts the model id %s', (raw, key) => {
    expect(acceptModelId(raw)?.key).toBe(key);
  });

  test.each(['llama-index', 'llama-style-2', 'claude-monet-blue', 'o1-sort', 'gpt-4-tokenizer', 'mistral-client', 'gemma', 'qwen-agent'])(
    'rejects %s',
    (raw) => {
      expect(acceptModelId(raw)).toBeUndefined();
    },
  );
});

describe('acceptModelId remembers its verdicts', () => {
  test('a repeated identifier gives equal, separate results, and a rejected one stays rejected', () => {
    const a = acceptModelId('gpt-4o-2024-08-06');
    const b = acceptModelId('gpt-4o-2024-08-06');
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    if (a) a.key = 'changed';
    expect(acceptModelId('gpt-4o-2024-08-06')?.key).toBe(b?.key);
    expect(acceptModelId('llama-index')).toBeUndefined();
    expect(acceptModelId('llama-index')).toBeUndefined();
  });
});
