import type { XmlElement } from './xml';

/** Where each converted object came from in the XML text. */
export type XmlLines = WeakMap<object, number>;

/** XML wrapper elements whose children become a JSON array (wrapper → item element names). */
const WRAPPERS: Record<string, string[]> = {
  components: ['component'],
  services: ['service'],
  hashes: ['hash'],
  externalReferences: ['reference'],
  properties: ['property'],
  endpoints: ['endpoint'],
  lifecycles: ['lifecycle'],
  authors: ['author'],
  ancestors: ['component'],
  descendants: ['component'],
  variants: ['component'],
  commits: ['commit'],
  patches: ['patch'],
  inputs: ['input'],
  outputs: ['output'],
  performanceMetrics: ['performanceMetric'],
  collection: ['graphic'],
  users: ['user'],
  useCases: ['useCase'],
  technicalLimitations: ['technicalLimitation'],
  performanceTradeoffs: ['performanceTradeoff'],
  ethicalConsiderations: ['ethicalConsideration'],
  fairnessAssessments: ['fairnessAssessment'],
  custodians: ['custodian'],
  stewards: ['steward'],
  owners: ['owner'],
  tags: ['tag'],
  energyProviders: ['energyProvider'],
  annotations: ['annotation'],
  vulnerabilities: ['vulnerability'],
  compositions: ['composition'],
};

/** Elements that repeat directly in XML and are arrays in JSON. */
const REPEATED = new Set(['url', 'contact', 'sensitiveData', 'data', 'omniborId', 'swhid', 'energyConsumptions', 'address']);

/** Elements whose `url` children repeat (organisations); elsewhere `url` is a single string. */
const ORG_PARENTS = new Set(['supplier', 'manufacturer', 'manufacture', 'provider', 'organization']);

/** Elements whose text is a boolean or a number in JSON. */
const BOOLEAN = new Set(['authenticated', 'x-trust-boundary', 'modified']);

/** Element text key when the element also has attributes (JSON field that holds the text). */
const TEXT_KEY: Record<string, string> = { property: 'value', hash: 'content', image: 'content', attachment: 'content', text: 'content' };

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

const attrName = (n: string) => (n === 'content-type' ? 'contentType' : n);

function set(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (FORBIDDEN.has(key)) return;
  obj[key] = value;
}

function licenses(el: XmlElement, lines: XmlLines, depth: number): unknown[] {
  const out: unknown[] = [];
  for (const c of el.children) {
    if (c.name === 'license') {
      const l = convert(c, lines, depth + 1);
      const item = { license: l };
      lines.set(item, c.line);
      out.push(item);
    } else if (c.name === 'expression') {
      const item: Record<string, unknown> = { expression: c.text.trim() };
      for (const [k, v] of Object.entries(c.attrs)) set(item, attrName(k), v);
      lines.set(item, c.line);
      out.push(item);
    }
  }
  return out;
}

function dependency(el: XmlElement, lines: XmlLines): Record<string, unknown> {
  const d: Record<string, unknown> = { ref: el.attrs.ref ?? '' };
  const on = el.children.filter((c) => c.name === 'dependency').map((c) => c.attrs.ref ?? '');
  const provides = el.children.filter((c) => c.name === 'provides').map((c) => c.attrs.ref ?? '');
  if (on.length) d.dependsOn = on;
  if (provides.length) d.provides = provides;
  lines.set(d, el.line);
  return d;
}

function serviceData(el: XmlElement, lines: XmlLines, depth: number): unknown[] {
  const out: unknown[] = [];
  for (const c of el.children) {
    if (c.name === 'classification') {
      const item = { flow: c.attrs.flow ?? 'unknown', classification: c.text.trim() };
      lines.set(item, c.line);
      out.push(item);
    } else if (c.name === 'dataflow') {
      const item: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(c.attrs)) set(item, attrName(k), v);
      for (const g of c.children) {
        if (g.name === 'classification') {
          item.flow = g.attrs.flow ?? 'unknown';
          item.classification = g.text.trim();
        } else if (g.name === 'source' || g.name === 'destination') {
          item[g.name] = g.children.filter((u) => u.name === 'url').map((u) => u.text.trim());
        } else if (g.name === 'governance') item.governance = convert(g, lines, depth + 2);
      }
      lines.set(item, c.line);
      out.push(item);
    }
  }
  return out;
}

function responsible(el: XmlElement, lines: XmlLines, depth: number): unknown {
  const o = el.children.find((c) => c.name === 'organization');
  const i = el.children.find((c) => c.name === 'individual' || c.name === 'contact');
  const out: Record<string, unknown> = {};
  if (o) out.organization = convert(o, lines, depth + 1);
  if (i) out.contact = convert(i, lines, depth + 1);
  lines.set(out, el.line);
  return out;
}

/**
 * Converts a CycloneDX XML element into the shape the CycloneDX JSON encoding gives the same
 * data, so one mapper reads both encodings. `lines` records the XML line of every object made.
 */
export function convert(el: XmlElement, lines: XmlLines, depth = 0): unknown {
  if (depth > 200) return {};
  const hasAttrs = Object.keys(el.attrs).length > 0;
  if (el.children.length === 0 && !hasAttrs) {
    const t = el.text.trim();
    if (BOOLEAN.has(el.name)) return t === 'true' || t === '1';
    return t;
  }
  const obj: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(el.attrs)) set(obj, attrName(k), v);
  if (el.children.length === 0) {
    const t = el.text;
    if (t.trim() !== '') set(obj, TEXT_KEY[el.name] ?? 'content', TEXT_KEY[el.name] === 'value' ? t : t.trim());
  }
  for (const c of el.children) {
    const name = c.name;
    let value: unknown;
    if (name === 'licenses') value = licenses(c, lines, depth);
    else if (name === 'dependencies') value = c.children.filter((d) => d.name === 'dependency').map((d) => dependency(d, lines));
    else if (name === 'datasets') {
      value = c.children.map((d) => {
        if (d.name === 'ref') {
          const r = { ref: d.text.trim() };
          lines.set(r, d.line);
          return r;
        }
        return convert(d, lines, depth + 2);
      });
    } else if (name === 'tools' && c.children.some((t) => t.name === 'tool')) {
      value = c.children.filter((t) => t.name === 'tool').map((t) => convert(t, lines, depth + 2));
    } else if (name === 'data' && el.name === 'service') value = serviceData(c, lines, depth);
    else if (name === 'custodian' || name === 'steward' || name === 'owner') value = responsible(c, lines, depth);
    else if (WRAPPERS[name] && !(name === 'properties' && c.children.length === 0 && Object.keys(c.attrs).length > 0)) {
      const items = WRAPPERS[name] as string[];
      value = c.children
        .filter((x) => items.includes(x.name))
        .map((x) =>
          name === 'custodians' || name === 'stewards' || name === 'owners'
            ? responsible(x, lines, depth + 2)
            : name === 'endpoints' ||
                name === 'users' ||
                name === 'useCases' ||
                name === 'technicalLimitations' ||
                name === 'performanceTradeoffs' ||
                name === 'tags'
              ? x.text.trim()
              : convert(x, lines, depth + 2),
        );
    } else value = convert(c, lines, depth + 1);
    if (REPEATED.has(name) && !(name === 'data' && el.name === 'service') && !(name === 'url' && !ORG_PARENTS.has(el.name))) {
      const list = (obj[name] as unknown[] | undefined) ?? [];
      list.push(value);
      set(obj, name, list);
    } else if (!(name in obj)) set(obj, name, value);
  }
  lines.set(obj, el.line);
  return obj;
}

/**
 * Converts a CycloneDX XML `<bom>` root into the JSON encoding's shape: `bomFormat`,
 * `specVersion` (from the namespace), `serialNumber`, `version` and the content.
 */
export function bomFromXml(root: XmlElement, lines: XmlLines): { bom: Record<string, unknown>; specVersion: string | undefined } {
  const m = /^http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)$/.exec(root.ns);
  const specVersion = m?.[1];
  const body = convert(root, lines) as Record<string, unknown>;
  const bom: Record<string, unknown> = { bomFormat: 'CycloneDX', ...(specVersion ? { specVersion } : {}) };
  for (const [k, v] of Object.entries(typeof body === 'object' && body ? body : {})) {
    if (k === 'version') bom.version = Number(v);
    else bom[k] = v;
  }
  lines.set(bom, root.line);
  return { bom, specVersion };
}
