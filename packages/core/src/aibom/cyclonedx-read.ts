import type { Result } from '../errors';
import type { Observation } from '../model/observation';
import type { Locator, ProvenanceInput } from '../model/provenance';
import type { AssetKind, DataClass, RelationshipType } from '../model/vocab';
import { AISPM_PROP, arr, isKind, isObj, isRelType, isSpdxExpression, plain, ReadContext, str, toDataClass } from './common';
import { bomFromXml, type XmlLines } from './cyclonedx-xml';
import { parseJsonSafe } from './safe-json';
import type { BomReadOptions, BomReadResult } from './types';
import { parseXml } from './xml';

/** CycloneDX spec versions the reader accepts. */
export const CYCLONEDX_READ_VERSIONS = ['1.4', '1.5', '1.6', '1.7'] as const;

const MAX_NEST = 64;

const NO_DATA_CLASSES: DataClass[] = Object.freeze([]) as unknown as DataClass[];

/** Where a deferred relationship was declared: the pointer (for issues) and the provenance (for the edge). */
interface Place {
  pointer: string;
  prov: ProvenanceInput;
}

interface Entry {
  id: string;
  kind: AssetKind;
  dialect: boolean;
}

const COMPONENT_KIND = new Map<string, AssetKind>([
  ['machine-learning-model', 'model'],
  ['data', 'dataset'],
  ['application', 'application'],
  ['library', 'library'],
  ['framework', 'library'],
]);

const HF_URL = /^https?:\/\/(?:www\.)?huggingface\.co\/(datasets\/|spaces\/)?([\w.-]+\/[\w.-]+)\/?(?:$|[?#]|\/tree\/|\/blob\/|\/resolve\/)/;

/** Whether an object has at least one own enumerable key (without building the key list). */
function hasKeys(o: Record<string, unknown>): boolean {
  for (const _ in o) return true;
  return false;
}

function decodePurlPart(p: string): string {
  if (!p.includes('%')) return p;
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

const PURL_ECOSYSTEMS = new Set(['npm', 'pypi', 'maven', 'golang', 'nuget', 'cargo', 'gem']);

/** Package URL types spelled as constants, so the common ones need no new string. */
const PURL_TYPES = ['npm', 'pypi', 'maven', 'golang', 'nuget', 'cargo', 'gem', 'huggingface', 'github', 'docker', 'oci', 'generic'];

interface Purl {
  type: string;
  namespace: string | undefined;
  name: string;
}

/** The type, namespace and name of a package URL (the version, qualifiers and subpath are not needed here). */
function parsePurl(purl: string): Purl | undefined {
  if (!purl.startsWith('pkg:')) return undefined;
  const slash = purl.indexOf('/', 4);
  if (slash < 0) return undefined;
  let type: string | undefined;
  for (const t of PURL_TYPES)
    if (slash === 4 + t.length && purl.startsWith(t, 4)) {
      type = t;
      break;
    }
  type ??= purl.slice(4, slash).toLowerCase();
  let end = purl.length;
  const q = purl.indexOf('?', slash);
  if (q >= 0) end = q;
  const h = purl.indexOf('#', slash);
  if (h >= 0 && h < end) end = h;
  // The version '@' comes after the last '/' (a scope such as '@angular/' is part of the namespace).
  const lastSlash = purl.lastIndexOf('/', end - 1);
  const at0 = purl.lastIndexOf('@', end - 1);
  const at = at0 > lastSlash ? at0 : -1;
  const pathEnd = at > slash ? at : end;
  if (pathEnd <= slash + 1 || !type) return undefined;
  // The path is purl[slash + 1, pathEnd): namespace segments, then the name after its last '/'.
  const cut = purl.lastIndexOf('/', pathEnd - 1);
  const name = decodePurlPart(purl.slice(cut > slash ? cut + 1 : slash + 1, pathEnd));
  if (!name) return undefined;
  let namespace: string | undefined;
  if (cut > slash + 1) {
    namespace = purl.slice(slash + 1, cut);
    if (namespace.includes('%')) namespace = namespace.split('/').map(decodePurlPart).join('/');
  }
  return { type, namespace, name };
}

/** CycloneDX properties split into the aispm dialect and the rest; containers exist only when non-empty. */
interface Props {
  kind: string | undefined;
  owner: string | undefined;
  labels: Record<string, string> | undefined;
  dataClasses: string[] | undefined;
  attributes: unknown;
  relationships: string[] | undefined;
  other: Array<{ name: string; value: string }> | undefined;
}

/** Empty properties, every field present, so that all `Props` objects share one shape. */
function emptyProps(): Props {
  return { kind: undefined, owner: undefined, labels: undefined, dataClasses: undefined, attributes: undefined, relationships: undefined, other: undefined };
}

const NO_PROPS: Props = Object.freeze(emptyProps());

/** Returned when the properties array itself serves as `other` (see {@link readProps}). */
const PLAIN_PROPS: Props = Object.freeze(emptyProps());

/** The properties outside the aispm dialect. */
function otherProps(props: Props, raw: unknown): Array<{ name: string; value: string }> | undefined {
  return props === PLAIN_PROPS ? (raw as Array<{ name: string; value: string }>) : props.other;
}

/** Whether a property is exactly `{ name, value }` with string values and a name outside the aispm dialect. */
function isPlainProperty(p: unknown): boolean {
  if (!isObj(p) || typeof p.name !== 'string' || typeof p.value !== 'string' || p.name.startsWith('aispm:')) return false;
  return Object.keys(p).length === 2;
}

/**
 * Reads CycloneDX properties into the aispm dialect and the rest. When the reader owns the
 * document (it parsed the text itself) and every entry is already a plain `{ name, value }`
 * pair, the array is kept as is instead of being copied.
 */
function readProps(v: unknown, owned: boolean): Props {
  if (!Array.isArray(v) || v.length === 0) return NO_PROPS;
  if (owned) {
    let plainOnly = true;
    for (const p of v)
      if (!isPlainProperty(p)) {
        plainOnly = false;
        break;
      }
    if (plainOnly) return PLAIN_PROPS;
  }
  const out = emptyProps();
  for (const p of v) {
    if (!isObj(p)) continue;
    const name = p.name;
    if (typeof name !== 'string') continue;
    const value = typeof p.value === 'string' ? p.value : '';
    if (!name.startsWith('aispm:')) (out.other ??= []).push({ name, value });
    else if (name === AISPM_PROP.kind) out.kind = value;
    else if (name === AISPM_PROP.owner) out.owner = value;
    else if (name.startsWith(AISPM_PROP.label)) (out.labels ??= {})[name.slice(AISPM_PROP.label.length)] = value;
    else if (name === AISPM_PROP.dataClass) (out.dataClasses ??= []).push(value);
    else if (name === AISPM_PROP.attributes) {
      try {
        out.attributes = JSON.parse(value);
      } catch {
        out.attributes = undefined;
      }
    } else if (name === AISPM_PROP.relationship) (out.relationships ??= []).push(value);
    else (out.other ??= []).push({ name, value });
  }
  return out;
}

/** The licence of a component or service; `path` is the pointer of its owner (issue paths are built only when needed). */
function licenseOf(v: unknown, ctx: ReadContext, path: string): string | undefined {
  if (!Array.isArray(v)) return undefined;
  let one: string | undefined;
  let parts: string[] | undefined;
  for (let i = 0; i < v.length; i++) {
    const l = v[i];
    if (!isObj(l)) continue;
    let part: string | undefined;
    if (typeof l.expression === 'string') {
      if (!isSpdxExpression(l.expression))
        ctx.issue('bom/invalid-license-expression', `invalid SPDX licence expression "${l.expression}"`, `${path}/licenses/${i}/expression`);
      part = l.expression;
    } else if (isObj(l.license)) {
      part = str(l.license.id) ?? str(l.license.name);
    }
    if (part === undefined) continue;
    if (one === undefined && parts === undefined) one = part;
    else {
      parts ??= [one as string];
      parts.push(part);
    }
  }
  if (parts === undefined) return one;
  return parts.map((p) => (/\s/.test(p) ? `(${p})` : p)).join(' AND ');
}

function orgName(v: unknown): string | undefined {
  if (typeof v === 'string') return str(v);
  return isObj(v) ? str(v.name) : undefined;
}

/** The strings of an array (empty ones included), or undefined when there are none. */
function stringsOf(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  let out: string[] | undefined;
  for (const x of v) if (typeof x === 'string') (out ??= []).push(x);
  return out;
}

function dataClassesOf(values: unknown[]): DataClass[] {
  const out = new Set<DataClass>();
  for (const v of values) {
    const d = toDataClass(v);
    if (d) out.add(d);
  }
  return [...out].sort();
}

class CdxReader {
  readonly byRef = new Map<string, Entry>();
  readonly dialectRels: Array<{ from: string; raw: string; at: Place }> = [];
  readonly pendingRefs: Array<{ from: string; ref: string; type: RelationshipType; at: Place }> = [];
  constructor(
    readonly ctx: ReadContext,
    readonly lines: XmlLines | undefined,
    /** The document was parsed by the reader, so its plain parts may be kept in observations without a copy. */
    readonly owned: boolean,
  ) {}

  /** Provenance of the object `obj` at `pointer` (its XML line instead, for XML). */
  provAt(obj: unknown, pointer: string, ref: string | undefined): ProvenanceInput {
    let locator: Locator;
    if (this.lines) {
      const line = isObj(obj) ? this.lines.get(obj) : undefined;
      locator = {};
      if (line) locator.line = line;
      if (ref) locator.ref = ref;
    } else locator = ref ? { pointer, ref } : { pointer };
    return this.ctx.prov(locator);
  }

  // Observations are appended by index: an inlined `push` on these arrays was seen to deoptimise
  // the hot reader methods between reads (V8 "not a Smi" bailouts).
  emitAsset(asset: Record<string, unknown>, provenance: ProvenanceInput): void {
    const out = this.ctx.observations;
    out[out.length] = { type: 'asset', asset: asset as never, provenance };
  }

  emitEdge(
    type: RelationshipType,
    from: string,
    to: string,
    provenance: ProvenanceInput,
    extra?: { attributes?: Record<string, unknown>; dataClasses?: DataClass[] },
  ): void {
    if (from === to) return;
    const relationship: Record<string, unknown> = { type, from, to };
    if (extra?.attributes) relationship.attributes = extra.attributes;
    if (extra?.dataClasses?.length) relationship.dataClasses = extra.dataClasses;
    const out = this.ctx.observations;
    out[out.length] = { type: 'relationship', relationship: relationship as never, provenance };
  }

  /** Registers a bom-ref; `path` + `sub` is the pointer of the object holding it (built only for an issue). */
  register(ref: unknown, entry: Entry, path: string, sub = ''): void {
    if (typeof ref !== 'string' || ref === '') return;
    if (this.byRef.has(ref)) {
      this.ctx.issue('bom/duplicate-ref', `bom-ref "${ref}" is used more than once`, `${path}${sub}/bom-ref`);
      return;
    }
    this.byRef.set(ref, entry);
  }

  /** The asset id of a component or service, or an issue when it has none. */
  identify(c: Record<string, unknown>, kind: AssetKind, fallbackKind: AssetKind, dialect: boolean, key: string | undefined, path: string): string | undefined {
    const ref = dialect ? str(c['bom-ref']) : undefined;
    let id: string | undefined;
    if (dialect && ref?.startsWith(`${kind}:`)) id = this.ctx.normaliseId(ref, path);
    else if (key) id = this.ctx.assetId(kind, key, path);
    if (!id) this.ctx.issue('bom/unnamed', `${fallbackKind} without a usable name is skipped`, path);
    return id;
  }

  baseAsset(kind: AssetKind, id: string, name: string | undefined, props: Props, attributes: Record<string, unknown>, dataClasses: DataClass[]) {
    let dcs: DataClass[] | undefined;
    if (props.dataClasses === undefined && dataClasses.length <= 1) {
      if (dataClasses.length === 1) dcs = dataClasses;
    } else {
      const dc = new Set<DataClass>(dataClasses);
      for (const d of props.dataClasses ?? []) {
        const x = toDataClass(d);
        if (x) dc.add(x);
      }
      if (dc.size) dcs = [...dc].sort();
    }
    // The aispm dialect carries the complete attributes: they replace what the native fields gave.
    const attrs = isKind(props.kind) && isObj(props.attributes) ? (plain(props.attributes) as Record<string, unknown>) : attributes;
    const hasAttrs = hasKeys(attrs);
    // The common shape is built as one literal (no property store to grow).
    if (name && !props.owner && !props.labels && !dcs) return hasAttrs ? { kind, id, name, attributes: attrs } : { kind, id, name };
    const asset: Record<string, unknown> = { kind, id };
    if (name) asset.name = name;
    if (props.owner) asset.owner = props.owner;
    if (props.labels && hasKeys(props.labels)) asset.labels = props.labels;
    if (dcs) asset.dataClasses = dcs;
    if (hasAttrs) asset.attributes = attrs;
    return asset;
  }

  component(c: unknown, path: string, depth: number, parent?: string): string | undefined {
    if (!isObj(c)) {
      this.ctx.issue('bom/invalid-component', 'component is not an object', path);
      return undefined;
    }
    if (depth > MAX_NEST) {
      this.ctx.issue('bom/too-deep', `components nested deeper than ${MAX_NEST} levels are skipped`, path);
      return undefined;
    }
    const type = str(c.type) ?? 'library';
    const name = str(c.name);
    const group = str(c.group);
    const purlText = str(c.purl);
    const purl = purlText ? parsePurl(purlText) : undefined;
    const fallbackKind: AssetKind = COMPONENT_KIND.get(type) ?? 'library';
    const extRefs = c.externalReferences;
    let hf: RegExpExecArray | null = null;
    if (Array.isArray(extRefs))
      for (const r of extRefs) {
        if (isObj(r) && typeof r.url === 'string') hf = HF_URL.exec(r.url);
        if (hf) break;
      }
    let key: string | undefined;
    if (fallbackKind === 'model' && purl?.type !== 'huggingface' && hf && !hf[1]) key = hf[2];
    else if (fallbackKind === 'model')
      key =
        purl?.type === 'huggingface'
          ? `${purl.namespace ? `${purl.namespace}/` : ''}${purl.name}`
          : name
            ? group && !name.includes('/')
              ? `${group}/${name}`
              : name
            : undefined;
    else if (fallbackKind === 'library') {
      if (purl && PURL_ECOSYSTEMS.has(purl.type))
        key = `${purl.type}/${purl.type === 'maven' && purl.namespace ? `${purl.namespace}:` : purl.namespace ? `${purl.namespace}/` : ''}${purl.name}`;
      else if (purl) key = `${purl.type}/${purl.namespace ? `${purl.namespace}/` : ''}${purl.name}`;
      else key = name ? (group ? `${group}/${name}` : name) : undefined;
    } else key = name ? (group ? `${group}/${name}` : name) : undefined;
    const props = readProps(c.properties, this.owned);
    const dialect = isKind(props.kind);
    const kind: AssetKind = dialect ? (props.kind as AssetKind) : fallbackKind;
    const id = this.identify(c, kind, fallbackKind, dialect, key, path);
    if (!id) return undefined;
    const ref = str(c['bom-ref']);
    const entry: Entry = { id, kind, dialect };
    this.register(ref, entry, path);
    // Refs inside the component (its model card, its data entries) name the same asset.
    const card = c.modelCard;
    if (isObj(card)) this.register(card['bom-ref'], entry, path, '/modelCard');
    const data = c.data;
    if (Array.isArray(data))
      for (let i = 0; i < data.length; i++) {
        const d = data[i];
        if (isObj(d)) this.register(d['bom-ref'], entry, path, `/data/${i}`);
      }
    const prov = this.provAt(c, path, ref);

    const a: Record<string, unknown> = {};
    // Filled only from a `data` entry; most components have none and share the empty list.
    let dataClasses: DataClass[] = NO_DATA_CLASSES;
    if (str(c.version)) a.version = c.version;
    if (str(c.description)) a.description = c.description;
    if (purlText) a.purl = purlText;
    const lic = licenseOf(c.licenses, this.ctx, path);
    if (lic) a.license = lic;
    const hs = c.hashes;
    if (Array.isArray(hs) && hs.length) {
      let hashes: Record<string, string> | undefined;
      for (const h of hs) if (isObj(h) && typeof h.alg === 'string' && typeof h.content === 'string') (hashes ??= {})[h.alg] = h.content;
      if (hashes && hasKeys(hashes)) a.hashes = hashes;
    }
    if (!dialect) {
      a.componentType = type;
      if (group) a.group = group;
      const supplier = orgName(c.supplier);
      if (supplier) a.supplier = supplier;
      const manufacturer = orgName(c.manufacturer);
      if (manufacturer) a.manufacturer = manufacturer;
      let authors: string[] | undefined;
      const ca = c.authors;
      if (Array.isArray(ca))
        for (const x of ca) {
          const n = orgName(x);
          if (n) (authors ??= []).push(n);
        }
      const author = str(c.author);
      if (author) (authors ??= []).push(author);
      if (authors) a.authors = authors;
      if (str(c.publisher)) a.publisher = c.publisher;
      if (str(c.copyright)) a.copyright = c.copyright;
      if (str(c.cpe)) a.cpe = c.cpe;
      if (str(c.scope)) a.scope = c.scope;
      const tags = stringsOf(c.tags);
      if (tags) a.tags = tags;
      let refs: Array<{ type: string; url: string; comment?: unknown }> | undefined;
      let cardUrl: string | undefined;
      if (Array.isArray(extRefs))
        for (const r of extRefs) {
          if (!isObj(r) || typeof r.url !== 'string') continue;
          const x: { type: string; url: string; comment?: unknown } = { type: String(r.type ?? 'other'), url: r.url };
          if (str(r.comment)) x.comment = r.comment;
          (refs ??= []).push(x);
          if (cardUrl === undefined && x.type === 'model-card') cardUrl = x.url;
        }
      if (refs) a.externalReferences = refs;
      const other = otherProps(props, c.properties);
      if (other) a.properties = other;
      if (kind === 'model') {
        if (cardUrl !== undefined) a.modelCardUrl = cardUrl;
        if (isObj(card) || cardUrl !== undefined) a.modelCard = true;
        if (purl?.type === 'huggingface') a.huggingfaceRepo = `${purl.namespace ? `${purl.namespace}/` : ''}${purl.name}`;
        else if (hf && !hf[1]) a.huggingfaceRepo = hf[2];
        if (supplier && !a.provider) a.supplier = supplier;
      }
      if (kind === 'library' && purl && PURL_ECOSYSTEMS.has(purl.type)) a.ecosystem = purl.type;
      if (kind === 'dataset' && hf?.[1] === 'datasets/') a.huggingfaceRepo = hf[2];
    }
    if (kind === 'model' && isObj(card)) this.modelCard(card, `${path}/modelCard`, id, a, dialect);
    if (Array.isArray(data) && data.length && (kind === 'dataset' || !dialect)) {
      const first = data[0];
      if (isObj(first)) {
        dataClasses = [];
        this.dataFields(first, a, dataClasses, dialect);
      }
      if (!dialect && data.length > 1) a.data = plain(data);
    }
    this.emitAsset(this.baseAsset(kind, id, name, props, a, dataClasses), prov);

    if (dialect) {
      if (props.relationships) for (const raw of props.relationships) this.dialectRels.push({ from: id, raw, at: { pointer: path, prov } });
    } else if (parent) this.emitEdge('contains', parent, id, prov);
    const subs = c.components;
    if (Array.isArray(subs)) for (let i = 0; i < subs.length; i++) this.component(subs[i], `${path}/components/${i}`, depth + 1, id);
    if (isObj(c.pedigree) && !dialect) {
      const ancestors = c.pedigree.ancestors;
      if (Array.isArray(ancestors))
        for (let i = 0; i < ancestors.length; i++) {
          const anc = ancestors[i];
          const ap = `${path}/pedigree/ancestors/${i}`;
          const aid = this.component(anc, ap, depth + 1);
          if (aid) this.emitEdge(kind === 'model' ? 'fine-tuned-from' : 'depends-on', id, aid, this.provAt(anc, ap, undefined));
        }
    }
    return id;
  }

  dataFields(d: Record<string, unknown>, a: Record<string, unknown>, dataClasses: DataClass[], dialect: boolean): void {
    if (str(d.type)) a.datasetType = d.type;
    if (isObj(d.contents)) a.contents = plain(d.contents);
    if (str(d.classification)) {
      a.classification = d.classification;
      if (!dialect) {
        const dc = toDataClass(d.classification);
        if (dc) dataClasses.push(dc);
      }
    }
    const sensitive = stringsOf(d.sensitiveData);
    if (sensitive) {
      a.sensitiveData = sensitive;
      if (!dialect) dataClasses.push(...dataClassesOf(sensitive));
    }
    if (isObj(d.governance)) a.governance = plain(d.governance);
    if (isObj(d.graphics)) a.graphics = plain(d.graphics);
    if (!dialect && str(d.description) && !a.description) a.description = d.description;
    if (!dialect && isObj(d.contents) && typeof d.contents.url === 'string') a.location = d.contents.url;
  }

  modelCard(card: Record<string, unknown>, path: string, modelId: string, a: Record<string, unknown>, dialect: boolean): void {
    const mp = card.modelParameters;
    if (isObj(mp)) {
      a.modelParameters = plain(mp);
      if (!dialect) {
        if (str(mp.task)) a.task = mp.task;
        if (str(mp.architectureFamily)) a.family = mp.architectureFamily;
        const datasets = mp.datasets;
        if (Array.isArray(datasets))
          for (let i = 0; i < datasets.length; i++) {
            const ds = datasets[i];
            if (!isObj(ds)) continue;
            const p = `${path}/modelParameters/datasets/${i}`;
            if (typeof ds.ref === 'string') {
              const pending = this.pendingRefs;
              pending[pending.length] = { from: modelId, ref: ds.ref, type: 'trained-on', at: { pointer: p, prov: this.provAt(ds, p, undefined) } };
              continue;
            }
            const dsName = str(ds.name) ?? str(ds['bom-ref']);
            if (!dsName) continue;
            const did = this.ctx.assetId('dataset', dsName, p);
            if (!did) continue;
            this.register(ds['bom-ref'], { id: did, kind: 'dataset', dialect: false }, p);
            const attrs: Record<string, unknown> = {};
            const dcs: DataClass[] = [];
            this.dataFields(ds, attrs, dcs, false);
            const asset: Record<string, unknown> = { kind: 'dataset', id: did, name: dsName };
            if (hasKeys(attrs)) asset.attributes = attrs;
            if (dcs.length) asset.dataClasses = [...new Set(dcs)].sort();
            const dprov = this.provAt(ds, p, str(ds['bom-ref']));
            this.emitAsset(asset, dprov);
            this.emitEdge('trained-on', modelId, did, dprov);
          }
      }
    }
    if (isObj(card.quantitativeAnalysis)) a.quantitativeAnalysis = plain(card.quantitativeAnalysis);
    const considerations = card.considerations;
    if (isObj(considerations)) {
      a.considerations = plain(considerations);
      if (!dialect) {
        const uses = stringsOf(considerations.useCases);
        if (uses && !a.purpose) a.purpose = uses.join('; ');
      }
    }
    if (!dialect && Array.isArray(card.properties) && card.properties.length) a.modelCardProperties = plain(card.properties);
  }

  service(s: unknown, path: string, depth: number, parent?: string): string | undefined {
    if (!isObj(s)) {
      this.ctx.issue('bom/invalid-service', 'service is not an object', path);
      return undefined;
    }
    if (depth > MAX_NEST) {
      this.ctx.issue('bom/too-deep', `services nested deeper than ${MAX_NEST} levels are skipped`, path);
      return undefined;
    }
    const name = str(s.name);
    const providerName = orgName(s.provider);
    const endpoints = arr(s.endpoints).filter((e): e is string => typeof e === 'string' && e !== '');
    const fallbackKind: AssetKind = endpoints.length ? 'model-endpoint' : 'provider';
    const group = str(s.group);
    const key = fallbackKind === 'model-endpoint' ? endpoints[0] : (providerName ?? (name ? (group ? `${group}/${name}` : name) : undefined));
    const props = readProps(s.properties, this.owned);
    const dialect = isKind(props.kind);
    const kind: AssetKind = dialect ? (props.kind as AssetKind) : fallbackKind;
    const id = this.identify(s, kind, fallbackKind, dialect, key, path);
    if (!id) return undefined;
    const ref = str(s['bom-ref']);
    this.register(ref, { id, kind, dialect }, path);
    const prov = this.provAt(s, path, ref);
    const a: Record<string, unknown> = {};
    const dataClasses: DataClass[] = [];
    if (str(s.version)) a.version = s.version;
    if (str(s.description)) a.description = s.description;
    if (endpoints.length) a.endpoints = endpoints;
    const lic = licenseOf(s.licenses, this.ctx, path);
    if (lic) a.license = lic;
    if (!dialect) {
      a.serviceName = name;
      if (group) a.group = group;
      if (providerName) a.serviceProvider = providerName;
      if (endpoints[0]) a.url = endpoints[0];
      if (typeof s.authenticated === 'boolean') {
        a.authenticated = s.authenticated;
        if (!s.authenticated) a.authentication = 'none';
      }
      if (typeof s['x-trust-boundary'] === 'boolean') a.crossesTrustBoundary = s['x-trust-boundary'];
      if (str(s.trustZone)) a.trustZone = s.trustZone;
      const flows = arr(s.data).filter(isObj);
      if (flows.length) {
        a.dataFlows = plain(flows);
        dataClasses.push(...dataClassesOf(flows.map((f) => f.classification)));
      }
      const refs = arr(s.externalReferences)
        .filter(isObj)
        .filter((r) => typeof r.url === 'string')
        .map((r) => ({ type: String(r.type ?? 'other'), url: String(r.url) }));
      if (refs.length) a.externalReferences = refs;
      const other = otherProps(props, s.properties);
      if (other) a.properties = other;
      const tags = stringsOf(s.tags);
      if (tags) a.tags = tags;
      if (kind === 'provider' && name && providerName && name !== providerName) a.services = [name];
    }
    this.emitAsset(this.baseAsset(kind, id, name ?? providerName, props, a, dataClasses), prov);
    if (dialect) {
      if (props.relationships) for (const raw of props.relationships) this.dialectRels.push({ from: id, raw, at: { pointer: path, prov } });
    } else {
      if (providerName && kind !== 'provider') {
        const pid = this.ctx.assetId('provider', providerName, `${path}/provider/name`);
        if (pid) {
          this.emitAsset({ kind: 'provider', id: pid, name: providerName }, prov);
          this.emitEdge('hosted-by', id, pid, prov);
        }
      }
      if (parent) this.emitEdge('contains', parent, id, prov);
    }
    const subs = s.services;
    if (Array.isArray(subs)) for (let i = 0; i < subs.length; i++) this.service(subs[i], `${path}/services/${i}`, depth + 1, id);
    return id;
  }

  /** The top-level `components` (a method of its own, so its loop is compiled on its own). */
  components(list: unknown): void {
    if (!Array.isArray(list)) return;
    for (let i = 0; i < list.length; i++) {
      this.component(list[i], `/components/${i}`, 0);
      // A document the reader parsed itself lets go of each entry once it is mapped, so the
      // collector does not keep (and copy) the parts no observation refers to.
      if (this.owned) list[i] = undefined;
    }
  }

  /** The top-level `services`. */
  services(list: unknown): void {
    if (!Array.isArray(list)) return;
    for (let i = 0; i < list.length; i++) this.service(list[i], `/services/${i}`, 0);
  }

  edgeType(from: Entry, to: Entry): RelationshipType {
    if (from.kind === 'model' && to.kind === 'dataset') return 'trained-on';
    if (from.kind === 'model' && to.kind === 'model') return 'fine-tuned-from';
    if (to.kind === 'model') return 'uses-model';
    if (to.kind === 'model-endpoint' || to.kind === 'provider' || to.kind === 'saas-ai-feature') return 'calls';
    if (to.kind === 'vector-store') return 'retrieves-from';
    if (to.kind === 'mcp-server') return 'connects-to';
    if (to.kind === 'gateway') return 'routes-through';
    return 'depends-on';
  }

  dependencies(deps: unknown): void {
    if (!Array.isArray(deps)) return;
    for (let i = 0; i < deps.length; i++) {
      this.dependency(deps[i], i);
      if (this.owned) deps[i] = undefined;
    }
  }

  /** One `dependencies` entry (a method of its own: it is called often enough to be compiled early). */
  dependency(d: unknown, i: number): void {
    if (!isObj(d) || typeof d.ref !== 'string') {
      this.ctx.issue('bom/invalid-dependency', 'dependency without a ref', `/dependencies/${i}`);
      return;
    }
    const from = this.byRef.get(d.ref);
    if (!from) {
      this.ctx.issue('bom/dangling-ref', `dependency ref "${d.ref}" names no component or service`, `/dependencies/${i}/ref`);
      return;
    }
    if (from.dialect) return;
    const targets = d.dependsOn;
    if (!Array.isArray(targets)) return;
    // The provenance is built once, on the first edge the entry yields, and shared by its edges.
    let prov: ProvenanceInput | undefined;
    const out = this.ctx.observations;
    for (let j = 0; j < targets.length; j++) {
      const t = targets[j];
      if (typeof t !== 'string') continue;
      const to = this.byRef.get(t);
      if (!to) {
        this.ctx.issue('bom/dangling-ref', `dependsOn "${t}" names no component or service`, `/dependencies/${i}/dependsOn/${j}`);
        continue;
      }
      if (from.id === to.id) continue;
      prov ??= this.provAt(d, `/dependencies/${i}`, d.ref);
      out[out.length] = { type: 'relationship', relationship: { type: this.edgeType(from, to), from: from.id, to: to.id }, provenance: prov };
    }
  }

  finish(): void {
    for (const p of this.pendingRefs) {
      const to = this.byRef.get(p.ref);
      if (!to) {
        this.ctx.issue('bom/dangling-ref', `dataset ref "${p.ref}" names no component`, p.at.pointer);
        continue;
      }
      this.emitEdge(p.type, p.from, to.id, p.at.prov);
    }
    for (const r of this.dialectRels) {
      let v: unknown;
      try {
        v = JSON.parse(r.raw);
      } catch {
        v = undefined;
      }
      if (!isObj(v) || !isRelType(v.type) || typeof v.to !== 'string') {
        this.ctx.issue('bom/invalid-relationship', `invalid ${AISPM_PROP.relationship} property`, r.at.pointer);
        continue;
      }
      const to = this.ctx.normaliseId(v.to, r.at.pointer);
      if (!to) continue;
      const attributes = isObj(v.attributes) && Object.keys(v.attributes).length ? (plain(v.attributes) as Record<string, unknown>) : undefined;
      const dataClasses = dataClassesOf(arr(v.dataClasses));
      this.emitEdge(v.type, r.from, to, r.at.prov, { ...(attributes ? { attributes } : {}), dataClasses });
    }
  }
}

function detectVersion(bom: Record<string, unknown>, ctx: ReadContext, xml: boolean): string | undefined {
  const v = bom.specVersion;
  if (typeof v !== 'string') {
    ctx.issues.push({
      code: 'bom/missing-spec-version',
      message: xml ? 'the bom element has no CycloneDX namespace with a version' : 'specVersion is missing',
      path: xml ? '' : '/specVersion',
      severity: 'error',
      ...(ctx.options.file ? { file: ctx.options.file } : {}),
    });
    return undefined;
  }
  if (!(CYCLONEDX_READ_VERSIONS as readonly string[]).includes(v)) {
    ctx.issue(
      'bom/unsupported-spec-version',
      `CycloneDX ${v} is not one of ${CYCLONEDX_READ_VERSIONS.join(', ')}; read as the nearest version`,
      '/specVersion',
    );
  }
  return v;
}

/** Maps a parsed CycloneDX document (JSON shape) into observations. */
export function mapCycloneDx(bom: Record<string, unknown>, ctx: ReadContext, lines?: XmlLines, owned = false): BomReadResult {
  const xml = lines !== undefined;
  const specVersion = detectVersion(bom, ctx, xml) ?? 'unknown';
  const reader = new CdxReader(ctx, lines, owned);
  const serial = str(bom.serialNumber);
  ctx.source = serial;
  const meta = isObj(bom.metadata) ? bom.metadata : {};
  ctx.setTime(meta.timestamp);
  let subject: string | undefined;
  if (isObj(meta.component)) subject = reader.component(meta.component, '/metadata/component', 0);
  reader.components(bom.components);
  reader.services(bom.services);
  reader.dependencies(bom.dependencies);
  reader.finish();
  void subject;
  const out: BomReadResult = {
    format: xml ? 'cyclonedx-xml' : 'cyclonedx-json',
    specVersion,
    observations: ctx.observations as Observation[],
    issues: ctx.issues,
  };
  if (serial) out.documentId = serial;
  return out;
}

/**
 * Reads a CycloneDX BOM (JSON or XML, spec 1.4–1.7) into inventory observations. Machine-learning
 * models keep their whole model card, datasets their governance, services become providers or
 * model endpoints, dependencies and pedigree become relationships. Every observation's provenance
 * names the file, the bom-ref and the JSON pointer (JSON) or line (XML). Fails only when the text
 * is not a CycloneDX document at all; everything else is an issue in the result.
 *
 * @example
 * ```ts
 * const r = readCycloneDx(text, { file: 'bom.cdx.json' });
 * if (r.ok) inventory.addAll(r.value.observations);
 * ```
 */
export function readCycloneDx(input: string | object, options: BomReadOptions = {}): Result<BomReadResult> {
  const ctx = new ReadContext(options, 'cyclonedx');
  const file = options.file;
  const owned = typeof input === 'string';
  if (typeof input === 'string') {
    const trimmed = input.replace(/^\uFEFF/, '').trimStart();
    if (trimmed.startsWith('<')) {
      const x = parseXml(input, { maxDepth: options.maxDepth ?? 256 }, file);
      if (!x.ok) return x;
      if (x.value.name !== 'bom')
        return {
          ok: false,
          issues: [
            { code: 'bom/not-cyclonedx', message: `root element is <${x.value.name}>, not <bom>`, path: '', line: x.value.line, ...(file ? { file } : {}) },
          ],
        };
      const lines: XmlLines = new WeakMap();
      const { bom } = bomFromXml(x.value, lines);
      return { ok: true, value: mapCycloneDx(bom, ctx, lines, true) };
    }
    const j = parseJsonSafe(
      input,
      { maxDepth: options.maxDepth ?? Number.POSITIVE_INFINITY, trailingCommas: 'warning', ...(options.maxLength ? { maxLength: options.maxLength } : {}) },
      file,
    );
    if (!j.ok) return j;
    ctx.issues.push(...j.warnings);
    input = j.value as object;
  }
  if (!isObj(input) || input.bomFormat !== 'CycloneDX') {
    return {
      ok: false,
      issues: [
        { code: 'bom/not-cyclonedx', message: 'not a CycloneDX document (bomFormat is not "CycloneDX")', path: '/bomFormat', ...(file ? { file } : {}) },
      ],
    };
  }
  return { ok: true, value: mapCycloneDx(input, ctx, undefined, owned) };
}
