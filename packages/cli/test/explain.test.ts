import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIO, EXIT_CODES, runCli } from '@aispm/cli';
import { describe, expect, it } from 'vitest';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, env: {}, isTTY: false };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

const prov = { connector: 'cmdb', observedAt: '2026-11-01T00:00:00Z', locator: { offset: 1 } };
const asset = (a: Record<string, unknown>) => JSON.stringify({ type: 'asset', asset: a, provenance: prov });
const edge = (r: Record<string, unknown>) => JSON.stringify({ type: 'relationship', relationship: r, provenance: prov });

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aispm-explain-'));
  writeFileSync(
    join(dir, 'estate.jsonl'),
    [
      asset({
        kind: 'application',
        id: 'application:git/github.com/acme/support-bot',
        name: 'support-bot',
        dataClasses: ['pii'],
        attributes: { exposure: 'public', authentication: 'none', businessCriticality: 'critical' },
      }),
      asset({ kind: 'provider', id: 'provider:openai', name: 'OpenAI', attributes: { processorAgreement: false } }),
      asset({ kind: 'credential', id: 'credential:openai/k1', name: 'key', attributes: { hardcoded: true, provider: 'openai' } }),
      edge({ type: 'calls', from: 'application:git/github.com/acme/support-bot', to: 'provider:openai' }),
      edge({ type: 'sends-data', from: 'application:git/github.com/acme/support-bot', to: 'provider:openai', dataClasses: ['pii'] }),
      edge({ type: 'holds-credential', from: 'application:git/github.com/acme/support-bot', to: 'credential:openai/k1' }),
    ].join('\n'),
  );
  return dir;
}

const APP = 'application:git/github.com/acme/support-bot';
const NOW = '2026-11-22T00:00:00Z';

describe('aispm scan scoring', () => {
  it('scores every finding and AI system and sorts findings by score', async () => {
    const dir = workspace();
    const t = io(dir);
    expect(await runCli(['scan', 'estate.jsonl', '--format', 'json', '--now', NOW, '--no-record'], t.io)).toBe(EXIT_CODES.ok);
    const doc = JSON.parse(t.out()) as {
      findings: Array<{ id: string }>;
      scores: Array<{ subject: string; kind: string; value: number | null; band: string; modelId: string }>;
      extras: { portfolio: { modelId: string; overall: { evaluated: number } } };
    };
    expect(doc.findings.length).toBeGreaterThan(1); // the baseline pack finds several problems here
    const findingScores = doc.scores.filter((s) => s.kind === 'finding');
    expect(findingScores.map((s) => s.subject).sort()).toEqual(doc.findings.map((f) => f.id).sort());
    const order = doc.findings.map((f) => findingScores.find((s) => s.subject === f.id)?.value ?? -1);
    expect(order).toEqual([...order].sort((a, b) => b - a));
    const app = doc.scores.find((s) => s.subject === APP);
    expect(app).toMatchObject({ kind: 'asset', modelId: 'aispm:default-risk@1.0.0' });
    expect(doc.extras.portfolio.modelId).toBe('aispm:default-risk@1.0.0');
    expect(doc.extras.portfolio.overall.evaluated).toBeGreaterThanOrEqual(doc.findings.length);
  });
});

describe('aispm explain', () => {
  it('explains an asset from a live run and from a saved result the same way', async () => {
    const dir = workspace();
    const saved = io(dir);
    await runCli(['scan', 'estate.jsonl', '--format', 'json', '--now', NOW, '--no-record', '--out', 'result.json'], saved.io);
    const live = io(dir);
    expect(await runCli(['explain', APP, 'estate.jsonl', '--now', NOW], live.io)).toBe(EXIT_CODES.ok);
    const fromFile = io(dir);
    expect(await runCli(['explain', APP, '--from', 'result.json'], fromFile.io)).toBe(EXIT_CODES.ok);
    expect(fromFile.out()).toBe(live.out());
    const text = live.out();
    expect(text.split('\n')[0]).toBe(`Asset ${APP} (application) "support-bot"`);
    expect(text).toContain('Deployment surface: Public, anonymous — public, authentication none');
    expect(text).toContain(
      'Data-class exposure: Special category — pii on the asset; regulated data leaves to provider:openai without a processor agreement (one step up)',
    );
  });

  it('explains the top finding by a unique prefix of its id', async () => {
    const dir = workspace();
    const saved = io(dir);
    await runCli(['scan', 'estate.jsonl', '--format', 'json', '--now', NOW, '--no-record', '--out', 'result.json'], saved.io);
    const doc = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { findings: Array<{ id: string; ruleId: string }> };
    const top = doc.findings[0] as { id: string; ruleId: string };
    const t = io(dir);
    expect(await runCli(['explain', top.id.slice(0, 12), '--from', 'result.json'], t.io)).toBe(EXIT_CODES.ok);
    const lines = t.out().split('\n');
    expect(lines[0]?.startsWith(`Finding ${top.id} ${top.ruleId} [open]: `)).toBe(true);
    expect(lines[4]).toMatch(/^Vector: aispm:default-risk@1\.0\.0\/LK:[LMHX]\/IM:[LMHX]\/CF:/);
    expect(t.out()).toContain('Caps and gates: ');
  });

  it('prints Markdown and JSON', async () => {
    const dir = workspace();
    const md = io(dir);
    expect(await runCli(['explain', APP, 'estate.jsonl', '--format', 'markdown'], md.io)).toBe(EXIT_CODES.ok);
    expect(md.out().split('\n')[0]).toBe(`## Asset \`${APP}\``);
    const js = io(dir);
    expect(await runCli(['explain', APP, 'estate.jsonl', '--format', 'json'], js.io)).toBe(EXIT_CODES.ok);
    expect(JSON.parse(js.out())).toMatchObject({ subject: APP, kind: 'asset', modelId: 'aispm:default-risk@1.0.0' });
  });

  it('says clearly when the id matches nothing or several subjects, and rejects bad usage', async () => {
    const dir = workspace();
    const none = io(dir);
    expect(await runCli(['explain', 'asset:nope', 'estate.jsonl'], none.io)).toBe(EXIT_CODES.usage);
    expect(none.err()).toMatch(/^aispm explain: no scored finding or asset "asset:nope" \(\d+ scores in the run\)\n$/);
    const fmt = io(dir);
    expect(await runCli(['explain', APP, 'estate.jsonl', '--format', 'html'], fmt.io)).toBe(EXIT_CODES.usage);
    expect(fmt.err()).toBe('aispm explain: --format takes one of text, markdown, json, got "html"\n');
    const bad = io(dir);
    writeFileSync(join(dir, 'not-a-result.json'), '{"hello": 1}');
    expect(await runCli(['explain', APP, '--from', 'not-a-result.json'], bad.io)).toBe(EXIT_CODES.usage);
    expect(bad.err()).toContain('has no "scores" array');
  });
});
