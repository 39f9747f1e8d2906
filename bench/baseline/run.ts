// Benchmark: the whole baseline rule pack over a large inventory, against loading that
// inventory's snapshot (read + JSON.parse) in the same run. See README.md.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInventory, evaluateRules, type RuleSource } from '@aispm/core';
import { syntheticEstate, syntheticPack } from './synthetic';

const ASSETS = Number(process.env.BENCH_ASSETS ?? 100_000);
const EDGES = Number(process.env.BENCH_RELATIONSHIPS ?? 300_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PACK = process.env.BENCH_PACK ?? 'auto'; // auto | baseline | synthetic

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function pickPack(): Promise<{ name: string; source: RuleSource; controls?: Record<string, string[]> }> {
  if (PACK !== 'synthetic') {
    const fw = (await import('@aispm/frameworks')) as Record<string, unknown>;
    const pack = fw.baselinePack as { rules?: unknown[] } | undefined;
    if (pack && Array.isArray(pack.rules)) return { name: `baselinePack (${pack.rules.length} rules)`, source: pack as RuleSource };
    if (PACK === 'baseline') throw new Error('@aispm/frameworks exports no baselinePack yet');
  }
  const p = syntheticPack();
  return { name: `synthetic (${p.rules.length} rules)`, source: p as RuleSource };
}

async function main() {
  const log = (s: string) => process.stdout.write(`${s}\n`);
  log(
    `baseline bench: ${ASSETS} assets, ${EDGES} relationships, ${RUNS} runs, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  let t = performance.now();
  const inv = createInventory({ validate: false });
  for (const o of syntheticEstate(ASSETS, EDGES)) inv.add(o);
  const snapshot = inv.snapshot(); // also materialises every asset and edge (the inventory a scan hands to the rules)
  log(`built inventory: ${inv.size} assets, ${inv.relationshipCount} relationships in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const dir = mkdtempSync(join(tmpdir(), 'aispm-bench-baseline-'));
  const file = join(dir, 'snapshot.json');
  writeFileSync(file, JSON.stringify(snapshot));
  log(`snapshot: ${(readFileSync(file).length / 1e6).toFixed(0)} MB`);

  const { name, source } = await pickPack();
  log(`pack: ${name}`);
  const loads: number[] = [];
  const evals: number[] = [];
  let counts: Record<string, number> = {};
  let results = 0;
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { assets: unknown[] };
    loads.push(performance.now() - t);
    if (parsed.assets.length !== inv.size) throw new Error('snapshot mismatch');
    t = performance.now();
    const ev = evaluateRules(inv, source, { now: new Date('2026-11-22T00:00:00Z') });
    evals.push(performance.now() - t);
    counts = ev.counts;
    results = ev.results.length;
    if (ev.issues.some((x) => x.severity !== 'warning')) throw new Error(`pack issues: ${JSON.stringify(ev.issues.slice(0, 3))}`);
  }
  rmSync(dir, { recursive: true, force: true });
  const load = median(loads);
  const evalMs = median(evals);
  log(
    `results: ${results} (${Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
  );
  log(`load (read + JSON.parse), median of ${RUNS}: ${(load / 1000).toFixed(2)} s   [${loads.map((x) => (x / 1000).toFixed(2)).join(', ')}]`);
  log(`evaluate, median of ${RUNS}:                 ${(evalMs / 1000).toFixed(2)} s   [${evals.map((x) => (x / 1000).toFixed(2)).join(', ')}]`);
  log(`ratio evaluate / load: ${(evalMs / load).toFixed(2)}x (goal <= 5x), evaluate < 5 s: ${evalMs < 5000 ? 'yes' : 'no'}`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
