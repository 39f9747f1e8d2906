import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseObservationText } from '@aispm/core';
import type { SourceLoader } from './types';

const OBSERVATION_FILE = /\.(jsonl|ndjson|json)$/i;

async function listFiles(root: string): Promise<string[]> {
  const info = await stat(root);
  if (info.isFile()) return [root];
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && OBSERVATION_FILE.test(e.name)) out.push(p);
    }
  };
  await walk(root);
  return out;
}

/**
 * The `observations` source: reads JSON or JSON Lines files of observation envelopes (a file, or
 * every `.json`/`.jsonl` file under a folder). Each bad line or record is a diagnostic with file,
 * line and JSON Pointer; the rest is read.
 */
export const loadObservations: SourceLoader = async function* (spec, ctx) {
  if (!spec.path) {
    ctx.diagnostics.push({ code: 'config/missing-path', message: 'observations source needs a path', path: '/path' });
    return;
  }
  const root = resolve(ctx.baseDir, spec.path);
  let files: string[];
  try {
    files = await listFiles(root);
  } catch (e) {
    ctx.diagnostics.push({ code: 'io/unreadable', message: `cannot read ${spec.path}: ${(e as Error).message}`, path: '', file: spec.path });
    return;
  }
  for (const file of files) {
    const shown = relative(ctx.baseDir, file) || file;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      ctx.diagnostics.push({ code: 'io/unreadable', message: `cannot read file: ${(e as Error).message}`, path: '', file: shown });
      continue;
    }
    const { observations, issues } = parseObservationText(text, { file: shown });
    ctx.diagnostics.push(...issues);
    yield* observations;
  }
};
