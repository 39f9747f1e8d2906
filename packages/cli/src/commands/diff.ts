import { parseArgs } from 'node:util';
import { AispmError } from '@aispm/core';
import { EXIT_CODES } from '../exit-codes';
import type { CliIO } from '../io';
import { withCliRecord } from '../stages/record';

const USAGE = `Usage: aispm diff <run-id> <run-id> [--json] [--record PATH|URL] [--config FILE]
Shows assets and relationships added, removed and changed, and findings opened, resolved and moved, between two runs.
`;

/** `aispm diff`: what changed between two runs of the posture record. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      record: { type: 'string' },
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_CODES.ok;
  }
  const [from, to] = positionals;
  if (!from || !to || positionals.length > 2) throw new AispmError('usage', `give two run ids\n${USAGE}`);
  return withCliRecord(values, io.cwd, async (record) => {
    const d = await record.diffRuns(from, to).catch((e) => {
      if (AispmError.isInstance(e) && e.code === 'not-found') throw new AispmError('usage', e.message, { cause: e });
      throw e;
    });
    if (values.json) {
      io.stdout(`${JSON.stringify(d, null, 2)}\n`);
      return EXIT_CODES.ok;
    }
    const out: string[] = [`Changes from ${from} to ${to}`];
    const a = d.inventory.assets;
    const r = d.inventory.relationships;
    for (const x of a.added) out.push(`  + asset ${x.id}`);
    for (const x of a.removed) out.push(`  - asset ${x.id}`);
    for (const c of a.changed) for (const f of c.changes) out.push(`  ~ asset ${c.id} ${f.field}: ${JSON.stringify(f.before)} → ${JSON.stringify(f.after)}`);
    for (const x of r.added) out.push(`  + relationship ${x.id}`);
    for (const x of r.removed) out.push(`  - relationship ${x.id}`);
    for (const c of r.changed) out.push(`  ~ relationship ${c.id} (${c.changes.map((f) => f.field).join(', ')})`);
    for (const f of d.findings.opened) out.push(`  + finding ${f.id} ${f.severity} ${f.ruleId} on ${f.assetIds.join(', ')} (${f.state})`);
    for (const f of d.findings.resolved) out.push(`  - finding ${f.id} ${f.ruleId} (${f.state})`);
    for (const c of d.findings.changed) out.push(`  ~ finding ${c.id} ${c.from} → ${c.to}`);
    if (out.length === 1) out.push('  no changes');
    io.stdout(`${out.join('\n')}\n`);
    return EXIT_CODES.ok;
  });
}
