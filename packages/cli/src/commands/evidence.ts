import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AispmError, type PostureRecord, type PostureStore } from '@aispm/core';
import { verifyEvidencePack, writeEvidencePack } from '../evidence/pack';
import { EXIT_CODES } from '../exit-codes';
import type { CliIO } from '../io';
import { computeRunCoverage } from '../report/coverage';
import type { DigestException } from '../report/digest';
import { loadRun, pickRecord, readExceptionFile } from '../report/inputs';

const USAGE = `Usage: aispm evidence --from DATE --to DATE [--out pack.zip] [--config aispm.config.yaml | --from-json result.json]
                      [--record PATH|URL] [--no-record] [--exceptions FILE] [--now ISO-TIME]
       aispm evidence verify pack.zip [--json]

Exports the auditor's evidence pack for a period: manifest with the SHA-256 of every file,
inventory snapshot and CycloneDX ML-BOM, findings with lifecycle history, exception register,
activity log with its chain verification, coverage per framework and profile, versions,
scoring model and calibration. "verify" checks a pack offline and names every file that was
altered, removed or added (exit code 1 when anything does not match).
`;

function parseDate(flag: string, value: string | undefined, endOfDay: boolean): Date {
  if (!value) throw new AispmError('usage', `--${flag} is required (a date such as 2026-10-01 or an ISO time)`);
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z` : value);
  if (Number.isNaN(d.getTime())) throw new AispmError('usage', `--${flag} is not a date: ${value}`);
  return d;
}

async function verify(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_CODES.ok;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new AispmError('usage', 'evidence verify takes one pack file');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolve(io.cwd, file));
  } catch (e) {
    throw new AispmError('usage', `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  const v = verifyEvidencePack(bytes);
  if (values.json) io.stdout(`${JSON.stringify(v, null, 2)}\n`);
  else {
    const lines = [`${file}: ${v.ok ? 'OK, every file matches the manifest' : 'DOES NOT MATCH its manifest'}`];
    if (v.manifestSha256) lines.push(`  manifest sha256 ${v.manifestSha256}`);
    for (const p of v.altered) lines.push(`  altered: ${p}`);
    for (const p of v.removed) lines.push(`  removed: ${p}`);
    for (const p of v.added) lines.push(`  added:   ${p}`);
    if (v.activityLog) lines.push(`  activity log: ${v.activityLog.ok ? 'chain OK' : 'chain BROKEN'} (${v.activityLog.message})`);
    for (const i of v.issues) if (!i.path.startsWith('/') || i.code.startsWith('evidence/')) lines.push(`  ${i.code}: ${i.message}`);
    io.stdout(`${lines.join('\n')}\n`);
  }
  return v.ok ? EXIT_CODES.ok : EXIT_CODES.findings;
}

/**
 * `aispm evidence`: writes the auditor's evidence pack for a period; `aispm evidence verify`
 * checks one offline.
 *
 * @example
 * ```ts
 * await runCli(['evidence', '--from', '2026-10-01', '--to', '2026-12-31', '--config', 'aispm.config.yaml', '--out', 'pack.zip'], io);
 * await runCli(['evidence', 'verify', 'pack.zip'], io);
 * ```
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  if (args[0] === 'verify') return verify(args.slice(1), io);
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string', short: 'o' },
      config: { type: 'string', short: 'c' },
      'from-json': { type: 'string' },
      record: { type: 'string' },
      'no-record': { type: 'boolean' },
      exceptions: { type: 'string' },
      now: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_CODES.ok;
  }
  const from = parseDate('from', values.from, false);
  const to = parseDate('to', values.to, true);
  if (from > to) throw new AispmError('usage', '--from is after --to');
  const now = values.now ? new Date(values.now) : undefined;
  if (now && Number.isNaN(now.getTime())) throw new AispmError('usage', `--now is not a date: ${values.now}`);

  const loaded = await loadRun({ config: values.config, fromJson: values['from-json'], paths: positionals, now }, io);
  const picked = pickRecord({ record: values.record, noRecord: values['no-record'], config: loaded.config, cwd: io.cwd });
  const store: PostureStore | undefined = picked?.store;
  const record: PostureRecord | undefined = picked?.record;
  try {
    let exceptions: DigestException[] | undefined;
    if (values.exceptions) exceptions = await readExceptionFile(resolve(io.cwd, values.exceptions));
    const [fw, scoring] = await Promise.all([import('@aispm/frameworks'), import('@aispm/scoring')]);
    const coverage = loaded.run
      ? await computeRunCoverage({
          results: loaded.run.results,
          findings: loaded.run.findings,
          profiles: true,
          ...(exceptions ? { exceptions } : {}),
          now: now ?? to,
        })
      : [];
    const model = scoring.DEFAULT_RISK_MODEL;
    const versions = {
      catalogs: Object.fromEntries(
        fw
          .builtinCatalog()
          .list()
          .map((f) => [f.id, f.version]),
      ),
      rulePack: { id: fw.baselinePack.id, version: fw.baselinePack.version, rules: fw.baselinePack.rules.length },
      mappings: { id: fw.baselineMappingFile().id, rules: fw.baselineMappingFile().mappings.length },
      scoringModel: model.id,
      sources: loaded.result.run.sources.map((s) => ({ type: s.type, ...(s.path ? { path: s.path } : {}), status: s.status })),
    };
    const { zip, manifest, manifestSha256 } = await writeEvidencePack({
      result: loaded.result,
      from,
      to,
      ...(record ? { record } : {}),
      ...(exceptions ? { exceptions } : {}),
      coverage,
      versions,
      scoringModel: model,
      ...(model.calibration ? { calibration: model.calibration } : {}),
      generatedAt: now ?? new Date(),
    });
    const out = values.out ?? 'evidence-pack.zip';
    await writeFile(resolve(io.cwd, out), zip);
    io.stderr(`wrote ${out}: ${manifest.files.length + 1} files, manifest sha256 ${manifestSha256}\n`);
    for (const o of manifest.omissions) io.stderr(`  left out ${o.part}: ${o.reason}\n`);
    return EXIT_CODES.ok;
  } finally {
    await store?.close();
  }
}
