import type { Asset, Relationship } from '../model/asset';
import { arr, isObj, isSpdxExpression, plain, str } from './common';
import { type BomSubject, COMPONENT_TYPE, contentUuid, creationTime, dialectProperties, outgoing, SERVICE_KINDS, selection } from './subject';
import type { BomWriteOptions } from './types';
import { escapeXml } from './xml';

/** CycloneDX versions the writer produces. */
export type CycloneDxWriteVersion = '1.6' | '1.7';

/** Options of {@link writeCycloneDx}. */
export interface CycloneDxWriteOptions extends BomWriteOptions {
  /** Spec version (default `1.6`). */
  specVersion?: CycloneDxWriteVersion;
  /** Encoding (default `json`). */
  encoding?: 'json' | 'xml';
}

const HASH_ALGS = new Set([
  'MD5',
  'SHA-1',
  'SHA-256',
  'SHA-384',
  'SHA-512',
  'SHA3-256',
  'SHA3-384',
  'SHA3-512',
  'BLAKE2b-256',
  'BLAKE2b-384',
  'BLAKE2b-512',
  'BLAKE3',
]);
const HASH_CONTENT = /^(?:[a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$/;
const DATA_TYPES = new Set(['source-code', 'configuration', 'dataset', 'definition', 'other']);
const AUTH_NONE = 'none';

type Obj = Record<string, unknown>;

function licenses(license: unknown): Obj[] | undefined {
  const l = str(license);
  if (!l) return undefined;
  return isSpdxExpression(l) ? [{ expression: l }] : [{ license: { name: l } }];
}

function hashes(h: unknown): Obj[] | undefined {
  if (!isObj(h)) return undefined;
  const out = Object.keys(h)
    .sort()
    .filter((alg) => HASH_ALGS.has(alg) && typeof h[alg] === 'string' && HASH_CONTENT.test(h[alg] as string))
    .map((alg) => ({ alg, content: h[alg] }));
  return out.length ? out : undefined;
}

const strings = (v: unknown) => arr(v).filter((x): x is string => typeof x === 'string');

/** Model card from the model's attributes, limited to the fields and shapes the schema knows. */
function modelCard(asset: Asset, rels: Relationship[], written: Set<string>): Obj | undefined {
  const a = asset.attributes as Obj;
  const card: Obj = {};
  const mp: Obj = isObj(a.modelParameters) ? (plain(a.modelParameters) as Obj) : {};
  if (!isObj(a.modelParameters) && str(a.task)) mp.task = a.task;
  const inline = arr(mp.datasets).filter((d) => isObj(d) && typeof d.ref !== 'string');
  const refs = [...new Set(rels.filter((r) => r.type === 'trained-on' && written.has(r.to)).map((r) => r.to))].sort().map((ref) => ({ ref }));
  if (inline.length || refs.length) mp.datasets = [...inline, ...refs];
  else delete mp.datasets;
  if (Object.keys(mp).length) card.modelParameters = mp;
  if (isObj(a.quantitativeAnalysis)) card.quantitativeAnalysis = plain(a.quantitativeAnalysis);
  if (isObj(a.considerations)) card.considerations = plain(a.considerations);
  return Object.keys(card).length ? card : undefined;
}

function dataOf(asset: Asset): Obj[] | undefined {
  const a = asset.attributes as Obj;
  const d: Obj = { type: typeof a.datasetType === 'string' && DATA_TYPES.has(a.datasetType) ? a.datasetType : 'dataset', name: asset.name };
  if (isObj(a.contents)) d.contents = plain(a.contents);
  else if (str(a.location) && /^[a-z][a-z0-9+.-]*:/i.test(a.location as string)) d.contents = { url: a.location };
  if (str(a.classification)) d.classification = a.classification;
  const sensitive = strings(a.sensitiveData);
  if (sensitive.length) d.sensitiveData = sensitive;
  if (isObj(a.graphics)) d.graphics = plain(a.graphics);
  if (str(a.description)) d.description = a.description;
  if (isObj(a.governance)) d.governance = plain(a.governance);
  return [d];
}

function component(asset: Asset, rels: Relationship[], written: Set<string>): Obj {
  const a = asset.attributes as Obj;
  const c: Obj = { type: COMPONENT_TYPE[asset.kind] ?? 'application', 'bom-ref': asset.id, name: asset.name };
  if (str(a.version)) c.version = a.version;
  if (str(a.description)) c.description = a.description;
  const h = hashes(a.hashes);
  if (h) c.hashes = h;
  const l = licenses(a.license);
  if (l) c.licenses = l;
  if (str(a.purl) && /^pkg:/.test(a.purl as string)) c.purl = a.purl;
  const ext: Obj[] = [];
  if (str(a.modelCardUrl)) ext.push({ url: a.modelCardUrl, type: 'model-card' });
  if (str(a.repository)) ext.push({ url: `https://${a.repository}`, type: 'vcs' });
  if (ext.length) c.externalReferences = ext;
  c.properties = dialectProperties(asset, rels);
  if (asset.kind === 'model') {
    const card = modelCard(asset, rels, written);
    if (card) c.modelCard = card;
  }
  if (asset.kind === 'dataset') c.data = dataOf(asset);
  return c;
}

function service(asset: Asset, rels: Relationship[]): Obj {
  const a = asset.attributes as Obj;
  const s: Obj = { 'bom-ref': asset.id };
  const providerName = asset.kind === 'provider' ? asset.name : str(a.provider);
  if (providerName) s.provider = { name: providerName };
  s.name = asset.name;
  if (str(a.version)) s.version = a.version;
  if (str(a.description)) s.description = a.description;
  const endpoints = [
    ...new Set([
      ...(str(a.url) ? [a.url as string] : []),
      ...strings(a.endpoints),
      ...strings(a.hosts).map((h) => (/^[a-z]+:\/\//i.test(h) ? h : `https://${h}`)),
    ]),
  ].filter((e) => /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(e));
  if (endpoints.length) s.endpoints = endpoints.sort();
  if (typeof a.authentication === 'string' && a.authentication !== 'unknown') s.authenticated = a.authentication !== AUTH_NONE;
  if (a.exposure === 'public') s['x-trust-boundary'] = true;
  if (asset.dataClasses.length) s.data = asset.dataClasses.map((d) => ({ flow: 'bi-directional', classification: d }));
  const l = licenses(a.license);
  if (l) s.licenses = l;
  s.properties = dialectProperties(asset, rels);
  return s;
}

/** Builds the CycloneDX document (JSON shape) for a selection of the inventory. */
export function buildCycloneDx(subject: BomSubject, options: CycloneDxWriteOptions = {}): Obj {
  const { assets, relationships } = selection(subject);
  const out = outgoing(relationships);
  const written = new Set(assets.map((a) => a.id));
  const components: Obj[] = [];
  const services: Obj[] = [];
  for (const a of assets) {
    const rels = out.get(a.id) ?? [];
    if (SERVICE_KINDS.has(a.kind)) services.push(service(a, rels));
    else components.push(component(a, rels, written));
  }
  const dependencies = assets.map((a) => {
    const to = [...new Set((out.get(a.id) ?? []).map((r) => r.to).filter((t) => written.has(t) && t !== a.id))].sort();
    return to.length ? { ref: a.id, dependsOn: to } : { ref: a.id };
  });
  const specVersion = options.specVersion ?? '1.6';
  const metadata: Obj = {
    timestamp: creationTime(assets, options),
    tools: { components: [{ type: 'application', name: options.toolName ?? 'aispm', version: options.toolVersion ?? '0.1.0' }] },
  };
  if (options.name) metadata.component = { type: 'application', 'bom-ref': 'aispm:subject', name: options.name };
  const body: Obj = { metadata, components, services, dependencies };
  const serial = options.serialNumber ?? `urn:uuid:${contentUuid({ specVersion, body })}`;
  const bom: Obj = {
    $schema: `http://cyclonedx.org/schema/bom-${specVersion}.schema.json`,
    bomFormat: 'CycloneDX',
    specVersion,
    serialNumber: serial,
    version: 1,
    ...body,
  };
  if (components.length === 0) delete bom.components;
  if (services.length === 0) delete bom.services;
  if (dependencies.length === 0) delete bom.dependencies;
  return bom;
}

// ---- XML ----

/** Child element order of the CycloneDX XSD sequences we write. */
const ORDER: Record<string, string[]> = {
  bom: ['metadata', 'components', 'services', 'externalReferences', 'dependencies'],
  metadata: ['timestamp', 'lifecycles', 'tools', 'manufacturer', 'authors', 'component', 'manufacture', 'supplier', 'licenses', 'properties'],
  component: [
    'supplier',
    'manufacturer',
    'authors',
    'author',
    'publisher',
    'group',
    'name',
    'version',
    'description',
    'scope',
    'hashes',
    'licenses',
    'copyright',
    'cpe',
    'purl',
    'omniborId',
    'swhid',
    'swid',
    'modified',
    'pedigree',
    'externalReferences',
    'properties',
    'components',
    'evidence',
    'releaseNotes',
    'modelCard',
    'data',
    'cryptoProperties',
    'tags',
  ],
  service: [
    'provider',
    'group',
    'name',
    'version',
    'description',
    'endpoints',
    'authenticated',
    'x-trust-boundary',
    'trustZone',
    'data',
    'licenses',
    'externalReferences',
    'properties',
    'services',
    'releaseNotes',
    'tags',
  ],
  modelCard: ['modelParameters', 'quantitativeAnalysis', 'considerations', 'properties'],
  modelParameters: ['approach', 'task', 'architectureFamily', 'modelArchitecture', 'datasets', 'inputs', 'outputs'],
  quantitativeAnalysis: ['performanceMetrics', 'graphics'],
  performanceMetric: ['type', 'value', 'slice', 'confidenceInterval'],
  confidenceInterval: ['lowerBound', 'upperBound'],
  graphics: ['description', 'collection'],
  graphic: ['name', 'image'],
  considerations: [
    'users',
    'useCases',
    'technicalLimitations',
    'performanceTradeoffs',
    'ethicalConsiderations',
    'environmentalConsiderations',
    'fairnessAssessments',
  ],
  ethicalConsideration: ['name', 'mitigationStrategy'],
  fairnessAssessment: ['groupAtRisk', 'benefits', 'harms', 'mitigationStrategy'],
  dataset: ['type', 'name', 'contents', 'classification', 'sensitiveData', 'graphics', 'description', 'governance'],
  data: ['type', 'name', 'contents', 'classification', 'sensitiveData', 'graphics', 'description', 'governance'],
  contents: ['attachment', 'url', 'properties'],
  governance: ['custodians', 'stewards', 'owners'],
  organization: ['name', 'address', 'url', 'contact'],
  contact: ['name', 'email', 'phone'],
  individual: ['name', 'email', 'phone'],
  provider: ['name', 'address', 'url', 'contact'],
  reference: ['url', 'comment', 'hashes'],
  tools: ['components', 'services'],
};

/** JSON arrays written as a wrapper element holding item elements. */
const ITEM: Record<string, string> = {
  components: 'component',
  services: 'service',
  hashes: 'hash',
  externalReferences: 'reference',
  properties: 'property',
  endpoints: 'endpoint',
  inputs: 'input',
  outputs: 'output',
  performanceMetrics: 'performanceMetric',
  collection: 'graphic',
  users: 'user',
  useCases: 'useCase',
  technicalLimitations: 'technicalLimitation',
  performanceTradeoffs: 'performanceTradeoff',
  ethicalConsiderations: 'ethicalConsideration',
  fairnessAssessments: 'fairnessAssessment',
  custodians: 'custodian',
  stewards: 'steward',
  owners: 'owner',
  lifecycles: 'lifecycle',
  tags: 'tag',
};

/** Keys written as XML attributes, by element. */
const ATTRS: Record<string, string[]> = {
  component: ['type', 'mime-type', 'bom-ref'],
  service: ['bom-ref'],
  data: ['bom-ref'],
  dataset: ['bom-ref'],
  reference: ['type'],
  modelCard: ['bom-ref'],
};

const REPEAT_DIRECT = new Set(['sensitiveData', 'url', 'contact', 'data']);

function orderKeys(name: string, o: Obj): string[] {
  const order = ORDER[name];
  const keys = Object.keys(o).filter((k) => o[k] !== undefined && !(ATTRS[name] ?? []).includes(k));
  if (!order) return keys.sort();
  return keys.sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 1e6 : ia) - (ib < 0 ? 1e6 : ib) || (a < b ? -1 : a > b ? 1 : 0);
  });
}

function el(name: string, value: unknown, ind: string, out: string[]): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object') {
    out.push(`${ind}<${name}>${escapeXml(String(value))}</${name}>`);
    return;
  }
  if (Array.isArray(value)) {
    const item = ITEM[name];
    if (name === 'licenses') {
      out.push(`${ind}<licenses>`);
      for (const l of value) {
        if (isObj(l) && typeof l.expression === 'string') out.push(`${ind}  <expression>${escapeXml(l.expression)}</expression>`);
        else if (isObj(l) && isObj(l.license)) el('license', l.license, `${ind}  `, out);
      }
      out.push(`${ind}</licenses>`);
      return;
    }
    if (name === 'datasets') {
      out.push(`${ind}<datasets>`);
      for (const d of value) {
        if (isObj(d) && typeof d.ref === 'string') out.push(`${ind}  <ref>${escapeXml(d.ref)}</ref>`);
        else el('dataset', d, `${ind}  `, out);
      }
      out.push(`${ind}</datasets>`);
      return;
    }
    if (item) {
      if (value.length === 0) return;
      out.push(`${ind}<${name}>`);
      for (const v of value) el(item, v, `${ind}  `, out);
      out.push(`${ind}</${name}>`);
      return;
    }
    for (const v of value) el(name, v, ind, out);
    return;
  }
  const o = value as Obj;
  if (name === 'property') {
    out.push(`${ind}<property name="${escapeXml(String(o.name))}">${escapeXml(String(o.value ?? ''))}</property>`);
    return;
  }
  if (name === 'hash') {
    out.push(`${ind}<hash alg="${escapeXml(String(o.alg))}">${escapeXml(String(o.content))}</hash>`);
    return;
  }
  if (name === 'image' || name === 'attachment') {
    const attrs = [
      o.contentType ? ` content-type="${escapeXml(String(o.contentType))}"` : '',
      o.encoding ? ` encoding="${escapeXml(String(o.encoding))}"` : '',
    ].join('');
    out.push(`${ind}<${name}${attrs}>${escapeXml(String(o.content ?? ''))}</${name}>`);
    return;
  }
  if (name === 'custodian' || name === 'steward' || name === 'owner') {
    out.push(`${ind}<${name}>`);
    if (isObj(o.organization)) el('organization', o.organization, `${ind}  `, out);
    if (isObj(o.contact)) el('individual', o.contact, `${ind}  `, out);
    out.push(`${ind}</${name}>`);
    return;
  }
  if (name === 'data' && Array.isArray(o) === false && (o.flow !== undefined || o.classification !== undefined) && !('type' in o)) {
    // service data flow (written by the caller)
  }
  const attrs = (ATTRS[name] ?? [])
    .filter((k) => o[k] !== undefined)
    .map((k) => ` ${k}="${escapeXml(String(o[k]))}"`)
    .join('');
  const keys = orderKeys(name, o);
  if (keys.length === 0) {
    out.push(`${ind}<${name}${attrs}/>`);
    return;
  }
  out.push(`${ind}<${name}${attrs}>`);
  for (const k of keys) {
    const v = o[k];
    if (REPEAT_DIRECT.has(k) && Array.isArray(v)) for (const x of v) el(k, x, `${ind}  `, out);
    else el(k, v, `${ind}  `, out);
  }
  out.push(`${ind}</${name}>`);
}

function serviceXml(s: Obj, ind: string, out: string[]): void {
  const flows = arr(s.data).filter(isObj);
  const rest: Obj = { ...s };
  delete rest.data;
  const tmp: string[] = [];
  el('service', rest, ind, tmp);
  if (flows.length) {
    const dataXml = [`${ind}  <data>`];
    for (const f of flows) {
      dataXml.push(
        `${ind}    <dataflow>`,
        `${ind}      <classification flow="${escapeXml(String(f.flow ?? 'unknown'))}">${escapeXml(String(f.classification ?? ''))}</classification>`,
        `${ind}    </dataflow>`,
      );
    }
    dataXml.push(`${ind}  </data>`);
    // insert before licenses/externalReferences/properties/services/releaseNotes/tags
    const after = ['<licenses', '<externalReferences', '<properties', '<services', '<releaseNotes', '<tags'];
    let at = tmp.length - 1;
    for (let i = 1; i < tmp.length - 1; i++) {
      const line = (tmp[i] as string).trimStart();
      if (tmp[i]?.startsWith(`${ind}  <`) && after.some((p) => line.startsWith(p))) {
        at = i;
        break;
      }
    }
    tmp.splice(at, 0, ...dataXml);
  }
  out.push(...tmp);
}

/** Serialises a CycloneDX document (JSON shape) as CycloneDX XML in the XSD's element order. */
export function cycloneDxToXml(bom: Obj): string {
  const v = String(bom.specVersion);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<bom xmlns="http://cyclonedx.org/schema/bom/${v}" serialNumber="${escapeXml(String(bom.serialNumber))}" version="${Number(bom.version ?? 1)}">`,
  ];
  if (isObj(bom.metadata)) el('metadata', bom.metadata, '  ', out);
  if (Array.isArray(bom.components) && bom.components.length) el('components', bom.components, '  ', out);
  if (Array.isArray(bom.services) && bom.services.length) {
    out.push('  <services>');
    for (const s of bom.services) if (isObj(s)) serviceXml(s, '    ', out);
    out.push('  </services>');
  }
  if (Array.isArray(bom.dependencies) && bom.dependencies.length) {
    out.push('  <dependencies>');
    for (const d of bom.dependencies) {
      if (!isObj(d)) continue;
      const on = arr(d.dependsOn).filter((x): x is string => typeof x === 'string');
      if (on.length === 0) out.push(`    <dependency ref="${escapeXml(String(d.ref))}"/>`);
      else {
        out.push(`    <dependency ref="${escapeXml(String(d.ref))}">`);
        for (const t of on) out.push(`      <dependency ref="${escapeXml(t)}"/>`);
        out.push('    </dependency>');
      }
    }
    out.push('  </dependencies>');
  }
  out.push('</bom>');
  return `${out.join('\n')}\n`;
}

/**
 * Writes an inventory (or any selection of it) as a CycloneDX 1.6 or 1.7 BOM, JSON or XML:
 * models as `machine-learning-model` components with their model card, datasets as `data`
 * components, providers and endpoints as services, every relationship in the dependency graph,
 * and the aispm fields without a CycloneDX home as `aispm:` properties. The same inventory
 * always gives the same bytes.
 *
 * @example
 * ```ts
 * const json = writeCycloneDx(inventory, { specVersion: '1.6' });
 * const xml = writeCycloneDx(inventory, { specVersion: '1.7', encoding: 'xml' });
 * ```
 */
export function writeCycloneDx(subject: BomSubject, options: CycloneDxWriteOptions = {}): string {
  const bom = buildCycloneDx(subject, options);
  if (options.encoding === 'xml') return cycloneDxToXml(bom);
  return `${JSON.stringify(bom, null, 2)}\n`;
}
