import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AispmError } from '@aispm/core';
import { type AispmConfig, loadConfig, type SourceConfig } from '../config';
import { EXIT_CODES } from '../exit-codes';
import type { CliIO } from '../io';
import { FORMATS, INVENTORY_ONLY_FORMATS, type Renderer } from '../output/formats';
import { runScan } from '../pipeline';
import { type ScanResult, toScanResult } from '../scan-result';
import { sourceForPath } from '../sources/index';

const SEVERITY_RANK: Record<string, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

const USAGE = `Usage: aispm scan [paths...] [--config aispm.config.yaml] [--format table|json|...] [--out FILE] [--fail-on SEVERITY] [--record PATH|URL] [--no-record]\n`;

/** `aispm scan`: sources → inventory → baseline → score → record → output. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      format: { type: 'string', short: 'f' },
      out: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      record: { type: 'string' },
      'no-record': { type: 'boolean' },
      now: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_CODES.ok;
  }
  let config: AispmConfig | undefined;
  if (values.config) config = await loadConfig(resolve(io.cwd, values.config));
  const format = values.format ?? config?.output.format ?? 'table';
  if (!FORMATS[format]) throw new AispmError('usage', `unknown format "${format}" (known: ${Object.keys(FORMATS).sort().join(', ')})`);
  const failOn = values['fail-on'] ?? config?.failOn;
  if (failOn !== undefined && SEVERITY_RANK[failOn] === undefined) {
    throw new AispmError('usage', `--fail-on takes one of ${Object.keys(SEVERITY_RANK).join(', ')}, got "${failOn}"`);
  }
  const now = values.now ? new Date(values.now) : undefined;
  if (now && Number.isNaN(now.getTime())) throw new AispmError('usage', `--now is not a date: ${values.now}`);

  const sources: SourceConfig[] = [];
  if (positionals.length > 0) {
    for (const p of positionals) sources.push(await sourceForPath(p, io.cwd));
  } else if (config) {
    sources.push(...config.sources);
  } else {
    io.stderr(USAGE);
    throw new AispmError('usage', 'give paths to scan or --config');
  }
  const baseDir = positionals.length > 0 ? io.cwd : (config?.baseDir ?? io.cwd);
  const progress = values.quiet ? undefined : io.isTTY ? (l: string) => io.stderr(`\r\u001b[2K${l}`) : (l: string) => io.stderr(`${l}\n`);
  const record = values['no-record'] ? false : (values.record ?? config?.record);
  // A BOM with no gate and no record reads nothing the baseline, score and record stages make:
  // they are left out (the output and the exit code are the same either way).
  const inventoryOnly = INVENTORY_ONLY_FORMATS.has(format) && failOn === undefined && record === false;
  const runResult = await runScan({
    ...(inventoryOnly ? { stages: [] } : {}),
    sources,
    baseDir,
    ...(config ? { config } : {}),
    ...(now ? { now } : {}),
    ...(progress ? { progress } : {}),
    stageOptions: { record, cwd: io.cwd },
  });
  if (progress && io.isTTY) io.stderr('\r\u001b[2K');
  const render = await (FORMATS[format] as () => Promise<Renderer>)();
  // The JSON result document is built only for formats that read it.
  const output = await render(inventoryOnly ? (undefined as unknown as ScanResult) : toScanResult(runResult), runResult);
  // --out is relative to the working directory; output.out in a config file to the config's folder.
  const out = values.out ? resolve(io.cwd, values.out) : config?.output.out ? resolve(config.baseDir, config.output.out) : undefined;
  if (out) await writeFile(out, output);
  else io.stdout(typeof output === 'string' ? output : Buffer.from(output).toString('utf8'));

  const failedSource = runResult.sources.some((s) => s.status === 'error');
  if (failOn !== undefined) {
    const threshold = SEVERITY_RANK[failOn] as number;
    const hit = runResult.findings.some((f) => {
      const sev = (f as { severity?: string; state?: string }).severity;
      const state = (f as { state?: string }).state;
      return sev !== undefined && (SEVERITY_RANK[sev] ?? -1) >= threshold && state !== 'accepted' && state !== 'fixed' && state !== 'closed';
    });
    if (hit) return EXIT_CODES.findings;
  }
  return failedSource ? EXIT_CODES.error : EXIT_CODES.ok;
}
