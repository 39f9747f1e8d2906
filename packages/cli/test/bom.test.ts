import { join } from 'node:path';
import { readBom } from '@aispm/core';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../src/io';
import { runCli } from '../src/main';
import { sourceForPath } from '../src/sources/index';

const dir = join(__dirname, 'fixtures', 'bom');

function io(): CliIO & { out: string; err: string } {
  const o = { out: '', err: '', cwd: dir, env: {}, isTTY: false } as CliIO & { out: string; err: string };
  o.stdout = (t) => {
    o.out += t;
  };
  o.stderr = (t) => {
    o.err += t;
  };
  return o;
}

describe('aispm bom', () => {
  it('validate: a valid BOM exits 0', async () => {
    const x = io();
    expect(await runCli(['bom', 'validate', 'mlbom-1.6.cdx.json'], x)).toBe(0);
    expect(x.out).toContain('mlbom-1.6.cdx.json: cyclonedx-json 1.6: valid (0 issues)');
  });

  it('validate: an invalid BOM prints its issues with lines and exits non-zero', async () => {
    const x = io();
    expect(await runCli(['bom', 'validate', 'bad.cdx.json'], x)).toBe(1);
    expect(x.out).toContain('bad.cdx.json:8:');
    expect(x.out).toContain('bom/duplicate-ref');
    expect(x.out).toContain('bom/dangling-ref');
    expect(x.out).toContain('bom/invalid-license-expression');
    expect(x.out).toContain('warning bom/dependency-cycle');
    expect(x.out).toContain('invalid');
  });

  it('routes BOM files to the bom source', async () => {
    expect(await sourceForPath('mlbom-1.6.cdx.json', dir)).toEqual({ type: 'bom', path: 'mlbom-1.6.cdx.json' });
    expect(await sourceForPath('ai-dataset-3.0.1.spdx3.json', dir)).toEqual({ type: 'bom', path: 'ai-dataset-3.0.1.spdx3.json' });
  });

  for (const [format, reader] of [
    ['cyclonedx', 'cyclonedx-json'],
    ['cyclonedx-xml', 'cyclonedx-xml'],
    ['spdx', 'spdx-3-jsonld'],
  ] as const) {
    it(`scan of BOM files writes --format ${format}`, async () => {
      const x = io();
      const code = await runCli(
        ['scan', 'mlbom-1.6.cdx.json', 'ai-dataset-3.0.1.spdx3.json', '--format', format, '--no-record', '--quiet', '--now', '2026-05-01T00:00:00Z'],
        x,
      );
      void code;
      const r = readBom(x.out);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.format).toBe(reader);
      expect(r.value.observations.some((o) => o.type === 'asset' && (o.asset as { id?: string }).id === 'model:unknown/fraud-detector')).toBe(true);
    });
  }
});

describe('bom source', () => {
  it('reads every BOM file under a folder and reports bad files without stopping', async () => {
    const { runScan } = await import('../src/pipeline');
    const run = await runScan({ sources: [{ type: 'bom', path: '.' }], baseDir: dir, now: new Date('2026-05-01T00:00:00Z'), stageOptions: { record: false } });
    expect(run.sources[0]).toMatchObject({ type: 'bom', status: 'ok' });
    expect(run.inventory.has('model:unknown/fraud-detector')).toBe(true);
    expect(run.inventory.has('model:huggingface/example-labs/sentiment-classifier')).toBe(true);
    expect(run.diagnostics.some((d) => d.code === 'bom/duplicate-ref' && d.file === 'bad.cdx.json')).toBe(true);
  });
});
