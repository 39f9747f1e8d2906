import { AispmError, type Issue, type Result } from '@aispm/core';
import { BUILTIN_CATALOG_DATA } from './builtin';
import { ASSESSABLE_KINDS, CATALOG_ATTRIBUTE_SCHEMAS, type Control, type FrameworkData, FrameworkDataSchema } from './schema';

/**
 * A framework in a catalog: its data plus lookups over its controls.
 *
 * @example
 * ```ts
 * const fw = builtinCatalog().get('nist-ai-rmf-1.0')!;
 * fw.children('GOVERN 1').map((c) => c.id); // ['GOVERN 1.1', …]
 * ```
 */
export interface Framework extends FrameworkData {
  /** Kinds of control that coverage counts (grouping items are left out). */
  assessableKinds: readonly string[];
  /** A control by its official id, or `undefined`. */
  control(id: string): Control | undefined;
  /** The controls whose `parent` is `id`. */
  children(id: string): Control[];
  /** The controls coverage counts, in catalog order. */
  assessable(): Control[];
}

/**
 * A control found by reference, with the framework it belongs to and its canonical reference.
 *
 * @example
 * ```ts
 * const m = builtinCatalog().control('owasp-llm-2025:LLM06');
 * m?.ref; // 'owasp-llm-2025:LLM06:2025'
 * ```
 */
export interface ControlMatch {
  /** `<framework id>:<control id>`, e.g. `owasp-llm-2025:LLM01:2025`. */
  ref: string;
  framework: Framework;
  control: Control;
}

/**
 * Options of {@link FrameworkCatalog.search}.
 *
 * @example
 * ```ts
 * builtinCatalog().search('poison', { frameworks: ['mitre-atlas'], kinds: ['technique'], limit: 5 });
 * ```
 */
export interface SearchOptions {
  /** Only these frameworks (ids or aliases). */
  frameworks?: string[];
  /** Only these kinds of control. */
  kinds?: string[];
  /** At most this many matches (default 50). */
  limit?: number;
}

/**
 * The read API over a set of framework catalogs. Built by {@link createFrameworkCatalog}.
 *
 * @example
 * ```ts
 * const catalog: FrameworkCatalog = createFrameworkCatalog({ extra: [myPolicyCatalog] });
 * catalog.list().length;
 * ```
 */
export interface FrameworkCatalog {
  /** Every framework, in catalog order. */
  list(): Framework[];
  /** A framework by id or alias (e.g. `owasp-llm-top10-2025` → `owasp-llm-2025`). */
  get(idOrAlias: string): Framework | undefined;
  /** The versions of a framework family (`owasp-llm` → `['2023', '2025']`), oldest first, with the framework ids. */
  versions(family: string): Array<{ version: string; id: string }>;
  /** A control by reference, `<framework>:<control id>`; aliases of frameworks and controls resolve. */
  control(ref: string): ControlMatch | undefined;
  /** The current successor of a control reference: 2023 OWASP ids resolve to their 2025 entries; others return themselves. */
  resolveAlias(ref: string): string[];
  /** Case-insensitive search over ids, titles and descriptions. */
  search(query: string, options?: SearchOptions): ControlMatch[];
}

/**
 * Splits a control reference into framework id and control id at the first colon.
 *
 * @example
 * ```ts
 * parseControlRef('owasp-llm-2025:LLM01:2025'); // { framework: 'owasp-llm-2025', control: 'LLM01:2025' }
 * ```
 */
export function parseControlRef(ref: string): { framework: string; control: string } | undefined {
  const i = ref.indexOf(':');
  if (i <= 0 || i === ref.length - 1) return undefined;
  return { framework: ref.slice(0, i), control: ref.slice(i + 1) };
}

/**
 * Validates framework data against {@link FrameworkDataSchema}, the catalog's own attribute
 * schema, unique ids and parent links; every problem is reported together.
 *
 * @example
 * ```ts
 * const r = validateFrameworkData(json);
 * if (!r.ok) for (const i of r.issues) log(i.path, i.message);
 * ```
 */
export function validateFrameworkData(input: unknown): Result<FrameworkData> {
  const parsed = FrameworkDataSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ code: `catalog/${i.code}`, message: i.message, path: `/${i.path.join('/')}` })),
    };
  }
  const data = parsed.data;
  const issues: Issue[] = [];
  const ids = new Set<string>();
  const attrSchema = CATALOG_ATTRIBUTE_SCHEMAS[data.id];
  data.controls.forEach((c, i) => {
    if (ids.has(c.id)) issues.push({ code: 'catalog/duplicate-id', message: `${data.id}: control id "${c.id}" appears twice`, path: `/controls/${i}/id` });
    ids.add(c.id);
    if (attrSchema) {
      const r = attrSchema.safeParse(c.attributes ?? {});
      if (!r.success)
        for (const e of r.error.issues)
          issues.push({ code: 'catalog/attribute', message: `${data.id}:${c.id}: ${e.message}`, path: `/controls/${i}/attributes/${e.path.join('/')}` });
    }
  });
  data.controls.forEach((c, i) => {
    if (c.parent !== undefined && !ids.has(c.parent))
      issues.push({ code: 'catalog/unknown-parent', message: `${data.id}:${c.id}: parent "${c.parent}" is not in the catalog`, path: `/controls/${i}/parent` });
  });
  return issues.length ? { ok: false, issues } : { ok: true, value: data };
}

function toFramework(data: FrameworkData): Framework {
  const byId = new Map(data.controls.map((c) => [c.id, c]));
  const kids = new Map<string, Control[]>();
  for (const c of data.controls) {
    if (c.parent === undefined) continue;
    const list = kids.get(c.parent) ?? [];
    list.push(c);
    kids.set(c.parent, list);
  }
  const assessableKinds = ASSESSABLE_KINDS[data.id] ?? [...new Set(data.controls.filter((c) => !kids.has(c.id)).map((c) => c.kind))];
  return {
    ...data,
    assessableKinds,
    control: (id) => byId.get(id),
    children: (id) => [...(kids.get(id) ?? [])],
    assessable: () => data.controls.filter((c) => assessableKinds.includes(c.kind)),
  };
}

// Short forms people write for the OWASP LLM 2025 ids ("LLM01" alone is ambiguous with 2023,
// so only the framework-qualified form `owasp-llm-2025:LLM01` resolves).
function controlAliases(fw: Framework, id: string): Control | undefined {
  const direct = fw.control(id);
  if (direct) return direct;
  if (fw.id === 'owasp-llm-2025' && /^LLM\d\d$/i.test(id)) return fw.control(`${id.toUpperCase()}:2025`);
  if (fw.id === 'eu-ai-act') {
    const m = /^(?:art(?:icle)?\.?\s*)?(\d+)$/i.exec(id.trim());
    if (m) return fw.control(`Art. ${m[1]}`);
  }
  return undefined;
}

/**
 * Builds a catalog over the built-in frameworks and any extra framework data you pass (your own
 * catalogs, or newer versions). Throws `AispmError('validation')` when given data is invalid,
 * with every issue in `details.issues`.
 *
 * @example
 * ```ts
 * const catalog = createFrameworkCatalog();
 * catalog.control('owasp-llm-2025:LLM01:2025')?.control.title; // 'Prompt Injection'
 * catalog.resolveAlias('owasp-llm-2023:LLM02'); // ['owasp-llm-2025:LLM05:2025']
 * ```
 */
export function createFrameworkCatalog(options: { extra?: unknown[]; builtin?: boolean } = {}): FrameworkCatalog {
  const inputs = [...(options.builtin === false ? [] : BUILTIN_CATALOG_DATA), ...(options.extra ?? [])];
  const frameworks: Framework[] = [];
  const issues: Issue[] = [];
  for (const input of inputs) {
    const r = validateFrameworkData(input);
    if (r.ok) frameworks.push(toFramework(r.value));
    else issues.push(...r.issues);
  }
  if (issues.length) throw new AispmError('validation', `invalid framework data: ${issues.length} issue(s)`, { details: { issues } });
  const byKey = new Map<string, Framework>();
  for (const fw of frameworks) {
    byKey.set(fw.id.toLowerCase(), fw);
    for (const a of fw.aliases) if (!byKey.has(a.toLowerCase())) byKey.set(a.toLowerCase(), fw);
  }
  const get = (key: string) => byKey.get(key.toLowerCase());
  const control = (ref: string): ControlMatch | undefined => {
    const p = parseControlRef(ref);
    if (!p) return undefined;
    const fw = get(p.framework);
    if (!fw) return undefined;
    const c = controlAliases(fw, p.control);
    return c ? { ref: `${fw.id}:${c.id}`, framework: fw, control: c } : undefined;
  };
  return {
    list: () => [...frameworks],
    get,
    versions: (family) =>
      frameworks
        .filter((f) => f.family === family)
        .map((f) => ({ version: f.version, id: f.id }))
        .sort((a, b) => a.version.localeCompare(b.version, 'en', { numeric: true })),
    control,
    resolveAlias(ref) {
      const m = control(ref);
      if (!m) return [];
      const successor = m.framework.id === 'owasp-llm-2023' ? m.control.attributes?.relatedIn2025 : undefined;
      return typeof successor === 'string' ? [`owasp-llm-2025:${successor}`] : [m.ref];
    },
    search(query, opts = {}) {
      const q = query.trim().toLowerCase();
      const fws = opts.frameworks ? opts.frameworks.map(get).filter((f): f is Framework => f !== undefined) : frameworks;
      const out: ControlMatch[] = [];
      const limit = opts.limit ?? 50;
      for (const fw of fws) {
        for (const c of fw.controls) {
          if (opts.kinds && !opts.kinds.includes(c.kind)) continue;
          const hay = `${c.id}\n${c.title}\n${c.description ?? ''}`.toLowerCase();
          if (q === '' || hay.includes(q)) out.push({ ref: `${fw.id}:${c.id}`, framework: fw, control: c });
          if (out.length >= limit) return out;
        }
      }
      return out;
    },
  };
}

let shared: FrameworkCatalog | undefined;

/**
 * The catalog of built-in frameworks, built once and shared.
 *
 * @example
 * ```ts
 * builtinCatalog().get('nist-ai-rmf-1.0')?.assessable().length; // 72
 * ```
 */
export function builtinCatalog(): FrameworkCatalog {
  shared ??= createFrameworkCatalog();
  return shared;
}
