import { parseArgs } from 'node:util';
import { AispmError, type RecordEvent } from '@aispm/core';
import { EXIT_CODES } from '../exit-codes';
import type { CliIO } from '../io';
import { parseDateOption, withCliRecord } from '../stages/record';

const USAGE = `Usage: aispm history [--since DATE] [--asset ID | --finding ID | --exception ID | --run ID] [--json] [--record PATH|URL] [--config FILE]
Without an entity, lists what changed since DATE (default: everything), grouped by run.
`;

function line(e: RecordEvent): string {
  const d = e.data as Record<string, unknown>;
  let what = e.subject ?? '';
  if (e.type === 'finding.state-changed' || e.type === 'finding.reopened') what = `${e.subject} ${d.from} → ${d.to}`;
  else if (e.type === 'asset.changed' || e.type === 'relationship.changed') {
    what = `${e.subject} (${(d.changes as Array<{ field: string }>).map((c) => c.field).join(', ')})`;
  } else if (e.type === 'finding.seen') what = `${(d.ids as string[]).length} finding(s) still failing`;
  else if (e.type === 'note.added') what = `${e.subject ? `${e.subject}: ` : ''}${d.text}`;
  else if (e.type === 'score.changed') {
    const before = d.before as { value: number | null; band: string } | null;
    const after = d.after as { value: number | null; band: string };
    what = `${e.subject} ${before ? `${before.band} (${before.value})` : 'none'} → ${after.band} (${after.value})`;
  }
  return `  #${e.seq} ${e.at} ${e.type} ${what} by ${e.actor}${e.reason ? `: ${e.reason}` : ''}\n`;
}

/** `aispm history`: what changed and why, or the history of one asset, finding, exception or run. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      since: { type: 'string' },
      asset: { type: 'string' },
      finding: { type: 'string' },
      exception: { type: 'string' },
      run: { type: 'string' },
      json: { type: 'boolean' },
      record: { type: 'string' },
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  void positionals;
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_CODES.ok;
  }
  const picks = [values.asset, values.finding, values.exception, values.run].filter((v) => v !== undefined);
  if (picks.length > 1) throw new AispmError('usage', `give at most one of --asset, --finding, --exception, --run\n${USAGE}`);
  const since = values.since ? parseDateOption('--since', values.since) : undefined;
  return withCliRecord(values, io.cwd, async (record) => {
    if (picks.length === 1) {
      const events = await record.history({
        ...(values.asset ? { assetId: values.asset } : {}),
        ...(values.finding ? { findingId: values.finding } : {}),
        ...(values.exception ? { exceptionId: values.exception } : {}),
        ...(values.run ? { runId: values.run } : {}),
        ...(since ? { since } : {}),
      });
      if (values.json) io.stdout(`${JSON.stringify(events, null, 2)}\n`);
      else if (events.length === 0) io.stdout('No events.\n');
      else io.stdout(events.map(line).join(''));
      return EXIT_CODES.ok;
    }
    const groups = await record.changesSince(since ?? '1970-01-01T00:00:00.000Z');
    if (values.json) {
      io.stdout(`${JSON.stringify(groups, null, 2)}\n`);
      return EXIT_CODES.ok;
    }
    if (groups.length === 0) {
      io.stdout(`No changes${since ? ` since ${since}` : ''}.\n`);
      return EXIT_CODES.ok;
    }
    let out = '';
    for (const g of groups) {
      out += g.runId ? `Run ${g.runId}\n` : 'Outside a run\n';
      for (const e of g.events) out += line(e);
    }
    io.stdout(out);
    return EXIT_CODES.ok;
  });
}
