import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIO, EXIT_CODES, runCli, ScanResultSchema } from '@aispm/cli';
import { describe, expect, it } from 'vitest';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, env: {}, isTTY: false };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

const obs = (kind: string, key: string, connector = 'gateway', extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'asset', asset: { kind, key, ...extra }, provenance: { connector, observedAt: '2026-11-01T00:00:00Z', locator: { offset: 1 } } });

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aispm-scan-'));
  writeFileSync(
    join(dir, 'gateway.jsonl'),
    [
      obs('model', 'gpt-4o-2024-08-06'),
      obs('model', 'claude-3-5-sonnet-20241022'),
      obs('provider', 'Azure OpenAI'),
      '{"broken": ',
      obs('robot', 'r2d2'),
      JSON.stringify({
        type: 'relationship',
        relationship: { type: 'uses-model', from: { kind: 'application', key: 'git@github.com:acme/bot.git' }, to: { kind: 'model', key: 'gpt-4o' } },
        provenance: { connector: 'gateway', observedAt: '2026-11-01T00:00:00Z' },
      }),
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'cmdb.json'),
    JSON.stringify([
      JSON.parse(obs('provider', 'azure_openai', 'cmdb', { attributes: { approved: true } })),
      JSON.parse(obs('application', 'https://github.com/acme/bot', 'cmdb')),
    ]),
  );
  return dir;
}

describe('aispm scan', () => {
  it('prints one JSON document matching the shipped schema, merging sources and reporting bad input', async () => {
    const dir = workspace();
    const t = io(dir);
    const code = await runCli(['scan', 'gateway.jsonl', 'cmdb.json', '--format', 'json', '--now', '2026-11-22T00:00:00Z', '--no-record'], t.io);
    expect(code).toBe(EXIT_CODES.ok);
    const doc = ScanResultSchema.parse(JSON.parse(t.out()));
    expect(doc.inventory.assets.map((a) => a.id)).toEqual([
      'application:git/github.com/acme/bot',
      'model:anthropic/claude-3-5-sonnet',
      'model:openai/gpt-4o',
      'provider:azure-openai',
    ]);
    expect(doc.summary.byKind).toMatchObject({ model: 2, provider: 1, application: 1, agent: 0 });
    expect(doc.summary.byConnector).toEqual({ cmdb: 2, gateway: 3 });
    expect(doc.run.sources.map((s) => [s.path, s.observations, s.issues])).toEqual([
      ['gateway.jsonl', 4, 2],
      ['cmdb.json', 2, 0],
    ]);
    // Source diagnostics (stages may add their own, without a file).
    expect(doc.diagnostics.filter((d) => d.file).map((d) => [d.file, d.line, d.code, d.path])).toEqual([
      ['gateway.jsonl', 4, 'invalid-json', ''],
      ['gateway.jsonl', 5, 'unknown-kind', '/asset/kind'],
    ]);
    const provider = doc.inventory.assets.find((a) => a.id === 'provider:azure-openai');
    expect(provider?.provenance.map((p) => p.connector)).toEqual(['cmdb', 'gateway']);
  });

  it('prints a table with counts by kind and assets with their sources', async () => {
    const dir = workspace();
    const t = io(dir);
    await runCli(['scan', '.', '--no-record', '--quiet'], t.io);
    const text = t.out();
    expect(text).toContain('4 assets, 1 relationships');
    expect(text).toMatch(/model\s+2/);
    expect(text).toMatch(/provider:azure-openai\s+Azure OpenAI\s+cmdb, gateway/);
    expect(text).toContain('gateway.jsonl:4:');
  });

  it('lists failing checks with their control references in the table', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'endpoint.jsonl'), obs('model-endpoint', 'support-api', 'cmdb', { attributes: { exposure: 'public', authentication: 'none' } }));
    const t = io(dir);
    await runCli(['scan', 'endpoint.jsonl', '--no-record', '--quiet', '--format', 'json'], t.io);
    const doc = JSON.parse(t.out());
    const t2 = io(dir);
    await runCli(['scan', 'endpoint.jsonl', '--no-record', '--quiet'], t2.io);
    const text = t2.out();
    expect(doc.findings.length).toBeGreaterThan(0);
    expect(text).toContain(`Failing checks (${doc.findings.length})`);
    for (const f of doc.findings) {
      expect(text).toContain(f.ruleId);
      if (f.controls[0]) expect(text).toContain(f.controls[0]);
    }
  });

  it('reads sources from a config file relative to it', async () => {
    const dir = workspace();
    writeFileSync(
      join(dir, 'aispm.config.yaml'),
      'version: 1\nsources:\n  - type: observations\n    path: cmdb.json\noutput:\n  format: json\n  out: out.json\nrecord: false\n',
    );
    const t = io(tmpdir());
    const code = await runCli(['scan', '--config', join(dir, 'aispm.config.yaml'), '--quiet'], t.io);
    expect(code).toBe(EXIT_CODES.ok);
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(doc.summary.assets).toBe(2);
  });

  it('uses the documented exit codes for usage and configuration errors', async () => {
    const dir = workspace();
    expect(await runCli(['scan', '.', '--format', 'pdf'], io(dir).io)).toBe(EXIT_CODES.usage);
    expect(await runCli(['scan', '.', '--fail-on', 'urgent'], io(dir).io)).toBe(EXIT_CODES.usage);
    expect(await runCli(['scan', '--bogus'], io(dir).io)).toBe(EXIT_CODES.usage);
    expect(await runCli(['nope'], io(dir).io)).toBe(EXIT_CODES.usage);
    writeFileSync(join(dir, 'bad.yaml'), 'sources: [\n');
    const t = io(dir);
    expect(await runCli(['scan', '--config', 'bad.yaml'], t.io)).toBe(EXIT_CODES.usage);
    expect(t.err()).toContain('bad.yaml');
    writeFileSync(join(dir, 'wrong.yaml'), 'version: 2\n');
    expect(await runCli(['scan', '--config', 'wrong.yaml'], io(dir).io)).toBe(EXIT_CODES.usage);
  });

  it('reports an unknown source type as a diagnostic and exits with a run error', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'c.yaml'), 'sources:\n  - type: nosuch\n  - type: observations\n    path: cmdb.json\n');
    const t = io(dir);
    const code = await runCli(['scan', '--config', 'c.yaml', '--format', 'json', '--no-record', '--quiet'], t.io);
    expect(code).toBe(EXIT_CODES.error);
    const doc = JSON.parse(t.out());
    expect(doc.summary.assets).toBe(2);
    expect(doc.diagnostics[0].code).toBe('config/unknown-source');
  });

  it('prints its version', async () => {
    const t = io(tmpdir());
    expect(await runCli(['--version'], t.io)).toBe(EXIT_CODES.ok);
    expect(t.out()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
