// Profiles only the evaluation step (writes a .cpuprofile); a development aid for run.ts.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { createInventory, evaluateRules, type RuleSource } from '@aispm/core';
import { syntheticEstate, syntheticPack } from './synthetic';

const ASSETS = Number(process.env.BENCH_ASSETS ?? 10_000);
const EDGES = Number(process.env.BENCH_RELATIONSHIPS ?? 30_000);
const OUT = process.env.BENCH_PROFILE_OUT ?? 'baseline-eval.cpuprofile';

async function main() {
  const inv = createInventory({ validate: false });
  for (const o of syntheticEstate(ASSETS, EDGES)) inv.add(o);
  inv.snapshot();
  let source: RuleSource = syntheticPack() as RuleSource;
  if (process.env.BENCH_PACK === 'baseline') source = (await import('@aispm/frameworks')).baselinePack as RuleSource;
  const s = new Session();
  s.connect();
  await s.post('Profiler.enable');
  await s.post('Profiler.start');
  const t = performance.now();
  const ev = evaluateRules(inv, source, { now: new Date('2026-11-22T00:00:00Z') });
  const ms = performance.now() - t;
  const { profile } = await s.post('Profiler.stop');
  writeFileSync(OUT, JSON.stringify(profile));
  process.stdout.write(`evaluate ${ms.toFixed(0)} ms, ${ev.results.length} results\n`);
}
void main();
