import { AispmError } from '@aispm/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_CATALOG_DATA,
  builtinCatalog,
  CATALOG_ATTRIBUTE_SCHEMAS,
  createFrameworkCatalog,
  parseControlRef,
  validateFrameworkData,
} from '../../src/index';
import reference from '../fixtures/reference/ids-and-titles.json';

const catalog = builtinCatalog();

describe('built-in catalogs', () => {
  it('hold every id of the verified reference data with its exact title', () => {
    for (const [id, ref] of Object.entries(reference as unknown as Record<string, { referenceId: string; items: [string, string][] }>)) {
      const fw = catalog.get(id);
      expect(fw, id).toBeDefined();
      expect(catalog.get(ref.referenceId)?.id).toBe(id);
      for (const [cid, title] of ref.items) expect(fw?.control(cid)?.title, `${id}:${cid}`).toBe(title);
      expect(fw?.controls.length).toBe(ref.items.length);
    }
  });

  it('have the published counts', () => {
    const count = (fw: string, kind: string) => catalog.get(fw)?.controls.filter((c) => c.kind === kind).length;
    expect(count('nist-ai-rmf-1.0', 'subcategory')).toBe(72);
    expect(count('nist-ai-rmf-1.0', 'category')).toBe(19);
    expect(count('iso-42001-2023', 'control')).toBe(38);
    expect(count('eu-ai-act', 'article')).toBe(113);
    expect(count('eu-ai-act', 'annex')).toBe(13);
    expect(count('eu-ai-act', 'riskTier')).toBe(6);
    expect(count('mitre-atlas', 'technique')).toBe(101);
    expect(count('mitre-atlas', 'subtechnique')).toBe(69);
    expect(count('mitre-atlas', 'mitigation')).toBe(35);
    expect(count('iso-27001-2022', 'control')).toBe(93);
    expect(count('csa-aicm-1.1', 'control')).toBe(247);
    expect(count('owasp-agentic-threats-1.0', 'threat')).toBe(15);
    expect(catalog.list()).toHaveLength(14);
  });

  it('carry provenance and validate against their own attribute schema', () => {
    for (const fw of catalog.list()) {
      expect(fw.publisher.length).toBeGreaterThan(0);
      expect(fw.license.length).toBeGreaterThan(0);
      expect(fw.sourceUrl).toMatch(/^https:\/\//);
      expect(CATALOG_ATTRIBUTE_SCHEMAS[fw.id]).toBeDefined();
      expect(fw.assessable().length).toBeGreaterThan(0);
    }
  });

  it('validate as data, every problem reported', () => {
    for (const data of BUILTIN_CATALOG_DATA) expect(validateFrameworkData(data)).toMatchObject({ ok: true });
  });

  it('gets controls by reference, with short forms', () => {
    expect(catalog.control('owasp-llm-2025:LLM01:2025')?.control.title).toBe('Prompt Injection');
    expect(catalog.control('owasp-llm-2025:LLM06')?.ref).toBe('owasp-llm-2025:LLM06:2025');
    expect(catalog.control('eu-ai-act:Art. 14')?.control.title).toBe('Human oversight');
    expect(catalog.control('eu-ai-act:14')?.ref).toBe('eu-ai-act:Art. 14');
    expect(catalog.control('nist-ai-rmf-1.0:GOVERN 1.6')?.control.kind).toBe('subcategory');
    expect(catalog.control('owasp-llm-top10-2025:LLM02:2025')?.ref).toBe('owasp-llm-2025:LLM02:2025');
    expect(catalog.control('mitre-atlas:AML.T9999')).toBeUndefined();
    expect(catalog.control('no-colon')).toBeUndefined();
  });

  it('lists versions of a family and resolves 2023 OWASP ids to their 2025 successors', () => {
    expect(catalog.versions('owasp-llm')).toEqual([
      { version: '2023', id: 'owasp-llm-2023' },
      { version: '2025', id: 'owasp-llm-2025' },
    ]);
    expect(catalog.resolveAlias('owasp-llm-2023:LLM02')).toEqual(['owasp-llm-2025:LLM05:2025']);
    expect(catalog.resolveAlias('owasp-llm-2023:LLM04')).toEqual(['owasp-llm-2025:LLM10:2025']);
    expect(catalog.resolveAlias('owasp-llm-2025:LLM03:2025')).toEqual(['owasp-llm-2025:LLM03:2025']);
    expect(catalog.resolveAlias('owasp-llm-2023:LLM99')).toEqual([]);
  });

  it('searches ids, titles and descriptions', () => {
    expect(catalog.search('prompt injection', { frameworks: ['owasp-llm-2025'] }).map((m) => m.ref)).toEqual(['owasp-llm-2025:LLM01:2025']);
    expect(catalog.search('human oversight', { frameworks: ['eu-ai-act'], kinds: ['article'] }).map((m) => m.ref)).toEqual(['eu-ai-act:Art. 14']);
    expect(catalog.search('', { limit: 3 })).toHaveLength(3);
  });

  it('reports every problem of invalid user data together', () => {
    const bad = {
      id: 'x-acme-policy',
      family: 'x-acme',
      version: '1',
      name: 'Acme',
      publisher: 'Acme',
      published: '2026',
      sourceUrl: 'https://example.com',
      license: 'internal',
      confidence: 'secondary',
      controls: [
        { id: 'A', title: 'a', kind: 'control', parent: 'Z' },
        { id: 'A', title: 'b', kind: 'control' },
      ],
    };
    const r = validateFrameworkData(bad);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map((i) => [i.code, i.path])).toEqual([
        ['catalog/duplicate-id', '/controls/1/id'],
        ['catalog/unknown-parent', '/controls/0/parent'],
      ]);
    try {
      createFrameworkCatalog({ builtin: false, extra: [bad] });
      expect.unreachable();
    } catch (e) {
      expect(AispmError.isInstance(e) && e.code).toBe('validation');
    }
    const ok = createFrameworkCatalog({ builtin: false, extra: [{ ...bad, controls: [{ id: 'A', title: 'a', kind: 'control' }] }] });
    expect(ok.control('x-acme-policy:A')?.control.title).toBe('a');
  });

  it('parses any reference at the first colon', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,20}$/), fc.string({ minLength: 1 }), (fw, control) => {
        expect(parseControlRef(`${fw}:${control}`)).toEqual({ framework: fw, control });
      }),
    );
  });
});
