// Every script in examples/ runs here, in a child process (scripts print; tests must not).
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const examplesDir = fileURLToPath(new URL('./', import.meta.url));
const repoRoot = join(examplesDir, '..');
const tsx = join(repoRoot, 'node_modules/tsx/dist/cli.mjs');

function scripts(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      // Example estates hold applications for the scanner to read, not scripts to run.
      if (name !== 'estates' && name !== 'node_modules') out.push(...scripts(p));
    } else if (/\.(ts|mts)$/.test(name) && !/\.test\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const all = scripts(examplesDir);

describe('examples', () => {
  it('has scripts to run', () => {
    expect(all.length).toBeGreaterThan(0);
  });
  for (const script of all) {
    it(`runs ${relative(examplesDir, script)}`, async () => {
      const { stdout } = await run(process.execPath, [tsx, '--tsconfig', join(repoRoot, 'tsconfig.scripts.json'), script], {
        cwd: repoRoot,
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      expect(stdout.length).toBeGreaterThan(0);
    }, 150_000);
  }
});
