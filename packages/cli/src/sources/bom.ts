import { readFile } from 'node:fs/promises';
import { detectBomFormat, readBom } from '@aispm/core';
import { readSourceFiles } from './files';
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

/**
 * The `bom` source: reads CycloneDX (JSON/XML) and SPDX (2.3 JSON, 3.0 JSON-LD) files, or every
 * BOM file under a folder, into observations. A bad file is a diagnostic; the rest is read.
 */
export const loadBom: SourceLoader = async function* (spec, ctx) {
  for await (const { shown, text } of readSourceFiles(spec, ctx, BOM_FILE, 'bom')) {
    const r = readBom(text, { file: shown, now: ctx.now, identity: ctx.identity, connector: 'bom' });
    if (!r.ok) {
      ctx.diagnostics.push(...r.issues);
      continue;
    }
    ctx.diagnostics.push(...r.value.issues);
    yield* r.value.observations;
  }
};
