import type { Issue } from '../errors';
import { ObservationSchema, type ParsedObservation } from '../model/observation';
import { locateJson } from '../util/json-locate';
import { toJsonPointer } from '../util/json-pointer';

/** Observations read from a file, and the issues of the parts that could not be read. */
export interface ObservationFileResult {
  observations: ParsedObservation[];
  issues: Issue[];
}

/** Options for {@link parseObservationText}. */
export interface ParseObservationOptions {
  /** File name used in issues. */
  file?: string;
  /** `jsonl` (one observation per line) or `json` (an array, `{ "observations": [...] }`, or one object). Detected from `file` when absent. */
  format?: 'json' | 'jsonl';
  /** Stop placing issues (line/column) after this many, to bound the work on very broken input. Default 1,000. */
  maxLocatedIssues?: number;
}

const MAX_LOCATE_BYTES = 64 * 1024 * 1024;

function schemaIssues(value: unknown, basePointer: string[]): Issue[] | ParsedObservation {
  const r = ObservationSchema.safeParse(value);
  if (r.success) return r.data;
  return r.error.issues.map((i) => {
    const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const pointer = toJsonPointer([...basePointer, ...path]);
    const last = path[path.length - 1];
    const unknownKind = last === 'kind' && (i.code === 'invalid_union' || i.code === 'invalid_value');
    const unknownType = last === 'type' && (i.code === 'invalid_union' || i.code === 'invalid_value');
    const code = unknownKind ? 'unknown-kind' : unknownType ? 'unknown-type' : `schema/${i.code}`;
    const got = unknownKind || unknownType ? ` (got ${JSON.stringify(readPath(value, path))})` : '';
    return { code, message: `${i.message}${got}`, path: pointer };
  });
}

function readPath(value: unknown, path: Array<string | number>): unknown {
  let cur = value;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p as string];
  }
  return cur;
}

/**
 * Reads observation envelopes from JSON or JSON Lines text. Every problem (a syntax error, an
 * observation failing the schema, an unknown kind) becomes an issue with the file, line, column
 * and JSON Pointer; the rest of the input is still read.
 *
 * @example
 * ```ts
 * const { observations, issues } = parseObservationText(text, { file: 'gateway.jsonl' });
 * inventory.addAll(observations);
 * for (const i of issues) log(`${i.file}:${i.line} ${i.path} ${i.message}`);
 * ```
 */
export function parseObservationText(text: string, options: ParseObservationOptions = {}): ObservationFileResult {
  const file = options.file;
  const format = options.format ?? (file && /\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'json');
  const maxLocated = options.maxLocatedIssues ?? 1000;
  const observations: ParsedObservation[] = [];
  const issues: Issue[] = [];
  const withFile = (i: Issue): Issue => (file === undefined ? i : { ...i, file });
  if (format === 'jsonl') {
    const lines = text.split('\n');
    lines.forEach((raw, idx) => {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (!line.trim()) return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        const loc = locateJson(line);
        issues.push(
          withFile({
            code: 'invalid-json',
            message: `invalid JSON: ${loc.error?.message ?? 'syntax error'}`,
            path: '',
            line: idx + 1,
            column: loc.error?.position.column ?? 1,
          }),
        );
        return;
      }
      const r = schemaIssues(value, []);
      if (Array.isArray(r)) {
        for (const i of r) {
          const at = issues.length < maxLocated ? locateJson(line, i.path).found : undefined;
          issues.push(withFile({ ...i, line: idx + 1, ...(at ? { column: at.column } : {}) }));
        }
      } else observations.push(r);
    });
    return { observations, issues };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const loc = locateJson(text);
    const pos = loc.error?.position;
    issues.push(
      withFile({
        code: 'invalid-json',
        message: `invalid JSON: ${loc.error?.message ?? 'syntax error'}`,
        path: '',
        ...(pos ? { line: pos.line, column: pos.column } : {}),
      }),
    );
    return { observations, issues };
  }
  let items: unknown[];
  let base: string[];
  if (Array.isArray(doc)) {
    items = doc;
    base = [];
  } else if (doc && typeof doc === 'object' && Array.isArray((doc as { observations?: unknown }).observations)) {
    items = (doc as { observations: unknown[] }).observations;
    base = ['observations'];
  } else {
    items = [doc];
    base = [];
  }
  const single = !Array.isArray(doc) && base.length === 0;
  items.forEach((item, n) => {
    const r = schemaIssues(item, single ? [] : [...base, String(n)]);
    if (Array.isArray(r)) {
      for (const i of r) {
        const at = issues.length < maxLocated && text.length <= MAX_LOCATE_BYTES ? locateJson(text, i.path).found : undefined;
        issues.push(withFile({ ...i, ...(at ? { line: at.line, column: at.column } : {}) }));
      }
    } else observations.push(r);
  });
  return { observations, issues };
}
