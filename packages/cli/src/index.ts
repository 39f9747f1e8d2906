// @aispm/cli: the `aispm` command line, usable from code as well.

export type { AispmConfig, SourceConfig } from './config';
export { ConfigSchema, loadConfig, SourceConfigSchema } from './config';
export type { ExitCode } from './exit-codes';
export { EXIT_CODES } from './exit-codes';
export type { CliIO } from './io';
export { processIO } from './io';
export { runCli } from './main';
export type { Renderer } from './output/formats';
export { FORMATS } from './output/formats';
export type { ScanOptions, ScanRun, SourceSummary, StageContext } from './pipeline';
export { runScan } from './pipeline';
export type { ScanResult } from './scan-result';
export { ScanResultSchema, toScanResult } from './scan-result';
export { SOURCE_TYPES } from './sources/index';
export type { SourceContext, SourceLoader } from './sources/types';
export { VERSION } from './version';
