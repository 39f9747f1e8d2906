import { readdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SourceConfig } from '../config';
import type { SourceLoader } from './types';

/**
 * Source types the CLI knows, loaded lazily. Issues that add sources (repository scanner, BOM
 * readers) add an entry here.
 */
export const SOURCE_TYPES: Record<string, () => Promise<SourceLoader>> = {
  observations: () => import('./observations').then((m) => m.loadObservations),
  repo: () => import('./repo').then((m) => m.loadRepo),
  bom: () => import('./bom').then((m) => m.loadBom),
  mlflow: () => Promise.all([import('./connector'), import('@aispm/connectors')]).then(([m, c]) => m.connectorSource(c.mlflowConnector)),
};

/**
 * Decides which source reads a path given on the command line: observation files by extension;
 * other files and folders are read as observation files for now.
 */
export async function sourceForPath(path: string, baseDir: string): Promise<SourceConfig> {
  const abs = resolve(baseDir, path);
  let isDir = false;
  try {
    isDir = (await stat(abs)).isDirectory();
  } catch {
    // A missing path is reported by the loader as a diagnostic.
  }
  // BOM files (CycloneDX, SPDX) go to the bom source, by name or by content.
  if (!isDir && (await import('./bom').then((m) => m.isBomFile(abs)))) return { type: 'bom', path };
  // Folders are source trees for the repository scanner, except a folder of observation exports
  // (JSON Lines files, with nothing but JSON or YAML beside them).
  if (isDir) {
    const names = (await readdir(abs, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name);
    const exportsOnly = names.some((n) => /\.(jsonl|ndjson)$/i.test(n)) && names.every((n) => /\.(jsonl|ndjson|json|ya?ml)$/i.test(n));
    return exportsOnly ? { type: 'observations', path } : { type: 'repo', path };
  }
  return { type: 'observations', path };
}
