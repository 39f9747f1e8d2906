import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  AispmError,
  createPostureRecord,
  ExceptionGrantSchema,
  exceptionId,
  type Finding,
  type Issue,
  openStore,
  type PostureRecord,
  type PostureStore,
  type RecordedFinding,
  type ScoreInput,
} from '@aispm/core';
import type { AispmConfig } from '../config';
import type { StageContext } from '../pipeline';
import { VERSION } from '../version';

/** Where the record lives when nothing else is said: a SQLite file under `.aispm/`. */
export const DEFAULT_RECORD_PATH = '.aispm/posture.db';

/** What the record stage leaves in `ctx.extras.record`. */
export interface RecordExtras {
  /** False for `--no-record`. */
  enabled: boolean;
  /** The run id appended to the record. */
  runId?: string;
  /** Where the record lives (a URL has its password hidden). */
  location?: string;
  backend?: string;
  /** Counts of what the run changed. */
  summary?: Record<string, number>;
  /** The chain head after the run. */
  head?: { seq: number; hash: string };
}

/**
 * Resolves a record location: a `postgres://` URL as is, `memory`, or a path (relative to
 * `baseDir`); `undefined` gives `.aispm/posture.db` under `baseDir`.
 *
 * @example
 * ```ts
 * resolveRecordLocation(undefined, '/repo'); // '/repo/.aispm/posture.db'
 * ```
 */
export function resolveRecordLocation(location: string | undefined, baseDir: string): string {
  const loc = location ?? DEFAULT_RECORD_PATH;
  if (/^postgres(ql)?:\/\//i.test(loc) || loc === 'memory') return loc;
  return resolve(baseDir, loc);
}

/**
 * Opens the record the CLI verbs read: `--record`, else the config file's `record:`, else
 * `.aispm/posture.db` (under the config's folder, or the working directory). A SQLite file that
 * does not exist is an error unless `create` is set, so a typo never starts an empty record.
 *
 * @example
 * ```ts
 * const { record, store } = await openRecordForCli({ record: values.record, config, cwd: io.cwd });
 * ```
 */
export function openRecordForCli(options: { record?: string; config?: AispmConfig; cwd: string; create?: boolean }): {
  record: PostureRecord;
  store: PostureStore;
} {
  const fromConfig = typeof options.config?.record === 'string' ? options.config.record : undefined;
  const baseDir = options.record !== undefined ? options.cwd : (options.config?.baseDir ?? options.cwd);
  const location = resolveRecordLocation(options.record ?? fromConfig, baseDir);
  const durableFile = !/^postgres(ql)?:\/\//i.test(location) && location !== 'memory';
  if (durableFile && !options.create && !existsSync(location)) {
    throw new AispmError('usage', `no posture record at ${location} (run "aispm scan" first, or pass --record)`);
  }
  const store = openStore(location);
  return { record: createPostureRecord({ store }), store };
}

/** The actor the CLI records: `AISPM_ACTOR`, else the user name, else `aispm-cli`. */
export function cliActor(env: Record<string, string | undefined>): string {
  return env.AISPM_ACTOR || env.USER || env.USERNAME || 'aispm-cli';
}

function isScore(v: unknown): v is ScoreInput {
  const s = v as Partial<ScoreInput> | null;
  return (
    !!s &&
    typeof s.subject === 'string' &&
    (s.kind === 'finding' || s.kind === 'asset') &&
    (typeof s.value === 'number' || s.value === null) &&
    typeof s.band === 'string' &&
    typeof s.modelId === 'string'
  );
}

function toFinding(f: RecordedFinding): Finding {
  const { openedAt: _o, stateChangedAt: _s, reopenCount: _r, deferUntil: _du, deferTrigger: _dt, lastRunId: _l, ...finding } = f;
  return finding;
}

async function grantDeclaredExceptions(record: PostureRecord, ctx: StageContext, now: Date): Promise<void> {
  const declared = (ctx.options.config as { exceptions?: unknown } | undefined)?.exceptions;
  if (declared === undefined) return;
  const push = (i: Issue) => ctx.diagnostics.push({ ...i, severity: 'error' });
  if (!Array.isArray(declared)) {
    push({ code: 'config/exceptions', message: '"exceptions" must be a list', path: '/exceptions' });
    return;
  }
  for (let i = 0; i < declared.length; i++) {
    const entry = declared[i] as Record<string, unknown> | null;
    const { reason, ...grant } = (entry ?? {}) as Record<string, unknown>;
    const parsed = ExceptionGrantSchema.safeParse(grant);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        push({ code: `config/exception-${issue.code}`, message: `exception ${i}: ${issue.message}`, path: `/exceptions/${i}/${issue.path.join('/')}` });
      }
      continue;
    }
    const g = parsed.data;
    // A declared exception is identified by its id, else by its scope and grant time.
    const id = g.id ?? exceptionId(g.ruleId, g.assetIds, g.grantedAt ? new Date(g.grantedAt).toISOString() : 'config');
    if (await record.store.get('exception', id)) continue;
    try {
      await record.grantException(
        { ...g, id },
        {
          actor: typeof entry?.approver === 'string' ? entry.approver : 'aispm-config',
          reason: typeof reason === 'string' ? reason : 'declared in the configuration file',
          now,
        },
      );
    } catch (e) {
      push({ code: 'config/exception-refused', message: `exception ${i} (${id}): ${(e as Error).message}`, path: `/exceptions/${i}` });
    }
  }
}

/**
 * The record stage: appends the run to the posture record. It grants exceptions declared in the
 * config (`exceptions:`) that are not yet in the record, reconciles the run's findings and
 * inventory with the record (new, still failing, fixed, reopened, accepted), records score
 * changes, replaces `ctx.findings` with the run's failing findings carrying their reconciled
 * lifecycle state (open, in-remediation, accepted, deferred; reopened ones are open) and puts
 * the run id and record location in `ctx.extras.record`. `record: false` (`--no-record`) skips it.
 *
 * @example
 * ```ts
 * await recordStage(ctx); // ctx.extras.record → { enabled: true, runId: 'run_…', location: '/repo/.aispm/posture.db' }
 * ```
 */
export async function recordStage(ctx: StageContext): Promise<void> {
  const option = ctx.options.stageOptions?.record;
  if (option === false) {
    ctx.extras.record = { enabled: false } satisfies RecordExtras;
    return;
  }
  if (option !== undefined && typeof option !== 'string') {
    throw new AispmError('usage', 'the record option takes a path, a postgres:// URL or false');
  }
  const cwd = typeof ctx.options.stageOptions?.cwd === 'string' ? ctx.options.stageOptions.cwd : process.cwd();
  const baseDir = ctx.options.config?.baseDir ?? cwd;
  const location = resolveRecordLocation(option, typeof option === 'string' && option !== (ctx.options.config?.record as unknown) ? cwd : baseDir);
  const store = openStore(location);
  try {
    const record = createPostureRecord({ store });
    const now = ctx.options.now ?? new Date();
    await grantDeclaredExceptions(record, ctx, now);
    const rulePacks = [...new Set(ctx.results.map((r) => `${r.ruleId}@${r.ruleVersion}`))].sort();
    const scores = ctx.scores.filter(isScore);
    const outcome = await record.recordRun({
      inventory: ctx.inventory.snapshot(),
      results: ctx.results,
      findings: ctx.findings,
      scores,
      versions: { aispm: VERSION, sources: ctx.options.sources.map((s) => s.type), rules: rulePacks },
      actor: 'aispm scan',
      now,
    });
    // The run's findings are those failing now, each with its reconciled lifecycle state; the ones
    // this run fixed or closed are counted in the summary and kept in the record.
    ctx.findings = outcome.findings.filter((f) => f.state !== 'fixed' && f.state !== 'retest-pending' && f.state !== 'closed').map(toFinding);
    ctx.extras.record = {
      enabled: true,
      runId: outcome.runId,
      location: store.location,
      backend: store.backend,
      summary: { ...outcome.summary },
      head: await store.head(),
    } satisfies RecordExtras;
  } finally {
    await store.close();
  }
}

/**
 * Lays out rows as aligned plain-text columns (the first row is the header).
 *
 * @example
 * ```ts
 * io.stdout(textTable([['ID', 'STATE'], ['fnd_1', 'open']]));
 * ```
 */
export function textTable(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return `${rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

/**
 * Opens the record named by a verb's `--record`/`--config` options, runs `fn`, and always closes it.
 *
 * @example
 * ```ts
 * return withCliRecord(values, io, async (record) => { … return EXIT_CODES.ok; });
 * ```
 */
export async function withCliRecord<T>(
  values: { record?: string | undefined; config?: string | undefined },
  cwd: string,
  fn: (record: PostureRecord) => Promise<T>,
  options: { create?: boolean } = {},
): Promise<T> {
  let config: AispmConfig | undefined;
  if (values.config) {
    const { loadConfig } = await import('../config');
    config = await loadConfig(resolve(cwd, values.config));
  }
  const { record, store } = openRecordForCli({
    ...(values.record !== undefined ? { record: values.record } : {}),
    ...(config ? { config } : {}),
    cwd,
    ...(options.create ? { create: true } : {}),
  });
  try {
    return await fn(record);
  } finally {
    await store.close();
  }
}

/**
 * Parses a date option (ISO 8601 or `YYYY-MM-DD`), or throws a usage error naming the flag.
 *
 * @example
 * ```ts
 * parseDateOption('--expires', '2027-01-01'); // '2027-01-01T00:00:00.000Z'
 * ```
 */
export function parseDateOption(flag: string, value: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new AispmError('usage', `${flag} is not a date: ${value}`);
  return d.toISOString();
}
