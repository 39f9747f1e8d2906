import { ASSET_KINDS, type Asset, FindingSchema, InventorySnapshotSchema, SURFACE_CLASSES } from '@aispm/core';
import { z } from 'zod';
import type { ScanRun } from './pipeline';
import { VERSION } from './version';

const IssueSchema = z.object({
  code: z.string(),
  message: z.string(),
  path: z.string(),
  severity: z.enum(['error', 'warning', 'info']).optional(),
  file: z.string().optional(),
  line: z.int().optional(),
  column: z.int().optional(),
});

/**
 * The document `aispm scan --format json` prints. Its JSON Schema ships as
 * `schemas/scan-result.schema.json` in `@aispm/cli`.
 */
export const ScanResultSchema = z
  .object({
    schemaVersion: z.literal(1),
    tool: z.object({ name: z.literal('aispm'), version: z.string() }),
    run: z.object({
      startedAt: z.string(),
      finishedAt: z.string(),
      sources: z.array(
        z.object({
          type: z.string(),
          path: z.string().optional(),
          observations: z.int(),
          issues: z.int(),
          status: z.enum(['ok', 'error']),
          error: z.string().optional(),
        }),
      ),
    }),
    summary: z.object({
      assets: z.int(),
      relationships: z.int(),
      byKind: z.record(z.string(), z.int()).describe('Asset count per kind (every kind listed).'),
      bySurface: z.record(z.string(), z.int()).describe('Models and applications per surface class.'),
      byConnector: z.record(z.string(), z.int()).describe('Assets seen by each connector.'),
      diagnostics: z.int(),
      findings: z.int(),
    }),
    diagnostics: z.array(IssueSchema),
    inventory: InventorySnapshotSchema,
    findings: z.array(FindingSchema),
    scores: z.array(z.unknown()),
    extras: z.record(z.string(), z.unknown()),
  })
  .strict();

/** See {@link ScanResultSchema}. */
export type ScanResult = z.infer<typeof ScanResultSchema>;

function countBy(assets: Asset[], key: (a: Asset) => string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of assets) for (const k of key(a)) out[k] = (out[k] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Builds the JSON result document of a run.
 *
 * @example
 * ```ts
 * const doc = toScanResult(await runScan(options));
 * ```
 */
export function toScanResult(run: ScanRun): ScanResult {
  const snapshot = run.inventory.snapshot();
  const byKind: Record<string, number> = Object.fromEntries(ASSET_KINDS.map((k) => [k, 0]));
  for (const a of snapshot.assets) byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;
  const bySurface: Record<string, number> = Object.fromEntries(SURFACE_CLASSES.map((s) => [s, 0]));
  for (const a of snapshot.assets) {
    const s = (a.attributes as { surface?: string }).surface;
    if (s) bySurface[s] = (bySurface[s] ?? 0) + 1;
  }
  return {
    schemaVersion: 1,
    tool: { name: 'aispm', version: VERSION },
    run: { startedAt: run.startedAt, finishedAt: run.finishedAt, sources: run.sources },
    summary: {
      assets: snapshot.assets.length,
      relationships: snapshot.relationships.length,
      byKind,
      bySurface,
      byConnector: countBy(snapshot.assets, (a) => [...new Set(a.provenance.map((p) => p.connector))]),
      diagnostics: run.diagnostics.length,
      findings: run.findings.length,
    },
    diagnostics: run.diagnostics,
    inventory: snapshot,
    findings: run.findings,
    scores: run.scores,
    extras: run.extras,
  };
}
