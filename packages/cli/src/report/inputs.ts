import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AispmError, ExceptionGrantSchema, exceptionId, type PostureRecord, type PostureStore } from '@aispm/core';
import { type AispmConfig, loadConfig, type SourceConfig } from '../config';
import type { CliIO } from '../io';
import { runScan, type ScanRun } from '../pipeline';
import { type ScanResult, ScanResultSchema, toScanResult } from '../scan-result';
import { sourceForPath } from '../sources/index';
import { openRecordForCli, resolveRecordLocation } from '../stages/record';
import type { DigestException, DigestTrendPoint } from './digest';

/** Where a report or evidence command gets its run from. */
export interface RunInputOptions {
  config?: string | undefined;
  /** A saved `aispm scan --format json` document. */
  fromJson?: string | undefined;
  paths?: string[];
  now?: Date | undefined;
}

/** A loaded run: the result document, the live run when one was made, and the config. */
export interface LoadedRun {
  result: ScanResult;
  run?: ScanRun;
  config?: AispmConfig;
}

/**
 * Gets the scan result a report is made from: a saved JSON result (`--from-json`), or a fresh
 * scan of the configuration or paths. The scan never writes to the posture record: reporting is
 * read-only.
 *
 * @example
 * ```ts
 * const { result } = await loadRun({ config: 'aispm.config.yaml' }, io);
 * ```
 */
export async function loadRun(options: RunInputOptions, io: CliIO): Promise<LoadedRun> {
  const config = options.config ? await loadConfig(resolve(io.cwd, options.config)) : undefined;
  if (options.fromJson) {
    const file = resolve(io.cwd, options.fromJson);
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(file, 'utf8'));
    } catch (e) {
      throw new AispmError('usage', `cannot read scan result ${options.fromJson}: ${(e as Error).message}`, { cause: e });
    }
    const parsed = ScanResultSchema.safeParse(doc);
    if (parsed.success) return { result: parsed.data, ...(config ? { config } : {}) };
    // JSON drops `undefined` values (e.g. evidence whose observed value was absent), which the
    // strict schema then misses; a document with the right frame is still read.
    const d = doc as Partial<ScanResult> | null;
    const framed =
      d?.schemaVersion === 1 && d.tool?.name === 'aispm' && Array.isArray(d.inventory?.assets) && Array.isArray(d.findings) && d.summary !== undefined;
    if (!framed) {
      const first = parsed.error.issues[0];
      throw new AispmError('usage', `${options.fromJson} is not an aispm scan result: /${first?.path.join('/')}: ${first?.message}`);
    }
    return { result: d as ScanResult, ...(config ? { config } : {}) };
  }
  const sources: SourceConfig[] = [];
  if (options.paths?.length) for (const p of options.paths) sources.push(await sourceForPath(p, io.cwd));
  else if (config) sources.push(...config.sources);
  else throw new AispmError('usage', 'give --config, --from-json or paths to scan');
  const baseDir = options.paths?.length ? io.cwd : (config?.baseDir ?? io.cwd);
  const run = await runScan({
    sources,
    baseDir,
    ...(config ? { config } : {}),
    ...(options.now ? { now: options.now } : {}),
    stageOptions: { record: false, cwd: io.cwd },
  });
  return { result: toScanResult(run), run, ...(config ? { config } : {}) };
}

/**
 * Decides which posture record a read-only command uses: `--no-record` → none; `--record` or
 * the config's `record:` → that one (it must exist); otherwise the default `.aispm/posture.db`
 * under the config's folder when it exists.
 *
 * @example
 * ```ts
 * const pick = pickRecord({ record: values.record, noRecord: values['no-record'], config, cwd: io.cwd });
 * ```
 */
export function pickRecord(options: {
  record?: string | undefined;
  noRecord?: boolean | undefined;
  config?: AispmConfig | undefined;
  cwd: string;
}): { record: PostureRecord; store: PostureStore } | undefined {
  if (options.noRecord || (options.record === undefined && options.config?.record === false)) return undefined;
  const explicit = options.record !== undefined || typeof options.config?.record === 'string';
  if (!explicit && !existsSync(resolveRecordLocation(undefined, options.config?.baseDir ?? options.cwd))) return undefined;
  return openRecordForCli({
    ...(options.record !== undefined ? { record: options.record } : {}),
    ...(options.config ? { config: options.config } : {}),
    cwd: options.cwd,
  });
}

/** What the reports read from a posture record. */
export interface RecordView {
  exceptions: DigestException[];
  trend: DigestTrendPoint[];
  /** Lifecycle state (and covering exception) of every finding the record holds, by id. */
  states: Map<string, { state: string; exceptionId?: string }>;
}

const ACTIVE = new Set(['open', 'in-remediation', 'retest-pending', 'deferred']);

/**
 * Reads what reports need from a posture record: the exception register and, for the trend,
 * the number of assets and failing findings at the end of each of the last `maxRuns` runs.
 *
 * @example
 * ```ts
 * const view = await readRecordView(record);
 * ```
 */
export async function readRecordView(record: PostureRecord, maxRuns = 24): Promise<RecordView> {
  const exceptions = (await record.exceptions()).map((x) => ({ ...x }));
  const runs = (await record.runs()).slice(-maxRuns);
  const trend: DigestTrendPoint[] = [];
  for (const r of runs) {
    const state = await record.stateAt(r.lastSeq !== undefined ? { seq: r.lastSeq } : { time: r.finishedAt ?? r.startedAt });
    let failing = 0;
    for (const f of state.findings.values()) if (ACTIVE.has(f.state)) failing++;
    trend.push({ runId: r.id, at: r.startedAt, assets: state.assets.size, findings: failing });
  }
  const states = new Map<string, { state: string; exceptionId?: string }>();
  for (const f of await record.findings()) states.set(f.id, { state: f.state, ...(f.exceptionId ? { exceptionId: f.exceptionId } : {}) });
  return { exceptions, trend, states };
}

/**
 * Gives a fresh run's findings the lifecycle state the posture record holds for them (accepted
 * under an exception, in remediation, deferred), since a read-only scan does not reconcile.
 *
 * @example
 * ```ts
 * result.findings = withRecordedStates(result.findings, view.states);
 * ```
 */
export function withRecordedStates<F extends { id: string; state: string; exceptionId?: string | undefined }>(
  findings: F[],
  states: RecordView['states'],
): F[] {
  return findings.map((f) => {
    const r = states.get(f.id);
    if (!r) return f;
    const next = { ...f, state: r.state };
    if (r.exceptionId) next.exceptionId = r.exceptionId;
    return next;
  });
}

/**
 * Reads an exception register file (YAML or JSON, `{ exceptions: [...] }` or a list) in the
 * posture record's grant shape, for reports made without a record.
 *
 * @example
 * ```ts
 * const register = await readExceptionFile('exceptions.yaml');
 * ```
 */
export async function readExceptionFile(path: string): Promise<DigestException[]> {
  const { parse } = await import('yaml');
  let doc: unknown;
  try {
    doc = parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new AispmError('usage', `cannot read exceptions file ${path}: ${(e as Error).message}`, { cause: e });
  }
  const list = Array.isArray(doc) ? doc : (doc as { exceptions?: unknown })?.exceptions;
  if (!Array.isArray(list)) throw new AispmError('usage', `${path}: expected a list of exceptions or { exceptions: [...] }`);
  return normaliseExceptions(list, path);
}

/**
 * Exceptions in the posture record's grant shape (from a register file or the configuration's
 * `exceptions:`) as the digest reads them. A malformed entry throws a usage error naming it.
 *
 * @example
 * ```ts
 * const register = normaliseExceptions(config.exceptions ?? [], 'aispm.config.yaml');
 * ```
 */
export function normaliseExceptions(list: unknown[], path: string): DigestException[] {
  return list.map((x, i) => {
    const o = x as Record<string, unknown>;
    const expires = o.expiresAt instanceof Date ? o.expiresAt.toISOString() : o.expiresAt;
    if (typeof o.ruleId !== 'string' || !Array.isArray(o.assetIds) || typeof expires !== 'string' || typeof o.owner !== 'string') {
      throw new AispmError('usage', `${path}: /exceptions/${i} needs ruleId, assetIds, owner and expiresAt`);
    }
    return {
      id: typeof o.id === 'string' ? o.id : `exception-${i + 1}`,
      ruleId: o.ruleId,
      assetIds: o.assetIds.map(String),
      owner: o.owner,
      expiresAt: expires,
      ...(typeof o.approver === 'string' ? { approver: o.approver } : {}),
      ...(typeof o.basis === 'string' ? { basis: o.basis } : {}),
      status: 'active',
    };
  });
}

/**
 * The exceptions declared in the configuration (`exceptions:`), with the ids the posture record
 * gives them; entries that do not parse are skipped (the record stage reports them).
 *
 * @example
 * ```ts
 * const declared = configExceptions(run.options.config);
 * ```
 */
export function configExceptions(config: object | undefined): DigestException[] {
  const declared = (config as { exceptions?: unknown } | undefined)?.exceptions;
  const list = Array.isArray(declared) ? (declared as unknown[]) : [];
  const out: DigestException[] = [];
  for (const entry of list) {
    const { reason: _r, ...grant } = (entry ?? {}) as Record<string, unknown>;
    const parsed = ExceptionGrantSchema.safeParse(grant);
    if (!parsed.success) continue;
    const g = parsed.data;
    const id = g.id ?? exceptionId(g.ruleId, g.assetIds, g.grantedAt ? new Date(g.grantedAt).toISOString() : 'config');
    out.push({ id, ruleId: g.ruleId, assetIds: g.assetIds, owner: g.owner, expiresAt: g.expiresAt, approver: g.approver, basis: g.basis, status: 'active' });
  }
  return out;
}
