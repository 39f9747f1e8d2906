import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ASSET_KINDS,
  type Asset,
  createInventory,
  DATA_CLASSES,
  type Inventory,
  type Observation,
  RELATIONSHIP_TYPES,
  type Relationship,
  readBom,
  readCycloneDx,
  readSpdx,
  validateBom,
  writeCycloneDx,
  writeSpdx3,
} from '@aispm/core';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceSchema } from '../../../../test/support/reference-schemas';

const schema = referenceSchema('spdx-3.0.1.schema.json');
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validateSpdx3 = ajv.compile(schema);

const T = '2026-02-01T00:00:00.000Z';
const prov = { connector: 'test', observedAt: T };

function sample(): Inventory {
  const inv = createInventory();
  const add = (o: Observation) => expect(inv.add(o).ok).toBe(true);
  add({
    type: 'asset',
    asset: {
      kind: 'model',
      key: 'gpt-4o-2024-08-06',
      owner: 'ml-platform',
      labels: { env: 'prod' },
      attributes: {
        license: 'MIT',
        hashes: { 'SHA-256': 'a'.repeat(64) },
        modelParameters: { task: 'text-generation', approach: { type: 'supervised' }, inputs: [{ format: 'text' }], outputs: [{ format: 'text' }] },
        considerations: { users: ['agents'], technicalLimitations: ['hallucination'], ethicalConsiderations: [{ name: 'bias', mitigationStrategy: 'eval' }] },
        quantitativeAnalysis: { performanceMetrics: [{ type: 'accuracy', value: '0.9' }] },
        autonomyType: 'no',
        safetyRiskAssessment: 'medium',
      },
    },
    provenance: prov,
  });
  add({
    type: 'asset',
    asset: {
      kind: 'dataset',
      key: 'tickets',
      dataClasses: ['pii'],
      attributes: { classification: 'confidential', sensitiveData: ['emails'], datasetType: 'dataset', location: 's3://bucket/tickets' },
    },
    provenance: prov,
  });
  add({ type: 'asset', asset: { kind: 'provider', key: 'openai' }, provenance: prov });
  add({
    type: 'asset',
    asset: {
      kind: 'model-endpoint',
      key: 'https://api.acme.ai/v1',
      dataClasses: ['pii'],
      attributes: { url: 'https://api.acme.ai/v1', authentication: 'api-key', exposure: 'public' },
    },
    provenance: prov,
  });
  add({ type: 'asset', asset: { kind: 'application', key: 'github.com/acme/bot' }, provenance: prov });
  add({ type: 'asset', asset: { kind: 'library', key: 'pypi/openai', attributes: { version: '1.40.0' } }, provenance: prov });
  add({ type: 'asset', asset: { kind: 'credential', key: 'openai-key-1', attributes: { fingerprint: 'f1', prefix: 'sk-' } }, provenance: prov });
  add({ type: 'relationship', relationship: { type: 'trained-on', from: 'model:openai/gpt-4o', to: 'dataset:tickets' }, provenance: prov });
  add({ type: 'relationship', relationship: { type: 'hosted-by', from: 'model:openai/gpt-4o', to: 'provider:openai' }, provenance: prov });
  add({ type: 'relationship', relationship: { type: 'uses-model', from: 'application:git/github.com/acme/bot', to: 'model:openai/gpt-4o' }, provenance: prov });
  add({
    type: 'relationship',
    relationship: {
      type: 'sends-data',
      from: 'application:git/github.com/acme/bot',
      to: 'model-endpoint:https://api.acme.ai/v1',
      dataClasses: ['pii'],
      attributes: { volume: 'high' },
    },
    provenance: prov,
  });
  add({ type: 'relationship', relationship: { type: 'depends-on', from: 'application:git/github.com/acme/bot', to: 'library:pypi/openai' }, provenance: prov });
  return inv;
}

/** The modelled fields of an inventory: everything but provenance and merge bookkeeping. */
function modelled(inv: Inventory) {
  const s = inv.snapshot();
  return {
    assets: s.assets.map((a: Asset) => ({
      id: a.id,
      kind: a.kind,
      name: a.name,
      owner: a.owner,
      labels: a.labels,
      dataClasses: a.dataClasses,
      attributes: a.attributes,
    })),
    relationships: s.relationships.map((r: Relationship) => ({
      id: r.id,
      type: r.type,
      from: r.from,
      to: r.to,
      attributes: r.attributes,
      dataClasses: r.dataClasses,
    })),
  };
}

function reread(text: string, spdx = false): Inventory {
  const r = spdx ? readSpdx(text) : readCycloneDx(text);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  expect(r.value.issues).toEqual([]);
  const inv = createInventory();
  expect(inv.addAll(r.value.observations)).toEqual([]);
  return inv;
}

describe('writers', () => {
  for (const v of ['1.6', '1.7'] as const) {
    it(`CycloneDX ${v} JSON and XML pass the CycloneDX library validators`, async () => {
      const inv = sample();
      const version = v === '1.6' ? Spec.Version.v1dot6 : Spec.Version.v1dot7;
      const json = writeCycloneDx(inv, { specVersion: v });
      expect(await new Validation.JsonStrictValidator(version).validate(json)).toBeNull();
      const xml = writeCycloneDx(inv, { specVersion: v, encoding: 'xml' });
      expect(await new Validation.XmlValidator(version).validate(xml)).toBeNull();
      const own = await validateBom(json);
      expect(own.issues).toEqual([]);
      expect(own.valid).toBe(true);
      expect((await validateBom(xml)).valid).toBe(true);
    });
  }

  it('SPDX 3.0.1 output passes the SPDX 3.0.1 JSON schema', async () => {
    const doc = JSON.parse(writeSpdx3(sample(), { name: 'acme' }));
    const ok = validateSpdx3(doc);
    expect(validateSpdx3.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const ai = doc['@graph'].find((e: Record<string, unknown>) => e.type === 'ai_AIPackage');
    expect(ai).toMatchObject({
      ai_autonomyType: 'no',
      ai_safetyRiskAssessment: 'medium',
      ai_domain: ['text-generation'],
      ai_limitation: 'hallucination',
      software_primaryPurpose: 'model',
    });
    const ds = doc['@graph'].find((e: Record<string, unknown>) => e.type === 'dataset_DatasetPackage');
    expect(ds).toMatchObject({ dataset_hasSensitivePersonalInformation: 'yes', software_downloadLocation: 's3://bucket/tickets' });
    expect((await validateBom(JSON.stringify(doc))).valid).toBe(true);
  });

  it('is deterministic: the same inventory gives the same bytes', () => {
    const a = sample();
    const b = sample();
    expect(writeCycloneDx(a)).toBe(writeCycloneDx(b));
    expect(writeCycloneDx(a, { encoding: 'xml', specVersion: '1.7' })).toBe(writeCycloneDx(b, { encoding: 'xml', specVersion: '1.7' }));
    expect(writeSpdx3(a)).toBe(writeSpdx3(b));
  });

  it('round-trips the sample through every writer', () => {
    const inv = sample();
    const want = modelled(inv);
    expect(modelled(reread(writeCycloneDx(inv)))).toEqual(want);
    expect(modelled(reread(writeCycloneDx(inv, { encoding: 'xml', specVersion: '1.7' })))).toEqual(want);
    expect(modelled(reread(writeSpdx3(inv), true))).toEqual(want);
  });

  it('native CycloneDX fields carry the model card without the aispm properties', () => {
    const json = JSON.parse(writeCycloneDx(sample()));
    for (const c of json.components) c.properties = [];
    for (const s of json.services) s.properties = [];
    const r = readCycloneDx(json);
    if (!r.ok) throw new Error('unreadable');
    const inv = createInventory();
    inv.addAll(r.value.observations);
    const m = inv.assets({ kind: 'model' })[0];
    expect(m?.attributes).toMatchObject({
      license: 'MIT',
      hashes: { 'SHA-256': 'a'.repeat(64) },
      task: 'text-generation',
      considerations: { users: ['agents'] },
    });
    expect(inv.relationships({ type: 'trained-on' })).toHaveLength(1);
  });
});

// ---- property: read(write(inventory)) keeps every modelled field ----

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
// Any Unicode text, including tabs and line breaks inside (XML keeps them through character references).
const text = fc
  .oneof(fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }), fc.constantFrom('a\tb', 'line\r\nbreak', '<&>"\'', 'ü→🙂'))
  .filter((s) => s.trim() === s && s.length > 0);
const attrValue = fc.oneof(text, fc.integer({ min: 0, max: 1000 }), fc.boolean(), fc.array(text, { maxLength: 3 }));
const arbAsset = fc.record({
  kind: fc.constantFrom(...ASSET_KINDS),
  key: word,
  name: fc.option(text, { nil: undefined }),
  owner: fc.option(text, { nil: undefined }),
  labels: fc.dictionary(word, text, { maxKeys: 2 }),
  dataClasses: fc.uniqueArray(fc.constantFrom(...DATA_CLASSES), { maxLength: 3 }),
  attributes: fc.dictionary(fc.stringMatching(/^x_[a-z]{1,6}$/), attrValue, { maxKeys: 3 }),
});

const arbInventory = fc
  .record({
    assets: fc.array(arbAsset, { minLength: 1, maxLength: 6 }),
    edges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...RELATIONSHIP_TYPES), fc.uniqueArray(fc.constantFrom(...DATA_CLASSES), { maxLength: 2 })), {
      maxLength: 6,
    }),
  })
  .map(({ assets, edges }) => {
    const inv = createInventory();
    const ids: string[] = [];
    for (const a of assets) {
      const asset: Record<string, unknown> = {
        kind: a.kind,
        key: a.kind === 'model' ? `acme/${a.key}` : a.kind === 'library' || a.kind === 'mcp-server' ? `npm/${a.key}` : a.key,
        labels: a.labels,
        dataClasses: a.dataClasses,
        attributes: a.attributes,
      };
      if (a.name) asset.name = a.name;
      if (a.owner) asset.owner = a.owner;
      const r = inv.add({ type: 'asset', asset: asset as never, provenance: prov });
      if (r.ok) ids.push(r.value.id);
    }
    for (const [f, t, type, dc] of edges) {
      const from = ids[f % ids.length] as string;
      const to = ids[t % ids.length] as string;
      if (from !== to) inv.add({ type: 'relationship', relationship: { type, from, to, dataClasses: dc }, provenance: prov });
    }
    return inv;
  });

describe('selections', () => {
  it('writes any selection of the inventory; edges leaving the selection stay in the dialect only', async () => {
    const inv = sample();
    const assets = inv.assets({ kind: ['application', 'library'] });
    const relationships = inv.relationships();
    const json = writeCycloneDx({ assets, relationships });
    const bom = JSON.parse(json);
    expect(bom.components.map((c: { 'bom-ref': string }) => c['bom-ref'])).toEqual(['application:git/github.com/acme/bot', 'library:pypi/openai']);
    expect(bom.dependencies).toEqual([{ ref: 'application:git/github.com/acme/bot', dependsOn: ['library:pypi/openai'] }, { ref: 'library:pypi/openai' }]);
    expect((await validateBom(json)).valid).toBe(true);
    const back = reread(json);
    expect(back.relationships().map((r) => r.id)).toEqual(relationships.filter((r) => r.from.startsWith('application:')).map((r) => r.id));
  });
});

describe('round trip property', () => {
  it('read(write(inventory)) equals the inventory on every modelled field: CycloneDX JSON, CycloneDX XML, SPDX 3.0.1', () => {
    fc.assert(
      fc.property(arbInventory, (inv) => {
        const want = modelled(inv);
        expect(modelled(reread(writeCycloneDx(inv)))).toEqual(want);
        expect(modelled(reread(writeCycloneDx(inv, { encoding: 'xml' })))).toEqual(want);
        expect(modelled(reread(writeSpdx3(inv), true))).toEqual(want);
      }),
      { numRuns: 60, seed: 4 },
    );
  });
});

describe('re-writing what was read', () => {
  for (const f of [
    'cyclonedx/mlbom-1.6.cdx.json',
    'cyclonedx/mlbom-1.7.cdx.xml',
    'cyclonedx/basic-1.4.cdx.json',
    'spdx/model-2.3.spdx.json',
    'spdx/ai-dataset-3.0.1.spdx3.json',
  ]) {
    it(`${f} read then written passes every validator`, async () => {
      const r = readBom(readFileSync(join(__dirname, 'fixtures', f), 'utf8'));
      if (!r.ok) throw new Error('unreadable');
      const inv = createInventory();
      expect(inv.addAll(r.value.observations)).toEqual([]);
      for (const [v, version] of [
        ['1.6', Spec.Version.v1dot6],
        ['1.7', Spec.Version.v1dot7],
      ] as const) {
        expect(await new Validation.JsonStrictValidator(version).validate(writeCycloneDx(inv, { specVersion: v }))).toBeNull();
        expect(await new Validation.XmlValidator(version).validate(writeCycloneDx(inv, { specVersion: v, encoding: 'xml' }))).toBeNull();
      }
      const doc = JSON.parse(writeSpdx3(inv));
      validateSpdx3(doc);
      expect(validateSpdx3.errors ?? []).toEqual([]);
      expect(modelled(reread(writeCycloneDx(inv)))).toEqual(modelled(inv));
    });
  }
});
