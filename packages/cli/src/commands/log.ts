import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AispmError, type ChainVerification, verifyJsonl } from '@aispm/core';
import { EXIT_CODES } from '../exit-codes';
import type { CliIO } from '../io';
import { withCliRecord } from '../stages/record';

const USAGE = `Usage:
  aispm log verify [--file EXPORT.jsonl] [--json] [--record PATH|URL] [--config FILE]
  aispm log export [--out FILE] [--record PATH|URL] [--config FILE]
"log verify" exits 0 when the chain holds and 1 when it is broken (naming the first broken event).
`;

function report(v: ChainVerification, what: string): string {
  if (v.ok) return `${what}: chain intact, ${v.count} events, head #${v.head.seq} ${v.head.hash}\n`;
  return `${what}: chain BROKEN at event #${v.firstBrokenSeq} (${v.reason}${v.line !== undefined ? `, line ${v.line}` : ''}): ${v.message}; ${v.count} events verified before it\n`;
}

/** `aispm log`: verify the posture record's hash chain (or an exported file), or export it as JSONL. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      file: { type: 'string' },
      out: { type: 'string', short: 'o' },
      json: { type: 'boolean' },
      record: { type: 'string' },
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [sub] = positionals;
  if (values.help || sub === undefined) {
    io.stdout(USAGE);
    return values.help ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  if (sub === 'verify') {
    let v: ChainVerification;
    let what: string;
    if (values.file) {
      const path = resolve(io.cwd, values.file);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (e) {
        throw new AispmError('usage', `cannot read ${values.file}: ${(e as Error).message}`, { cause: e });
      }
      v = verifyJsonl(text);
      what = values.file;
    } else {
      const r = await withCliRecord(values, io.cwd, async (record) => ({ v: await record.verify(), where: record.store.location }));
      v = r.v;
      what = r.where;
    }
    io.stdout(values.json ? `${JSON.stringify(v, null, 2)}\n` : report(v, what));
    return v.ok ? EXIT_CODES.ok : EXIT_CODES.findings;
  }
  if (sub === 'export') {
    return withCliRecord(values, io.cwd, async (record) => {
      let text = '';
      for await (const l of record.exportJsonl()) text += l;
      if (values.out) {
        await writeFile(resolve(io.cwd, values.out), text);
        io.stderr(`wrote ${text ? text.split('\n').length - 1 : 0} events to ${values.out}\n`);
      } else io.stdout(text);
      return EXIT_CODES.ok;
    });
  }
  throw new AispmError('usage', `unknown subcommand "${sub}"\n${USAGE}`);
}
