// Embedding aispm in your own tool: run the pipeline from code, query the merged inventory
// graph, read the findings and their score decompositions, and render any output format
// without going through the command line.
//
// Run: npx tsx --tsconfig tsconfig.scripts.json examples/embedding/scan-from-code.ts
import { fileURLToPath } from 'node:url';
import { FORMATS, loadConfig, runScan, toScanResult } from '@aispm/cli';

const config = await loadConfig(fileURLToPath(new URL('../estates/acme/aispm.config.yaml', import.meta.url)));

// 1. One run: sources → inventory → baseline → score. `record: false` keeps this read-only.
const run = await runScan({ sources: config.sources, baseDir: config.baseDir, config, stageOptions: { record: false } });
console.log(`${run.inventory.size} assets, ${run.findings.length} findings, ${run.diagnostics.length} diagnostics`);

// 2. The inventory is a graph: which agents reach a tool that can move money?
for (const agent of run.inventory.assets({ kind: 'agent' })) {
  const servers = run.inventory.neighbours(agent.id, { types: ['connects-to'], direction: 'out' });
  for (const s of servers) {
    if (!s.asset) continue;
    const tools = run.inventory.neighbours(s.asset.id, { types: ['exposes-tool'], direction: 'out' });
    for (const t of tools) {
      const caps = (t.asset?.attributes as { capabilities?: string[] } | undefined)?.capabilities ?? [];
      if (caps.includes('payment')) console.log(`${agent.name} → ${s.asset.name} → ${t.asset?.name} [${caps.join(', ')}]`);
    }
  }
}

// 3. Findings come ranked by score; every score is its decomposition.
type Scored = { subject: string; value: number | null; band: string; factors?: Array<{ label: string; valueLabel: string | null; contribution: number }> };
const scores = new Map((run.scores as Scored[]).map((s) => [s.subject, s]));
for (const f of run.findings.slice(0, 3)) {
  const s = scores.get(f.id);
  const why = (s?.factors ?? [])
    .filter((x) => x.contribution > 0)
    .slice(0, 3)
    .map((x) => `${x.label}=${x.valueLabel}`)
    .join(', ');
  console.log(`${s?.value ?? '-'} ${s?.band ?? f.severity}  ${f.title}  (${why})`);
}

// 4. Any output format, from the same run: SARIF for code scanning, Markdown for a PR comment.
const result = toScanResult(run);
for (const format of ['sarif', 'markdown', 'csv:assets'] as const) {
  const render = await FORMATS[format]!();
  const text = String(await render(result, run));
  console.log(`${format}: ${text.length} characters`);
}
