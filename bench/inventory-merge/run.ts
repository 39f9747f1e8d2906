// Merges N observations (default 1,000,000) into about N/5 assets and 3N/5 relationships and
// reports wall time and peak memory, against a naive merge (a Map keyed by id with
// last-write-wins Object.assign: no identity normalisation, no provenance, no conflicts) of the
// same stream, each in its own child process, in one run.
//   npx tsx --tsconfig tsconfig.scripts.json bench/inventory-merge/run.ts
// Env: BENCH_OBSERVATIONS (default 1000000), BENCH_VALIDATE (1 = validate every observation).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInventory, type Observation } from '@aispm/core';

const N = Number(process.env.BENCH_OBSERVATIONS ?? 1_000_000);
const ASSETS = Math.round(N / 5);
const EDGES = Math.round((3 * N) / 5);
const ASSET_OBS = N - EDGES;

const KINDS = ['model', 'application', 'library', 'dataset', 'agent', 'tool', 'provider'] as const;
const CONNECTORS = ['repo', 'gateway', 'bom', 'cmdb'];

function assetKey(i: number): { kind: (typeof KINDS)[number]; key: string } {
  const kind = KINDS[i % KINDS.length] as (typeof KINDS)[number];
  switch (kind) {
    case 'model':
      return { kind, key: `gpt-4o-${i}-2024-08-06` };
    case 'application':
      return { kind, key: `git@github.com:Acme/app-${i}.git` };
    case 'library':
      return { kind, key: `pypi/Lib_${i}` };
    case 'provider':
      return { kind, key: `Vendor ${i}` };
    default:
      return { kind, key: `${kind}-${i}` };
  }
}

export function* observations(): Generator<Observation> {
  // Asset observations: every asset seen about twice, by different connectors, with attributes
  // that sometimes disagree (so conflicts are recorded).
  for (let n = 0; n < ASSET_OBS; n++) {
    const i = n % ASSETS;
    const round = Math.floor(n / ASSETS);
    const { kind, key } = assetKey(i);
    yield {
      type: 'asset',
      asset: { kind, key, labels: { team: `t${i % 50}` }, attributes: kind === 'model' ? { license: round % 2 ? 'mit' : 'apache-2.0' } : {} },
      provenance: {
        connector: CONNECTORS[(i + round) % CONNECTORS.length] as string,
        basis: round % 2 ? 'declared' : 'inferred',
        observedAt: `2026-0${1 + (round % 9)}-01T00:00:00.000Z`,
        locator: { file: `src/f${i % 1000}.py`, line: 1 + (i % 300) },
      },
    } as Observation;
  }
  // Applications are the assets with i % KINDS.length === 1; each calls about EDGES / APPS distinct targets.
  const APPS = Math.floor(ASSETS / KINDS.length);
  for (let e = 0; e < EDGES; e++) {
    const r = e % APPS;
    const q = Math.floor(e / APPS);
    const from = assetKey(r * KINDS.length + 1);
    const to = assetKey((q + 31 * r) % ASSETS);
    yield {
      type: 'relationship',
      relationship: { type: 'calls', from, to },
      provenance: {
        connector: 'repo',
        basis: 'inferred',
        observedAt: '2026-01-01T00:00:00.000Z',
        locator: { file: `src/f${e % 1000}.py`, line: 1 + (e % 300) },
      },
    } as Observation;
  }
}

function peakRssMiB(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Math.round(Number(m[1]) / 1024) : Math.round(process.memoryUsage().rss / 1048576);
}

function child(mode: string): { ms: number; peak: number; assets: number; relationships: number } {
  const t0 = performance.now();
  let assets = 0;
  let relationships = 0;
  if (mode === 'aispm') {
    const inv = createInventory({ validate: process.env.BENCH_VALIDATE === '1' });
    for (const o of observations()) {
      const r = inv.add(o);
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
    }
    // Materialise everything once, as a snapshot would.
    assets = inv.assets().length;
    relationships = inv.relationships().length;
  } else if (mode === 'naive') {
    const nodes = new Map<string, Record<string, unknown>>();
    const edges = new Map<string, Record<string, unknown>>();
    for (const o of observations()) {
      if (o.type === 'asset') {
        const id = `${o.asset.kind}:${o.asset.key}`;
        nodes.set(id, Object.assign(nodes.get(id) ?? {}, o.asset, { provenance: o.provenance }));
      } else {
        const r = o.relationship;
        const key = (x: typeof r.from) => (typeof x === 'string' ? x : `${x.kind}:${x.key}`);
        const id = `${r.type}:${key(r.from)}->${key(r.to)}`;
        edges.set(id, Object.assign(edges.get(id) ?? {}, r, { provenance: o.provenance }));
      }
    }
    assets = nodes.size;
    relationships = edges.size;
  } else {
    for (const _ of observations()) assets++;
  }
  return { ms: performance.now() - t0, peak: peakRssMiB(), assets, relationships };
}

if (process.env.BENCH_NO_MAIN) {
  // Imported by another script: only the generator is wanted.
} else if (process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(child(process.argv[3] as string)));
} else {
  const self = fileURLToPath(import.meta.url);
  const run = (mode: string) =>
    JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=4096', self, '--child', mode], {
        env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.scripts.json' },
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      }),
    ) as ReturnType<typeof child>;
  const gen = run('generate');
  const naive = run('naive');
  const aispm = run('aispm');
  const rows = [
    ['generate only', gen],
    ['naive Map merge', naive],
    ['aispm createInventory', aispm],
  ] as const;
  console.log(`observations: ${N.toLocaleString('en')}  validate: ${process.env.BENCH_VALIDATE === '1'}`);
  for (const [name, r] of rows)
    console.log(
      `${name.padEnd(24)} ${(r.ms / 1000).toFixed(2).padStart(7)} s  peak RSS ${String(r.peak).padStart(5)} MiB  assets ${r.assets}  relationships ${r.relationships}`,
    );
  console.log(`ratio aispm / naive: time ${(aispm.ms / naive.ms).toFixed(2)}x, peak memory ${(aispm.peak / naive.peak).toFixed(2)}x`);
  console.log(`goal: < 20 s and < 2048 MiB → ${aispm.ms < 20_000 && aispm.peak < 2048 ? 'met' : 'NOT met'}`);
}
