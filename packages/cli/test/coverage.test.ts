import { fileURLToPath } from 'node:url';
import { type CliIO, EXIT_CODES, runCli } from '@aispm/cli';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('./fixtures/coverage-estate/', import.meta.url));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: dir, env: {}, isTTY: false };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

describe('aispm coverage', () => {
  it('prints the coverage of a framework as JSON', async () => {
    const t = io();
    const code = await runCli(['coverage', '--framework', 'owasp-llm-2025', 'estate.jsonl', '--format', 'json', '--now', '2026-11-22T00:00:00Z'], t.io);
    expect(code).toBe(EXIT_CODES.ok);
    const doc = JSON.parse(t.out());
    expect(doc.target).toEqual({ kind: 'framework', id: 'owasp-llm-2025', title: 'OWASP Top 10 for LLM Applications' });
    expect(doc.summary.total).toBe(10);
    const byId = Object.fromEntries(doc.controls.map((c: { id: string }) => [c.id, c]));
    expect(byId['LLM02:2025'].status).toBe('gap');
    expect(byId['LLM02:2025'].failingAssets).toContain('credential:openai/ab12');
    expect(byId['LLM06:2025'].status).toBe('gap');
    expect(byId['LLM06:2025'].failingAssets).toContain('agent:ops-agent');
    for (const c of doc.controls) expect(['satisfied', 'gap', 'not-assessed', 'manual']).toContain(c.status);
  });

  it('prints a profile as a table, with manual controls', async () => {
    const t = io();
    const code = await runCli(['coverage', '--framework', 'eu-ai-act-high-risk-provider', 'estate.jsonl', '--now', '2026-11-22T00:00:00Z'], t.io);
    expect(code).toBe(EXIT_CODES.ok);
    expect(t.out()).toContain('EU AI Act: obligations of providers of high-risk AI systems');
    expect(t.out()).toMatch(/Art\. 17\s+manual/);
    expect(t.out()).toMatch(/Art\. 14\s+gap/);
  });

  it('attributes rules through crosswalks on request', async () => {
    const t = io();
    await runCli(
      ['coverage', '--framework', 'nist-ai-600-1', 'estate.jsonl', '--format', 'json', '--via-crosswalks', 'related', '--now', '2026-11-22T00:00:00Z'],
      t.io,
    );
    const doc = JSON.parse(t.out());
    const gai04 = doc.controls.find((c: { id: string }) => c.id === 'GAI-04');
    expect(gai04.status).toBe('gap');
    expect(gai04.via).toContain('owasp-llm-2025:LLM02:2025');
    expect(await runCli(['coverage', '--framework', 'nist-ai-600-1', 'estate.jsonl', '--via-crosswalks', 'maybe'], io().io)).toBe(EXIT_CODES.usage);
  });

  it('rejects an unknown framework and a missing --framework', async () => {
    expect(await runCli(['coverage', '--framework', 'nope', 'estate.jsonl'], io().io)).toBe(EXIT_CODES.usage);
    expect(await runCli(['coverage', 'estate.jsonl'], io().io)).toBe(EXIT_CODES.usage);
  });
});
