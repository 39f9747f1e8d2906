import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AispmError } from '@aispm/core';
import { EXIT_CODES } from '../exit-codes';
import type { CliIO } from '../io';
import { writeFlatExports } from '../output/flat';
import { markdownFromDigest } from '../output/markdown';
import { computeRunCoverage } from '../report/coverage';
import { buildDigest, type DigestOptions } from '../report/digest';
import { htmlFromDigest } from '../report/html';
import { loadRun, pickRecord, readExceptionFile, readRecordView, withRecordedStates } from '../report/inputs';

const USAGE = `Usage: aispm report [paths...] [--config aispm.config.yaml | --from-json result.json] [--out report.html]
                    [--format html|markdown|csv|jsonl] [--record PATH|URL] [--no-record] [--exceptions FILE]
                    [--title TEXT] [--organisation NAME] [--expiring-within DAYS] [--now ISO-TIME]

Writes the leadership report: one self-contained HTML file (default report.html). With
--format csv or jsonl, --out names a folder that receives every flat table and columns.json.
The report never writes to the posture record; it reads the record for the trend and the
exception register when one is configured.
`;

/**
 * `aispm report`: the HTML leadership report (or the Markdown summary, or a folder of flat
 * exports) from a fresh scan or a saved JSON result, with the trend and exceptions from the
 * posture record.
 *
 * @example
 * ```ts
 * await runCli(['report', '--config', 'aispm.config.yaml', '--out', 'report.html'], io);
 * ```
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      'from-json': { type: 'string' },
      out: { type: 'string', short: 'o' },
      format: { type: 'string', short: 'f' },
      record: { type: 'string' },
      'no-record': { type: 'boolean' },
      exceptions: { type: 'string' },
      title: { type: 'string' },
      organisation: { type: 'string' },
      'expiring-within': { type: 'string' },
      now: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_CODES.ok;
  }
  const format = values.format ?? 'html';
  if (!['html', 'markdown', 'csv', 'jsonl'].includes(format))
    throw new AispmError('usage', `unknown report format "${format}" (known: html, markdown, csv, jsonl)`);
  const now = values.now ? new Date(values.now) : undefined;
  if (now && Number.isNaN(now.getTime())) throw new AispmError('usage', `--now is not a date: ${values.now}`);
  const within = values['expiring-within'] !== undefined ? Number(values['expiring-within']) : 30;
  if (!Number.isInteger(within) || within < 0)
    throw new AispmError('usage', `--expiring-within takes a whole number of days, got "${values['expiring-within']}"`);

  const loaded = await loadRun({ config: values.config, fromJson: values['from-json'], paths: positionals, now }, io);
  const digestOptions: DigestOptions = { expiringWithinDays: within, ...(now ? { now } : {}) };
  let picked: ReturnType<typeof pickRecord>;
  try {
    picked = pickRecord({ record: values.record, noRecord: values['no-record'], config: loaded.config, cwd: io.cwd });
  } catch (e) {
    io.stderr(`aispm report: ${(e as Error).message}; the trend and the exception register are left out\n`);
  }
  if (picked) {
    try {
      const view = await readRecordView(picked.record);
      digestOptions.exceptions = view.exceptions;
      loaded.result.findings = withRecordedStates(loaded.result.findings, view.states);
      digestOptions.runs = view.trend.map((p) => ({ id: p.runId, startedAt: p.at, summary: { assets: p.assets ?? 0, findings: p.findings ?? 0 } }));
    } finally {
      await picked.store.close();
    }
  }
  if (values.exceptions) digestOptions.exceptions = [...(digestOptions.exceptions ?? []), ...(await readExceptionFile(resolve(io.cwd, values.exceptions)))];

  if (loaded.run && loaded.run.results.length > 0) {
    digestOptions.coverage = await computeRunCoverage({
      results: loaded.run.results,
      findings: loaded.run.findings,
      profiles: true,
      ...(digestOptions.exceptions ? { exceptions: digestOptions.exceptions } : {}),
      ...(now ? { now } : {}),
    });
  }
  if (format === 'csv' || format === 'jsonl') {
    const dir = resolve(io.cwd, values.out ?? 'aispm-exports');
    const files = await writeFlatExports(loaded.result, dir, format, digestOptions.coverage ? { coverage: digestOptions.coverage } : {});
    io.stderr(`wrote ${files.length} files to ${values.out ?? 'aispm-exports'}\n`);
    return EXIT_CODES.ok;
  }
  const digest = buildDigest(loaded.result, digestOptions);
  const text =
    format === 'markdown'
      ? markdownFromDigest(digest)
      : htmlFromDigest(digest, {
          expiringWithinDays: within,
          ...(values.title ? { title: values.title } : {}),
          ...((values.organisation ?? loaded.config?.name) ? { organisation: values.organisation ?? loaded.config?.name } : {}),
        });
  const out = values.out ?? (format === 'html' ? 'report.html' : undefined);
  if (out) {
    await writeFile(resolve(io.cwd, out), text);
    io.stderr(`wrote ${out}\n`);
  } else io.stdout(text);
  return EXIT_CODES.ok;
}
