import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CliIO, EXIT_CODES, loadConfig, runCli, runScan } from '@aispm/cli';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('./fixtures/rules-user/', import.meta.url));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: dir, env: {}, isTTY: false };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

describe('aispm rules', () => {
  it('lists the rules of the configured files as JSON', async () => {
    const t = io();
    const code = await runCli(['rules', 'list', '--config', 'aispm.config.yaml', '--no-baseline', '--format', 'json'], t.io);
    const doc = JSON.parse(t.out());
    expect(
      doc.rules.map((r: { id: string; version: string; type: string; controls: string[]; source: string }) => [r.id, r.version, r.type, r.controls, r.source]),
    ).toEqual([
      ['x_com.acme:agent-human-approval', '1.2.0', 'condition', ['owasp-agentic-2026:ASI02'], 'acme-rules.yaml'],
      ['x_com.acme:agent-reaches-payments', '1.0.0', 'path', [], 'acme-rules.yaml'],
    ]);
    // the broken file is reported with its line, and makes the command fail
    expect(doc.diagnostics).toEqual([expect.objectContaining({ file: 'broken-rules.yaml', path: '/0/title', line: 3, code: 'rule/custom' })]);
    expect(code).toBe(EXIT_CODES.error);
  });

  it('lists as a table', async () => {
    const t = io();
    await runCli(['rules', 'list', '--config', 'aispm.config.yaml', '--no-baseline'], t.io);
    expect(t.out()).toContain('x_com.acme:agent-reaches-payments');
    expect(t.out()).toMatch(/\n2 rules\n$/);
    expect(t.err()).toContain('broken-rules.yaml:3');
  });

  it('lints rule files, running their examples', async () => {
    const ok = io();
    expect(await runCli(['rules', 'lint', 'acme-rules.yaml', '--require-examples'], ok.io)).toBe(EXIT_CODES.ok);
    expect(ok.out()).toBe('acme-rules.yaml: 2 rules ok\n');
    const bad = io();
    expect(await runCli(['rules', 'lint', 'broken-rules.yaml', '--require-examples', '--format', 'json'], bad.io)).toBe(EXIT_CODES.usage);
    const doc = JSON.parse(bad.out());
    expect(doc.ok).toBe(false);
    expect(doc.files[0].issues.map((i: { path: string; code: string }) => [i.path, i.code])).toEqual([['/0/title', 'rule/custom']]);
  });

  it('lists the baseline pack with its mapped controls', async () => {
    const t = io();
    const code = await runCli(['rules', 'list', '--format', 'json'], t.io);
    expect(code).toBe(EXIT_CODES.ok);
    const doc = JSON.parse(t.out());
    const baseline = doc.rules.filter((r: { source: string }) => r.source === 'baseline');
    expect(baseline.length).toBeGreaterThanOrEqual(100);
    expect(baseline.every((r: { id: string; controls: string[] }) => r.id.startsWith('aispm:') && r.controls.length > 0)).toBe(true);
    expect(doc.diagnostics).toEqual([]);
  });

  it('rejects an unknown subcommand as usage', async () => {
    const t = io();
    expect(await runCli(['rules', 'frobnicate'], t.io)).toBe(EXIT_CODES.usage);
  });
});

describe('aispm scan with rules', () => {
  it('evaluates the configured rule files, turns failures into findings and reports bad files', async () => {
    const t = io();
    const code = await runCli(['scan', '--config', 'aispm.config.yaml', '--format', 'json', '--now', '2026-11-22T00:00:00Z', '--no-record'], t.io);
    expect(code).toBe(EXIT_CODES.ok);
    const doc = JSON.parse(t.out());
    const mine = doc.findings
      .filter((f: { ruleId: string }) => f.ruleId.startsWith('x_com.acme:'))
      .sort((a: { ruleId: string }, b: { ruleId: string }) => (a.ruleId < b.ruleId ? -1 : 1));
    expect(mine.map((f: { ruleId: string; assetIds: string[]; state: string; controls: string[] }) => [f.ruleId, f.assetIds, f.state, f.controls])).toEqual([
      ['x_com.acme:agent-human-approval', ['agent:billing'], 'open', ['owasp-agentic-2026:ASI02']],
      ['x_com.acme:agent-reaches-payments', ['agent:billing', 'mcp-server:npm/stripe-mcp', 'tool:refund'], 'open', []],
    ]);
    expect(mine[0].evidence[0]).toMatchObject({ assetId: 'agent:billing', pointer: '/attributes/humanApproval', observed: false });
    expect(mine[0].evidence[0].provenance[0]).toMatchObject({ connector: 'cmdb', locator: { file: 'cmdb.csv', line: 2 } });
    expect(mine[0].firstSeen).toBe('2026-11-22T00:00:00.000Z');
    expect(doc.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'broken-rules.yaml', path: '/0/title', line: 3 })]));
    expect(doc.extras.baseline.ruleFiles).toEqual(['acme-rules.yaml', 'broken-rules.yaml']);
    // the baseline pack ran too, and its findings carry their mapped control references
    const baseline = doc.findings.filter((f: { ruleId: string }) => f.ruleId.startsWith('aispm:'));
    expect(baseline.length).toBeGreaterThan(0);
    expect(baseline.every((f: { controls: string[] }) => f.controls.length > 0)).toBe(true);
  });
});

describe('the baseline stage', () => {
  it('can leave the baseline out and keeps every result, not only failures', async () => {
    const config = await loadConfig(join(dir, 'aispm.config.yaml'));
    const run = await runScan({
      sources: config.sources,
      baseDir: dir,
      config,
      now: new Date('2026-11-22T00:00:00Z'),
      stageOptions: { baseline: false, record: false },
    });
    expect([...new Set(run.results.map((r) => r.ruleId))]).toEqual(['x_com.acme:agent-human-approval', 'x_com.acme:agent-reaches-payments']);
    expect(run.results.map((r) => [r.ruleId, r.assetIds[0], r.status])).toEqual([
      ['x_com.acme:agent-human-approval', 'agent:billing', 'fail'],
      ['x_com.acme:agent-human-approval', 'agent:faq', 'pass'],
      ['x_com.acme:agent-reaches-payments', 'agent:billing', 'fail'],
      ['x_com.acme:agent-reaches-payments', 'agent:faq', 'pass'],
    ]);
    expect(run.findings.map((f) => f.ruleId).sort()).toEqual(['x_com.acme:agent-human-approval', 'x_com.acme:agent-reaches-payments']);
    expect(run.extras.baseline).toEqual({
      rules: 2,
      ruleFiles: ['acme-rules.yaml', 'broken-rules.yaml'],
      results: { pass: 2, fail: 2, unknown: 0, not_applicable: 0, error: 0 },
    });
  });
});
