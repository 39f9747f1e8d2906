import type { ScanRun } from '../pipeline';
import type { ScanResult } from '../scan-result';

/** Renders a finished run in one output format. */
export type Renderer = (result: ScanResult, run: ScanRun) => string | Uint8Array | Promise<string | Uint8Array>;

/**
 * Output formats of `aispm scan --format`, loaded lazily. Issues that add formats (SARIF,
 * CycloneDX, SPDX, CSV, HTML, Markdown) add an entry here.
 */
export const FORMATS: Record<string, () => Promise<Renderer>> = {
  table: () => import('./table').then((m) => (r: ScanResult) => m.renderTable(r)),
  json: async () => (r: ScanResult) => `${JSON.stringify(r, null, 2)}\n`,
  cyclonedx: () => import('./bom').then((m) => (_r: ScanResult, run: ScanRun) => m.renderCycloneDx(run)),
  'cyclonedx-xml': () => import('./bom').then((m) => (_r: ScanResult, run: ScanRun) => m.renderCycloneDxXml(run)),
  spdx: () => import('./bom').then((m) => (_r: ScanResult, run: ScanRun) => m.renderSpdx(run)),
  markdown: () => import('./markdown').then((m) => (r: ScanResult) => m.renderMarkdown(r)),
  summary: () => import('../report/summary').then((m) => (r: ScanResult) => m.renderSummary(r)),
  csv: () => import('./flat').then((m) => (r: ScanResult) => m.renderFlat(r, 'csv')),
  jsonl: () => import('./flat').then((m) => (r: ScanResult) => m.renderFlat(r, 'jsonl')),
  ...Object.fromEntries(
    (['assets', 'relationships', 'findings', 'scores', 'coverage'] as const).flatMap((t) =>
      (['csv', 'jsonl'] as const).map((f) => [`${f}:${t}`, () => import('./flat').then((m) => (r: ScanResult) => m.renderFlat(r, f, t))]),
    ),
  ),
  sarif: () =>
    import('./sarif').then(
      (m) => (r: ScanResult, run: ScanRun) => m.renderSarif(r, m.sarifOptionsForRun(run, String(run.options.stageOptions?.cwd ?? process.cwd()))),
    ),
};
