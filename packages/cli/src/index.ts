// @aispm/cli: the `aispm` command line, usable from code as well.

export type { AispmConfig, SourceConfig } from './config';
export { ConfigSchema, loadConfig, SourceConfigSchema } from './config';
export type { EvidenceInput, EvidenceManifest, EvidenceVerification } from './evidence/pack';
export { buildEvidencePack, EVIDENCE_PACK_FORMAT, verifyEvidencePack, writeEvidencePack } from './evidence/pack';
export type { ExitCode } from './exit-codes';
export { EXIT_CODES } from './exit-codes';
export type { CliIO } from './io';
export { processIO } from './io';
export { runCli } from './main';
export type { FlatColumn, FlatOptions, FlatRow, FlatTable } from './output/flat';
export { FLAT_COLUMNS, FLAT_TABLES, flatTables, renderFlat, toCsv, toJsonl, writeFlatExports } from './output/flat';
export type { Renderer } from './output/formats';
export { FORMATS } from './output/formats';
export type { MarkdownOptions } from './output/markdown';
export { markdownFromDigest, renderMarkdown } from './output/markdown';
export type { SarifLog, SarifOptions, SarifRuleInfo } from './output/sarif';

// Outputs usable without the command line: SARIF, flat exports, Markdown, the HTML report and the
// evidence pack.
export { renderSarif, SARIF_LEVELS, SARIF_SCHEMA_URI, toSarif } from './output/sarif';
export type { ScanOptions, ScanRun, SourceSummary, StageContext } from './pipeline';
export { runScan } from './pipeline';
export type { DigestOptions, PostureDigest } from './report/digest';
export { buildDigest } from './report/digest';
export type { HtmlReportOptions } from './report/html';
export { htmlFromDigest, renderHtmlReport } from './report/html';
export type { ScanResult } from './scan-result';
export { ScanResultSchema, toScanResult } from './scan-result';
export { SOURCE_TYPES } from './sources/index';
export type { SourceContext, SourceLoader } from './sources/types';
export { VERSION } from './version';
