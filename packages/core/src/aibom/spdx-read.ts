import type { Result } from '../errors';
import type { Observation } from '../model/observation';
import type { AssetKind, DataClass, RelationshipType } from '../model/vocab';
import { AISPM_PROP, arr, isKind, isObj, isRelType, isSpdxExpression, plain, ReadContext, str, toDataClass } from './common';
import { parseJsonSafe } from './safe-json';
import type { BomReadOptions, BomReadResult } from './types';

interface Entry {
  id: string;
  kind: AssetKind;
  dialect: boolean;
  pointer: string;
}

const MODEL_FILE = /\.(gguf|ggml|safetensors|onnx|pt|pth|ckpt|bin|pkl|pickle|h5|keras|tflite|mlmodel|joblib)$/i;
const PICKLE_FILE = /\.(pt|pth|ckpt|bin|pkl|pickle|joblib)$/i;
const PURL_ECOSYSTEMS = new Set(['npm', 'pypi', 'maven', 'golang', 'nuget', 'cargo', 'gem']);

function checkLicense(v: unknown, ctx: ReadContext, path: string): string | undefined {
  const l = str(v);
  if (!l || l === 'NOASSERTION' || l === 'NONE') return undefined;
  if (!isSpdxExpression(l)) ctx.issue('bom/invalid-license-expression', `invalid SPDX licence expression "${l}"`, path);
  return l;
}

function supplierName(v: unknown): string | undefined {
  const s = str(v);
  if (!s || s === 'NOASSERTION') return undefined;
  return s.replace(/^(Organization|Person|Tool):\s*/, '').replace(/\s*\([^)]*@[^)]*\)\s*$/, '');
}

function emitAsset(ctx: ReadContext, asset: Record<string, unknown>, pointer: string, ref: string): void {
  ctx.observations.push({ type: 'asset', asset: asset as never, provenance: ctx.prov({ pointer, ref }) });
}

function emitEdge(
  ctx: ReadContext,
  type: RelationshipType,
  from: string,
  to: string,
  pointer: string,
  ref: string | undefined,
  extra: { attributes?: Record<string, unknown>; dataClasses?: DataClass[] } = {},
): void {
  if (from === to) return;
  ctx.observations.push({
    type: 'relationship',
    relationship: {
      type,
      from,
      to,
      ...(extra.attributes && Object.keys(extra.attributes).length ? { attributes: extra.attributes } : {}),
      ...(extra.dataClasses?.length ? { dataClasses: extra.dataClasses } : {}),
    },
    provenance: ctx.prov({ pointer, ...(ref ? { ref } : {}) }),
  });
}

function typedEdge(from: Entry, to: Entry): RelationshipType {
  if (from.kind === 'model' && to.kind === 'dataset') return 'trained-on';
  if (from.kind === 'model' && to.kind === 'model') return 'fine-tuned-from';
  if (to.kind === 'model') return 'uses-model';
  if (to.kind === 'model-endpoint' || to.kind === 'provider') return 'calls';
  return 'depends-on';
}

// ---------------- SPDX 2.x ----------------

function readSpdx2(doc: Record<string, unknown>, ctx: ReadContext): BomReadResult {
  const specVersion = String(doc.spdxVersion);
  if (!/^SPDX-2\.[0-3]$/.test(specVersion)) ctx.issue('bom/unsupported-spec-version', `${specVersion} is read as SPDX-2.3`, '/spdxVersion');
  ctx.source = str(doc.documentNamespace);
  if (isObj(doc.creationInfo)) ctx.setTime(doc.creationInfo.created);
  const byId = new Map<string, Entry>();
  const known = new Set<string>(['SPDXRef-DOCUMENT']);
  arr(doc.packages).forEach((p, i) => {
    const path = `/packages/${i}`;
    if (!isObj(p)) {
      ctx.issue('bom/invalid-package', 'package is not an object', path);
      return;
    }
    const spdxId = str(p.SPDXID);
    if (spdxId) {
      if (known.has(spdxId)) ctx.issue('bom/duplicate-ref', `SPDXID "${spdxId}" is used more than once`, `${path}/SPDXID`);
      known.add(spdxId);
    }
    const name = str(p.name);
    const refs = arr(p.externalRefs).filter(isObj);
    const purl = refs.find((r) => r.referenceType === 'purl' && typeof r.referenceLocator === 'string')?.referenceLocator as string | undefined;
    const purlType = purl ? /^pkg:([^/]+)\//.exec(purl)?.[1]?.toLowerCase() : undefined;
    const purpose = str(p.primaryPackagePurpose);
    let kind: AssetKind = purpose === 'APPLICATION' ? 'application' : 'library';
    let key: string | undefined = name;
    if (purlType === 'huggingface' && purl) {
      kind = 'model';
      key = purl
        .replace(/^pkg:huggingface\//i, '')
        .replace(/[@?#].*$/, '')
        .split('/')
        .map((x) => decodeURIComponent(x))
        .join('/');
    } else if (kind === 'library' && purl && purlType && PURL_ECOSYSTEMS.has(purlType)) key = purl;
    else if (kind === 'library' && purlType && name) key = `${purlType}/${name}`;
    if (!key) {
      ctx.issue('bom/unnamed', 'package without a name is skipped', path);
      return;
    }
    const id = ctx.assetId(kind, key, path);
    if (!id) return;
    if (spdxId) byId.set(spdxId, { id, kind, dialect: false, pointer: path });
    const a: Record<string, unknown> = {};
    if (str(p.versionInfo)) a.version = p.versionInfo;
    const lic = checkLicense(p.licenseConcluded, ctx, `${path}/licenseConcluded`) ?? checkLicense(p.licenseDeclared, ctx, `${path}/licenseDeclared`);
    if (p.licenseConcluded !== undefined && p.licenseDeclared !== undefined && lic !== undefined)
      checkLicense(p.licenseDeclared, ctx, `${path}/licenseDeclared`);
    if (lic) a.license = lic;
    if (purl) a.purl = purl;
    if (purlType && PURL_ECOSYSTEMS.has(purlType) && kind === 'library') a.ecosystem = purlType;
    const supplier = supplierName(p.supplier);
    if (supplier) a.supplier = supplier;
    const originator = supplierName(p.originator);
    if (originator) a.originator = originator;
    if (str(p.downloadLocation) && p.downloadLocation !== 'NOASSERTION' && p.downloadLocation !== 'NONE') a.downloadLocation = p.downloadLocation;
    if (str(p.homepage) && p.homepage !== 'NOASSERTION') a.homepage = p.homepage;
    if (str(p.description)) a.description = p.description;
    else if (str(p.summary)) a.description = p.summary;
    if (purpose) a.primaryPackagePurpose = purpose;
    const hashes: Record<string, string> = {};
    for (const c of arr(p.checksums))
      if (isObj(c) && typeof c.algorithm === 'string' && typeof c.checksumValue === 'string') hashes[c.algorithm] = c.checksumValue;
    if (Object.keys(hashes).length) a.hashes = hashes;
    if (refs.length) a.externalRefs = plain(refs);
    if (kind === 'model' && a.purl) a.huggingfaceRepo = key;
    emitAsset(ctx, { kind, id, ...(name ? { name } : {}), ...(Object.keys(a).length ? { attributes: a } : {}) }, path, spdxId ?? '');
  });
  arr(doc.files).forEach((f, i) => {
    const path = `/files/${i}`;
    if (!isObj(f)) return;
    const spdxId = str(f.SPDXID);
    if (spdxId) {
      if (known.has(spdxId)) ctx.issue('bom/duplicate-ref', `SPDXID "${spdxId}" is used more than once`, `${path}/SPDXID`);
      known.add(spdxId);
    }
    checkLicense(f.licenseConcluded, ctx, `${path}/licenseConcluded`);
    arr(f.licenseInfoInFiles).forEach((l, j) => {
      checkLicense(l, ctx, `${path}/licenseInfoInFiles/${j}`);
    });
    const fileName = str(f.fileName);
    if (!fileName || !MODEL_FILE.test(fileName)) return;
    // Model weight files are models; other files are not AI assets.
    const base = fileName.replace(/^.*\//, '');
    const id = ctx.assetId('model', base, path);
    if (!id) return;
    if (spdxId) byId.set(spdxId, { id, kind: 'model', dialect: false, pointer: path });
    const a: Record<string, unknown> = { format: (/\.([^.]+)$/.exec(base)?.[1] ?? '').toLowerCase(), pickle: PICKLE_FILE.test(base), location: fileName };
    const hashes: Record<string, string> = {};
    for (const c of arr(f.checksums))
      if (isObj(c) && typeof c.algorithm === 'string' && typeof c.checksumValue === 'string') hashes[c.algorithm] = c.checksumValue;
    if (Object.keys(hashes).length) a.hashes = hashes;
    emitAsset(ctx, { kind: 'model', id, name: base, attributes: a }, path, spdxId ?? '');
  });
  arr(doc.snippets).forEach((s) => {
    if (isObj(s) && typeof s.SPDXID === 'string') known.add(s.SPDXID);
  });
  const extRef = (r: string) => r.startsWith('DocumentRef-');
  arr(doc.relationships).forEach((r, i) => {
    const path = `/relationships/${i}`;
    if (!isObj(r)) return;
    const a = str(r.spdxElementId);
    const b = str(r.relatedSpdxElement);
    const type = str(r.relationshipType);
    if (!a || !b || !type) {
      ctx.issue('bom/invalid-relationship', 'relationship needs spdxElementId, relationshipType and relatedSpdxElement', path);
      return;
    }
    for (const [ref, field] of [
      [a, 'spdxElementId'],
      [b, 'relatedSpdxElement'],
    ] as const) {
      if (!known.has(ref) && !extRef(ref) && ref !== 'NONE' && ref !== 'NOASSERTION')
        ctx.issue('bom/dangling-ref', `${field} "${ref}" names no element of the document`, `${path}/${field}`);
    }
    let from = byId.get(a);
    let to = byId.get(b);
    let edge: RelationshipType | undefined;
    switch (type) {
      case 'DEPENDS_ON':
      case 'DYNAMIC_LINK':
      case 'STATIC_LINK':
        break;
      case 'DEPENDENCY_OF':
      case 'BUILD_DEPENDENCY_OF':
      case 'DEV_DEPENDENCY_OF':
      case 'TEST_DEPENDENCY_OF':
      case 'RUNTIME_DEPENDENCY_OF':
      case 'OPTIONAL_DEPENDENCY_OF':
      case 'PROVIDED_DEPENDENCY_OF':
        [from, to] = [to, from];
        break;
      case 'CONTAINS':
        edge = 'contains';
        break;
      case 'CONTAINED_BY':
        [from, to] = [to, from];
        edge = 'contains';
        break;
      case 'DESCENDANT_OF':
      case 'VARIANT_OF':
        edge = 'fine-tuned-from';
        break;
      case 'ANCESTOR_OF':
        [from, to] = [to, from];
        edge = 'fine-tuned-from';
        break;
      default:
        return;
    }
    if (!from || !to) return;
    const t = edge === 'fine-tuned-from' && !(from.kind === 'model' && to.kind === 'model') ? 'depends-on' : (edge ?? typedEdge(from, to));
    emitEdge(ctx, t, from.id, to.id, path, a, { attributes: { spdxRelationship: type } });
  });
  const out: BomReadResult = { format: 'spdx-2-json', specVersion, observations: ctx.observations as Observation[], issues: ctx.issues };
  if (ctx.source) out.documentId = ctx.source;
  return out;
}

// ---------------- SPDX 3 ----------------

/** Reads a property that may be written with or without its profile prefix. */
function prop(e: Record<string, unknown>, name: string): unknown {
  if (name in e) return e[name];
  const bare = name.replace(/^[a-z]+_/, '');
  return bare in e ? e[bare] : undefined;
}

function typeOf(e: Record<string, unknown>): string {
  const t = e.type ?? e['@type'];
  return typeof t === 'string'
    ? t.replace(/^https:\/\/spdx\.org\/rdf\/3\.0\.\d\/terms\/(\w+)\//, (_m, p: string) => `${p === 'Core' ? '' : `${p.toLowerCase()}_`}`)
    : '';
}

function cdxProps(e: Record<string, unknown>): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [];
  for (const x of arr(e.extension)) {
    if (!isObj(x)) continue;
    for (const p of arr(x.extension_cdxProperty ?? x.cdxProperty)) {
      if (!isObj(p)) continue;
      const name = p.extension_cdxPropName ?? p.cdxPropName;
      const value = p.extension_cdxPropValue ?? p.cdxPropValue;
      if (typeof name === 'string') out.push({ name, value: typeof value === 'string' ? value : '' });
    }
  }
  return out;
}

const dict = (v: unknown): Record<string, string> | undefined => {
  const out: Record<string, string> = {};
  for (const d of arr(v)) if (isObj(d) && typeof d.key === 'string') out[d.key] = typeof d.value === 'string' ? d.value : '';
  return Object.keys(out).length ? out : undefined;
};

const AI_FIELDS: Array<[string, string, 'str' | 'list' | 'dict' | 'obj']> = [
  ['ai_autonomyType', 'autonomyType', 'str'],
  ['ai_domain', 'domain', 'list'],
  ['ai_energyConsumption', 'energyConsumption', 'obj'],
  ['ai_hyperparameter', 'hyperparameters', 'dict'],
  ['ai_informationAboutApplication', 'informationAboutApplication', 'str'],
  ['ai_informationAboutTraining', 'informationAboutTraining', 'str'],
  ['ai_limitation', 'limitation', 'str'],
  ['ai_metric', 'metrics', 'dict'],
  ['ai_metricDecisionThreshold', 'metricDecisionThresholds', 'dict'],
  ['ai_modelDataPreprocessing', 'modelDataPreprocessing', 'list'],
  ['ai_modelExplainability', 'modelExplainability', 'list'],
  ['ai_safetyRiskAssessment', 'safetyRiskAssessment', 'str'],
  ['ai_standardCompliance', 'standardCompliance', 'list'],
  ['ai_typeOfModel', 'typeOfModel', 'list'],
  ['ai_useSensitivePersonalInformation', 'useSensitivePersonalInformation', 'str'],
];

const DATASET_FIELDS: Array<[string, string, 'str' | 'list' | 'dict' | 'obj' | 'num']> = [
  ['dataset_anonymizationMethodUsed', 'anonymizationMethodUsed', 'list'],
  ['dataset_confidentialityLevel', 'confidentialityLevel', 'str'],
  ['dataset_dataCollectionProcess', 'dataCollectionProcess', 'str'],
  ['dataset_dataPreprocessing', 'dataPreprocessing', 'list'],
  ['dataset_datasetAvailability', 'datasetAvailability', 'str'],
  ['dataset_datasetNoise', 'datasetNoise', 'str'],
  ['dataset_datasetSize', 'datasetSize', 'num'],
  ['dataset_datasetType', 'datasetType', 'list'],
  ['dataset_datasetUpdateMechanism', 'datasetUpdateMechanism', 'str'],
  ['dataset_hasSensitivePersonalInformation', 'hasSensitivePersonalInformation', 'str'],
  ['dataset_intendedUse', 'intendedUse', 'str'],
  ['dataset_knownBias', 'knownBias', 'list'],
  ['dataset_sensor', 'sensor', 'dict'],
];

function readFields(e: Record<string, unknown>, fields: Array<[string, string, string]>, a: Record<string, unknown>): void {
  for (const [spdx, attr, shape] of fields) {
    const v = prop(e, spdx);
    if (v === undefined) continue;
    if (shape === 'str' && typeof v === 'string') a[attr] = v;
    else if (shape === 'num' && typeof v === 'number') a[attr] = v;
    else if (shape === 'list') {
      const l = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
      if (l.length) a[attr] = l;
    } else if (shape === 'dict') {
      const d = dict(v);
      if (d) a[attr] = d;
    } else if (shape === 'obj' && isObj(v)) a[attr] = plain(v);
  }
}

const PRESENCE_TO_DC: Record<string, DataClass> = { yes: 'pii' };

function readSpdx3(doc: Record<string, unknown>, ctx: ReadContext): BomReadResult {
  const graph = Array.isArray(doc['@graph']) ? (doc['@graph'] as unknown[]) : [doc];
  const base = Array.isArray(doc['@graph']) ? '/@graph' : '';
  let specVersion = '3.0.1';
  const byId = new Map<string, Entry>();
  const elementIds = new Set<string>();
  const licenseExpr = new Map<string, string>();
  const agents = new Map<string, string>();
  graph.forEach((e, i) => {
    if (!isObj(e)) return;
    const t = typeOf(e);
    const id = str(e.spdxId) ?? str(e['@id']);
    if (t === 'CreationInfo') {
      if (typeof e.specVersion === 'string') specVersion = e.specVersion;
      ctx.setTime(e.created);
    }
    if (id) {
      if (elementIds.has(id)) ctx.issue('bom/duplicate-ref', `spdxId "${id}" is used more than once`, `${base}/${i}/spdxId`);
      elementIds.add(id);
    }
    if (id && (t === 'Organization' || t === 'Person' || t === 'Agent' || t === 'SoftwareAgent') && typeof e.name === 'string') agents.set(id, e.name);
    if (id && t === 'simplelicensing_LicenseExpression') {
      const x = prop(e, 'simplelicensing_licenseExpression');
      if (typeof x === 'string' && (x === 'NOASSERTION' || x === 'NONE')) licenseExpr.set(id, '');
      else if (typeof x === 'string') {
        if (!isSpdxExpression(x))
          ctx.issue('bom/invalid-license-expression', `invalid SPDX licence expression "${x}"`, `${base}/${i}/simplelicensing_licenseExpression`);
        licenseExpr.set(id, x);
      }
    }
    if (id && (t === 'expandedlicensing_ListedLicense' || t === 'expandedlicensing_CustomLicense'))
      licenseExpr.set(id, (str(e.name) ?? id).replace(/^.*\//, ''));
    if (t === 'SpdxDocument' && id) ctx.source = id;
  });
  if (!/^3\.0(\.\d+)?$/.test(specVersion)) ctx.issue('bom/unsupported-spec-version', `SPDX ${specVersion} is read as 3.0.1`, '');
  const licences = new Map<string, string>();
  const pending: Array<() => void> = [];
  graph.forEach((e, i) => {
    if (!isObj(e)) return;
    const t = typeOf(e);
    const path = `${base}/${i}`;
    const spdxId = str(e.spdxId) ?? str(e['@id']);
    if (t === 'ai_AIPackage' || t === 'dataset_DatasetPackage' || t === 'software_Package' || t === 'software_File') {
      const props = cdxProps(e);
      const dk = props.find((p) => p.name === AISPM_PROP.kind)?.value;
      const dialect = isKind(dk);
      const name = str(e.name);
      const purl = str(prop(e, 'software_packageUrl'));
      const purpose = str(prop(e, 'software_primaryPurpose'));
      let kind: AssetKind =
        t === 'ai_AIPackage'
          ? 'model'
          : t === 'dataset_DatasetPackage'
            ? 'dataset'
            : purpose === 'model'
              ? 'model'
              : purpose === 'data'
                ? 'dataset'
                : purpose === 'application'
                  ? 'application'
                  : 'library';
      if (t === 'software_File') {
        // Files are assets only when they are model weights, or data files (with an extension) declared as data.
        const base = name?.replace(/^.*\//, '') ?? '';
        if (name && MODEL_FILE.test(name)) kind = 'model';
        else if (kind === 'dataset' && /\.[a-z0-9]+$/i.test(base)) kind = 'dataset';
        else {
          if (spdxId) byId.set(spdxId, { id: '', kind: 'library', dialect: false, pointer: path });
          return;
        }
      }
      let id: string | undefined;
      const ident = arr(e.externalIdentifier).find((x) => isObj(x) && x.issuingAuthority === 'aispm' && typeof x.identifier === 'string') as
        | Record<string, unknown>
        | undefined;
      if (dialect) {
        kind = dk as AssetKind;
        if (ident) id = ctx.normaliseId(ident.identifier as string, path);
      }
      if (!id) {
        const purlType = purl ? /^pkg:([^/]+)\//.exec(purl)?.[1]?.toLowerCase() : undefined;
        let key = name;
        if (kind === 'library' && purl && purlType && PURL_ECOSYSTEMS.has(purlType)) key = purl;
        if (kind === 'model' && purlType === 'huggingface' && purl) key = purl.replace(/^pkg:huggingface\//i, '').replace(/[@?#].*$/, '');
        if (!key) {
          ctx.issue('bom/unnamed', `${t} without a name is skipped`, path);
          return;
        }
        id = ctx.assetId(kind, key, path);
      }
      if (!id) return;
      if (spdxId) byId.set(spdxId, { id, kind, dialect, pointer: path });
      const a: Record<string, unknown> = {};
      const dataClasses: DataClass[] = [];
      const asset: Record<string, unknown> = { kind, id, ...(name ? { name } : {}) };
      if (dialect) {
        const attrs = props.find((p) => p.name === AISPM_PROP.attributes)?.value;
        if (attrs) {
          try {
            const v = JSON.parse(attrs);
            if (isObj(v)) Object.assign(a, plain(v));
          } catch {
            ctx.issue('bom/invalid-property', `invalid ${AISPM_PROP.attributes} value`, path);
          }
        }
        const owner = props.find((p) => p.name === AISPM_PROP.owner)?.value;
        if (owner) asset.owner = owner;
        const labels: Record<string, string> = {};
        for (const p of props) if (p.name.startsWith(AISPM_PROP.label)) labels[p.name.slice(AISPM_PROP.label.length)] = p.value;
        if (Object.keys(labels).length) asset.labels = labels;
        for (const p of props) if (p.name === AISPM_PROP.dataClass && toDataClass(p.value)) dataClasses.push(toDataClass(p.value) as DataClass);
        for (const p of props) {
          if (p.name !== AISPM_PROP.relationship) continue;
          pending.push(() => {
            let v: unknown;
            try {
              v = JSON.parse(p.value);
            } catch {
              v = undefined;
            }
            if (!isObj(v) || !isRelType(v.type) || typeof v.to !== 'string') {
              ctx.issue('bom/invalid-relationship', `invalid ${AISPM_PROP.relationship} property`, path);
              return;
            }
            const to = ctx.normaliseId(v.to, path);
            if (!to) return;
            const dcs = arr(v.dataClasses)
              .map(toDataClass)
              .filter((x): x is DataClass => !!x);
            emitEdge(ctx, v.type, id as string, to, path, spdxId, {
              ...(isObj(v.attributes) ? { attributes: plain(v.attributes) as Record<string, unknown> } : {}),
              dataClasses: dcs,
            });
          });
        }
      } else {
        if (str(prop(e, 'software_packageVersion'))) a.version = prop(e, 'software_packageVersion');
        if (purl) a.purl = purl;
        if (str(e.description)) a.description = e.description;
        else if (str(e.summary)) a.description = e.summary;
        if (str(prop(e, 'software_downloadLocation'))) a.downloadLocation = prop(e, 'software_downloadLocation');
        if (str(prop(e, 'software_homePage'))) a.homepage = prop(e, 'software_homePage');
        if (purpose) a.primaryPurpose = purpose;
        const supplied = str(e.suppliedBy);
        if (supplied) a.supplier = agents.get(supplied) ?? supplied;
        const hashes: Record<string, string> = {};
        for (const h of arr(e.verifiedUsing))
          if (isObj(h) && typeof h.algorithm === 'string' && typeof h.hashValue === 'string') hashes[h.algorithm] = h.hashValue;
        if (Object.keys(hashes).length) a.hashes = hashes;
        if (t === 'ai_AIPackage') {
          readFields(e, AI_FIELDS, a);
          const tm = a.typeOfModel as string[] | undefined;
          if (tm?.[0]) a.family = tm[0];
          if (typeof a.informationAboutApplication === 'string') a.purpose = a.informationAboutApplication;
          if (a.useSensitivePersonalInformation === 'yes') dataClasses.push('pii');
        }
        if (t === 'dataset_DatasetPackage') {
          readFields(e, DATASET_FIELDS, a);
          if (typeof a.confidentialityLevel === 'string') a.classification = a.confidentialityLevel;
          const spi = a.hasSensitivePersonalInformation;
          if (typeof spi === 'string' && PRESENCE_TO_DC[spi]) dataClasses.push(PRESENCE_TO_DC[spi] as DataClass);
          if (typeof a.datasetSize === 'number') a.size = String(a.datasetSize);
          if (str(prop(e, 'software_downloadLocation'))) a.location = prop(e, 'software_downloadLocation');
        }
        if (t === 'software_File' && name) {
          a.format = (/\.([^.]+)$/.exec(name)?.[1] ?? '').toLowerCase();
          if (kind === 'model') a.pickle = PICKLE_FILE.test(name);
          a.location = name;
        }
        const other = props.filter((p) => !p.name.startsWith('aispm:'));
        if (other.length) a.properties = other;
      }
      if (Object.keys(a).length) asset.attributes = a;
      if (dataClasses.length) asset.dataClasses = [...new Set(dataClasses)].sort();
      emitAsset(ctx, asset, path, spdxId ?? '');
    }
  });
  // Relationships (after every element is known).
  graph.forEach((e, i) => {
    if (!isObj(e)) return;
    const t = typeOf(e);
    if (t !== 'Relationship' && t !== 'LifecycleScopedRelationship') return;
    const path = `${base}/${i}`;
    const from = str(e.from);
    const rt = str(e.relationshipType);
    const tos = arr(e.to).filter((x): x is string => typeof x === 'string');
    if (!from || !rt || tos.length === 0) {
      ctx.issue('bom/invalid-relationship', 'relationship needs from, relationshipType and to', path);
      return;
    }
    for (const [ref, p] of [[from, `${path}/from`], ...tos.map((x, j) => [x, `${path}/to/${j}`])] as Array<[string, string]>) {
      if (
        !elementIds.has(ref) &&
        !/^https:\/\/spdx\.org\/licenses\//.test(ref) &&
        ref !== 'NoneElement' &&
        ref !== 'NoAssertionElement' &&
        !/^(https?|urn):/.test(ref)
      ) {
        ctx.issue('bom/dangling-ref', `"${ref}" names no element of the document`, p);
      } else if (!elementIds.has(ref) && /^_:/.test(ref)) ctx.issue('bom/dangling-ref', `"${ref}" names no element of the document`, p);
    }
    const src = byId.get(from);
    if (rt === 'hasDeclaredLicense' || rt === 'hasConcludedLicense') {
      const l =
        licenseExpr.get(tos[0] as string) ?? (tos[0]?.startsWith('https://spdx.org/licenses/') ? tos[0].slice('https://spdx.org/licenses/'.length) : undefined);
      if (src && l && (rt === 'hasConcludedLicense' || !licences.has(from))) licences.set(from, l);
      return;
    }
    if (!src?.id || src.dialect) return;
    for (const to of tos) {
      const dst = byId.get(to);
      if (!dst?.id) continue;
      let type: RelationshipType | undefined;
      let a = src;
      let b = dst;
      if (rt === 'dependsOn') type = typedEdge(src, dst);
      else if (rt === 'trainedOn') type = 'trained-on';
      else if (rt === 'testedOn') type = 'trained-on';
      else if (rt === 'contains' || rt === 'hasDataFile') type = 'contains';
      else if (rt === 'descendantOf' || rt === 'variantOf') type = src.kind === 'model' && dst.kind === 'model' ? 'fine-tuned-from' : 'depends-on';
      else if (rt === 'ancestorOf') {
        [a, b] = [dst, src];
        type = a.kind === 'model' && b.kind === 'model' ? 'fine-tuned-from' : 'depends-on';
      } else if (rt === 'hostedBy') type = 'hosted-by';
      else if (rt === 'usesTool') type = 'depends-on';
      if (!type) continue;
      emitEdge(ctx, type, a.id, b.id, path, from, { attributes: { spdxRelationship: rt } });
    }
  });
  for (const f of pending) f();
  // Licences found through relationships are added as extra observations of the same assets.
  for (const [spdxId, l] of licences) {
    const en = byId.get(spdxId);
    if (!en?.id || en.dialect) continue;
    ctx.observations.push({
      type: 'asset',
      asset: { kind: en.kind, id: en.id, attributes: { license: l } } as never,
      provenance: ctx.prov({ pointer: en.pointer, ref: spdxId }),
    });
  }
  const out: BomReadResult = { format: 'spdx-3-jsonld', specVersion, observations: ctx.observations as Observation[], issues: ctx.issues };
  if (ctx.source) out.documentId = ctx.source;
  return out;
}

/**
 * Reads an SPDX document into inventory observations: SPDX 2.3 JSON (packages, model weight
 * files, relationships, licences) or SPDX 3.0.x JSON-LD (software packages, the AI profile's
 * `ai_AIPackage`, the Dataset profile's `dataset_DatasetPackage`, relationships and licences).
 * Fails only when the text is not SPDX at all; other problems are issues in the result.
 *
 * @example
 * ```ts
 * const r = readSpdx(text, { file: 'model.spdx3.json' });
 * if (r.ok) inventory.addAll(r.value.observations);
 * ```
 */
export function readSpdx(input: string | object, options: BomReadOptions = {}): Result<BomReadResult> {
  const ctx = new ReadContext(options, 'spdx');
  const file = options.file;
  let doc: unknown = input;
  if (typeof input === 'string') {
    const j = parseJsonSafe(
      input,
      { maxDepth: options.maxDepth ?? Number.POSITIVE_INFINITY, trailingCommas: 'warning', ...(options.maxLength ? { maxLength: options.maxLength } : {}) },
      file,
    );
    if (!j.ok) return j;
    ctx.issues.push(...j.warnings);
    doc = j.value;
  }
  if (!isObj(doc))
    return { ok: false, issues: [{ code: 'bom/not-spdx', message: 'not an SPDX document (expected a JSON object)', path: '', ...(file ? { file } : {}) }] };
  if (typeof doc.spdxVersion === 'string') return { ok: true, value: readSpdx2(doc, ctx) };
  if ('@graph' in doc || ('@context' in doc && (typeof doc.type === 'string' || typeof doc['@type'] === 'string')))
    return { ok: true, value: readSpdx3(doc, ctx) };
  return {
    ok: false,
    issues: [{ code: 'bom/not-spdx', message: 'not an SPDX document (no spdxVersion and no JSON-LD @graph)', path: '', ...(file ? { file } : {}) }],
  };
}
