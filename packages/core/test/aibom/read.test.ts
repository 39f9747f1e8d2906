import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInventory, readBom, readCycloneDx, readSpdx } from '@aispm/core';
import { describe, expect, it } from 'vitest';

const fx = (p: string) => readFileSync(join(__dirname, 'fixtures', p), 'utf8');
const NOW = '2026-01-01T00:00:00.000Z';

function load(file: string) {
  const r = readBom(fx(file), { file, now: NOW });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const inv = createInventory();
  expect(inv.addAll(r.value.observations)).toEqual([]);
  return { inv, result: r.value };
}

describe('CycloneDX reader', () => {
  for (const v of ['1.5', '1.6', '1.7']) {
    for (const enc of ['json', 'xml']) {
      it(`reads the ML-BOM fixture, ${v} ${enc}`, () => {
        const { inv, result } = load(`cyclonedx/mlbom-${v}.cdx.${enc}`);
        expect(result.format).toBe(enc === 'json' ? 'cyclonedx-json' : 'cyclonedx-xml');
        expect(result.specVersion).toBe(v);
        expect(result.documentId).toBe('urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79');
        const model = inv.get('model:huggingface/example-labs/sentiment-classifier');
        expect(model?.name).toBe('sentiment-classifier');
        const a = model?.attributes as Record<string, unknown>;
        expect(a.version).toBe('1.4.0');
        expect(a.license).toBe('Apache-2.0 OR MIT');
        expect(a.hashes).toEqual({ 'SHA-256': '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' });
        expect(a.task).toBe('text-classification');
        expect(a.modelCard).toBe(true);
        expect(a.modelCardUrl).toBe('https://example.com/cards/sentiment');
        expect((a.modelParameters as Record<string, unknown>).modelArchitecture).toBe('DistilBERT');
        expect((a.modelParameters as { inputs: unknown }).inputs).toEqual([{ format: 'text/plain' }]);
        expect((a.quantitativeAnalysis as { performanceMetrics: unknown[] }).performanceMetrics[0]).toEqual({
          type: 'f1',
          value: '0.91',
          slice: 'english',
          confidenceInterval: { lowerBound: '0.89', upperBound: '0.93' },
        });
        const cons = a.considerations as Record<string, unknown>;
        expect(cons.users).toEqual(['support agents']);
        expect(cons.ethicalConsiderations).toEqual([{ name: 'bias against dialects', mitigationStrategy: 'dialect-balanced evaluation' }]);
        expect((cons.fairnessAssessments as Array<Record<string, string>>)[0]?.groupAtRisk).toBe('non-native speakers');
        // dataset component with governance and data classes
        const ds = inv.get('dataset:support-tickets-2025');
        expect(ds?.dataClasses).toEqual(['phi', 'pii']);
        expect(((ds?.attributes ?? {}) as Record<string, unknown>).classification).toBe('PII');
        expect(((ds?.attributes ?? {}) as Record<string, unknown>).location).toBe('s3://example-data/tickets/2025/');
        expect((((ds?.attributes ?? {}) as Record<string, { custodians: unknown }>).governance as { custodians: unknown }).custodians).toEqual([
          { organization: { name: 'Data Platform' } },
        ]);
        // edges: trained-on (dependency and model card ref), inline dataset, fine-tuned-from, service hosted-by
        const ids = inv.relationships().map((r) => r.id);
        expect(ids).toContain('trained-on:model:huggingface/example-labs/sentiment-classifier->dataset:support-tickets-2025');
        expect(ids).toContain('trained-on:model:huggingface/example-labs/sentiment-classifier->dataset:holdout-eval');
        expect(ids).toContain('fine-tuned-from:model:huggingface/example-labs/sentiment-classifier->model:huggingface/distilbert/distilbert-base-uncased');
        expect(ids).toContain('uses-model:application:support-assistant->model:huggingface/example-labs/sentiment-classifier');
        expect(ids).toContain('calls:application:support-assistant->model-endpoint:https://api.openai.com/v1/chat/completions');
        expect(ids).toContain('hosted-by:model-endpoint:https://api.openai.com/v1/chat/completions->provider:openai');
        const ep = inv.get('model-endpoint:https://api.openai.com/v1/chat/completions');
        expect(ep?.dataClasses).toContain('pii');
        expect(((ep?.attributes ?? {}) as Record<string, unknown>).crossesTrustBoundary).toBe(true);
        // provenance: document, bom-ref and pointer (JSON) or line (XML)
        const prov = model?.provenance[0];
        expect(prov?.source).toBe('urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79');
        expect(prov?.basis).toBe('declared');
        expect(prov?.observedAt).toBe('2026-03-01T10:00:00.000Z');
        expect(prov?.locator.ref).toBe('model-sentiment');
        if (enc === 'json') expect(prov?.locator.pointer).toBe('/components/0');
        else expect(prov?.locator.line).toBe(11);
        expect(result.issues).toEqual([]);
      });
    }
  }

  for (const enc of ['json', 'xml']) {
    it(`reads CycloneDX 1.4 ${enc} with services and dependencies`, () => {
      const { inv, result } = load(`cyclonedx/basic-1.4.cdx.${enc}`);
      expect(result.specVersion).toBe('1.4');
      expect(inv.get('library:npm/openai')?.attributes).toMatchObject({ version: '4.52.0', license: 'Apache-2.0', ecosystem: 'npm' });
      expect(inv.get('model-endpoint:https://api.anthropic.com/v1/messages')?.dataClasses).toEqual(['confidential']);
      expect(inv.has('provider:anthropic')).toBe(true);
      expect(inv.getRelationship('depends-on:application:chat-ui->library:npm/openai')).toBeDefined();
      expect(inv.getRelationship('calls:application:chat-ui->model-endpoint:https://api.anthropic.com/v1/messages')).toBeDefined();
    });
  }

  it('keeps namespaced properties', () => {
    const { inv } = load('cyclonedx/mlbom-1.6.cdx.json');
    const a = inv.get('model:huggingface/example-labs/sentiment-classifier')?.attributes as Record<string, unknown>;
    expect(a.properties).toEqual([
      { name: 'cdx:ml:framework', value: 'pytorch' },
      { name: 'internal:team', value: 'nlp' },
    ]);
  });
});

describe('CycloneDX reader: component fields', () => {
  const doc = (components: unknown[]) => ({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components });
  const attrsOf = (input: string | object) => {
    const r = readCycloneDx(input, { now: NOW });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.value.observations.flatMap((o) => (o.type === 'asset' ? [o.asset] : []));
  };
  const propsOf = (asset: { attributes?: unknown } | undefined) => (asset?.attributes as Record<string, unknown> | undefined)?.properties;

  it('keeps properties outside the aispm dialect exactly as name/value pairs, from text and from objects', () => {
    const props = [
      { name: 'cdx:a', value: 'x' },
      { name: 'b', value: 'y', extra: 'dropped' },
      { name: 'c', value: 3 },
      { name: 'aispm:other', value: 'z' },
    ];
    const plainOnly = [
      { name: 'cdx:a', value: 'x' },
      { value: 'w', name: 'd' },
    ];
    const input = doc([
      { type: 'library', name: 'mixed', properties: props },
      { type: 'library', name: 'plain', properties: plainOnly },
    ]);
    for (const form of [JSON.stringify(input), input]) {
      const [mixed, plain] = attrsOf(form);
      expect(propsOf(mixed)).toEqual([
        { name: 'cdx:a', value: 'x' },
        { name: 'b', value: 'y' },
        { name: 'c', value: '' },
        { name: 'aispm:other', value: 'z' },
      ]);
      expect(propsOf(plain)).toEqual([
        { name: 'cdx:a', value: 'x' },
        { name: 'd', value: 'w' },
      ]);
    }
    // A document passed as an object is never shared with the observations.
    const [, plainFromObject] = attrsOf(input);
    expect(propsOf(plainFromObject)).toEqual(plainOnly.map((p) => ({ name: p.name, value: p.value })));
    expect(propsOf(plainFromObject)).not.toBe(plainOnly);
  });

  it('keys libraries and models by their package URL', () => {
    const assets = attrsOf(
      JSON.stringify(
        doc([
          { type: 'library', name: 'core', purl: 'pkg:npm/%40angular/core@17.0.0' },
          { type: 'library', name: 'x', purl: 'pkg:NPM/Left-Pad@1.3.0?arch=x#sub/path' },
          { type: 'library', name: 'guava', purl: 'pkg:maven/com.google.guava/guava@32.0.0' },
          { type: 'library', name: 'y', purl: 'pkg:conan/openssl@3.0.0' },
          { type: 'library', name: 'z', purl: 'pkg:npm/' },
          { type: 'machine-learning-model', name: 'm', purl: 'pkg:huggingface/acme/Model-7b@abc' },
        ]),
      ),
    );
    expect(assets.map((a) => a.id)).toEqual([
      'library:npm/@angular/core',
      'library:npm/left-pad',
      'library:maven/com.google.guava/guava',
      'library:conan/openssl',
      'library:z',
      'model:huggingface/acme/model-7b',
    ]);
    expect(assets.map((a) => (a.attributes as Record<string, unknown>).ecosystem)).toEqual(['npm', 'npm', 'maven', undefined, undefined, undefined]);
  });

  it('joins several licences and reports an invalid expression at its pointer', () => {
    const r = readCycloneDx(
      JSON.stringify(
        doc([
          { type: 'library', name: 'a', licenses: [{ license: { id: 'MIT' } }, { expression: 'Apache-2.0 OR MIT' }, { license: { name: 'Custom' } }] },
          { type: 'library', name: 'b', licenses: [{}, { expression: 'NOT A LICENCE(' }] },
        ]),
      ),
      { now: NOW, file: 'l.json' },
    );
    if (!r.ok) throw new Error('unreadable');
    const licences = r.value.observations.map((o) => (o.type === 'asset' ? (o.asset.attributes as Record<string, unknown>).license : undefined));
    expect(licences).toEqual(['MIT AND (Apache-2.0 OR MIT) AND Custom', 'NOT A LICENCE(']);
    expect(r.value.issues.map((i) => [i.code, i.path])).toEqual([['bom/invalid-license-expression', '/components/1/licenses/1/expression']]);
  });
});

describe('SPDX readers', () => {
  it('reads SPDX 2.3 packages, model files, relationships and licences', () => {
    const { inv, result } = load('spdx/model-2.3.spdx.json');
    expect(result.format).toBe('spdx-2-json');
    expect(result.specVersion).toBe('SPDX-2.3');
    expect(inv.get('library:pypi/openai')?.attributes).toMatchObject({ version: '1.40.0', license: 'Apache-2.0' });
    expect(inv.get('application:chat-service')?.attributes).toMatchObject({ license: 'MIT', supplier: 'Example' });
    expect(inv.get('model:meta/llama-3.1-8b-instruct')?.attributes).toMatchObject({ license: 'LicenseRef-llama3.1' });
    expect(inv.get('model:unknown/classifier.pt')?.attributes).toMatchObject({ format: 'pt', pickle: true });
    expect(inv.getRelationship('depends-on:application:chat-service->library:pypi/openai')).toBeDefined();
    expect(inv.getRelationship('uses-model:application:chat-service->model:meta/llama-3.1-8b-instruct')).toBeDefined();
    expect(inv.getRelationship('contains:application:chat-service->model:unknown/classifier.pt')).toBeDefined();
    expect(result.issues).toEqual([]);
  });

  it('reads SPDX 3.0.1 AI and Dataset profiles', () => {
    const { inv, result } = load('spdx/ai-dataset-3.0.1.spdx3.json');
    expect(result.format).toBe('spdx-3-jsonld');
    expect(result.specVersion).toBe('3.0.1');
    const m = inv.get('model:unknown/fraud-detector');
    expect(m?.dataClasses).toEqual(['pii']);
    expect(m?.attributes).toMatchObject({
      version: '2.0.1',
      license: 'Apache-2.0',
      supplier: 'Example ML Team',
      autonomyType: 'no',
      domain: ['finance'],
      hyperparameters: { learning_rate: '0.001' },
      informationAboutApplication: 'Scores card transactions for fraud.',
      informationAboutTraining: 'Gradient boosted trees on 2024 transactions.',
      limitation: 'Not validated outside the EU.',
      metrics: { auc: '0.97' },
      metricDecisionThresholds: { score: '0.8' },
      modelDataPreprocessing: ['normalisation'],
      modelExplainability: ['SHAP values'],
      safetyRiskAssessment: 'high',
      standardCompliance: ['ISO/IEC 42001'],
      typeOfModel: ['gradient boosting'],
      useSensitivePersonalInformation: 'yes',
      hashes: { sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
    });
    expect(((m?.attributes ?? {}) as Record<string, unknown>).energyConsumption).toBeDefined();
    const d = inv.get('dataset:card-transactions-2024');
    expect(d?.attributes).toMatchObject({
      datasetType: ['structured'],
      dataCollectionProcess: 'Exported nightly from the payments ledger.',
      dataPreprocessing: ['deduplication'],
      datasetSize: 1048576,
      intendedUse: 'fraud model training',
      knownBias: ['under-represents cash-heavy regions'],
      hasSensitivePersonalInformation: 'yes',
      confidentialityLevel: 'red',
      datasetAvailability: 'query',
      anonymizationMethodUsed: ['tokenisation'],
      datasetUpdateMechanism: 'nightly batch',
    });
    expect(d?.dataClasses).toEqual(['pii']);
    expect(inv.getRelationship('trained-on:model:unknown/fraud-detector->dataset:card-transactions-2024')).toBeDefined();
    expect(inv.getRelationship('fine-tuned-from:model:unknown/fraud-detector->model:unknown/xgboost-baseline')).toBeDefined();
    expect(result.issues).toEqual([]);
  });
});

describe('diagnostics and hostile input', () => {
  it('reports dangling refs, duplicate refs and invalid licence expressions while reading on', () => {
    const r = readCycloneDx(fx('invalid/dangling-dup-cycle.cdx.json'), { file: 'x.json' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const codes = r.value.issues.map((i) => `${i.code} ${i.path}`);
    expect(codes).toContain('bom/invalid-license-expression /components/0/licenses/0/expression');
    expect(codes).toContain('bom/duplicate-ref /components/2/bom-ref');
    expect(codes).toContain('bom/dangling-ref /dependencies/0/dependsOn/1');
    expect(r.value.observations.some((o) => o.type === 'relationship')).toBe(true);
  });

  it('refuses DTDs, external entities and entity bombs with a typed diagnostic', () => {
    for (const f of ['invalid/xxe.cdx.xml', 'invalid/billion-laughs.cdx.xml']) {
      const r = readCycloneDx(fx(f), { file: f });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues[0]).toMatchObject({ code: 'xml/doctype-refused', file: f });
    }
    const r = readCycloneDx(fx('invalid/undeclared-entity.cdx.xml'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.code).toBe('xml/entity-refused');
  });

  it('drops prototype-pollution keys without polluting anything', () => {
    const r = readCycloneDx(fx('invalid/proto.cdx.json'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.value.issues.filter((i) => i.code === 'json/forbidden-key').map((i) => i.path)).toEqual(['/__proto__', '/components/0/constructor']);
  });

  it('gives a line for malformed JSON and an error for a missing spec version', () => {
    const t = readCycloneDx(fx('invalid/truncated.cdx.json'), { file: 't.json' });
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.issues[0]).toMatchObject({ code: 'json/malformed', file: 't.json', line: 1 });
    const n = readCycloneDx(fx('invalid/no-version.cdx.json'));
    expect(n.ok && n.value.issues.map((i) => i.code)).toEqual(['bom/missing-spec-version']);
  });

  it('refuses deep nesting in JSON and XML', () => {
    const deep = `{"bomFormat":"CycloneDX","specVersion":"1.6","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    // Deep JSON is refused when a limit is asked for; by default it is read without recursion.
    const j = readCycloneDx(deep, { maxDepth: 256 });
    expect(!j.ok && j.issues[0]?.code).toBe('json/too-deep');
    const open = Array.from({ length: 5000 }, (_, i) => `{"type":"library","name":"n${i}","components":[`).join('');
    const nested = `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[${open}${']}'.repeat(5000)}]}`;
    const k = readCycloneDx(nested);
    expect(k.ok && k.value.issues.map((i) => i.code)).toEqual(['bom/too-deep']);
    expect(k.ok && k.value.observations.filter((o) => o.type === 'asset')).toHaveLength(65);
    const x = `<bom xmlns="http://cyclonedx.org/schema/bom/1.6">${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</bom>`;
    const xr = readCycloneDx(x);
    expect(!xr.ok && xr.issues[0]?.code).toBe('xml/too-deep');
  });

  it('rejects documents that are not BOMs', () => {
    expect(readBom('{"hello": 1}').ok).toBe(false);
    expect(readSpdx('[1,2]').ok).toBe(false);
    const r = readBom('<html/>');
    expect(!r.ok && r.issues[0]?.code).toBe('bom/not-cyclonedx');
  });
});

describe('real-world shapes', () => {
  it('reads trailing commas with a warning, keys models by their Hugging Face page and resolves nested refs', () => {
    const r = readCycloneDx(fx('cyclonedx/hub-export-1.6.cdx.json'), { file: 'hub.json' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.issues).toEqual([
      {
        code: 'json/trailing-comma',
        message: '2 trailing commas (not allowed in JSON); read as if absent',
        path: '',
        severity: 'warning',
        file: 'hub.json',
        line: 7,
        column: 40,
      },
    ]);
    const inv = createInventory();
    expect(inv.addAll(r.value.observations)).toEqual([]);
    expect(inv.get('model:huggingface/example-org/tiny-classifier')?.attributes).toMatchObject({
      huggingfaceRepo: 'example-org/tiny-classifier',
      license: 'Apache-2.0',
      supplier: 'example-org',
    });
    expect(inv.get('dataset:tiny-corpus')?.attributes).toMatchObject({ huggingfaceRepo: 'example-org/tiny-corpus', classification: 'public' });
    expect(inv.relationships().map((x) => x.id)).toEqual(['trained-on:model:huggingface/example-org/tiny-classifier->dataset:tiny-corpus']);
  });

  it('validateBom reports trailing commas as an error but still checks the rest', async () => {
    const { validateBom } = await import('@aispm/core');
    const v = await validateBom(fx('cyclonedx/hub-export-1.6.cdx.json'));
    expect(v.valid).toBe(false);
    expect(v.schemaValid).toBe(true);
    expect(v.issues.map((i) => i.code)).toEqual(['json/trailing-comma']);
  });
});
