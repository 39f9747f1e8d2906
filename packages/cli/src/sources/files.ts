import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { SourceConfig } from '../config';
import type { SourceContext } from './types';

async function listFiles(root: string, pattern: RegExp): Promise<string[]> {
  const info = await stat(root);
  if (info.isFile()) return [root];
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 32) return;
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p, depth + 1);
      else if (e.isFile() && pattern.test(e.name)) out.push(p);
    }
  };
  await walk(root, 0);
  return out;
}

/** One file of a file-based source: its path as shown in diagnostics, and its text. */
export interface SourceFile {
  shown: string;
  text: string;
}

/**
 * Reads the files of a file-based source: the configured path itself, or every file under it
 * whose name matches `pattern` (sorted, hidden folders and node_modules skipped). A missing path
 * or an unreadable file becomes a diagnostic and the rest is read.
 *
 * @example
 * ```ts
 * for await (const { shown, text } of readSourceFiles(spec, ctx, /\.jsonl$/, 'observations')) parse(text, shown);
 * ```
 */
export async function* readSourceFiles(spec: SourceConfig, ctx: SourceContext, pattern: RegExp, source: string): AsyncGenerator<SourceFile> {
  if (!spec.path) {
    ctx.diagnostics.push({ code: 'config/missing-path', message: `${source} source needs a path`, path: '/path' });
    return;
  }
  const root = resolve(ctx.baseDir, spec.path);
  let files: string[];
  try {
    files = await listFiles(root, pattern);
  } catch (e) {
    ctx.diagnostics.push({ code: 'io/unreadable', message: `cannot read ${spec.path}: ${(e as Error).message}`, path: '', file: spec.path });
    return;
  }
  for (const file of files) {
    if (ctx.signal?.aborted) return;
    const shown = relative(ctx.baseDir, file) || file;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      ctx.diagnostics.push({ code: 'io/unreadable', message: `cannot read file: ${(e as Error).message}`, path: '', file: shown });
      continue;
    }
    yield { shown, text };
  }
}
