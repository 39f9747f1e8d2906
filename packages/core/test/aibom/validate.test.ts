import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectBomFormat, validateBom } from '@aispm/core';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { referenceSchema } from '../../../../test/support/reference-schemas';

const fx = (p: string) => readFileSync(join(__dirname, 'fixtures', p), 'utf8');
const VERSIONS: Record<string, Spec.Version> = {
  '1.4': Spec.Version.v1dot4,
  '1.5': Spec.Version.v1dot5,
  '1.6': Spec.Version.v1dot6,
  '1.7': Spec.Version.v1dot7,
};

describe('validateBom', () => {
  for (const f of ['cyclonedx/basic-1.4.cdx.json', 'cyclonedx/mlbom-1.5.cdx.json', 'cyclonedx/mlbom-1.6.cdx.json', 'cyclonedx/mlbom-1.7.cdx.json']) {
    it(`gives the CycloneDX library's verdict on ${f}`, async () => {
      const text = fx(f);
      const v = await validateBom(text, { file: f });
      const theirs = await new Validation.JsonStrictValidator(VERSIONS[JSON.parse(text).specVersion] as Spec.Version).validate(text);
      expect(v.schemaValid).toBe(theirs === null);
      expect(v.valid).toBe(true);
      expect(v.issues).toEqual([]);
    });
  }

  it('reports schema violations, including duplicate array items, with pointers and lines', async () => {
    const text = fx('invalid/schema-violation.cdx.json');
    const theirs = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text);
    const v = await validateBom(text, { file: 's.json' });
    expect(theirs).not.toBeNull();
    expect(v.schemaValid).toBe(false);
    expect(v.valid).toBe(false);
    const byCode = v.issues.map((i) => [i.code, i.path, i.line]);
    expect(byCode).toContainEqual(['schema/enum', '/components/0/type', 6]);
    expect(byCode).toContainEqual(['schema/uniqueItems', '/dependencies/0/dependsOn', 10]);
  });

  it('gives the same verdict as the CycloneDX library on a duplicate deep inside a big document', async () => {
    const doc = JSON.parse(fx('cyclonedx/mlbom-1.6.cdx.json'));
    doc.components.push(JSON.parse(JSON.stringify(doc.components[0])));
    const text = JSON.stringify(doc);
    const theirs = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text);
    const v = await validateBom(text);
    expect(v.schemaValid).toBe(theirs === null);
    expect(v.schemaValid).toBe(false);
  });

  it('reports dangling refs, duplicate refs, cycles and licence expressions', async () => {
    const v = await validateBom(fx('invalid/dangling-dup-cycle.cdx.json'), { file: 'd.json' });
    expect(v.valid).toBe(false);
    const got = v.issues.map((i) => `${i.severity} ${i.code} ${i.path}`);
    expect(got).toContain('error bom/duplicate-ref /components/2/bom-ref');
    expect(got).toContain('error bom/dangling-ref /dependencies/0/dependsOn/1');
    expect(got).toContain('error bom/invalid-license-expression /components/0/licenses/0/expression');
    expect(got).toContain('warning bom/dependency-cycle /dependencies');
  });

  it('checks XML structure with lines', async () => {
    const xml = fx('cyclonedx/mlbom-1.6.cdx.xml').replace('<dependency ref="data-tickets"/>', '<dependency ref="nope"/>');
    const v = await validateBom(xml, { file: 'b.xml' });
    expect(v.format).toBe('cyclonedx-xml');
    expect(v.valid).toBe(false);
    expect(v.issues[0]).toMatchObject({ code: 'bom/dangling-ref', file: 'b.xml' });
    const good = await validateBom(fx('cyclonedx/mlbom-1.6.cdx.xml'));
    expect(good.valid).toBe(true);
    expect(good.schemaValid).toBe(true);
    const badXsd = await validateBom(fx('cyclonedx/mlbom-1.6.cdx.xml').replace('<name>support-assistant</name>', '<nom>support-assistant</nom>'), {
      file: 'x.xml',
    });
    expect(badXsd.schemaValid).toBe(false);
    expect(badXsd.issues[0]).toMatchObject({ code: 'schema/xsd', file: 'x.xml', line: 6 });
    expect((await validateBom(fx('invalid/xxe.cdx.xml'))).issues[0]?.code).toBe('xml/doctype-refused');
  });

  it('checks SPDX 2.3 and 3 structure', async () => {
    expect((await validateBom(fx('spdx/model-2.3.spdx.json'))).valid).toBe(true);
    expect((await validateBom(fx('spdx/ai-dataset-3.0.1.spdx3.json'))).valid).toBe(true);
    const bad = JSON.parse(fx('spdx/model-2.3.spdx.json'));
    bad.relationships.push({ spdxElementId: 'SPDXRef-app', relationshipType: 'DEPENDS_ON', relatedSpdxElement: 'SPDXRef-ghost' });
    bad.packages[1].licenseConcluded = 'MIT AND';
    const v = await validateBom(bad);
    expect(v.issues.map((i) => i.code).sort()).toEqual(['bom/dangling-ref', 'bom/invalid-license-expression']);
  });

  it('never throws on garbage and names the problem', async () => {
    expect((await validateBom('{"bomFormat": "CycloneDX", "specVersion": "1.6",')).issues[0]?.code).toBe('json/malformed');
    expect((await validateBom('hello')).issues[0]?.code).toBe('json/malformed');
    expect((await validateBom('{"hello": 1}')).issues[0]?.code).toBe('bom/unknown-format');
    expect((await validateBom('{"bomFormat":"CycloneDX","specVersion":"9.9"}')).issues[0]?.code).toBe('bom/unsupported-spec-version');
    expect((await validateBom(`{"bomFormat":"CycloneDX","specVersion":"1.6","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`)).issues[0]?.code).toBe(
      'json/too-deep',
    );
  });

  it('detects formats from content', () => {
    expect(detectBomFormat(fx('cyclonedx/mlbom-1.7.cdx.xml'))).toEqual({ format: 'cyclonedx-xml', specVersion: '1.7' });
    expect(detectBomFormat(fx('spdx/model-2.3.spdx.json'))).toEqual({ format: 'spdx-2-json', specVersion: 'SPDX-2.3' });
    expect(detectBomFormat(fx('spdx/ai-dataset-3.0.1.spdx3.json'))).toEqual({ format: 'spdx-3-jsonld', specVersion: '3.0.1' });
    expect(detectBomFormat('{"a":1}')).toBeUndefined();
  });
});

describe('SPDX fixtures follow the published schemas', () => {
  it('SPDX 2.3 fixture passes the SPDX 2.3 JSON schema', async () => {
    const { default: Ajv } = await import('ajv');
    const { default: addFormats } = await import('ajv-formats');
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(referenceSchema('spdx-2.3.schema.json'));
    expect(validate(JSON.parse(fx('spdx/model-2.3.spdx.json')))).toBe(true);
  });

  it('SPDX 3.0.1 fixture passes the SPDX 3.0.1 JSON schema', async () => {
    const { default: Ajv2020 } = await import('ajv/dist/2020');
    const { default: addFormats } = await import('ajv-formats');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(referenceSchema('spdx-3.0.1.schema.json'));
    const ok = validate(JSON.parse(fx('spdx/ai-dataset-3.0.1.spdx3.json')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
});
