import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AispmError } from '@aispm/core';
import { type Explainable, explainMarkdown, explainText } from '@aispm/scoring';
import { type AispmConfig, loadConfig, type SourceConfig } from '../config';
import { EXIT_CODES } from '../exit-codes';
import type { CliIO } from '../io';
import { runScan } from '../pipeline';
import { sourceForPath } from '../sources/index';

const USAGE = `Usage: aispm explain <finding-or-asset-id> [paths...] [--config aispm.config.yaml] [--from scan-result.json] [--format text|markdown|json]

Prints why a finding or an asset has its score: every factor's value, weight, contribution,
rationale and evidence, the unknowns and how they were treated, caps and gates applied.
With --from it reads the scores of a saved \`aispm scan --format json\` result; otherwise it runs
the scan (without recording it).
`;

const FORMATS = ['text', 'markdown', 'json'] as const;

interface Scored {
  subject: string;
  kind: string;
  value: number | null;
  band: string;
}

/** Finds the score of a subject: exact id first, then a unique prefix of a finding id or fingerprint. */
function find(scores: Scored[], id: string): { hit?: Scored; candidates: string[] } {
  const exact = scores.find((s) => s.subject === id || (s as { fingerprint?: string }).fingerprint === id);
  if (exact) return { hit: exact, candidates: [] };
  const pre = scores.filter((s) => s.subject.startsWith(id));
  if (pre.length === 1) return { hit: pre[0] as Scored, candidates: [] };
  return { candidates: (pre.length > 0 ? pre : scores.filter((s) => s.subject.includes(id))).map((s) => s.subject).slice(0, 10) };
}

/** `aispm explain`: the decomposition of one finding's or asset's score. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      from: { type: 'string' },
      format: { type: 'string', short: 'f' },
      now: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_CODES.ok;
  }
  const [id, ...paths] = positionals;
  if (!id) {
    io.stderr(USAGE);
    throw new AispmError('usage', 'give the id of a finding or an asset');
  }
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new AispmError('usage', `--format takes one of ${FORMATS.join(', ')}, got "${format}"`);

  let scores: Scored[];
  if (values.from) {
    const file = resolve(io.cwd, values.from);
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(file, 'utf8'));
    } catch (e) {
      throw new AispmError('usage', `cannot read ${values.from}: ${(e as Error).message}`);
    }
    const list = (doc as { scores?: unknown }).scores;
    if (!Array.isArray(list)) throw new AispmError('usage', `${values.from} has no "scores" array (is it the output of \`aispm scan --format json\`?)`);
    scores = list as Scored[];
  } else {
    let config: AispmConfig | undefined;
    if (values.config) config = await loadConfig(resolve(io.cwd, values.config));
    const sources: SourceConfig[] = [];
    if (paths.length > 0) for (const p of paths) sources.push(await sourceForPath(p, io.cwd));
    else if (config) sources.push(...config.sources);
    else {
      io.stderr(USAGE);
      throw new AispmError('usage', 'give paths to scan, --config, or --from a saved scan result');
    }
    const now = values.now ? new Date(values.now) : undefined;
    if (now && Number.isNaN(now.getTime())) throw new AispmError('usage', `--now is not a date: ${values.now}`);
    const run = await runScan({
      sources,
      baseDir: paths.length > 0 ? io.cwd : (config?.baseDir ?? io.cwd),
      ...(config ? { config } : {}),
      ...(now ? { now } : {}),
      stageOptions: { record: false, cwd: io.cwd },
    });
    scores = run.scores as Scored[];
  }
  const { hit, candidates } = find(scores, id);
  if (!hit) {
    io.stderr(
      candidates.length > 0
        ? `aispm explain: "${id}" matches several subjects: ${candidates.join(', ')}\n`
        : `aispm explain: no scored finding or asset "${id}" (${scores.length} scores in the run)\n`,
    );
    return EXIT_CODES.usage;
  }
  if (format === 'json') io.stdout(`${JSON.stringify(hit, null, 2)}\n`);
  else if (format === 'markdown') io.stdout(explainMarkdown(hit as unknown as Explainable));
  else io.stdout(explainText(hit as unknown as Explainable));
  return EXIT_CODES.ok;
}
