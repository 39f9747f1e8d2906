import type { Asset } from '../model/asset';
import type { AssetKind, RelationshipType } from '../model/vocab';
import { arr, isObj, isSpdxExpression, str } from './common';
import { type BomSubject, contentUuid, creationTime, dialectProperties, outgoing, selection } from './subject';
import type { BomWriteOptions } from './types';

type Obj = Record<string, unknown>;

const PURPOSE: Partial<Record<AssetKind, string>> = {
  model: 'model',
  dataset: 'data',
  library: 'library',
  application: 'application',
  agent: 'application',
  'mcp-server': 'application',
  tool: 'application',
  gateway: 'application',
  'vector-store': 'platform',
  prompt: 'file',
};

const REL: Partial<Record<RelationshipType, string>> = {
  'depends-on': 'dependsOn',
  'uses-model': 'dependsOn',
  calls: 'dependsOn',
  'connects-to': 'dependsOn',
  'retrieves-from': 'dependsOn',
  'embeds-with': 'dependsOn',
  'routes-through': 'dependsOn',
  'trained-on': 'trainedOn',
  'fine-tuned-from': 'descendantOf',
  contains: 'contains',
  'hosted-by': 'hasHost',
  'exposes-tool': 'usesTool',
};

const HASH: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
  'SHA3-256': 'sha3_256',
  'SHA3-384': 'sha3_384',
  'SHA3-512': 'sha3_512',
  'BLAKE2b-256': 'blake2b256',
  'BLAKE2b-384': 'blake2b384',
  'BLAKE2b-512': 'blake2b512',
  BLAKE3: 'blake3',
};
const SPDX_HASHES = new Set(Object.values(HASH).concat(['sha224', 'sha3_224', 'md2', 'md4', 'md6', 'adler32']));

const PRESENCE = new Set(['yes', 'no', 'noAssertion']);
const RISK = new Set(['serious', 'high', 'medium', 'low']);
const DATASET_TYPES = new Set([
  'audio',
  'categorical',
  'graph',
  'image',
  'noAssertion',
  'numeric',
  'other',
  'sensor',
  'structured',
  'syntactic',
  'text',
  'timeseries',
  'timestamp',
  'video',
]);
const CONFIDENTIALITY = new Set(['amber', 'clear', 'green', 'red']);
const AVAILABILITY = new Set(['clickthrough', 'directDownload', 'query', 'registration', 'scrapingScript']);

const strings = (v: unknown) => arr(v).filter((x): x is string => typeof x === 'string' && x !== '');
const entries = (v: unknown) =>
  isObj(v)
    ? Object.keys(v)
        .sort()
        .filter((k) => k !== '')
        .map((k) => ({ type: 'DictionaryEntry', key: k, ...(v[k] !== undefined && v[k] !== null ? { value: String(v[k]) } : {}) }))
    : [];

function aiFields(a: Obj, el: Obj): void {
  if (typeof a.autonomyType === 'string' && PRESENCE.has(a.autonomyType)) el.ai_autonomyType = a.autonomyType;
  const domain = strings(a.domain);
  if (domain.length) el.ai_domain = domain;
  else if (isObj(a.modelParameters) && str(a.modelParameters.task)) el.ai_domain = [a.modelParameters.task];
  else if (str(a.task)) el.ai_domain = [a.task];
  const hp = entries(a.hyperparameters);
  if (hp.length) el.ai_hyperparameter = hp;
  if (str(a.informationAboutApplication)) el.ai_informationAboutApplication = a.informationAboutApplication;
  else if (str(a.purpose)) el.ai_informationAboutApplication = a.purpose;
  if (str(a.informationAboutTraining)) el.ai_informationAboutTraining = a.informationAboutTraining;
  if (str(a.limitation)) el.ai_limitation = a.limitation;
  else if (isObj(a.considerations) && strings(a.considerations.technicalLimitations).length)
    el.ai_limitation = strings(a.considerations.technicalLimitations).join('\n');
  let metrics = entries(a.metrics);
  if (!metrics.length && isObj(a.quantitativeAnalysis)) {
    const m: Obj = {};
    for (const x of arr(a.quantitativeAnalysis.performanceMetrics)) if (isObj(x) && str(x.type)) m[x.type as string] = x.value ?? '';
    metrics = entries(m);
  }
  if (metrics.length) el.ai_metric = metrics;
  const thr = entries(a.metricDecisionThresholds);
  if (thr.length) el.ai_metricDecisionThreshold = thr;
  for (const [attr, prop] of [
    ['modelDataPreprocessing', 'ai_modelDataPreprocessing'],
    ['modelExplainability', 'ai_modelExplainability'],
    ['standardCompliance', 'ai_standardCompliance'],
  ] as const) {
    const l = strings(a[attr]);
    if (l.length) el[prop] = l;
  }
  if (typeof a.safetyRiskAssessment === 'string' && RISK.has(a.safetyRiskAssessment)) el.ai_safetyRiskAssessment = a.safetyRiskAssessment;
  const tm = strings(a.typeOfModel);
  if (tm.length) el.ai_typeOfModel = tm;
  else if (isObj(a.modelParameters) && str(a.modelParameters.architectureFamily)) el.ai_typeOfModel = [a.modelParameters.architectureFamily];
  else if (str(a.family)) el.ai_typeOfModel = [a.family];
  if (typeof a.useSensitivePersonalInformation === 'string' && PRESENCE.has(a.useSensitivePersonalInformation))
    el.ai_useSensitivePersonalInformation = a.useSensitivePersonalInformation;
}

function datasetFields(asset: Asset, a: Obj, el: Obj): void {
  const types = (Array.isArray(a.datasetType) ? strings(a.datasetType) : typeof a.datasetType === 'string' ? [a.datasetType] : []).filter((t) =>
    DATASET_TYPES.has(t),
  );
  el.dataset_datasetType = types.length ? types : ['noAssertion'];
  for (const [attr, prop] of [
    ['anonymizationMethodUsed', 'dataset_anonymizationMethodUsed'],
    ['dataPreprocessing', 'dataset_dataPreprocessing'],
    ['knownBias', 'dataset_knownBias'],
  ] as const) {
    const l = strings(a[attr]);
    if (l.length) el[prop] = l;
  }
  const conf = typeof a.confidentialityLevel === 'string' ? a.confidentialityLevel : a.classification;
  if (typeof conf === 'string' && CONFIDENTIALITY.has(conf)) el.dataset_confidentialityLevel = conf;
  for (const [attr, prop] of [
    ['dataCollectionProcess', 'dataset_dataCollectionProcess'],
    ['datasetNoise', 'dataset_datasetNoise'],
    ['datasetUpdateMechanism', 'dataset_datasetUpdateMechanism'],
    ['intendedUse', 'dataset_intendedUse'],
  ] as const) {
    if (str(a[attr])) el[prop] = a[attr];
  }
  if (!el.dataset_intendedUse && typeof a.usage === 'string') el.dataset_intendedUse = a.usage;
  if (typeof a.datasetAvailability === 'string' && AVAILABILITY.has(a.datasetAvailability)) el.dataset_datasetAvailability = a.datasetAvailability;
  const size = typeof a.datasetSize === 'number' ? a.datasetSize : typeof a.size === 'string' && /^\d+$/.test(a.size) ? Number(a.size) : undefined;
  if (size !== undefined && Number.isSafeInteger(size) && size >= 0) el.dataset_datasetSize = size;
  const spi = a.hasSensitivePersonalInformation;
  if (typeof spi === 'string' && PRESENCE.has(spi)) el.dataset_hasSensitivePersonalInformation = spi;
  else if (asset.dataClasses.some((d) => d === 'pii' || d === 'phi' || d === 'biometric' || d === 'children'))
    el.dataset_hasSensitivePersonalInformation = 'yes';
  const sensor = entries(a.sensor);
  if (sensor.length) el.dataset_sensor = sensor;
}

/**
 * Builds the SPDX 3.0.1 JSON-LD document (as an object) for a selection of the inventory.
 */
export function buildSpdx3(subject: BomSubject, options: BomWriteOptions = {}): Obj {
  const { assets, relationships } = selection(subject);
  const out = outgoing(relationships);
  const created = creationTime(assets, options);
  const uuid =
    options.serialNumber ??
    contentUuid({
      assets: assets.map((a) => [a.id, a.attributes, a.labels, a.owner, a.dataClasses]),
      relationships: relationships.map((r) => [r.id, r.attributes, r.dataClasses]),
    });
  const ns = `urn:aispm:spdx:${uuid.replace(/^urn:uuid:/, '')}`;
  const idOf = new Map(assets.map((a) => [a.id, `${ns}#${encodeURIComponent(a.id)}`]));
  const ci = '_:creationinfo';
  const agent = `${ns}#agent`;
  const graph: Obj[] = [
    { type: 'CreationInfo', '@id': ci, created, createdBy: [agent], specVersion: '3.0.1' },
    { type: 'SoftwareAgent', spdxId: agent, creationInfo: ci, name: `${options.toolName ?? 'aispm'} ${options.toolVersion ?? '0.1.0'}` },
  ];
  const elements: Obj[] = [];
  const rels: Obj[] = [];
  const licences: Obj[] = [];
  for (const asset of assets) {
    const a = asset.attributes as Obj;
    const spdxId = idOf.get(asset.id) as string;
    const type = asset.kind === 'model' ? 'ai_AIPackage' : asset.kind === 'dataset' ? 'dataset_DatasetPackage' : 'software_Package';
    const el: Obj = { type, spdxId, creationInfo: ci, name: asset.name };
    if (str(a.description)) el.description = a.description;
    el.externalIdentifier = [{ type: 'ExternalIdentifier', externalIdentifierType: 'other', identifier: asset.id, issuingAuthority: 'aispm' }];
    el.extension = [
      {
        type: 'extension_CdxPropertiesExtension',
        extension_cdxProperty: dialectProperties(asset, out.get(asset.id) ?? []).map((p) => ({
          type: 'extension_CdxPropertyEntry',
          extension_cdxPropName: p.name,
          extension_cdxPropValue: p.value,
        })),
      },
    ];
    const hashes = isObj(a.hashes)
      ? Object.keys(a.hashes)
          .sort()
          .map((alg) => ({ alg: HASH[alg] ?? alg.toLowerCase(), v: (a.hashes as Obj)[alg] }))
          .filter((h) => SPDX_HASHES.has(h.alg) && typeof h.v === 'string' && /^[0-9a-fA-F]+$/.test(h.v))
          .map((h) => ({ type: 'Hash', algorithm: h.alg, hashValue: h.v }))
      : [];
    if (hashes.length) el.verifiedUsing = hashes;
    el.software_primaryPurpose = PURPOSE[asset.kind] ?? 'other';
    if (str(a.location) && /^[a-z][a-z0-9+.-]*:\S+$/i.test(a.location as string)) el.software_downloadLocation = a.location;
    else if (str(a.url) && /^[a-z][a-z0-9+.-]*:\S+$/i.test(a.url as string)) el.software_downloadLocation = a.url;
    if (str(a.purl) && /^pkg:/.test(a.purl as string)) el.software_packageUrl = a.purl;
    if (str(a.version)) el.software_packageVersion = a.version;
    if (asset.kind === 'model') aiFields(a, el);
    if (asset.kind === 'dataset') datasetFields(asset, a, el);
    elements.push(el);
    if (str(a.license) && isSpdxExpression(a.license as string)) {
      const lid = `${spdxId}-license`;
      licences.push({ type: 'simplelicensing_LicenseExpression', spdxId: lid, creationInfo: ci, simplelicensing_licenseExpression: a.license });
      rels.push({
        type: 'Relationship',
        spdxId: `${spdxId}-hasDeclaredLicense`,
        creationInfo: ci,
        from: spdxId,
        relationshipType: 'hasDeclaredLicense',
        to: [lid],
      });
    }
  }
  for (const r of relationships) {
    const from = idOf.get(r.from);
    const to = idOf.get(r.to);
    if (!from || !to) continue;
    const rel: Obj = {
      type: 'Relationship',
      spdxId: `${ns}#${encodeURIComponent(r.id)}`,
      creationInfo: ci,
      from,
      relationshipType: REL[r.type] ?? 'other',
      to: [to],
    };
    if (!REL[r.type]) rel.comment = `aispm relationship type: ${r.type}`;
    rels.push(rel);
  }
  const all = [...elements, ...licences, ...rels];
  const doc: Obj = {
    type: 'SpdxDocument',
    spdxId: `${ns}#document`,
    creationInfo: ci,
    name: options.name ?? 'aispm AI bill of materials',
    dataLicense: 'https://spdx.org/licenses/CC0-1.0',
    profileConformance: ['ai', 'core', 'dataset', 'software'],
    element: [agent, ...all.map((e) => e.spdxId as string)],
  };
  if (elements.length) doc.rootElement = elements.map((e) => e.spdxId as string);
  return { '@context': 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld', '@graph': [...graph, doc, ...all] };
}

/**
 * Writes an inventory (or any selection of it) as SPDX 3.0.1 JSON-LD: models as `ai_AIPackage`
 * (AI profile), datasets as `dataset_DatasetPackage` (Dataset profile), other assets as
 * `software_Package`, relationships and declared licences as `Relationship` elements, and the
 * aispm fields without an SPDX home in a CycloneDX-properties extension. Deterministic.
 *
 * @example
 * ```ts
 * const jsonld = writeSpdx3(inventory, { name: 'acme estate' });
 * ```
 */
export function writeSpdx3(subject: BomSubject, options: BomWriteOptions = {}): string {
  return `${JSON.stringify(buildSpdx3(subject, options), null, 2)}\n`;
}
