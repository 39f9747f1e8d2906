import { cpSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIO, EXIT_CODES, runCli, ScanResultSchema } from '@aispm/cli';
import { describe, expect, it } from 'vitest';
import { sourceForPath } from '../../src/sources/index';

const FIXTURES = join(import.meta.dirname, '../../../connectors/test/fixtures/repos');

function io(cwd: string) {
  const out: string[] = [];
  const value: CliIO = { stdout: (t) => out.push(t), stderr: () => {}, cwd, env: {}, isTTY: false };
  return { io: value, out: () => out.join('') };
}

function workspace(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'aispm-repo-src-'));
  cpSync(join(FIXTURES, fixture), join(dir, fixture), { recursive: true });
  return dir;
}

describe('repo source', () => {
  it('routes folders to the repository scanner and folders of observation exports to observations', async () => {
    const dir = workspace('py-rag-openai');
    expect(await sourceForPath('py-rag-openai', dir)).toEqual({ type: 'repo', path: 'py-rag-openai' });
    writeFileSync(join(dir, 'a.jsonl'), '');
    expect(await sourceForPath('.', dir)).toEqual({ type: 'observations', path: '.' });
  });

  it('aispm scan <dir> inventories the tree, with file:line provenance, a cache and a fingerprint key under .aispm', async () => {
    const dir = workspace('keys-mixed');
    const t = io(dir);
    const code = await runCli(['scan', 'keys-mixed', '--format', 'json', '--no-record', '--quiet', '--now', '2026-11-22T00:00:00Z'], t.io);
    expect(code).not.toBe(EXIT_CODES.usage);
    const doc = ScanResultSchema.parse(JSON.parse(t.out()));
    const creds = doc.inventory.assets.filter((a) => a.kind === 'credential');
    expect(creds).toHaveLength(27);
    expect(creds.every((c) => c.provenance[0]?.locator.file && c.provenance[0]?.locator.line)).toBe(true);
    expect(t.out()).not.toContain('gM0Kbg26KpZcVt0c');
    expect(existsSync(join(dir, '.aispm', 'fingerprint.key'))).toBe(true);
    // The tree's file cache, and the pattern set's automaton shared by every tree scanned from here.
    expect(readdirSync(join(dir, '.aispm', 'cache')).map((n) => n.replace(/-[0-9a-f]+(\.bin)?$/, ''))).toEqual(['automaton', 'repo']);
  });

  it('reports bad options as diagnostics pointing into the source entry', async () => {
    const dir = workspace('py-rag-openai');
    writeFileSync(
      join(dir, 'aispm.config.yaml'),
      'version: 1\nsources:\n  - type: repo\n    path: py-rag-openai\n    options: { workers: -3 }\nrecord: false\n',
    );
    const t = io(dir);
    await runCli(['scan', '--config', 'aispm.config.yaml', '--format', 'json', '--quiet'], t.io);
    const doc = ScanResultSchema.parse(JSON.parse(t.out()));
    expect(doc.diagnostics.map((d) => [d.code, d.path])).toContainEqual(['config/too_small', '/options/workers']);
  });

  it('a BOM with no gate and no record skips the later stages; its output is the same as with them', async () => {
    const dir = workspace('keys-mixed');
    const args = ['scan', 'keys-mixed', '--format', 'cyclonedx', '--no-record', '--quiet', '--now', '2026-11-22T00:00:00Z'];
    const plain = io(dir);
    expect(await runCli(args, plain.io)).toBe(EXIT_CODES.ok);
    // --fail-on needs the findings, so the baseline stage runs; the BOM must not change.
    const gated = io(dir);
    expect(await runCli([...args, '--fail-on', 'info'], gated.io)).toBe(EXIT_CODES.findings);
    expect(plain.out()).toBe(gated.out());
    expect(JSON.parse(plain.out()).components.length).toBeGreaterThan(20);
  });
});
