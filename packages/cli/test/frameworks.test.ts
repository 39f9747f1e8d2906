import { type CliIO, EXIT_CODES, runCli } from '@aispm/cli';
import { describe, expect, it } from 'vitest';

function io() {
  const out: string[] = [];
  const value: CliIO = { stdout: (t) => out.push(t), stderr: () => {}, cwd: '.', env: {}, isTTY: false };
  return { io: value, out: () => out.join('') };
}

describe('aispm frameworks', () => {
  it('lists every catalog and profile as JSON', async () => {
    const t = io();
    expect(await runCli(['frameworks', 'list', '--format', 'json'], t.io)).toBe(EXIT_CODES.ok);
    const doc = JSON.parse(t.out());
    expect(doc.frameworks).toHaveLength(14);
    expect(doc.frameworks.find((f: { id: string }) => f.id === 'nist-ai-rmf-1.0')).toMatchObject({ controls: 72, items: 95, confidence: 'verified-primary' });
    expect(doc.profiles.map((p: { id: string }) => p.id)).toContain('eu-ai-act-deployer');
  });

  it('shows a framework, filtered by kind', async () => {
    const t = io();
    expect(await runCli(['frameworks', 'show', 'iso-42001-2023', '--kind', 'control', '--format', 'json'], t.io)).toBe(EXIT_CODES.ok);
    const doc = JSON.parse(t.out());
    expect(doc.controls).toHaveLength(38);
    expect(doc.publisher).toBe('ISO/IEC JTC 1/SC 42');
    const table = io();
    await runCli(['frameworks', 'show', 'owasp-llm-2025'], table.io);
    expect(table.out()).toMatch(/LLM01:2025\s+risk\s+Prompt Injection/);
  });

  it('shows a profile and rejects unknown ids', async () => {
    const t = io();
    expect(await runCli(['frameworks', 'show', 'owasp-llm-essentials'], t.io)).toBe(EXIT_CODES.ok);
    expect(t.out()).toContain('owasp-agentic-2026:ASI02');
    expect(await runCli(['frameworks', 'show', 'nope'], io().io)).not.toBe(EXIT_CODES.ok);
  });
});
