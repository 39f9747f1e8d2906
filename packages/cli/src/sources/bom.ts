import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { detectBomFormat, readBom } from '@aispm/core';
import type { SourceLoader } from './types';

/** File names that hold BOMs: `*.cdx.json`, `bom.json`, `*.cdx.xml`, `bom.xml`, `*.spdx.json`, `*.spdx3.json`, `*.jsonld`. */
export const BOM_FILE = /(\.cdx\.json|(^|[./_-])bom\.json|\.cdx\.xml|(^|[./_-])bom\.xml|\.spdx\.json|\.spdx3\.json|\.jsonld)$/i;

/**
 * Whether a file is a BOM: by name, or (for other `.json`/`.xml` files) by its first bytes.
 *
 * @example
 * ```ts
 * await isBomFile('sbom/app.cdx.json'); // true
 * ```
 */
export async function isBomFile(path: string): Promise<boolean> {
  const base = path.replace(/^.*[\\/]/, '');
  if (BOM_FILE.test(base)) return true;
  if (!/\.(json|xml)$/i.test(base)) return false;
  try {
    const text = await readFile(path, 'utf8');
    return detectBomFormat(text.slice(0, 65_536)) !== undefined;
  } catch {
    return false;
  }
}

async function listBoms(root: string): Promise<string[]> {
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
      else if (e.isFile() && BOM_FILE.test(e.name)) out.push(p);
    }
  };
  await walk(root, 0);
  return out;
}

/**
 * The `bom` source: reads CycloneDX (JSON/XML) and SPDX (2.3 JSON, 3.0 JSON-LD) files, or every
 * BOM file under a folder, into observations. A bad file is a diagnostic; the rest is read.
 */
export const loadBom: SourceLoader = async function* (spec, ctx) {
  if (!spec.path) {
    ctx.diagnostics.push({ code: 'config/missing-path', message: 'bom source needs a path', path: '/path' });
    return;
  }
  const root = resolve(ctx.baseDir, spec.path);
  let files: string[];
  try {
    files = await listBoms(root);
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
    const r = readBom(text, { file: shown, now: ctx.now, identity: ctx.identity, connector: 'bom' });
    if (!r.ok) {
      ctx.diagnostics.push(...r.issues);
      continue;
    }
    ctx.diagnostics.push(...r.value.issues);
    yield* r.value.observations;
  }
};
