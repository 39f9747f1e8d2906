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

interface Located {
  pointer: string;
  line?: number;
  /** Provenance built once and shared by every observation made at this place. */
  prov?: ProvenanceInput;
}

interface Entry {
  id: string;
  kind: AssetKind;
  dialect: boolean;
}

const COMPONENT_KIND: Record<string, AssetKind> = {
  'machine-learning-model': 'model',
  data: 'dataset',
  application: 'application',
  library: 'library',
  framework: 'library',
};

const PURL_ECOSYSTEMS = new Set(['npm', 'pypi', 'maven', 'golang', 'nuget', 'cargo', 'gem']);

function parsePurl(purl: string): { type: string; namespace?: string; name: string; version?: string } | undefined {
  if (!purl.startsWith('pkg:')) return undefined;
  const slash = purl.indexOf('/', 4);
  if (slash < 0) return undefined;
  const type = purl.slice(4, slash).toLowerCase();
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
  const dec = (p: string) => {
    if (!p.includes('%')) return p;
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  };
  const path = purl.slice(slash + 1, pathEnd);
  if (!path || !type) return undefined;
  const cut = path.lastIndexOf('/');
  const name = dec(cut >= 0 ? path.slice(cut + 1) : path);
  if (!name) return undefined;
  const out: { type: string; namespace?: string; name: string; version?: string } = { type, name };
  if (cut > 0) out.namespace = path.slice(0, cut).split('/').map(dec).join('/');
  if (at > slash) out.version = purl.slice(at + 1, end);
  return out;
}

/** Reads CycloneDX properties into the aispm dialect and the rest. */
function readProps(v: unknown): {
  kind?: string;
  owner?: string;
  labels: Record<string, string>;
  dataClasses: string[];
  attributes?: unknown;
  relationships: string[];
  other: Array<{ name: string; value: string }>;
} {
  const out = {
    labels: {} as Record<string, string>,
    dataClasses: [] as string[],
    relationships: [] as string[],
    other: [] as Array<{ name: string; value: string }>,
  } as ReturnType<typeof readProps>;
  for (const p of arr(v)) {
    if (!isObj(p) || typeof p.name !== 'string') continue;
    const value = typeof p.value === 'string' ? p.value : '';
    if (p.name === AISPM_PROP.kind) out.kind = value;
    else if (p.name === AISPM_PROP.owner) out.owner = value;
    else if (p.name.startsWith(AISPM_PROP.label)) out.labels[p.name.slice(AISPM_PROP.label.length)] = value;
    else if (p.name === AISPM_PROP.dataClass) out.dataClasses.push(value);
    else if (p.name === AISPM_PROP.attributes) {
      try {
        out.attributes = JSON.parse(value);
      } catch {
        out.attributes = undefined;
      }
    } else if (p.name === AISPM_PROP.relationship) out.relationships.push(value);
    else out.other.push({ name: p.name, value });
  }
  return out;
}

function licenseOf(v: unknown, ctx: ReadContext, path: string): string | undefined {
  const parts: string[] = [];
  arr(v).forEach((l, i) => {
    if (!isObj(l)) return;
    if (typeof l.expression === 'string') {
      if (!isSpdxExpression(l.expression))
        ctx.issue('bom/invalid-license-expression', `invalid SPDX licence expression "${l.expression}"`, `${path}/${i}/expression`);
      parts.push(l.expression);
    } else if (isObj(l.license)) {
      const id = str(l.license.id);
      const name = str(l.license.name);
      if (id) parts.push(id);
      else if (name) parts.push(name);
    }
  });
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : parts.map((p) => (/\s/.test(p) ? `(${p})` : p)).join(' AND ');
}

function orgName(v: unknown): string | undefined {
  if (typeof v === 'string') return str(v);
  return isObj(v) ? str(v.name) : undefined;
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
  readonly dialectRels: Array<{ from: string; raw: string; loc: Located }> = [];
  constructor(
    readonly ctx: ReadContext,
    readonly lines: XmlLines | undefined,
  ) {}

  loc(obj: unknown, pointer: string, ref?: string): Located & { ref?: string } {
    const line = this.lines && isObj(obj) ? this.lines.get(obj) : undefined;
    return { pointer, ...(line ? { line } : {}), ...(ref ? { ref } : {}) };
  }

  locator(l: Located & { ref?: string }): Locator {
    const out: Locator = {};
    if (this.lines) {
      if (l.line) out.line = l.line;
    } else out.pointer = l.pointer;
    if (l.ref) out.ref = l.ref;
    return out;
  }

  provOf(l: Located & { ref?: string }): ProvenanceInput {
    if (!l.prov) l.prov = this.ctx.prov(this.locator(l));
    return l.prov;
  }

  emitAsset(asset: Record<string, unknown>, l: Located & { ref?: string }): void {
    this.ctx.observations.push({ type: 'asset', asset: asset as never, provenance: this.provOf(l) });
  }

  emitEdge(
    type: RelationshipType,
    from: string,
    to: string,
    l: Located & { ref?: string },
    extra?: { attributes?: Record<string, unknown>; dataClasses?: DataClass[] },
  ): void {
    if (from === to) return;
    const relationship: Record<string, unknown> = { type, from, to };
    if (extra?.attributes) relationship.attributes = extra.attributes;
    if (extra?.dataClasses?.length) relationship.dataClasses = extra.dataClasses;
    this.ctx.observations.push({ type: 'relationship', relationship: relationship as never, provenance: this.provOf(l) });
  }

  register(ref: unknown, entry: Entry, path: string): void {
    if (typeof ref !== 'string' || ref === '') return;
    if (this.byRef.has(ref)) {
      this.ctx.issue('bom/duplicate-ref', `bom-ref "${ref}" is used more than once`, `${path}/bom-ref`);
      return;
    }
    this.byRef.set(ref, entry);
  }

  /** Builds the identity and dialect fields shared by components and services. */
  identify(
    c: Record<string, unknown>,
    fallbackKind: AssetKind,
    key: string | undefined,
    path: string,
  ): { id: string; kind: AssetKind; props: ReturnType<typeof readProps>; dialect: boolean } | undefined {
    const props = readProps(c.properties);
    const dialect = isKind(props.kind);
    const kind = dialect ? (props.kind as AssetKind) : fallbackKind;
    const ref = str(c['bom-ref']);
    let id: string | undefined;
    if (dialect && ref?.startsWith(`${kind}:`)) id = this.ctx.normaliseId(ref, path);
    else if (key) id = this.ctx.assetId(kind, key, path);
    if (!id) {
      this.ctx.issue('bom/unnamed', `${fallbackKind} without a usable name is skipped`, path);
      return undefined;
    }
    return { id, kind, props, dialect };
  }

  baseAsset(
    kind: AssetKind,
    id: string,
    name: string | undefined,
    props: ReturnType<typeof readProps>,
    attributes: Record<string, unknown>,
    dataClasses: DataClass[],
  ) {
    const asset: Record<string, unknown> = { kind, id };
    if (name) asset.name = name;
    if (props.owner) asset.owner = props.owner;
    if (Object.keys(props.labels).length) asset.labels = props.labels;
    const dc = new Set<DataClass>(dataClasses);
    for (const d of props.dataClasses) {
      const x = toDataClass(d);
      if (x) dc.add(x);
    }
    if (dc.size) asset.dataClasses = [...dc].sort();
    // The aispm dialect carries the complete attributes: they replace what the native fields gave.
    const attrs = isKind(props.kind) && isObj(props.attributes) ? (plain(props.attributes) as Record<string, unknown>) : attributes;
    if (Object.keys(attrs).length) asset.attributes = attrs;
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
    const purl = str(c.purl) ? parsePurl(c.purl as string) : undefined;
    const fallbackKind: AssetKind = COMPONENT_KIND[type] ?? 'library';
    let key: string | undefined;
    const hf = arr(c.externalReferences)
      .map((r) =>
        isObj(r) && typeof r.url === 'string'
          ? /^https?:\/\/(?:www\.)?huggingface\.co\/(datasets\/|spaces\/)?([\w.-]+\/[\w.-]+)\/?(?:$|[?#]|\/tree\/|\/blob\/|\/resolve\/)/.exec(r.url)
          : null,
      )
      .find((m) => m);
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
    const who = this.identify(c, fallbackKind, key, path);
    if (!who) return undefined;
    const { id, kind, props, dialect } = who;
    const ref = str(c['bom-ref']);
    this.register(ref, { id, kind, dialect }, path);
    // Refs inside the component (its model card, its data entries) name the same asset.
    if (isObj(c.modelCard)) this.register(c.modelCard['bom-ref'], { id, kind, dialect }, `${path}/modelCard`);
    arr(c.data).forEach((d, i) => {
      if (isObj(d)) this.register(d['bom-ref'], { id, kind, dialect }, `${path}/data/${i}`);
    });
    const l = this.loc(c, path, ref);

    const a: Record<string, unknown> = {};
    const dataClasses: DataClass[] = [];
    if (str(c.version)) a.version = c.version;
    if (str(c.description)) a.description = c.description;
    if (str(c.purl)) a.purl = c.purl;
    const lic = licenseOf(c.licenses, this.ctx, `${path}/licenses`);
    if (lic) a.license = lic;
    const hashes: Record<string, string> = {};
    for (const h of arr(c.hashes)) if (isObj(h) && typeof h.alg === 'string' && typeof h.content === 'string') hashes[h.alg] = h.content;
    if (Object.keys(hashes).length) a.hashes = hashes;
    if (!dialect) {
      a.componentType = type;
      if (group) a.group = group;
      const supplier = orgName(c.supplier);
      if (supplier) a.supplier = supplier;
      const manufacturer = orgName(c.manufacturer);
      if (manufacturer) a.manufacturer = manufacturer;
      const authors = [...arr(c.authors).map(orgName), str(c.author)].filter((x): x is string => !!x);
      if (authors.length) a.authors = authors;
      if (str(c.publisher)) a.publisher = c.publisher;
      if (str(c.copyright)) a.copyright = c.copyright;
      if (str(c.cpe)) a.cpe = c.cpe;
      if (str(c.scope)) a.scope = c.scope;
      const tags = arr(c.tags).filter((t): t is string => typeof t === 'string');
      if (tags.length) a.tags = tags;
      const refs = arr(c.externalReferences)
        .filter(isObj)
        .filter((r) => typeof r.url === 'string')
        .map((r) => ({ type: String(r.type ?? 'other'), url: String(r.url), ...(str(r.comment) ? { comment: r.comment } : {}) }));
      if (refs.length) a.externalReferences = refs;
      if (props.other.length) a.properties = props.other;
      if (kind === 'model') {
        const card = refs.find((r) => r.type === 'model-card');
        if (card) a.modelCardUrl = card.url;
        if (isObj(c.modelCard) || card) a.modelCard = true;
        if (purl?.type === 'huggingface') a.huggingfaceRepo = `${purl.namespace ? `${purl.namespace}/` : ''}${purl.name}`;
        else if (hf && !hf[1]) a.huggingfaceRepo = hf[2];
        if (supplier && !a.provider) a.supplier = supplier;
      }
      if (kind === 'library' && purl && PURL_ECOSYSTEMS.has(purl.type)) a.ecosystem = purl.type;
      if (kind === 'dataset' && hf?.[1] === 'datasets/') a.huggingfaceRepo = hf[2];
    }
    if (kind === 'model' && isObj(c.modelCard)) this.modelCard(c.modelCard, `${path}/modelCard`, id, a, dialect);
    const data = arr(c.data);
    if (data.length && (kind === 'dataset' || !dialect)) {
      const first = data[0];
      if (isObj(first)) this.dataFields(first, a, dataClasses, dialect);
      if (!dialect && data.length > 1) a.data = plain(data);
    }
    this.emitAsset(this.baseAsset(kind, id, name, props, a, dataClasses), l);

    if (dialect) for (const raw of props.relationships) this.dialectRels.push({ from: id, raw, loc: l });
    if (parent && !dialect) this.emitEdge('contains', parent, id, l);
    arr(c.components).forEach((sub, i) => {
      this.component(sub, `${path}/components/${i}`, depth + 1, id);
    });
    if (isObj(c.pedigree) && !dialect) {
      arr(c.pedigree.ancestors).forEach((anc, i) => {
        const aid = this.component(anc, `${path}/pedigree/ancestors/${i}`, depth + 1);
        if (aid) this.emitEdge(kind === 'model' ? 'fine-tuned-from' : 'depends-on', id, aid, this.loc(anc, `${path}/pedigree/ancestors/${i}`));
      });
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
    const sensitive = arr(d.sensitiveData).filter((x): x is string => typeof x === 'string');
    if (sensitive.length) {
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
        arr(mp.datasets).forEach((ds, i) => {
          const p = `${path}/modelParameters/datasets/${i}`;
          if (isObj(ds) && typeof ds.ref === 'string') this.pendingRefs.push({ from: modelId, ref: ds.ref, type: 'trained-on', loc: this.loc(ds, p) });
          else if (isObj(ds)) {
            const dsName = str(ds.name) ?? str(ds['bom-ref']);
            if (!dsName) return;
            const did = this.ctx.assetId('dataset', dsName, p);
            if (!did) return;
            this.register(ds['bom-ref'], { id: did, kind: 'dataset', dialect: false }, p);
            const attrs: Record<string, unknown> = {};
            const dcs: DataClass[] = [];
            this.dataFields(ds, attrs, dcs, false);
            const asset: Record<string, unknown> = { kind: 'dataset', id: did, name: dsName, ...(Object.keys(attrs).length ? { attributes: attrs } : {}) };
            if (dcs.length) asset.dataClasses = [...new Set(dcs)].sort();
            const l = this.loc(ds, p, str(ds['bom-ref']));
            this.emitAsset(asset, l);
            this.emitEdge('trained-on', modelId, did, l);
          }
        });
      }
    }
    if (isObj(card.quantitativeAnalysis)) a.quantitativeAnalysis = plain(card.quantitativeAnalysis);
    if (isObj(card.considerations)) {
      a.considerations = plain(card.considerations);
      if (!dialect) {
        const uses = arr(card.considerations.useCases).filter((x): x is string => typeof x === 'string');
        if (uses.length && !a.purpose) a.purpose = uses.join('; ');
      }
    }
    if (!dialect && arr(card.properties).length) a.modelCardProperties = plain(card.properties);
  }

  readonly pendingRefs: Array<{ from: string; ref: string; type: RelationshipType; loc: Located }> = [];

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
    const who = this.identify(s, fallbackKind, key, path);
    if (!who) return undefined;
    const { id, kind, props, dialect } = who;
    const ref = str(s['bom-ref']);
    this.register(ref, { id, kind, dialect }, path);
    const l = this.loc(s, path, ref);
    const a: Record<string, unknown> = {};
    const dataClasses: DataClass[] = [];
    if (str(s.version)) a.version = s.version;
    if (str(s.description)) a.description = s.description;
    if (endpoints.length) a.endpoints = endpoints;
    const lic = licenseOf(s.licenses, this.ctx, `${path}/licenses`);
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
      if (props.other.length) a.properties = props.other;
      const tags = arr(s.tags).filter((t): t is string => typeof t === 'string');
      if (tags.length) a.tags = tags;
      if (kind === 'provider' && name && providerName && name !== providerName) a.services = [name];
    }
    this.emitAsset(this.baseAsset(kind, id, name ?? providerName, props, a, dataClasses), l);
    if (dialect) for (const raw of props.relationships) this.dialectRels.push({ from: id, raw, loc: l });
    else {
      if (providerName && kind !== 'provider') {
        const pid = this.ctx.assetId('provider', providerName, `${path}/provider/name`);
        if (pid) {
          this.emitAsset({ kind: 'provider', id: pid, name: providerName }, l);
          this.emitEdge('hosted-by', id, pid, l);
        }
      }
      if (parent) this.emitEdge('contains', parent, id, l);
    }
    arr(s.services).forEach((sub, i) => {
      this.service(sub, `${path}/services/${i}`, depth + 1, id);
    });
    return id;
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
    arr(deps).forEach((d, i) => {
      const path = `/dependencies/${i}`;
      if (!isObj(d) || typeof d.ref !== 'string') {
        this.ctx.issue('bom/invalid-dependency', 'dependency without a ref', path);
        return;
      }
      const from = this.byRef.get(d.ref);
      if (!from) {
        this.ctx.issue('bom/dangling-ref', `dependency ref "${d.ref}" names no component or service`, `${path}/ref`);
        return;
      }
      if (from.dialect) return;
      const dl = this.loc(d, path, d.ref);
      arr(d.dependsOn).forEach((t, j) => {
        if (typeof t !== 'string') return;
        const to = this.byRef.get(t);
        if (!to) {
          this.ctx.issue('bom/dangling-ref', `dependsOn "${t}" names no component or service`, `${path}/dependsOn/${j}`);
          return;
        }
        this.emitEdge(this.edgeType(from, to), from.id, to.id, dl);
      });
    });
  }

  finish(): void {
    for (const p of this.pendingRefs) {
      const to = this.byRef.get(p.ref);
      if (!to) {
        this.ctx.issue('bom/dangling-ref', `dataset ref "${p.ref}" names no component`, p.loc.pointer);
        continue;
      }
      this.emitEdge(p.type, p.from, to.id, p.loc);
    }
    for (const r of this.dialectRels) {
      let v: unknown;
      try {
        v = JSON.parse(r.raw);
      } catch {
        v = undefined;
      }
      if (!isObj(v) || !isRelType(v.type) || typeof v.to !== 'string') {
        this.ctx.issue('bom/invalid-relationship', `invalid ${AISPM_PROP.relationship} property`, r.loc.pointer);
        continue;
      }
      const to = this.ctx.normaliseId(v.to, r.loc.pointer);
      if (!to) continue;
      const attributes = isObj(v.attributes) && Object.keys(v.attributes).length ? (plain(v.attributes) as Record<string, unknown>) : undefined;
      const dataClasses = dataClassesOf(arr(v.dataClasses));
      this.emitEdge(v.type, r.from, to, r.loc, { ...(attributes ? { attributes } : {}), dataClasses });
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
export function mapCycloneDx(bom: Record<string, unknown>, ctx: ReadContext, lines?: XmlLines): BomReadResult {
  const xml = lines !== undefined;
  const specVersion = detectVersion(bom, ctx, xml) ?? 'unknown';
  const reader = new CdxReader(ctx, lines);
  const serial = str(bom.serialNumber);
  ctx.source = serial;
  const meta = isObj(bom.metadata) ? bom.metadata : {};
  ctx.setTime(meta.timestamp);
  let subject: string | undefined;
  if (isObj(meta.component)) subject = reader.component(meta.component, '/metadata/component', 0);
  const topIds: string[] = [];
  arr(bom.components).forEach((c, i) => {
    const id = reader.component(c, `/components/${i}`, 0);
    if (id) topIds.push(id);
  });
  arr(bom.services).forEach((s, i) => {
    reader.service(s, `/services/${i}`, 0);
  });
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
      return { ok: true, value: mapCycloneDx(bom, ctx, lines) };
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
  return { ok: true, value: mapCycloneDx(input, ctx) };
}
