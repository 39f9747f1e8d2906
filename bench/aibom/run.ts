// AIBOM benchmark: reading, validating and memory on generated CycloneDX 1.6 JSON BOMs.
// Sizes: AIBOM_N (default 10000), AIBOM_N_LARGE (default 100000), AIBOM_MB (default 100; 0 skips the memory run).
// AIBOM_ROUNDS (default 3): rounds of (a), reported as medians.

import { createInventory, readCycloneDx, validateBom } from '@aispm/core';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';

const N = Number(process.env.AIBOM_N ?? 10_000);
const N_LARGE = Number(process.env.AIBOM_N_LARGE ?? 100_000);
const MB = Number(process.env.AIBOM_MB ?? 100);
const ROUNDS = Number(process.env.AIBOM_ROUNDS ?? 3);

function generate(n: number): string {
  const components: unknown[] = [];
  const dependencies: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const ml = i % 10 === 0;
    const c: Record<string, unknown> = {
      type: ml ? 'machine-learning-model' : i % 10 === 1 ? 'data' : 'library',
      'bom-ref': `c${i}`,
      name: `component-${i}`,
      version: `1.${i % 50}.0`,
      purl: ml ? `pkg:huggingface/acme/model-${i}` : `pkg:npm/pkg-${i}@1.0.0`,
      hashes: [{ alg: 'SHA-256', content: i.toString(16).padStart(8, '0').repeat(8) }],
      licenses: [{ expression: i % 3 === 0 ? 'MIT OR Apache-2.0' : 'MIT' }],
      properties: [
        { name: 'cdx:bench:index', value: String(i) },
        { name: 'team', value: `t${i % 7}` },
      ],
    };
    if (ml)
      c.modelCard = {
        modelParameters: { task: 'text-classification', datasets: [{ ref: `c${i + 1}` }], inputs: [{ format: 'text' }] },
        considerations: { users: ['ops'] },
      };
    if (i % 10 === 1) c.data = [{ type: 'dataset', name: `dataset-${i}`, classification: 'internal' }];
    components.push(c);
    dependencies.push(i + 1 < n ? { ref: `c${i}`, dependsOn: [`c${i + 1}`] } : { ref: `c${i}` });
  }
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    version: 1,
    metadata: { timestamp: '2026-01-01T00:00:00Z' },
    components,
    dependencies,
  });
}

const time = async <T>(f: () => T | Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const v = await f();
  return [v, performance.now() - t];
};

const text = generate(N);
console.log(
  `generated ${N} components, ${(text.length / 1e6).toFixed(1)} MB; load average ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);

// (a) read + map vs JSON.parse (both warmed up first on a small document)
{
  const small = generate(500);
  for (let i = 0; i < 3; i++) {
    JSON.parse(small);
    const r = readCycloneDx(small);
    if (r.ok) createInventory({ validate: false }).addAll(r.value.observations);
  }
}
const parses: number[] = [];
const reads: number[] = [];
const merges: number[] = [];
// Process CPU time (all threads: the collector's and the compiler's helpers count too), a second
// view that a loaded machine distorts less than wall-clock time.
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const parseCpu: number[] = [];
const readCpu: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  let c = cpuMs();
  parses.push((await time(() => JSON.parse(text)))[1]);
  parseCpu.push(cpuMs() - c);
  c = cpuMs();
  const [r, readMs] = await time(() => readCycloneDx(text, { now: '2026-01-01T00:00:00Z' }));
  readCpu.push(cpuMs() - c);
  reads.push(readMs);
  if (!r.ok) throw new Error('unreadable');
  merges.push((await time(() => createInventory({ validate: false }).addAll(r.value.observations)))[1]);
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
const parseMs = median(parses);
const readMs = median(reads);
const mergeMs = median(merges);
const rounds = (xs: number[]) => xs.map((x) => x.toFixed(0)).join('/');
console.log(
  `(a) JSON.parse ${parseMs.toFixed(0)} ms; readCycloneDx (parse + map to observations) ${readMs.toFixed(0)} ms = ${(readMs / parseMs).toFixed(2)}x (goal <= 3x); + merging into the inventory ${mergeMs.toFixed(0)} ms, total ${((readMs + mergeMs) / parseMs).toFixed(2)}x (medians of ${ROUNDS}; rounds: JSON.parse ${rounds(parses)}, read ${rounds(reads)} ms)`,
);
console.log(
  `(a) CPU time: JSON.parse ${median(parseCpu).toFixed(0)} ms, readCycloneDx ${median(readCpu).toFixed(0)} ms = ${(median(readCpu) / median(parseCpu)).toFixed(2)}x (medians of ${ROUNDS}; rounds: ${rounds(parseCpu)} / ${rounds(readCpu)} ms)`,
);

// (b) validateBom vs the CycloneDX library's JSON validator
await validateBom('{"bomFormat":"CycloneDX","specVersion":"1.6","version":1}'); // compile the schema once
const [ours, oursMs] = await time(() => validateBom(text));
const cdx = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
await cdx.validate('{"bomFormat":"CycloneDX","specVersion":"1.6","version":1}');
const [theirs, theirsMs] = await time(() => cdx.validate(text));
console.log(
  `(b) validateBom ${oursMs.toFixed(0)} ms (schemaValid ${ours.schemaValid}); CycloneDX library ${theirsMs.toFixed(0)} ms (valid ${theirs === null}); speed-up ${(theirsMs / oursMs).toFixed(1)}x (goal >= 25x); same verdict: ${ours.schemaValid === (theirs === null)}`,
);
const bad = JSON.parse(text);
bad.dependencies[N - 2].dependsOn.push(bad.dependencies[N - 2].dependsOn[0]);
const badText = JSON.stringify(bad);
const [oursBad] = await time(() => validateBom(badText));
const [theirsBad] = await time(() => cdx.validate(badText));
console.log(
  `(b) duplicate dependsOn entry near the end: validateBom schemaValid ${oursBad.schemaValid}; CycloneDX library valid ${theirsBad === null}; same verdict: ${oursBad.schemaValid === (theirsBad === null)}`,
);
const large = generate(N_LARGE);
const [, largeMs] = await time(() => validateBom(large));
console.log(
  `(b) linearity: ${N_LARGE} components ${largeMs.toFixed(0)} ms = ${(largeMs / oursMs).toFixed(1)}x the ${N}-component time (goal <= ${(12 * N_LARGE) / N / 10}x)`,
);

// (c) peak memory on a large BOM
if (MB > 0) {
  const per = text.length / N;
  const big = generate(Math.ceil((MB * 1e6) / per));
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const [x, readMs2] = await time(() => readCycloneDx(big, { now: '2026-01-01T00:00:00Z' }));
  if (!x.ok) throw new Error('unreadable');
  const readPeak = Math.max(peak, process.memoryUsage().rss);
  const [r, mergeMs2] = await time(() => {
    const inv = createInventory({ validate: false });
    inv.addAll(x.value.observations);
    peak = Math.max(peak, process.memoryUsage().rss);
    return inv.size;
  });
  const ms = readMs2 + mergeMs2;
  console.log(
    `(c) reading to observations: ${readMs2.toFixed(0)} ms, peak RSS ${(readPeak / 1e6).toFixed(0)} MB; merging ${x.value.observations.length} observations: ${mergeMs2.toFixed(0)} ms`,
  );
  clearInterval(timer);
  console.log(
    `(c) ${(big.length / 1e6).toFixed(0)} MB BOM, ${r} assets: read in ${ms.toFixed(0)} ms; peak RSS ${(peak / 1e6).toFixed(0)} MB (${((peak - before) / 1e6).toFixed(0)} MB above the ${(before / 1e6).toFixed(0)} MB before reading, which includes the text itself)`,
  );
}
