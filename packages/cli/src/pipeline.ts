import {
  createIdentityResolver,
  createInventory,
  type Finding,
  type IdentityTables,
  type Inventory,
  type Issue,
  ObservationSchema,
  type ParsedObservation,
  type RuleResult,
  toJsonPointer,
} from '@aispm/core';
import type { AispmConfig, SourceConfig } from './config';
import { SOURCE_TYPES } from './sources/index';
import type { SourceContext } from './sources/types';

/** How one source went. */
export interface SourceSummary {
  type: string;
  path?: string;
  observations: number;
  issues: number;
  /** `ok`, or `error` when the source failed as a whole (the run still went on). */
  status: 'ok' | 'error';
  error?: string;
}

/** Options of one scan run. */
export interface ScanOptions {
  /** Sources to read. */
  sources: SourceConfig[];
  /** Folder relative paths resolve against. */
  baseDir: string;
  /** The loaded configuration, when one was given. */
  config?: AispmConfig;
  /** The time of the run (defaults to now). */
  now?: Date;
  /** Progress lines (a terminal shows them; CI gets plain lines). */
  progress?: (line: string) => void;
  /** Cancels the run. */
  signal?: AbortSignal;
  /** Extra options for stages, e.g. `record: false`. */
  stageOptions?: Record<string, unknown>;
  /**
   * The stages to run after the sources (default all: `baseline`, `score`, `record`). A caller
   * that only reads the inventory (e.g. a BOM output with no gate and no record) leaves them out.
   */
  stages?: readonly StageName[];
}

/** The stages of a run after its sources, in order. */
export type StageName = 'baseline' | 'score' | 'record';

/** Everything a stage can read and add to. Later stages read what earlier ones wrote. */
export interface StageContext {
  options: ScanOptions;
  inventory: Inventory;
  diagnostics: Issue[];
  /** Rule results of the baseline stage. */
  results: RuleResult[];
  /** Findings of the baseline stage (reconciled with the record when one is kept). */
  findings: Finding[];
  /** Scores of the scoring stage. */
  scores: unknown[];
  /** Free space for stages to pass data to outputs (e.g. record run id, coverage). */
  extras: Record<string, unknown>;
}

/** The outcome of {@link runScan}. */
export interface ScanRun extends StageContext {
  startedAt: string;
  finishedAt: string;
  sources: SourceSummary[];
}

/**
 * Runs the whole pipeline of DESIGN.md: sources → inventory → baseline → score → record. Each
 * stage is a plain function; a failing source or stage becomes a diagnostic, never an abort.
 *
 * @example
 * ```ts
 * const run = await runScan({ sources: [{ type: 'observations', path: 'obs.jsonl' }], baseDir: process.cwd() });
 * run.inventory.size;
 * ```
 */
export async function runScan(options: ScanOptions): Promise<ScanRun> {
  const now = options.now ?? new Date();
  const startedAt = now.toISOString();
  const identity = createIdentityResolver((options.config?.identity ?? {}) as Partial<IdentityTables>);
  const inventory = createInventory({ identity, validate: false });
  const diagnostics: Issue[] = [];
  const sources: SourceSummary[] = [];
  const progress = options.progress ?? (() => {});

  for (const spec of options.sources) {
    const summary: SourceSummary = { type: spec.type, ...(spec.path ? { path: spec.path } : {}), observations: 0, issues: 0, status: 'ok' };
    sources.push(summary);
    const before = diagnostics.length;
    const load = SOURCE_TYPES[spec.type];
    if (!load) {
      summary.status = 'error';
      summary.error = `unknown source type "${spec.type}" (known: ${Object.keys(SOURCE_TYPES).sort().join(', ')})`;
      diagnostics.push({ code: 'config/unknown-source', message: summary.error, path: '/type' });
      summary.issues = diagnostics.length - before;
      continue;
    }
    progress(`source ${spec.type}${spec.path ? ` ${spec.path}` : ''}`);
    const ctx: SourceContext = {
      baseDir: options.baseDir,
      now,
      identity,
      diagnostics,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.progress ? { progress: options.progress } : {}),
    };
    try {
      const loader = await load();
      const trusted = loader.trusted?.(spec) === true;
      for await (const obs of loader(spec, ctx)) {
        if (trusted) {
          const r = inventory.add(obs as ParsedObservation);
          if (r.ok) summary.observations++;
          else diagnostics.push(...r.issues);
          continue;
        }
        const parsed = ObservationSchema.safeParse(obs);
        if (!parsed.success) {
          for (const i of parsed.error.issues) {
            diagnostics.push({ code: `schema/${i.code}`, message: `${spec.type}: ${i.message}`, path: toJsonPointer(i.path as Array<string | number>) });
          }
          continue;
        }
        const r = inventory.add(parsed.data as ParsedObservation);
        if (r.ok) summary.observations++;
        else diagnostics.push(...r.issues);
      }
    } catch (e) {
      summary.status = 'error';
      summary.error = (e as Error).message;
      diagnostics.push({ code: 'source/failed', message: `source ${spec.type} failed: ${(e as Error).message}`, path: '' });
    }
    summary.issues = diagnostics.length - before;
  }

  const ctx: StageContext = { options, inventory, diagnostics, results: [], findings: [], scores: [], extras: {} };
  // Stages load lazily, so a run pays only for the stages it needs: with no asset and no finding
  // there is nothing to score, and the scoring package is not loaded.
  const stages: Array<[StageName, () => Promise<(c: StageContext) => Promise<void>>]> = [
    ['baseline', () => import('./stages/evaluate').then((m) => m.evaluateStage)],
    ['score', () => import('./stages/score').then((m) => m.scoreStage)],
    ['record', () => import('./stages/record').then((m) => m.recordStage)],
  ];
  for (const [name, load] of stages) {
    if (options.stages && !options.stages.includes(name)) continue;
    if (name === 'score' && ctx.inventory.size === 0 && ctx.findings.length === 0) continue;
    progress(`stage ${name}`);
    try {
      const stage = await load();
      await stage(ctx);
    } catch (e) {
      diagnostics.push({ code: `stage/${name}-failed`, message: `${name} stage failed: ${(e as Error).message}`, path: '' });
    }
  }
  return { ...ctx, startedAt, finishedAt: options.now ? startedAt : new Date().toISOString(), sources };
}
