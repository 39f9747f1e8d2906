import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Issue, Result } from '../errors';
import { locateJson } from '../util/json-locate';
import { parseJsonPointer } from '../util/json-pointer';
import { flattenRules, type RuleSource } from './engine';
import { type LintedRules, type LintOptions, lintRules } from './lint';
import type { RulePack } from './schema';

/**
 * Options of {@link loadRuleFile}.
 *
 * @example
 * ```ts
 * await loadRuleFile('rules.yaml', { runExamples: false });
 * ```
 */
export type LoadRuleFileOptions = Omit<LintOptions, 'file'>;

function isRuleLike(x: unknown): boolean {
  return typeof x === 'object' && x !== null && typeof (x as { id?: unknown }).id === 'string' && 'appliesTo' in (x as object);
}

function isPackLike(x: unknown): x is RulePack {
  return typeof x === 'object' && x !== null && Array.isArray((x as { rules?: unknown }).rules);
}

/**
 * Loads user rules from a file and lints them (see {@link lintRules}). YAML (`.yaml`, `.yml`)
 * and JSON files hold one rule, a list of rules, or a pack `{ id, version, title, rules }`;
 * TypeScript or JavaScript modules export rules, lists of rules, or packs (every named export
 * that looks like one). Problems come back together, each with the file, the JSON Pointer and,
 * for YAML and JSON, the line.
 *
 * @example
 * ```ts
 * const loaded = await loadRuleFile('rules/acme.yaml');
 * if (loaded.ok) evaluateRules(inventory, loaded.value.rules);
 * else for (const i of loaded.issues) console.error(`${i.file}:${i.line ?? 0} ${i.path} ${i.message}`);
 * ```
 */
export async function loadRuleFile(path: string, options: LoadRuleFileOptions = {}): Promise<Result<LintedRules>> {
  const ext = extname(path).toLowerCase();
  const fileIssue = (code: string, message: string, extra: Partial<Issue> = {}): Result<LintedRules> => ({
    ok: false,
    issues: [{ code, message, path: '', file: path, ...extra }],
  });
  if (['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'].includes(ext)) {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
    } catch (e) {
      const hint = ext.endsWith('ts') ? ' (TypeScript rule files need a TypeScript-aware runtime such as tsx, or compile them to .js)' : '';
      return fileIssue('rules/import-failed', `cannot import ${path}: ${(e as Error).message}${hint}`);
    }
    const found: RuleSource[] = [];
    for (const name of Object.keys(mod).sort()) {
      const v = mod[name];
      if (isRuleLike(v) || isPackLike(v) || (Array.isArray(v) && v.length > 0 && v.every((x) => isRuleLike(x) || isPackLike(x)))) found.push(v as RuleSource);
    }
    if (found.length === 0) return fileIssue('rules/empty', `${path} exports no rules or rule packs`);
    // A module often exports its rules one by one and a pack holding them: count each rule once.
    const unique = [...new Set(flattenRules(found as unknown as RuleSource).map((x) => x.rule))];
    return lintRules(unique as RuleSource, { ...options, file: path });
  }
  if (!['.json', '.yaml', '.yml'].includes(ext)) {
    return fileIssue('rules/unsupported', `unsupported rule file type "${ext || '(none)'}": use .yaml, .yml, .json, .ts or .js`);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return fileIssue('rules/unreadable', `cannot read ${path}: ${(e as Error).message}`);
  }
  let doc: unknown;
  let lineOf: (pointer: string) => { line?: number; column?: number };
  if (ext === '.json') {
    try {
      doc = JSON.parse(text);
    } catch (e) {
      const err = locateJson(text).error;
      return fileIssue(
        'rules/invalid-json',
        `invalid JSON: ${err?.message ?? (e as Error).message}`,
        err ? { line: err.position.line, column: err.position.column } : {},
      );
    }
    lineOf = (pointer) => {
      const f = locateJson(text, pointer).found;
      return f ? { line: f.line, column: f.column } : {};
    };
  } else if (ext === '.yaml' || ext === '.yml') {
    const { LineCounter, parseDocument, isNode } = await import('yaml');
    const lc = new LineCounter();
    const yd = parseDocument(text, { lineCounter: lc, prettyErrors: false });
    if (yd.errors.length > 0) {
      const first = yd.errors[0];
      const pos = first?.pos ? lc.linePos(first.pos[0]) : undefined;
      return fileIssue('rules/invalid-yaml', `invalid YAML: ${first?.message.split('\n')[0] ?? 'parse error'}`, pos ? { line: pos.line, column: pos.col } : {});
    }
    doc = yd.toJS();
    lineOf = (pointer) => {
      const segs = parseJsonPointer(pointer);
      // Walk down as far as the pointer exists: a missing field is placed at its parent.
      for (let n = segs.length; n >= 0; n--) {
        const node = yd.getIn(
          segs.slice(0, n).map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
          true,
        );
        if (isNode(node) && node.range) {
          const p = lc.linePos(node.range[0]);
          return { line: p.line, column: p.col };
        }
      }
      return {};
    };
  } else {
    return fileIssue('rules/unsupported', `unsupported rule file type "${ext || '(none)'}": use .yaml, .yml, .json, .ts or .js`);
  }
  if (doc === null || doc === undefined) return fileIssue('rules/empty', `${path} is empty`);
  const source = (Array.isArray(doc) || isPackLike(doc) ? doc : [doc]) as RuleSource;
  const wrapped = !Array.isArray(doc) && !isPackLike(doc);
  const r = lintRules(source, { ...options, file: path });
  const place = (i: Issue): Issue => {
    const pointer = wrapped ? i.path.replace(/^\/0/, '') : i.path;
    return { ...i, path: pointer, file: path, ...lineOf(pointer) };
  };
  if (!r.ok) return { ok: false, issues: r.issues.map(place) };
  return { ok: true, value: { rules: r.value.rules, warnings: r.value.warnings.map(place) } };
}
