import { resolve } from 'node:path';
import type { Connector, ConnectorRuntimeOptions, RunProgress, RunResult } from '@aispm/connectors';
import { createConnectorRuntime } from '@aispm/connectors';
import { AispmError, type Observation } from '@aispm/core';
import type { SourceConfig } from '../config';
import type { SourceContext, SourceLoader } from './types';

/** Options of {@link connectorSource}. */
export interface ConnectorSourceOptions {
  /**
   * Builds the connector's config from the source entry. Default: the entry's `options`, with
   * `path` (resolved against the config folder) added when the entry has one, and every string
   * of the form `${NAME}` replaced by the environment variable NAME (keep secrets out of files).
   */
  configFromSpec?: (spec: SourceConfig, ctx: SourceContext) => unknown;
  /** Runtime options (clock, fetch, logger, retry and rate-limit overrides). */
  runtime?: ConnectorRuntimeOptions;
  /** Environment used for `${NAME}` expansion (default: `process.env`). */
  env?: Record<string, string | undefined>;
}

const ENV_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/**
 * One progress line of a connector run, e.g. `mlflow: models 40/120, 40 emitted`. The runtime
 * has already redacted the connector's secrets from `message`.
 *
 * @example
 * ```ts
 * progressLine({ connector: 'mlflow', phase: 'models', done: 40, total: 120, emitted: 40 }); // 'mlflow: models 40/120, 40 emitted'
 * ```
 */
export function progressLine(p: RunProgress): string {
  const parts: string[] = [];
  if (p.phase) parts.push(p.phase);
  if (p.done !== undefined) parts.push(p.total !== undefined ? `${p.done}/${p.total}` : String(p.done));
  if (p.message) parts.push(p.message);
  return `${p.connector}: ${parts.length > 0 ? `${parts.join(' ')}, ` : ''}${p.emitted} emitted`;
}

function expandEnv(value: unknown, env: Record<string, string | undefined>, missing: string[]): unknown {
  if (typeof value === 'string') {
    const m = ENV_REF.exec(value);
    if (!m) return value;
    const v = env[m[1] as string];
    if (v === undefined) missing.push(m[1] as string);
    return v;
  }
  if (Array.isArray(value)) return value.map((v) => expandEnv(v, env, missing));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, env, missing)]));
  return value;
}

/**
 * Runs any connector through the connector runtime as a pipeline source. Observations stream
 * to the pipeline one at a time; each is stored before the connector's next message is read.
 * Config problems and invalid messages become diagnostics with the connector id; a connector
 * that fails ends its source with a classified error (the rest of the run goes on). The
 * connector's progress (its `status` messages and checkpoints) goes to the run's progress lines.
 *
 * @example
 * ```ts
 * export const SOURCE_TYPES = {
 *   mlflow: () => import('@aispm/connectors').then((c) => connectorSource(c.mlflowConnector)),
 * };
 * ```
 */
export function connectorSource<C>(connector: Connector<C>, options: ConnectorSourceOptions = {}): SourceLoader {
  const id = connector.manifest.id;
  return async function* (spec, ctx) {
    const missing: string[] = [];
    const config = options.configFromSpec
      ? options.configFromSpec(spec, ctx)
      : expandEnv({ ...(spec.options ?? {}), ...(spec.path ? { path: resolve(ctx.baseDir, spec.path) } : {}) }, options.env ?? process.env, missing);
    for (const name of missing) {
      ctx.diagnostics.push({ code: 'config/missing-env', message: `${id}: environment variable ${name} is not set`, path: '/options' });
    }
    const controller = new AbortController();
    const signal = ctx.signal ? AbortSignal.any([ctx.signal, controller.signal]) : controller.signal;
    const queue: Array<{ observation: Observation; stored: () => void }> = [];
    let wake: (() => void) | undefined;
    let result: RunResult<unknown> | undefined;
    const changed = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const runtime = createConnectorRuntime(options.runtime);
    void runtime
      .run(connector as Connector<C, unknown>, config, {
        signal,
        ...(spec.name ? { source: spec.name } : {}),
        ...(ctx.progress ? { onProgress: (p: RunProgress) => ctx.progress?.(progressLine(p)) } : {}),
        sink: (observation) =>
          new Promise<void>((stored) => {
            queue.push({ observation, stored });
            changed();
          }),
      })
      .then((r) => {
        result = r;
        changed();
      });
    try {
      for (;;) {
        const next = queue.shift();
        if (next) {
          try {
            yield next.observation;
          } finally {
            next.stored();
          }
          continue;
        }
        if (result) break;
        await new Promise<void>((r) => {
          wake = r;
        });
      }
    } finally {
      if (!result) controller.abort();
    }
    for (const issue of result.issues) {
      const message = issue.message.startsWith(`${id}:`) ? issue.message : `${id}: ${issue.message}`;
      // Config issues point into the source entry's options; message issues into the message stream.
      ctx.diagnostics.push({ ...issue, message, path: issue.code.startsWith('config/') ? `/options${issue.path}` : issue.path });
    }
    if (result.status !== 'succeeded' && result.failure) {
      const f = result.failure;
      throw new AispmError(
        f.class,
        `connector ${id} ${result.status === 'cancelled' ? 'was cancelled' : 'failed'} in ${f.phase ?? 'sync'} (${f.class}): ${f.message}`,
        {
          retryable: f.retryable,
          details: { connector: id, phase: f.phase, class: f.class },
        },
      );
    }
  };
}
