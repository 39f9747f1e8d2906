import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A registered model as the fake server returns it. */
export const MODELS = [
  {
    name: 'fraud-detector',
    creation_timestamp: 1735689600000,
    last_updated_timestamp: 1735700000000,
    description: 'Scores card transactions for fraud.',
    user_id: 'risk-team@acme.example',
    latest_versions: [
      { name: 'fraud-detector', version: '3', current_stage: 'Production', status: 'READY', source: 's3://models/fraud/3', run_id: 'r3' },
      { name: 'fraud-detector', version: '4', current_stage: 'Staging', status: 'READY', source: 's3://models/fraud/4', run_id: 'r4' },
    ],
    tags: [
      { key: 'owner', value: 'risk-team' },
      { key: 'task', value: 'classification' },
    ],
  },
  {
    name: 'Support-Summariser',
    creation_timestamp: 1735689600000,
    last_updated_timestamp: 1735800000000,
    description: 'Summarises support tickets.',
    latest_versions: [{ name: 'Support-Summariser', version: '1', current_stage: 'Production', status: 'READY' }],
    tags: [
      { key: 'base_model', value: 'meta-llama/Llama-3.1-8B-Instruct' },
      { key: 'mlflow.user', value: 'ignored' },
    ],
  },
  { name: 'churn-model', creation_timestamp: 1735689600000, last_updated_timestamp: 1735900000000, latest_versions: [] },
  {
    name: 'doc-embedder',
    creation_timestamp: 1735689600000,
    last_updated_timestamp: 1736000000000,
    latest_versions: [{ name: 'doc-embedder', version: '2', current_stage: 'None' }],
    tags: [
      { key: 'base_model', value: 'sentence-transformers/all-MiniLM-L6-v2' },
      { key: 'task', value: 'embedding' },
    ],
  },
  { name: 'ranker', creation_timestamp: 1735689600000, last_updated_timestamp: 1736100000000, description: 'Ranks search results.' },
];

/** Options of the fake server. */
export interface FakeMlflowOptions {
  /** The bearer token it accepts ('readonly' gets 403). */
  token?: string;
  /** Statuses to answer, in order, before the real answer for a page (by page token, '' for the first page). */
  failures?: Record<string, Array<number | [number, Record<string, string>]>>;
}

/**
 * A tiny local stand-in for an MLflow tracking server (the registered-models search endpoint
 * only), used to record the example connector's fixtures. It never leaves 127.0.0.1.
 */
export async function startFakeMlflow(options: FakeMlflowOptions = {}) {
  const failures = Object.fromEntries(Object.entries(options.failures ?? {}).map(([k, v]) => [k, [...v]]));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== '/api/2.0/mlflow/registered-models/search') return json(404, { error_code: 'ENDPOINT_NOT_FOUND' });
    const auth = req.headers.authorization;
    if (options.token !== undefined) {
      if (auth === 'Bearer readonly') return json(403, { error_code: 'PERMISSION_DENIED', message: 'no read access' });
      if (auth !== `Bearer ${options.token}`) return json(401, { error_code: 'UNAUTHENTICATED', message: 'invalid token' });
    }
    const pageToken = url.searchParams.get('page_token') ?? '';
    const queued = failures[pageToken]?.shift();
    if (queued !== undefined) {
      const [status, headers] = Array.isArray(queued) ? queued : [queued, {}];
      return json(status, { error_code: status === 429 ? 'RESOURCE_EXHAUSTED' : 'TEMPORARILY_UNAVAILABLE' }, headers);
    }
    const size = Number(url.searchParams.get('max_results') ?? '100');
    const offset = pageToken ? Number(Buffer.from(pageToken, 'base64url').toString('utf8').replace('offset:', '')) : 0;
    const models = [...MODELS].sort((a, b) => a.last_updated_timestamp - b.last_updated_timestamp).slice(offset, offset + size);
    const next = offset + size < MODELS.length ? Buffer.from(`offset:${offset + size}`).toString('base64url') : undefined;
    return json(200, { registered_models: models, ...(next ? { next_page_token: next } : {}) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
