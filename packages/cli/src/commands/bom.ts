import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AispmError, validateBom } from '@aispm/core';
import { EXIT_CODES } from '../exit-codes';
import type { CliIO } from '../io';

const USAGE = 'Usage: aispm bom validate <file> [--json]\n';

/** `aispm bom validate <file>`: prints the issues of a BOM and exits non-zero when it is invalid. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout(USAGE);
    return sub === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  if (sub !== 'validate') throw new AispmError('usage', `unknown bom command "${sub}" (known: validate)`);
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const file = positionals[0];
  if (!file) {
    io.stderr(USAGE);
    throw new AispmError('usage', 'give the BOM file to validate');
  }
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (e) {
    throw new AispmError('io', `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  const v = await validateBom(text, { file });
  if (values.json) io.stdout(`${JSON.stringify(v, null, 2)}\n`);
  else {
    for (const i of v.issues) {
      const where = `${i.file ?? file}${i.line ? `:${i.line}` : ''}${i.column ? `:${i.column}` : ''}`;
      io.stdout(`${where}: ${i.severity ?? 'error'} ${i.code}: ${i.message}${i.path ? ` (at ${i.path})` : ''}\n`);
    }
    io.stdout(
      `${file}: ${v.format ?? 'unknown format'}${v.specVersion ? ` ${v.specVersion}` : ''}: ${v.valid ? 'valid' : 'invalid'} (${v.issues.length} issue${v.issues.length === 1 ? '' : 's'})\n`,
    );
  }
  return v.valid ? EXIT_CODES.ok : EXIT_CODES.findings;
}
