import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AispmError } from '@aispm/core';
import { type AispmConfig, loadConfig, type SourceConfig } from '../config';
import { EXIT_CODES } from '../exit-codes';
import type { CliIO } from '../io';
import { runScan } from '../pipeline';
import { sourceForPath } from '../sources/index';

const USAGE = `Usage: aispm coverage --framework <framework-id|profile-id> [paths...] [--config aispm.config.yaml] [--format table|json] [--now ISO-TIME] [--via-crosswalks equivalent,subset,related]

Scans (without writing the posture record), evaluates the baseline and configured rules, and prints
for every control of the framework or profile: satisfied, gap, not-assessed or manual.
--via-crosswalks also attributes rules one hop through crosswalk edges of those relationships.
`;

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return `${rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n')}\n`;
}

/** `aispm coverage --framework <id|profile>`: control coverage of a fresh scan. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      framework: { type: 'string' },
      config: { type: 'string', short: 'c' },
      format: { type: 'string', short: 'f' },
      now: { type: 'string' },
      'via-crosswalks': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_CODES.ok;
  }
  if (!values.framework) {
    io.stderr(USAGE);
    throw new AispmError('usage', '--framework is required (a framework id such as owasp-llm-2025, or a profile id)');
  }
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new AispmError('usage', `--format takes table or json, got "${format}"`);
  const now = values.now ? new Date(values.now) : undefined;
  if (now && Number.isNaN(now.getTime())) throw new AispmError('usage', `--now is not a date: ${values.now}`);
  const relationships = values['via-crosswalks']
    ?.split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const r of relationships ?? []) {
    if (r !== 'equivalent' && r !== 'subset' && r !== 'related')
      throw new AispmError('usage', `--via-crosswalks takes equivalent, subset or related, got "${r}"`);
  }
  const fw = await import('@aispm/frameworks');
  const catalog = fw.builtinCatalog();
  if (!catalog.get(values.framework) && !fw.getProfile(values.framework)) {
    throw new AispmError('usage', `no framework or profile "${values.framework}" (see: aispm frameworks list)`);
  }

  let config: AispmConfig | undefined;
  if (values.config) config = await loadConfig(resolve(io.cwd, values.config));
  const sources: SourceConfig[] = [];
  if (positionals.length > 0) for (const p of positionals) sources.push(await sourceForPath(p, io.cwd));
  else if (config) sources.push(...config.sources);
  else {
    io.stderr(USAGE);
    throw new AispmError('usage', 'give paths to scan or --config');
  }
  const baseDir = positionals.length > 0 ? io.cwd : (config?.baseDir ?? io.cwd);
  const scan = await runScan({ sources, baseDir, ...(config ? { config } : {}), ...(now ? { now } : {}), stageOptions: { record: false, cwd: io.cwd } });
  const report = fw.computeCoverage({
    target: values.framework,
    results: scan.results,
    findings: scan.findings,
    mappings: fw.baselineMappings(),
    catalog,
    now: new Date(scan.startedAt),
    ...(relationships?.length ? { crosswalks: { relationships: relationships as Array<'equivalent' | 'subset' | 'related'> } } : {}),
  });
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ ...report, diagnostics: scan.diagnostics.length }, null, 2)}\n`);
  } else {
    const s = report.summary;
    io.stdout(`${report.target.title} (${report.target.id})\n`);
    io.stdout(`${s.total} controls: ${s.satisfied} satisfied, ${s.gap} gap, ${s['not-assessed']} not assessed, ${s.manual} manual\n\n`);
    const rows = report.controls.map((c) => [
      c.id,
      c.status,
      String(c.rules.length),
      c.failingAssets.length ? `${c.failingAssets.length}${c.allFailuresExcepted ? ' (excepted)' : ''}` : '',
      c.via ? `${c.title} (via ${c.via.join(', ')})` : c.title,
    ]);
    io.stdout(table([['CONTROL', 'STATUS', 'RULES', 'FAILING', 'TITLE'], ...rows]));
  }
  return scan.sources.some((x) => x.status === 'error') ? EXIT_CODES.error : EXIT_CODES.ok;
}
