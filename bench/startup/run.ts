// Start-up cost of the CLI: `aispm --version` and a scan of an empty input, against `node -e 0`,
// measured in one run (median of N runs each). Needs a build first: `npm run build`.
//   npx tsx --tsconfig tsconfig.scripts.json bench/startup/run.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const bin = fileURLToPath(new URL('../../packages/cli/bin/aispm.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'aispm-startup-'));
const empty = join(dir, 'empty.jsonl');
writeFileSync(empty, '');

function median(cmd: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, cmd, { cwd: dir, encoding: 'utf8' });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${cmd.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const base = median(['-e', '0']);
const version = median([bin, '--version']);
const scan = median([bin, 'scan', empty, '--format', 'json', '--no-record', '--quiet']);
console.log(`runs: ${RUNS} (median)`);
console.log(`node -e 0                ${base.toFixed(0).padStart(5)} ms`);
console.log(`aispm --version          ${version.toFixed(0).padStart(5)} ms  ${(version / base).toFixed(2)}x`);
console.log(`aispm scan <empty>       ${scan.toFixed(0).padStart(5)} ms  ${(scan / base).toFixed(2)}x`);
console.log(`goal: within 3x of node -e 0 → ${version / base <= 3 && scan / base <= 3 ? 'met' : 'NOT met'}`);
