import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AispmError } from '@aispm/core';
import { createRedactor, REDACTED } from '../runtime/redact';

/** The environment variable that switches replay servers to recording. */
export const RECORD_ENV = 'AISPM_HTTP_RECORD';

/** The environment variable naming the upstream base URL to record from. */
export const UPSTREAM_ENV = 'AISPM_HTTP_UPSTREAM';

/** Request headers that are never stored, whatever their name suggests. */
const SCRUBBED =
  /^(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|x-goog-api-key|x-amz-security-token)$|(?:token|secret|password|api[-_]?key|auth)/i;

/** Headers that describe the transport, not the exchange; they are not stored. */
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'date', 'content-encoding', 'accept-encoding', 'user-agent']);

/**
 * One recorded HTTP exchange: the file format of replay fixtures (one file per call).
 *
 * @example
 * ```json
 * { "request": { "method": "GET", "path": "/api/items?page_token=2", "headers": { "authorization": "[REDACTED]" } },
 *   "response": { "status": 200, "headers": { "content-type": "application/json" }, "json": { "items": [] } } }
 * ```
 */
export interface RecordedExchange {
  request: { method: string; path: string; headers: Record<string, string>; body?: string };
  response: { status: number; headers: Record<string, string>; json?: unknown; body?: string };
}

/** Options of {@link createReplayServer}. */
export interface ReplayServerOptions {
  /** The folder of this test's recordings (one JSON file per call). */
  dir: string;
  /** `replay` (default) or `record`; the default follows the `AISPM_HTTP_RECORD` environment variable. */
  mode?: 'replay' | 'record';
  /** Base URL to forward to when recording (default: `AISPM_HTTP_UPSTREAM`). */
  upstream?: string;
  /** Secret values to redact from recorded bodies and paths, besides scrubbed headers. */
  secrets?: string[];
}

/** A running replay (or recording) server on 127.0.0.1. */
export interface ReplayServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly mode: 'replay' | 'record';
  /** Method and path of every request received, in order. */
  readonly requests: string[];
  /** Requests that matched no recording (replay mode): each got HTTP 599. */
  readonly unmatched: string[];
  /** Recordings not used yet. */
  remaining(): string[];
  /**
   * Makes every recording available again (for a second run in the same test). A recording
   * server stops recording and replays what it recorded.
   */
  rewind(): void;
  close(): Promise<void>;
}

function slug(s: string): string {
  return (
    s
      .replace(/\?.*$/, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60)
      .toLowerCase() || 'root'
  );
}

/**
 * The folder name of a test's recordings: its name made file-safe.
 *
 * @example
 * ```ts
 * fixtureDirName('retries on 429 and 503'); // 'retries-on-429-and-503'
 * ```
 */
export function fixtureDirName(testName: string): string {
  return slug(testName);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function scrub(headers: Record<string, string | string[] | undefined>, redact: (s: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    const name = k.toLowerCase();
    if (v === undefined || HOP.has(name)) continue;
    out[name] = SCRUBBED.test(name) ? REDACTED : redact(Array.isArray(v) ? v.join(', ') : v);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Starts a local HTTP server on 127.0.0.1 that replays recorded exchanges: each request is
 * answered by the first unused recording with the same method, path (query included) and body, so
 * a sequence such as 429 then 200 for one URL replays in order. In `record` mode (set
 * `AISPM_HTTP_RECORD=1`) it forwards each request to the upstream, answers with the real
 * response and writes it as the next file of `dir`, with authentication headers scrubbed and
 * secrets redacted. Point the connector's base URL at `server.url`.
 *
 * @example
 * ```ts
 * const server = await createReplayServer({ dir: join(fixtures, 'pagination') });
 * const result = await runConnector(mlflowConnector, { trackingUri: server.url });
 * await server.close();
 * ```
 */
export async function createReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const mode = options.mode ?? (process.env[RECORD_ENV] === '1' || process.env[RECORD_ENV] === 'true' ? 'record' : 'replay');
  const upstream = options.upstream ?? process.env[UPSTREAM_ENV];
  const redactor = createRedactor(options.secrets ?? []);
  const requests: string[] = [];
  const unmatched: string[] = [];
  let recordings: Array<{ file: string; x: RecordedExchange; used: boolean }> = [];
  let counter = 0;
  // After a rewind, a recording server replays what it recorded (a second run sees the same data).
  let replaying = mode === 'replay';

  if (mode === 'record') {
    if (!upstream) throw new AispmError('config', `record mode needs an upstream base URL (option upstream or ${UPSTREAM_ENV})`);
    await rm(options.dir, { recursive: true, force: true });
    await mkdir(options.dir, { recursive: true });
  } else {
    let files: string[] = [];
    try {
      files = (await readdir(options.dir)).filter((f) => f.endsWith('.json')).sort();
    } catch (e) {
      throw new AispmError('not-found', `no recordings in ${options.dir}; record them with ${RECORD_ENV}=1`, { cause: e });
    }
    for (const file of files) {
      const x = JSON.parse(await readFile(join(options.dir, file), 'utf8')) as RecordedExchange;
      recordings.push({ file, x, used: false });
    }
  }

  const replay = (method: string, rawPath: string, rawBody: Buffer, res: ServerResponse) => {
    const path = redactor.text(rawPath);
    const sent = rawBody.length > 0 ? redactor.text(rawBody.toString('utf8')) : undefined;
    const hit = recordings.find((r) => !r.used && r.x.request.method === method && r.x.request.path === path && r.x.request.body === sent);
    if (!hit) {
      unmatched.push(`${method} ${path}`);
      res.writeHead(599, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `no recording for ${method} ${path}` }));
      return;
    }
    hit.used = true;
    const body = hit.x.response.json !== undefined ? JSON.stringify(hit.x.response.json) : (hit.x.response.body ?? '');
    res.writeHead(hit.x.response.status, hit.x.response.headers);
    res.end(body);
  };

  const record = async (req: IncomingMessage, method: string, path: string, body: Buffer, res: ServerResponse) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP.has(k)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const target = new URL(path, upstream);
    const up = await fetch(target, { method, headers, ...(body.length > 0 ? { body } : {}) });
    const text = await up.text();
    const resHeaders: Record<string, string> = {};
    up.headers.forEach((v, k) => {
      if (!HOP.has(k)) resHeaders[k] = v;
    });
    const n = ++counter;
    const exchange: RecordedExchange = {
      request: {
        method,
        path: redactor.text(path),
        headers: scrub(req.headers, redactor.text),
        ...(body.length > 0 ? { body: redactor.text(body.toString('utf8')) } : {}),
      },
      response: { status: up.status, headers: scrub(resHeaders, redactor.text) },
    };
    const safe = redactor.text(text);
    try {
      exchange.response.json = redactor.value(JSON.parse(text));
    } catch {
      exchange.response.body = safe;
    }
    const file = `${String(n).padStart(3, '0')}-${method.toLowerCase()}-${slug(path)}.json`;
    await writeFile(join(options.dir, file), `${JSON.stringify(exchange, null, 2)}\n`);
    recordings.push({ file, x: exchange, used: true });
    res.writeHead(up.status, resHeaders);
    res.end(text);
  };

  const server = createServer((req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = req.url ?? '/';
    requests.push(`${method} ${path}`);
    readBody(req)
      .then((body) => (replaying ? replay(method, path, body, res) : record(req, method, path, body, res)))
      .catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(598, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: redactor.text(String((e as Error).message ?? e)) }));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    mode,
    requests,
    unmatched,
    remaining: () => recordings.filter((r) => !r.used).map((r) => r.file),
    rewind() {
      replaying = true;
      recordings = recordings.map((r) => ({ ...r, used: false }));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
