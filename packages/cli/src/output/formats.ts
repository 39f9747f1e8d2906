import type { ScanRun } from '../pipeline';
import type { ScanResult } from '../scan-result';

/** Renders a finished run in one output format. */
export type Renderer = (result: ScanResult, run: ScanRun) => string | Uint8Array | Promise<string | Uint8Array>;

/**
 * Formats whose output is the inventory alone (no findings, scores, diagnostics or run
 * details): a scan rendering one of them with no `--fail-on` gate and no record needs neither
 * the baseline nor the scoring stage.
 */
export const INVENTORY_ONLY_FORMATS: ReadonlySet<string> = new Set(['cyclonedx', 'cyclonedx-xml', 'spdx']);

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
  markdown: () =>
    Promise.all([import('./markdown'), import('../report/coverage'), import('../report/inputs')]).then(
      ([m, c, i]) =>
        async (r: ScanResult, run: ScanRun) =>
          m.renderMarkdown(r, { coverage: await c.coverageOfRun(run), exceptions: i.configExceptions(run.options.config) }),
    ),
  summary: () =>
    Promise.all([import('../report/summary'), import('../report/coverage'), import('../report/inputs')]).then(
      ([m, c, i]) =>
        async (r: ScanResult, run: ScanRun) =>
          m.renderSummary(r, { coverage: await c.coverageOfRun(run), exceptions: i.configExceptions(run.options.config) }),
    ),
  csv: () => import('./flat').then((m) => (r: ScanResult) => m.renderFlat(r, 'csv')),
  jsonl: () =>
    Promise.all([import('./flat'), import('../report/coverage')]).then(
      ([m, c]) =>
        async (r: ScanResult, run: ScanRun) =>
          m.renderFlat(r, 'jsonl', undefined, { coverage: await c.coverageOfRun(run, true) }),
    ),
  ...Object.fromEntries(
    (['assets', 'relationships', 'findings', 'scores', 'coverage'] as const).flatMap((t) =>
      (['csv', 'jsonl'] as const).map((f) => [
        `${f}:${t}`,
        () =>
          Promise.all([import('./flat'), import('../report/coverage')]).then(
            ([m, c]) =>
              async (r: ScanResult, run: ScanRun) =>
                m.renderFlat(r, f, t, t === 'coverage' ? { coverage: await c.coverageOfRun(run, true) } : {}),
          ),
      ]),
    ),
  ),
  sarif: () =>
    import('./sarif').then((m) => async (r: ScanResult, run: ScanRun) => {
      const options = m.sarifOptionsForRun(run, String(run.options.stageOptions?.cwd ?? process.cwd()));
      return m.renderSarif(r, { ...options, rules: await m.baselineSarifRules() });
    }),
};
