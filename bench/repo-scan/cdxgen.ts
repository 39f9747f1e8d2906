// aispm scan + CycloneDX ML-BOM against cdxgen's AI-BOM modes (`-t ai`, `--profile ml`) on the same trees, in one
// run: wall time, the share of real model identifiers among the models each tool reports, and
// whether each reports hard-coded keys.
//
//   AISPM_BUILD_FAST=1 npm run build
//   npx tsx --tsconfig tsconfig.scripts.json bench/repo-scan/cdxgen.ts
//
// Environment:
//   CDXGEN_BIN   the cdxgen executable (default: node_modules/.bin/cdxgen under the folder
//                `cdxgen` of the system's temporary directory); the comparison is skipped when
//                it is absent
//   CDXGEN_MODES cdxgen's modes, separated by `;` (default `-t ai;--profile ml`: its AI
//                inventory type, and its machine-learning BOM profile)
//   CDXGEN_LARGE `0` skips the larger tree: a copy of this repository's packages (sources, tests
//                and fixtures; no node_modules or builds) and examples, scanned once by each tool
//                (aispm and the first mode), where fixed start-up costs matter less
//   CDXGEN_TREES more trees, separated by `:` (e.g. one laid out by bench/repo-scan/ai-tree.ts),
//                copied to the temporary folder and scanned once by aispm and the first mode
//
// CPU time (user + system of the child processes, from /proc/self/stat) is reported beside wall
// time: the machine is shared, and CPU time is less sensitive to its load.
//
// The trees (the connector fixture repositories and the example estate's apps) are copied to a
// temporary folder first, so no cache or output lands in the repository. Their test oracles
// (`expected.json`, `*.conformance.json`) are left out of the copies.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { DEFAULT_MODEL_FAMILIES } from '@aispm/core';

const repo = resolve(import.meta.dirname, '..', '..');

// CPU time of the finished child processes so far, in milliseconds (Linux; 0 elsewhere).
const ticks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
function childCpuMs(): number {
  try {
    // Fields after the command name: cutime and cstime are the 14th and 15th.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[13]) + Number(f[14])) * 1000) / ticks;
  } catch {
    return 0;
  }
}
const cdxgen = process.env.CDXGEN_BIN ?? join(tmpdir(), 'cdxgen', 'node_modules', '.bin', 'cdxgen');
const modes = (process.env.CDXGEN_MODES ?? '-t ai;--profile ml')
  .split(';')
  .map((m) => m.trim())
  .filter(Boolean);
const aispm = join(repo, 'packages', 'cli', 'bin', 'aispm.mjs');

if (!existsSync(cdxgen)) {
  console.log(`cdxgen not found at ${cdxgen}: comparison skipped (install @cyclonedx/cdxgen outside the repository and set CDXGEN_BIN).`);
  process.exit(0);
}
if (!existsSync(join(repo, 'packages', 'cli', 'dist'))) {
  console.log('The CLI is not built: run `AISPM_BUILD_FAST=1 npm run build` first.');
  process.exit(1);
}

// 1. Copy the trees.
const work = mkdtempSync(join(tmpdir(), 'aispm-bench-cdxgen-'));
const sources = [join(repo, 'packages', 'connectors', 'test', 'fixtures', 'repos'), join(repo, 'examples', 'estates', 'acme', 'apps')];
const trees: string[] = [];
for (const src of sources) {
  for (const name of readdirSync(src).sort()) {
    if (!statSync(join(src, name)).isDirectory()) continue;
    const dest = join(work, 'trees', `${basename(resolve(src, '..'))}-${name}`);
    cpSync(join(src, name), dest, {
      recursive: true,
      filter: (p) => !/(^|\/)(expected\.json|[^/]*\.conformance\.json)$/.test(p),
    });
    trees.push(dest);
  }
}
mkdirSync(join(work, 'out'));

// 2. What counts as a real model identifier. The last path segment of the id (or the whole
//    `org/name` for Hugging Face ids) must start with one of the known model families of
//    @aispm/core (a provider or path prefix before it is allowed: `anthropic.claude-…`,
//    `models/gemini-…`) and carry a version or variant (a digit, `-` or `:`), so a bare word
//    such as `command` or `claude` does not count; or the id is a Hugging Face `org/name`
//    (one slash, Hugging Face's characters). A path to a model or source file (`.gguf`,
//    `.safetensors`, `.pkl`, `.py`…) is not an identifier. The id is the component's name; its
//    group is prefixed only for `pkg:huggingface/` purls (cdxgen puts a provider or the generic
//    namespace `ai` in the group of other models).
const families = DEFAULT_MODEL_FAMILIES.map((f) => new RegExp(`^(?:${f.pattern})`, 'i'));
const hfId = /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/;
const fileLike = /\.(py|ts|js|json|ya?ml|txt|md|toml|cfg|ini|java|go|cs|rb|rs|ipynb|gguf|safetensors|onnx|pt|pth|bin|ckpt|pkl|joblib|h5|keras|parquet)$/i;
export function isRealModelId(id: string): boolean {
  const s = id.trim();
  if (fileLike.test(s)) return false;
  if (hfId.test(s)) return true;
  const segments = s.split(/[/.:@]/).filter(Boolean);
  const candidates = [s, ...s.split('/').slice(1), ...segments.map((_, i) => segments.slice(i).join('.'))];
  return /[\d:-]/.test(s) && candidates.some((c) => families.some((re) => re.test(c)));
}

// 3. Reading a CycloneDX BOM: models are components of type `machine-learning-model` (nested
//    ones included); keys are aispm's `credential` assets, or for cdxgen any component or
//    service whose type, name or property names speak of secrets, credentials or API keys.
interface Component {
  type?: string;
  group?: string;
  name?: string;
  purl?: string;
  properties?: Array<{ name?: string; value?: string }>;
  components?: Component[];
}
interface Bom {
  components?: Component[];
  services?: Component[];
}
const flatten = (cs: Component[] = []): Component[] => cs.flatMap((c) => [c, ...flatten(c.components)]);
const modelIds = (bom: Bom) =>
  new Set(
    flatten(bom.components)
      .filter((c) => c.type === 'machine-learning-model')
      .map((c) => (c.group && c.purl?.startsWith('pkg:huggingface/') && !c.name?.includes('/') ? `${c.group}/${c.name}` : (c.name ?? ''))),
  );
const secretWords = /secret|credential|api[-_ ]?key|hard-?coded/i;
const keyFindings = (bom: Bom) => {
  let live = 0;
  let placeholder = 0;
  for (const c of [...flatten(bom.components), ...flatten(bom.services)]) {
    const kind = c.properties?.find((p) => p.name === 'aispm:kind')?.value;
    if (kind === 'credential') {
      const attrs = c.properties?.find((p) => p.name === 'aispm:attributes')?.value ?? '{}';
      if ((JSON.parse(attrs) as { placeholder?: boolean }).placeholder) placeholder++;
      else live++;
    } else if (
      kind === undefined &&
      (secretWords.test(c.type ?? '') || secretWords.test(c.name ?? '') || c.properties?.some((p) => secretWords.test(p.name ?? '')))
    ) {
      live++;
    }
  }
  return { live, placeholder };
};

// 4. Run both tools on every tree, one after the other, aispm first.
// Network lookups of cdxgen are turned off: licence fetching off, dependency installs off, and
// every registry it may query pointed at a closed local port (so a lookup fails at once).
const closed = 'http://127.0.0.1:9/';
const cdxgenEnv = {
  ...process.env,
  CDXGEN_NO_BANNER: 'true',
  FETCH_LICENSE: 'false',
  CDXGEN_FETCH_PKG_METADATA: 'false',
  ...Object.fromEntries(
    ['NPM_URL', 'NUGET_URL', 'PYPI_URL', 'GO_PKG_URL', 'MAVEN_CENTRAL_URL', 'ANDROID_MAVEN_URL', 'PUB_DEV_URL', 'RUST_CRATES_URL'].map((k) => [k, closed]),
  ),
  PIP_NO_INDEX: '1',
  npm_config_offline: 'true',
  GOPROXY: 'off',
};
interface Result {
  ms: number;
  cpuMs: number;
  models: Set<string>;
  keys: { live: number; placeholder: number };
  failed: string[];
}
const run = (tool: string, tree: string, total: Result) => {
  const out = join(work, 'out', `${tool.replace(/\W+/g, '_')}-${basename(tree)}.json`);
  const start = performance.now();
  const cpuStart = childCpuMs();
  const p =
    tool === 'aispm'
      ? spawnSync(process.execPath, [aispm, 'scan', tree, '--format', 'cyclonedx', '--no-record', '--quiet', '--out', out], {
          cwd: work,
          encoding: 'utf8',
        })
      : spawnSync(cdxgen, [...tool.split(/\s+/), '--no-install-deps', '--no-validate', '-o', out, tree], {
          cwd: work,
          env: cdxgenEnv,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
  total.ms += performance.now() - start;
  total.cpuMs += childCpuMs() - cpuStart;
  if (!existsSync(out)) {
    total.failed.push(`${basename(tree)} (exit ${p.status}: ${(p.stderr || p.stdout || '').trim().split('\n').slice(-1)[0] ?? ''})`);
    return;
  }
  const bom = JSON.parse(readFileSync(out, 'utf8')) as Bom;
  for (const m of modelIds(bom)) total.models.add(`${basename(tree)}\t${m}`);
  const k = keyFindings(bom);
  total.keys.live += k.live;
  total.keys.placeholder += k.placeholder;
};
const empty = (): Result => ({ ms: 0, cpuMs: 0, models: new Set(), keys: { live: 0, placeholder: 0 }, failed: [] });
const results = new Map<string, Result>([['aispm', empty()], ...modes.map((m): [string, Result] => [m, empty()])]);
for (const tree of trees) for (const [tool, total] of results) run(tool, tree, total);

// The larger trees: this repository's packages and examples, without installed or built files;
// then any tree named in CDXGEN_TREES. Each is copied first and scanned once by each tool.
interface LargeTree {
  label: string;
  dir: string;
  files: number;
  bytes: number;
  results: Map<string, Result>;
}
const largeTrees: LargeTree[] = [];
const sizeOf = (dir: string): { files: number; bytes: number } => {
  const size = { files: 0, bytes: 0 };
  const count = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) count(join(d, e.name));
      else if (e.isFile()) {
        size.files++;
        size.bytes += statSync(join(d, e.name)).size;
      }
    }
  };
  count(dir);
  return size;
};
if (process.env.CDXGEN_LARGE !== '0') {
  const dir = join(work, 'large', 'aispm-repository');
  for (const part of ['packages', 'examples']) {
    cpSync(join(repo, part), join(dir, part), {
      recursive: true,
      filter: (p) => !/(^|\/)(node_modules|dist|\.aispm)(\/|$)/.test(p.slice(repo.length)),
    });
  }
  largeTrees.push({ label: "this repository's packages and examples", dir, ...sizeOf(dir), results: new Map() });
}
for (const src of (process.env.CDXGEN_TREES ?? '').split(':').filter(Boolean)) {
  const dir = join(work, 'large', basename(resolve(src)));
  cpSync(resolve(src), dir, { recursive: true, filter: (p) => !/(^|\/)\.aispm(\/|$)/.test(p.slice(resolve(src).length)) });
  largeTrees.push({ label: basename(resolve(src)), dir, ...sizeOf(dir), results: new Map() });
}
for (const t of largeTrees) {
  for (const tool of ['aispm', ...modes.slice(0, 1)]) {
    const r = empty();
    run(tool, t.dir, r);
    t.results.set(tool, r);
  }
}
const version = /Generator ([\d.]+)/.exec(spawnSync(cdxgen, ['--version'], { env: cdxgenEnv, encoding: 'utf8' }).stdout)?.[1];
// Start-up floor of each tool: printing its version.
const startup = (cmd: string, args: string[]) => {
  const start = performance.now();
  spawnSync(cmd, args, { env: cdxgenEnv, encoding: 'utf8' });
  return performance.now() - start;
};
const startupMs = { aispm: startup(process.execPath, [aispm, '--version']), cdxgen: startup(cdxgen, ['--version']) };
rmSync(work, { recursive: true, force: true });

// 5. Report.
const share = (r: Result) => {
  const ids = [...r.models].map((m) => m.split('\t')[1] ?? '');
  const real = ids.filter(isRealModelId);
  const notReal = [...new Set(ids.filter((m) => !isRealModelId(m)))].sort();
  const pct = ids.length ? ((100 * real.length) / ids.length).toFixed(0) : '–';
  return { text: `${real.length} of ${ids.length} (${pct}%)`, notReal };
};
const mine = results.get('aispm') ?? empty();
const a = share(mine);
const rows: Array<[string, string]> = [
  ['trees', `${trees.length} (connector fixture repositories and the example estate's apps), one run per tree`],
  ['cdxgen version', `${version ?? '?'}, each mode with --no-install-deps --no-validate`],
  ['start-up (--version)', `aispm ${startupMs.aispm.toFixed(0)} ms, cdxgen ${startupMs.cdxgen.toFixed(0)} ms`],
  [
    'aispm scan + ML-BOM',
    `${mine.ms.toFixed(0)} ms (CPU ${mine.cpuMs.toFixed(0)} ms), real model ids ${a.text} (goal ≥ 90%), keys ${mine.keys.live} hard-coded + ${mine.keys.placeholder} placeholders/fixtures`,
  ],
  ['aispm not counted real', a.notReal.join(', ') || '–'],
];
for (const m of modes) {
  const r = results.get(m) ?? empty();
  const c = share(r);
  rows.push(
    [
      `cdxgen ${m}`,
      `${r.ms.toFixed(0)} ms (CPU ${r.cpuMs.toFixed(0)} ms): aispm ${(r.ms / mine.ms).toFixed(1)}× faster (goal ≥ 5×; CPU ${(r.cpuMs / mine.cpuMs).toFixed(1)}×); real model ids ${c.text}; ${r.keys.live} key-like findings`,
    ],
    [`  not counted real`, c.notReal.join(', ') || '–'],
    [`  failures`, r.failed.join('; ') || '–'],
  );
}
for (const t of largeTrees) {
  const la = t.results.get('aispm') ?? empty();
  const sa = share(la);
  rows.push(['larger tree', `${t.files} files, ${(t.bytes / 1048576).toFixed(1)} MiB (${t.label})`]);
  rows.push([
    `  aispm`,
    `${la.ms.toFixed(0)} ms (CPU ${la.cpuMs.toFixed(0)} ms), real model ids ${sa.text}, ${la.keys.live} + ${la.keys.placeholder} keys${la.failed.length ? `; failed: ${la.failed.join('; ')}` : ''}`,
  ]);
  for (const m of modes.slice(0, 1)) {
    const r = t.results.get(m) ?? empty();
    rows.push([
      `  cdxgen ${m}`,
      `${r.ms.toFixed(0)} ms (CPU ${r.cpuMs.toFixed(0)} ms): aispm ${(r.ms / la.ms).toFixed(1)}× faster (CPU ${(r.cpuMs / la.cpuMs).toFixed(1)}×), real model ids ${share(r).text}${r.failed.length ? `; failed: ${r.failed.join('; ')}` : ''}`,
    ]);
  }
  if (process.env.CDXGEN_SHOW_NOT_REAL === '1') rows.push(['  aispm not counted real', sa.notReal.slice(0, 60).join(', ') || '–']);
}
rows.push(
  ['aispm failures', mine.failed.join('; ') || '–'],
  [
    'machine',
    `${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, node ${process.version}`,
  ],
);
for (const [k, v] of rows) console.log(`${k.padEnd(24)} ${v}`);
