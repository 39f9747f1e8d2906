import { z } from 'zod';
import { assertOk } from '../http/connector-fetch';
import { type ConnectorFetch, defineConnector } from '../sdk/connector';
import { connectorError } from '../sdk/failures';
import type { ConnectorMessage } from '../sdk/messages';

/**
 * Configuration of the MLflow model-registry connector.
 *
 * @example
 * ```ts
 * MlflowConfigSchema.parse({ trackingUri: 'https://mlflow.acme.internal', token: process.env.MLFLOW_TOKEN });
 * ```
 */
export const MlflowConfigSchema = z
  .object({
    trackingUri: z.url().describe('Base URL of the MLflow tracking server.'),
    token: z.string().min(1).optional().describe('Bearer token (Databricks personal access token or an MLflow auth token).'),
    registry: z.string().min(1).optional().describe('Name of the registry in asset ids; defaults to the host name of trackingUri.'),
    pageSize: z.int().min(1).max(1000).default(100).describe('max_results of each search call.'),
    filter: z.string().optional().describe('MLflow search filter, e.g. "name LIKE \'fraud%\'".'),
  })
  .strict();

/** See {@link MlflowConfigSchema}. */
export type MlflowConfig = z.output<typeof MlflowConfigSchema>;

/** The incremental state: the newest `last_updated_timestamp` already stored. */
export interface MlflowState {
  updatedAfter: number;
}

const ModelVersionSchema = z.looseObject({
  name: z.string(),
  version: z.string(),
  current_stage: z.string().optional(),
  status: z.string().optional(),
  source: z.string().optional(),
  run_id: z.string().optional(),
});

const RegisteredModelSchema = z.looseObject({
  name: z.string().min(1),
  creation_timestamp: z.number().optional(),
  last_updated_timestamp: z.number().optional(),
  description: z.string().optional(),
  user_id: z.string().optional(),
  latest_versions: z.array(ModelVersionSchema).optional(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
});

const SearchResponseSchema = z.looseObject({
  registered_models: z.array(RegisteredModelSchema).optional(),
  next_page_token: z.string().optional(),
});

type RegisteredModel = z.infer<typeof RegisteredModelSchema>;

const SEARCH_PATH = '/api/2.0/mlflow/registered-models/search';

function searchUrl(config: MlflowConfig, pageSize: number, pageToken?: string): string {
  const url = new URL(SEARCH_PATH, config.trackingUri.endsWith('/') ? config.trackingUri : `${config.trackingUri}/`);
  url.searchParams.set('max_results', String(pageSize));
  url.searchParams.set('order_by', 'last_updated_timestamp ASC');
  if (config.filter) url.searchParams.set('filter', config.filter);
  if (pageToken) url.searchParams.set('page_token', pageToken);
  return url.toString();
}

async function search(fetch: ConnectorFetch, config: MlflowConfig, pageSize: number, pageToken?: string) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (config.token) headers.authorization = `Bearer ${config.token}`;
  const res = await assertOk(await fetch(searchUrl(config, pageSize, pageToken), { headers }), 'search registered models');
  let json: unknown;
  try {
    json = await res.json();
  } catch (e) {
    throw connectorError('system', 'search registered models: the response is not JSON', { cause: e });
  }
  const parsed = SearchResponseSchema.safeParse(json);
  if (!parsed.success) throw connectorError('system', `search registered models: unexpected response shape at ${parsed.error.issues[0]?.path.join('.')}`);
  return parsed.data;
}

function modelMessages(m: RegisteredModel, registry: string): ConnectorMessage<MlflowState>[] {
  const tags = Object.fromEntries((m.tags ?? []).map((t) => [t.key, t.value]));
  const versions = (m.latest_versions ?? []).map((v) => v.version).sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : 1));
  const production = (m.latest_versions ?? []).find((v) => v.current_stage === 'Production');
  const id = `model:mlflow/${registry}/${m.name.toLowerCase()}`;
  const provenance = {
    locator: { ref: `registered-models/${m.name}` },
    basis: 'declared' as const,
    source: registry,
    detail: 'mlflow registered-models/search',
  };
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) if (!k.startsWith('mlflow.')) labels[k] = v;
  const out: ConnectorMessage<MlflowState>[] = [
    {
      type: 'asset',
      asset: {
        kind: 'model',
        id,
        name: m.name,
        ...(tags.owner ? { owner: tags.owner } : m.user_id ? { owner: m.user_id } : {}),
        labels,
        attributes: {
          surface: 'first-party-trained',
          ...(versions.length > 0 ? { version: production?.version ?? versions[versions.length - 1], versions } : {}),
          ...(m.description ? { purpose: m.description } : {}),
          ...(tags.task ? { task: tags.task } : {}),
          modelCard: Boolean(m.description),
          x_mlflow_registry: registry,
        },
      },
      provenance,
    },
  ];
  const base = tags.base_model;
  if (base) {
    out.push({ type: 'asset', asset: { kind: 'model', key: base }, provenance: { ...provenance, basis: 'inferred' } });
    out.push({ type: 'relationship', relationship: { type: 'fine-tuned-from', from: id, to: { kind: 'model', key: base } }, provenance });
  }
  return out;
}

/**
 * An example HTTP connector for the MLflow model registry: pages through
 * `GET /api/2.0/mlflow/registered-models/search` (`max_results`, `page_token`, ordered by
 * `last_updated_timestamp`) and emits one `model` per registered model, plus the base model and
 * a `fine-tuned-from` edge when the model carries a `base_model` tag. It is incremental: after
 * each page it checkpoints the newest update time it has stored.
 *
 * @example
 * ```ts
 * const result = await runConnector(mlflowConnector, { trackingUri: 'http://127.0.0.1:5000' });
 * result.observations.length;
 * ```
 */
export const mlflowConnector = defineConnector<MlflowConfig, MlflowState>({
  manifest: {
    id: 'mlflow',
    version: '0.1.0',
    title: 'MLflow model registry',
    description: 'Lists the registered models of an MLflow tracking server (or Databricks workspace) with their versions, stages and base models.',
    stability: 'experimental',
    owners: ['aispm maintainers'],
    homepage: 'https://mlflow.org/docs/latest/rest-api.html',
    secrets: ['token'],
    permissions: [{ name: 'read registered models', reason: 'search registered models and their latest versions' }],
    emits: { kinds: ['model'], relationships: ['fine-tuned-from'] },
    incremental: true,
    rateLimit: { requestsPerSecond: 10, burst: 5, concurrency: 2 },
    retry: { maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 20_000 },
    config: MlflowConfigSchema,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${NAME} placeholder that the CLI expands from the environment
    configExample: { trackingUri: 'https://mlflow.example.com', token: '${MLFLOW_TOKEN}', pageSize: 100 },
  },

  async check(config, ctx) {
    await search(ctx.fetch, config, 1);
    return { ok: true, message: `reached ${new URL(config.trackingUri).host}` };
  },

  async *sync(config, ctx) {
    const registry = config.registry ?? new URL(config.trackingUri).hostname;
    const after = ctx.state?.updatedAfter ?? 0;
    let newest = after;
    let token: string | undefined;
    let page = 0;
    let seen = 0;
    do {
      page++;
      yield { type: 'status', phase: 'search registered models', done: seen, message: `page ${page}` };
      const res = await search(ctx.fetch, config, config.pageSize, token);
      for (const m of res.registered_models ?? []) {
        seen++;
        const updated = m.last_updated_timestamp ?? 0;
        if (updated <= after && after > 0) continue;
        newest = Math.max(newest, updated);
        yield* modelMessages(m, registry);
      }
      yield { type: 'state', state: { updatedAfter: newest } };
      token = res.next_page_token || undefined;
    } while (token);
    ctx.logger.info(`listed ${seen} registered models in ${page} page(s)`);
  },
});
