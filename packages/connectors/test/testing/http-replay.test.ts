import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AispmError } from '@aispm/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createReplayServer, fixtureDirName, RECORD_ENV } from '../../src/testing/index';
import { startFakeMlflow } from '../examples/fake-mlflow';

const SEARCH = '/api/2.0/mlflow/registered-models/search';
const dirs: string[] = [];
async function tempDir() {
  const d = await mkdtemp(join(tmpdir(), 'aispm-replay-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('createReplayServer', () => {
  it('records one scrubbed file per call, then replays them in order', async () => {
    const upstream = await startFakeMlflow({ token: 'tok-0123456789', failures: { '': [503] } });
    const dir = join(await tempDir(), 'record-then-replay');
    const rec = await createReplayServer({ dir, mode: 'record', upstream: upstream.url, secrets: ['tok-0123456789'] });
    const headers = { authorization: 'Bearer tok-0123456789', 'x-api-key': 'k-abc', 'x-trace': 'keep-me' };
    const first = await fetch(`${rec.url}${SEARCH}?max_results=1&api_key=sk-live-abcdefghijklmnopqrstu`, { headers });
    const second = await fetch(`${rec.url}${SEARCH}?max_results=1&api_key=sk-live-abcdefghijklmnopqrstu`, { headers });
    expect([first.status, second.status]).toEqual([503, 200]);
    const live = await second.json();
    await rec.close();
    await upstream.close();

    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['001-get-api-2-0-mlflow-registered-models-search.json', '002-get-api-2-0-mlflow-registered-models-search.json']);
    const text = await readFile(join(dir, files[1] as string), 'utf8');
    expect(text).not.toContain('tok-0123456789');
    expect(text).not.toContain('abcdefghijklmnopqrstu');
    const stored = JSON.parse(text);
    expect(stored.request.path).toBe(`${SEARCH}?max_results=1&api_key=[REDACTED]`);
    expect(stored.request.headers).toMatchObject({ authorization: '[REDACTED]', 'x-api-key': '[REDACTED]', 'x-trace': 'keep-me' });
    expect(stored.response.status).toBe(200);

    const play = await createReplayServer({ dir, mode: 'replay' });
    const a = await fetch(`${play.url}${SEARCH}?max_results=1&api_key=sk-live-abcdefghijklmnopqrstu`);
    const b = await fetch(`${play.url}${SEARCH}?max_results=1&api_key=sk-live-abcdefghijklmnopqrstu`);
    expect([a.status, b.status]).toEqual([503, 200]);
    expect(await b.json()).toEqual(live);
    expect(play.remaining()).toEqual([]);
    const c = await fetch(`${play.url}${SEARCH}?max_results=1&api_key=sk-live-abcdefghijklmnopqrstu`);
    expect(c.status).toBe(599);
    expect(play.unmatched).toEqual([`GET ${SEARCH}?max_results=1&api_key=[REDACTED]`]);
    play.rewind();
    expect(play.remaining()).toHaveLength(2);
    expect((await fetch(`${play.url}/elsewhere`)).status).toBe(599);
    await play.close();
  });

  it('a recording server replays what it recorded after rewind', async () => {
    const upstream = await startFakeMlflow();
    const rec = await createReplayServer({ dir: join(await tempDir(), 'x'), mode: 'record', upstream: upstream.url });
    const live = await (await fetch(`${rec.url}${SEARCH}?max_results=2`)).json();
    await upstream.close();
    rec.rewind();
    expect(await (await fetch(`${rec.url}${SEARCH}?max_results=2`)).json()).toEqual(live);
    await rec.close();
  });

  it('matches request bodies, so two POSTs to one URL replay by content', async () => {
    const { writeFile, mkdir } = await import('node:fs/promises');
    const dir = join(await tempDir(), 'post');
    await mkdir(dir, { recursive: true });
    const x = (body: string, answer: number) => ({
      request: { method: 'POST', path: '/search', headers: {}, body },
      response: { status: 200, headers: { 'content-type': 'application/json' }, json: { answer } },
    });
    await writeFile(join(dir, '001-post-search.json'), JSON.stringify(x('{"q":"a"}', 1)));
    await writeFile(join(dir, '002-post-search.json'), JSON.stringify(x('{"q":"b"}', 2)));
    const play = await createReplayServer({ dir, mode: 'replay' });
    const post = async (q: string) => (await fetch(`${play.url}/search`, { method: 'POST', body: JSON.stringify({ q }) })).json();
    expect(await post('b')).toEqual({ answer: 2 });
    expect(await post('a')).toEqual({ answer: 1 });
    expect((await fetch(`${play.url}/search`, { method: 'POST', body: '{"q":"c"}' })).status).toBe(599);
    await play.close();
  });

  it('follows the record environment variable, and needs an upstream to record', async () => {
    process.env[RECORD_ENV] = '1';
    try {
      await expect(createReplayServer({ dir: join(await tempDir(), 'y') })).rejects.toSatisfy((e: unknown) => AispmError.isInstance(e) && e.code === 'config');
    } finally {
      delete process.env[RECORD_ENV];
    }
  });

  it('replay without recordings says how to record them', async () => {
    await expect(createReplayServer({ dir: join(await tempDir(), 'missing') })).rejects.toThrow(/record them with AISPM_HTTP_RECORD=1/);
  });

  it('names fixture folders after tests', () => {
    expect(fixtureDirName('Retries on 429 & 503!')).toBe('retries-on-429-503');
  });
});
