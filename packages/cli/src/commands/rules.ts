import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AispmError, type Issue, lintRules, loadRuleFile, type RuleDefinition } from '@aispm/core';
import { type AispmConfig, loadConfig } from '../config';
import { EXIT_CODES } from '../exit-codes';
import type { CliIO } from '../io';
import { loadBaseline } from '../stages/evaluate';

const USAGE = `Usage:
  aispm rules list [--config aispm.config.yaml] [--no-baseline] [--format table|json]
  aispm rules lint <file...> [--require-examples] [--format table|json]
`;

/**
 * One row of `aispm rules list`.
 *
 * @example
 * ```ts
 * const row: RuleListEntry = JSON.parse(out).rules[0];
 * ```
 */
export interface RuleListEntry {
  id: string;
  version: string;
  title: string;
  severity: string;
  likelihood: string;
  impact: string;
  confidence: string;
  kinds: string[];
  type: 'condition' | 'path' | 'code';
  tags: string[];
  controls: string[];
  /** `baseline`, or the rule file it came from. */
  source: string;
}

function entry(r: RuleDefinition, source: string, mapped: readonly string[] = []): RuleListEntry {
  return {
    id: r.id,
    version: r.version,
    title: r.title,
    severity: r.severity,
    likelihood: r.likelihood,
    impact: r.impact,
    confidence: r.confidence,
    kinds: [...r.appliesTo.kinds],
    type: r.path ? 'path' : r.evaluate ? 'code' : 'condition',
    tags: [...r.tags],
    controls: [...new Set([...(r.controls ?? []), ...mapped])].sort(),
    source,
  };
}

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

function issueLine(i: Issue): string {
  const where = [i.file, i.line, i.column].filter((x) => x !== undefined).join(':');
  return `${i.severity ?? 'error'} ${where ? `${where} ` : ''}${i.path || '/'} ${i.code}: ${i.message}`;
}

async function list(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string', short: 'c' }, format: { type: 'string', short: 'f' }, 'no-baseline': { type: 'boolean' } },
  });
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new AispmError('usage', `rules list takes --format table or json, got "${format}"`);
  let config: AispmConfig | undefined;
  if (values.config) config = await loadConfig(resolve(io.cwd, values.config));
  const rows: RuleListEntry[] = [];
  const diagnostics: Issue[] = [];
  if (!values['no-baseline']) {
    const baseline = await loadBaseline();
    if (baseline.pack) {
      const linted = lintRules(baseline.pack, { runExamples: false });
      if (linted.ok) for (const r of linted.value.rules) rows.push(entry(r, 'baseline', baseline.controls[r.id]));
      else diagnostics.push(...linted.issues);
    } else diagnostics.push({ code: 'baseline/unavailable', message: 'no baseline rule pack is available', path: '', severity: 'warning' });
  }
  for (const file of config?.rules ?? []) {
    const loaded = await loadRuleFile(resolve(config?.baseDir ?? io.cwd, file), { runExamples: false });
    if (loaded.ok) for (const r of loaded.value.rules) rows.push(entry(r, file));
    else diagnostics.push(...loaded.issues.map((i) => ({ ...i, file })));
  }
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.source < b.source ? -1 : 1));
  const errors = diagnostics.filter((d) => d.severity !== 'warning' && d.severity !== 'info');
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ rules: rows, diagnostics }, null, 2)}\n`);
  } else {
    if (rows.length) {
      io.stdout(
        `${table([
          ['ID', 'VERSION', 'SEVERITY', 'TYPE', 'KINDS', 'CONTROLS', 'TITLE'],
          ...rows.map((r) => [r.id, r.version, r.severity, r.type, r.kinds.join(','), String(r.controls.length), r.title]),
        ])}\n`,
      );
    }
    io.stdout(`${rows.length} rules\n`);
    for (const d of diagnostics) io.stderr(`${issueLine(d)}\n`);
  }
  return errors.length ? EXIT_CODES.error : EXIT_CODES.ok;
}

async function lint(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', short: 'f' }, 'require-examples': { type: 'boolean' } },
  });
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new AispmError('usage', `rules lint takes --format table or json, got "${format}"`);
  if (positionals.length === 0) throw new AispmError('usage', 'rules lint needs at least one rule file');
  const files: Array<{ file: string; rules: number; issues: Issue[] }> = [];
  for (const file of positionals) {
    const loaded = await loadRuleFile(resolve(io.cwd, file), { requireExamples: values['require-examples'] === true });
    const issues = (loaded.ok ? loaded.value.warnings : loaded.issues).map((i) => ({ ...i, file }));
    files.push({ file, rules: loaded.ok ? loaded.value.rules.length : 0, issues });
  }
  const failed = files.some((f) => f.issues.some((i) => i.severity !== 'warning' && i.severity !== 'info'));
  if (format === 'json') io.stdout(`${JSON.stringify({ ok: !failed, files }, null, 2)}\n`);
  else {
    for (const f of files) {
      const errs = f.issues.filter((i) => i.severity !== 'warning' && i.severity !== 'info').length;
      io.stdout(`${f.file}: ${errs ? `${errs} error(s)` : `${f.rules} rules ok`}\n`);
      for (const i of f.issues) io.stdout(`  ${issueLine(i)}\n`);
    }
  }
  return failed ? EXIT_CODES.usage : EXIT_CODES.ok;
}

/**
 * `aispm rules list` prints the baseline pack and the configuration's rule files (id, version,
 * severity, kinds, mapped controls); `aispm rules lint <file…>` lints rule files and runs their
 * examples. Both take `--format json`.
 *
 * @example
 * ```ts
 * await run(['list', '--format', 'json'], io);
 * ```
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout(USAGE);
    return sub === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  if (sub === 'list') return list(rest, io);
  if (sub === 'lint') return lint(rest, io);
  io.stderr(USAGE);
  throw new AispmError('usage', `unknown rules subcommand "${sub}"`);
}
