import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AispmError, type Issue } from '../errors';
import { canonicalJson } from '../util/canonical-json';
import { locateJson } from '../util/json-locate';
import { arr, isObj, isSpdxExpression, seg, str } from './common';
import { bomFromXml, type XmlLines } from './cyclonedx-xml';
import { detectBomFormat } from './detect';
import { parseJsonSafe } from './safe-json';
import type { BomFormat } from './types';
import { parseXml } from './xml';

/** The outcome of {@link validateBom}. */
export interface BomValidation {
  /** Detected format, when the document is a BOM at all. */
  format?: BomFormat;
  /** Declared spec version. */
  specVersion?: string;
  /** No issue of severity `error`. */
  valid: boolean;
  /** Whether the document passes the format's JSON schema (undefined when no schema check ran). */
  schemaValid?: boolean;
  /** Every problem found, each with a JSON pointer (and line when the input was text). */
  issues: Issue[];
}

/** Options of {@link validateBom}. */
export interface ValidateBomOptions {
  /** File name shown in issues. */
  file?: string;
  /** Stop reporting schema violations after this many (default 1,000). */
  maxIssues?: number;
  /** Skip the JSON schema check (structural checks only). */
  schema?: boolean;
}

type AjvValidate = ((data: unknown) => boolean) & {
  errors?: Array<{ instancePath: string; message?: string; keyword: string; params?: Record<string, unknown> }> | null;
};

const validators = new Map<string, Promise<AjvValidate>>();

/** A linear `uniqueItems`: hashes each item's canonical JSON instead of comparing every pair. */
function uniqueLinear(schema: boolean, data: unknown): boolean {
  if (!schema || !Array.isArray(data) || data.length < 2) return true;
  const seen = new Set<string>();
  for (const item of data) {
    const k = typeof item === 'object' && item !== null ? canonicalJson(item) : `${typeof item}:${String(item)}`;
    if (seen.has(k)) return false;
    seen.add(k);
  }
  return true;
}

function replaceUnique(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(replaceUnique);
  if (isObj(node)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'uniqueItems') out.aispmUniqueItems = v;
      else out[k] = replaceUnique(v);
    }
    return out;
  }
  return node;
}

async function loadModule<T>(name: string): Promise<T> {
  try {
    const m = (await import(name)) as { default?: T };
    return (m.default ?? m) as T;
  } catch (e) {
    throw new AispmError('dependency-missing', `validating CycloneDX JSON needs the optional package "${name}": install it`, { cause: e });
  }
}

/** Compiles (once per version) the CycloneDX JSON schema bundled with @cyclonedx/cyclonedx-library, with a linear uniqueItems. */
function cycloneDxValidator(version: string): Promise<AjvValidate> {
  let v = validators.get(version);
  if (!v) {
    v = (async () => {
      const require = createRequire(import.meta.url);
      let dir: string;
      try {
        dir = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
      } catch (e) {
        throw new AispmError('dependency-missing', 'validating CycloneDX JSON needs the package "@cyclonedx/cyclonedx-library": install it', { cause: e });
      }
      const Ajv =
        await loadModule<
          new (
            o: object,
          ) => { compile: (s: unknown) => AjvValidate; addKeyword: (k: object) => void; addFormat: (n: string, f: unknown) => void }
        >('ajv');
      const addFormats = await loadModule<(ajv: unknown) => void>('ajv-formats');
      const addFormats2019 = await loadModule<(ajv: unknown, o: object) => void>('ajv-formats-draft2019');
      const read = async (f: string) => replaceUnique(JSON.parse(await readFile(join(dir, f), 'utf8')));
      const extra: Record<string, unknown> = {
        'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json': await read('spdx.SNAPSHOT.schema.json'),
        'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json': await read('jsf-0.82.SNAPSHOT.schema.json'),
      };
      if (version === '1.7') extra['http://cyclonedx.org/schema/cryptography-defs.SNAPSHOT.schema.json'] = await read('cryptography-defs.SNAPSHOT.schema.json');
      const ajv = new Ajv({
        useDefaults: false,
        strict: false,
        strictSchema: false,
        addUsedSchema: false,
        allErrors: true,
        schemas: extra,
        loadSchema: () => Promise.reject(new Error('remote schemas are disabled')),
      });
      addFormats(ajv);
      addFormats2019(ajv, { formats: ['idn-email'] });
      ajv.addFormat('iri-reference', true);
      ajv.addKeyword({ keyword: 'aispmUniqueItems', type: 'array', schemaType: 'boolean', validate: uniqueLinear, errors: false });
      // 1.2 and 1.3 have a strict variant (no additional properties), which is what the CycloneDX strict validator uses.
      return ajv.compile(
        await read(version === '1.2' || version === '1.3' ? `bom-${version}-strict.SNAPSHOT.schema.json` : `bom-${version}.SNAPSHOT.schema.json`),
      );
    })();
    validators.set(version, v);
  }
  return v;
}

function cdxStructure(
  bom: Record<string, unknown>,
  push: (code: string, message: string, pointer: string, obj?: unknown, severity?: Issue['severity']) => void,
): void {
  const refs = new Map<string, string>();
  // Every object with a bom-ref anywhere in the document (iterative: no recursion limit).
  const stack: Array<[unknown, string]> = [[bom, '']];
  while (stack.length) {
    const [v, p] = stack.pop() as [unknown, string];
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${p}/${i}`]);
    else if (isObj(v)) {
      const r = v['bom-ref'];
      if (typeof r === 'string' && !p.startsWith('/dependencies')) {
        if (refs.has(r)) push('bom/duplicate-ref', `bom-ref "${r}" is also used at ${refs.get(r)}`, `${p}/bom-ref`, v);
        else refs.set(r, p);
      }
      if (p.startsWith('/dependencies')) continue;
      for (const [k, x] of Object.entries(v)) if (typeof x === 'object' && x !== null) stack.push([x, `${p}/${seg(k)}`]);
    }
  }
  const graph = new Map<string, string[]>();
  arr(bom.dependencies).forEach((d, i) => {
    if (!isObj(d)) return;
    const ref = str(d.ref);
    if (!ref) return;
    if (!refs.has(ref)) push('bom/dangling-ref', `dependency ref "${ref}" names no component or service`, `/dependencies/${i}/ref`, d);
    if (graph.has(ref)) push('bom/duplicate-dependency', `dependency entry for "${ref}" appears more than once`, `/dependencies/${i}/ref`, d);
    const to: string[] = [];
    for (const key of ['dependsOn', 'provides'] as const) {
      arr(d[key]).forEach((t, j) => {
        if (typeof t !== 'string') return;
        if (!refs.has(t)) push('bom/dangling-ref', `${key} "${t}" names no component or service`, `/dependencies/${i}/${key}/${j}`, d);
        if (key === 'dependsOn') to.push(t);
      });
    }
    graph.set(ref, [...(graph.get(ref) ?? []), ...to]);
  });
  // Model card dataset refs and licence expressions.
  const checkDatasets = (c: unknown, p: string, depth: number) => {
    if (!isObj(c) || depth > 200) return;
    const mc = c.modelCard;
    if (isObj(mc) && isObj(mc.modelParameters)) {
      arr(mc.modelParameters.datasets).forEach((d, i) => {
        if (isObj(d) && typeof d.ref === 'string' && !refs.has(d.ref))
          push('bom/dangling-ref', `dataset ref "${d.ref}" names no component`, `${p}/modelCard/modelParameters/datasets/${i}/ref`, d);
      });
    }
    arr(c.licenses).forEach((l, i) => {
      if (isObj(l) && typeof l.expression === 'string' && !isSpdxExpression(l.expression))
        push('bom/invalid-license-expression', `invalid SPDX licence expression "${l.expression}"`, `${p}/licenses/${i}/expression`, l);
    });
    arr(c.components).forEach((x, i) => {
      checkDatasets(x, `${p}/components/${i}`, depth + 1);
    });
    arr(c.services).forEach((x, i) => {
      checkDatasets(x, `${p}/services/${i}`, depth + 1);
    });
  };
  if (isObj(bom.metadata)) {
    checkDatasets(bom.metadata.component, '/metadata/component', 0);
    arr(bom.metadata.licenses).forEach((l, i) => {
      if (isObj(l) && typeof l.expression === 'string' && !isSpdxExpression(l.expression))
        push('bom/invalid-license-expression', `invalid SPDX licence expression "${l.expression}"`, `/metadata/licenses/${i}/expression`, l);
    });
  }
  arr(bom.components).forEach((c, i) => {
    checkDatasets(c, `/components/${i}`, 0);
  });
  arr(bom.services).forEach((c, i) => {
    checkDatasets(c, `/services/${i}`, 0);
  });
  // Dependency cycles (iterative DFS, linear in nodes + edges).
  const state = new Map<string, 1 | 2>();
  for (const start of graph.keys()) {
    if (state.has(start)) continue;
    const stack2: Array<[string, number]> = [[start, 0]];
    const path: string[] = [];
    state.set(start, 1);
    path.push(start);
    while (stack2.length) {
      const top = stack2[stack2.length - 1] as [string, number];
      const next = (graph.get(top[0]) ?? [])[top[1]];
      if (next === undefined) {
        state.set(top[0], 2);
        stack2.pop();
        path.pop();
        continue;
      }
      top[1]++;
      const s = state.get(next);
      if (s === 1) {
        const cyc = [...path.slice(path.indexOf(next)), next];
        push('bom/dependency-cycle', `dependency cycle: ${cyc.join(' -> ')}`, '/dependencies', undefined, 'warning');
      } else if (s === undefined) {
        state.set(next, 1);
        path.push(next);
        stack2.push([next, 0]);
      }
    }
  }
}

function spdxStructure(doc: Record<string, unknown>, push: (code: string, message: string, pointer: string) => void): void {
  if (typeof doc.spdxVersion === 'string') {
    const ids = new Set<string>(['SPDXRef-DOCUMENT']);
    for (const key of ['packages', 'files', 'snippets'] as const) {
      arr(doc[key]).forEach((p, i) => {
        if (!isObj(p)) return;
        const id = str(p.SPDXID);
        if (!id) {
          push('spdx/missing-id', 'element without SPDXID', `/${key}/${i}`);
          return;
        }
        if (ids.has(id)) push('bom/duplicate-ref', `SPDXID "${id}" is used more than once`, `/${key}/${i}/SPDXID`);
        ids.add(id);
        for (const f of ['licenseConcluded', 'licenseDeclared'] as const) {
          const l = str(p[f]);
          if (l && l !== 'NOASSERTION' && l !== 'NONE' && !isSpdxExpression(l))
            push('bom/invalid-license-expression', `invalid SPDX licence expression "${l}"`, `/${key}/${i}/${f}`);
        }
      });
    }
    arr(doc.relationships).forEach((r, i) => {
      if (!isObj(r)) return;
      for (const f of ['spdxElementId', 'relatedSpdxElement'] as const) {
        const v = str(r[f]);
        if (v && !ids.has(v) && !v.startsWith('DocumentRef-') && v !== 'NONE' && v !== 'NOASSERTION')
          push('bom/dangling-ref', `${f} "${v}" names no element of the document`, `/relationships/${i}/${f}`);
      }
    });
    return;
  }
  const graph = arr(doc['@graph']);
  const ids = new Set<string>();
  graph.forEach((e, i) => {
    if (!isObj(e)) return;
    const id = str(e.spdxId) ?? str(e['@id']);
    if (!id) return;
    if (ids.has(id)) push('bom/duplicate-ref', `spdxId "${id}" is used more than once`, `/@graph/${i}/spdxId`);
    ids.add(id);
    const x = e.simplelicensing_licenseExpression;
    if (typeof x === 'string' && x !== 'NOASSERTION' && x !== 'NONE' && !isSpdxExpression(x))
      push('bom/invalid-license-expression', `invalid SPDX licence expression "${x}"`, `/@graph/${i}/simplelicensing_licenseExpression`);
  });
  graph.forEach((e, i) => {
    if (!isObj(e) || (e.type !== 'Relationship' && e.type !== 'LifecycleScopedRelationship')) return;
    const refs: Array<[unknown, string]> = [[e.from, `/@graph/${i}/from`], ...arr(e.to).map((t, j) => [t, `/@graph/${i}/to/${j}`] as [unknown, string])];
    for (const [r, p] of refs) {
      if (typeof r !== 'string') continue;
      if (ids.has(r) || r.startsWith('https://spdx.org/licenses/') || r.endsWith('NoneElement') || r.endsWith('NoAssertionElement')) continue;
      if (r.startsWith('_:') || !/^[a-z][a-z0-9+.-]*:/i.test(r)) push('bom/dangling-ref', `"${r}" names no element of the document`, p);
    }
  });
}

/**
 * XSD validation of CycloneDX XML with the CycloneDX library's validator, when its optional
 * native dependency (libxmljs2) is installed. Runs only after our own parser has refused any DTD,
 * so no entity can expand. Returns undefined (and an info issue) when the validator is missing.
 */
async function xsdCheck(text: string, version: string, report: (code: string, message: string, line?: number) => void): Promise<boolean | undefined> {
  let validator: { validate: (data: string) => Promise<unknown> };
  try {
    const lib = (await import('@cyclonedx/cyclonedx-library')) as unknown as {
      Validation: { XmlValidator: new (v: unknown) => { validate: (data: string) => Promise<unknown> } };
      Spec: { Version: Record<string, unknown> };
    };
    validator = new lib.Validation.XmlValidator(lib.Spec.Version[`v${version.replace('.', 'dot')}`]);
  } catch {
    report('bom/xsd-skipped', 'XSD validation skipped: @cyclonedx/cyclonedx-library is not installed');
    return undefined;
  }
  let errors: unknown;
  try {
    errors = await validator.validate(text);
  } catch (e) {
    report('bom/xsd-skipped', `XSD validation skipped: ${(e as Error).message.split('\n')[0]} (install the optional package libxmljs2 to enable it)`);
    return undefined;
  }
  if (errors === null) return true;
  for (const err of Array.isArray(errors) ? errors : [errors]) {
    const e = err as { message?: string; line?: number };
    report('schema/xsd', String(e.message ?? err).trim(), typeof e.line === 'number' && e.line > 0 ? e.line : undefined);
  }
  return false;
}

/**
 * Validates a BOM without throwing: detects the format and version, checks the CycloneDX JSON
 * schema bundled with `@cyclonedx/cyclonedx-library` (compiled once, with a linear `uniqueItems`
 * check instead of the pairwise one, so large BOMs validate in linear time), and checks structure
 * for every format: duplicate refs, dangling refs, dependency cycles (a warning) and invalid SPDX
 * licence expressions. Each issue carries a JSON pointer and, for text input, a line.
 * CycloneDX XML is checked against the XSD by the CycloneDX library's validator when its optional
 * native dependency libxmljs2 is installed (an `info` issue says when it is not).
 *
 * @example
 * ```ts
 * const v = await validateBom(text, { file: 'bom.cdx.json' });
 * if (!v.valid) for (const i of v.issues) console.log(`${i.line}: ${i.message}`);
 * ```
 */
export async function validateBom(doc: string | object, options: ValidateBomOptions = {}): Promise<BomValidation> {
  const file = options.file;
  const maxIssues = options.maxIssues ?? 1000;
  const issues: Issue[] = [];
  const text = typeof doc === 'string' ? doc : undefined;
  let lines: XmlLines | undefined;
  const push = (code: string, message: string, pointer: string, obj?: unknown, severity: Issue['severity'] = 'error') => {
    if (issues.length >= maxIssues) return;
    const line = lines && obj && typeof obj === 'object' ? lines.get(obj) : undefined;
    issues.push({ code, message, path: pointer, severity, ...(file ? { file } : {}), ...(line ? { line } : {}) });
  };
  const detected = detectBomFormat(doc);
  if (!detected) {
    // Still report malformed JSON/XML precisely.
    if (text?.trimStart().startsWith('<')) {
      const x = parseXml(text, {}, file);
      if (!x.ok) return { valid: false, issues: x.issues };
    } else if (text !== undefined) {
      const j = parseJsonSafe(text, {}, file);
      if (!j.ok) return { valid: false, issues: j.issues };
    }
    return { valid: false, issues: [{ code: 'bom/unknown-format', message: 'not a CycloneDX or SPDX document', path: '', ...(file ? { file } : {}) }] };
  }
  let value: unknown = doc;
  if (detected.format === 'cyclonedx-xml' && text !== undefined) {
    const x = parseXml(text, {}, file);
    if (!x.ok) return { format: detected.format, valid: false, issues: x.issues };
    lines = new WeakMap();
    value = bomFromXml(x.value, lines).bom;
  } else if (text !== undefined) {
    const j = parseJsonSafe(text, { trailingCommas: 'error' }, file);
    if (!j.ok) return { format: detected.format, valid: false, issues: j.issues };
    issues.push(...j.warnings);
    value = j.value;
  }
  if (!isObj(value))
    return {
      format: detected.format,
      valid: false,
      issues: [{ code: 'bom/not-an-object', message: 'the document is not an object', path: '', ...(file ? { file } : {}) }],
    };
  const specVersion = detected.format.startsWith('cyclonedx') ? str(value.specVersion) : detected.specVersion;
  let schemaValid: boolean | undefined;
  if (detected.format === 'cyclonedx-json') {
    if (!specVersion) push('bom/missing-spec-version', 'specVersion is missing', '/specVersion');
    else if (!/^1\.[2-7]$/.test(specVersion)) push('bom/unsupported-spec-version', `CycloneDX ${specVersion} is not supported (1.2–1.7)`, '/specVersion');
    else if (options.schema !== false) {
      let validate: AjvValidate;
      try {
        validate = await cycloneDxValidator(specVersion);
      } catch (e) {
        if (AispmError.isInstance(e)) throw e;
        throw new AispmError('internal', `cannot compile the CycloneDX ${specVersion} schema: ${(e as Error).message}`, { cause: e });
      }
      let okSchema: boolean;
      try {
        okSchema = validate(value);
      } catch (e) {
        okSchema = false;
        push('bom/schema-check-failed', `schema check could not complete: ${(e as Error).message}`, '');
      }
      schemaValid = okSchema;
      if (!okSchema) {
        const seen = new Set<string>();
        for (const err of validate.errors ?? []) {
          const key = `${err.instancePath}|${err.keyword}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const extra =
            err.params && err.keyword === 'additionalProperties'
              ? ` (${String(err.params.additionalProperty)})`
              : err.params && err.keyword === 'enum'
                ? ` (${JSON.stringify(err.params.allowedValues).slice(0, 200)})`
                : '';
          push(
            err.keyword === 'aispmUniqueItems' ? 'schema/uniqueItems' : `schema/${err.keyword}`,
            `${err.message ?? 'schema violation'}${extra}`,
            err.instancePath,
          );
        }
        if (!(validate.errors ?? []).length) push('schema/uniqueItems', 'array items must be unique', '');
      }
    }
  }
  if (detected.format === 'cyclonedx-xml' && text !== undefined && options.schema !== false) {
    if (!specVersion || !/^1\.[4-7]$/.test(specVersion))
      push('bom/unsupported-spec-version', `CycloneDX XML namespace version ${specVersion ?? '(none)'} is not supported (1.4–1.7)`, '');
    else
      schemaValid = await xsdCheck(text, specVersion, (code, message, line) => {
        if (issues.length < maxIssues)
          issues.push({
            code,
            message,
            path: '',
            severity: code === 'bom/xsd-skipped' ? 'info' : 'error',
            ...(file ? { file } : {}),
            ...(line ? { line } : {}),
          });
      });
  }
  if (detected.format.startsWith('cyclonedx')) cdxStructure(value, push);
  else spdxStructure(value, (c, m, p) => push(c, m, p));
  // Lines for JSON pointers (bounded: each lookup walks the text).
  if (text !== undefined && !lines) {
    for (const i of issues.slice(0, 50)) {
      if (i.line === undefined && i.path) {
        const f = locateJson(text, i.path).found;
        if (f) {
          i.line = f.line;
          i.column = f.column;
        }
      }
    }
  }
  const valid = !issues.some((i) => (i.severity ?? 'error') === 'error');
  return { format: detected.format, ...(specVersion ? { specVersion } : {}), valid, ...(schemaValid === undefined ? {} : { schemaValid }), issues };
}
