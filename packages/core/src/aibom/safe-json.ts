import type { Issue } from '../errors';
import { locateJson, positionAt } from '../util/json-locate';

/** Limits applied while parsing JSON documents. */
export interface JsonLimits {
  /** Maximum nesting of arrays and objects (default 256; `Infinity` skips the check). */
  maxDepth?: number;
  /** Maximum length of the text in characters (default 1,000,000,000). */
  maxLength?: number;
  /**
   * Accept trailing commas (`[1,]`, `{"a":1,}`), a common hand-editing slip: the document is read
   * and a `json/trailing-comma` issue of this severity is reported. Off by default.
   */
  trailingCommas?: 'warning' | 'error';
}

/** Removes commas that directly precede `]` or `}` outside strings; returns the offsets removed. */
function stripTrailingCommas(text: string): { text: string; at: number[] } {
  const at: number[] = [];
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 44) {
      let j = i + 1;
      while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13 || text.charCodeAt(j) === 9)) j++;
      const n = text.charCodeAt(j);
      if (n === 93 || n === 125) {
        out += text.slice(last, i);
        last = i + 1;
        at.push(i);
      }
    }
  }
  return { text: at.length ? out + text.slice(last) : text, at };
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function nestingDepth(text: string, limit: number): { depth: number; at: number } {
  // Jumps from one structural character to the next; strings are skipped with indexOf.
  const re = /["[\]{}]/g;
  let depth = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const c = text.charCodeAt(m.index);
    if (c === 34) {
      let j = m.index;
      for (;;) {
        j = text.indexOf('"', j + 1);
        if (j < 0) return { depth: 0, at: -1 };
        let k = j - 1;
        while (text.charCodeAt(k) === 92) k--;
        if ((j - 1 - k) % 2 === 0) break;
      }
      re.lastIndex = j + 1;
    } else if (c === 123 || c === 91) {
      if (++depth > limit) return { depth, at: m.index };
    } else depth--;
  }
  return { depth: 0, at: -1 };
}

/**
 * Parses JSON text defensively: size and nesting limits, syntax errors with line and column,
 * and prototype-pollution keys (`__proto__`, `constructor`, `prototype`) removed with a warning.
 * Never throws.
 *
 * @example
 * ```ts
 * const r = parseJsonSafe('{"a": 1}');
 * if (r.ok) r.value; // { a: 1 }
 * ```
 */
export function parseJsonSafe(
  text: string,
  limits: JsonLimits = {},
  file?: string,
): { ok: true; value: unknown; warnings: Issue[] } | { ok: false; issues: Issue[] } {
  const where = (line?: number, column?: number) => ({ ...(file ? { file } : {}), ...(line ? { line } : {}), ...(column ? { column } : {}) });
  const maxLength = limits.maxLength ?? 1_000_000_000;
  if (text.length > maxLength)
    return { ok: false, issues: [{ code: 'json/too-large', message: `document is larger than ${maxLength} characters`, path: '', ...where() }] };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const maxDepth = limits.maxDepth ?? 256;
  const deep = Number.isFinite(maxDepth) ? nestingDepth(body, maxDepth) : { depth: 0, at: -1 };
  if (deep.at >= 0) {
    let line = 1;
    let last = -1;
    for (let i = 0; i < deep.at; i++) {
      if (body.charCodeAt(i) === 10) {
        line++;
        last = i;
      }
    }
    return {
      ok: false,
      issues: [{ code: 'json/too-deep', message: `arrays and objects nested deeper than ${maxDepth} levels`, path: '', ...where(line, deep.at - last) }],
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    if (limits.trailingCommas) {
      const fixed = stripTrailingCommas(body);
      if (fixed.at.length) {
        try {
          const v = JSON.parse(fixed.text);
          const first = positionAt(body, fixed.at[0] as number);
          const warnings: Issue[] = [
            {
              code: 'json/trailing-comma',
              message: `${fixed.at.length} trailing comma${fixed.at.length === 1 ? '' : 's'} (not allowed in JSON); read as if absent`,
              path: '',
              severity: limits.trailingCommas,
              ...where(first.line, first.column),
            },
          ];
          return { ok: true, value: v, warnings: [...warnings, ...sanitize(v, fixed.text, where)] };
        } catch {
          // fall through to the precise syntax error below
        }
      }
    }
    const loc = locateJson(body);
    const msg = loc.error?.message ?? (e as Error).message;
    return {
      ok: false,
      issues: [{ code: 'json/malformed', message: `malformed JSON: ${msg}`, path: '', ...where(loc.error?.position.line, loc.error?.position.column) }],
    };
  }
  const warnings = sanitize(value, body, where);
  return { ok: true, value, warnings };
}

function sanitize(value: unknown, body: string, where: () => Record<string, unknown>): Issue[] {
  const warnings: Issue[] = [];
  if (/"(?:__proto__|constructor|prototype)"/.test(body)) {
    const stack: Array<[unknown, string]> = [[value, '']];
    while (stack.length > 0) {
      const [v, path] = stack.pop() as [unknown, string];
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}/${i}`]);
      } else if (v !== null && typeof v === 'object') {
        for (const k of Object.keys(v)) {
          const p = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
          if (FORBIDDEN.has(k)) {
            delete (v as Record<string, unknown>)[k];
            warnings.push({ code: 'json/forbidden-key', message: `key "${k}" removed (prototype pollution guard)`, path: p, severity: 'warning', ...where() });
          } else stack.push([(v as Record<string, unknown>)[k], p]);
        }
      }
    }
  }
  return warnings;
}
