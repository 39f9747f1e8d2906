import type { EvidenceRef, Score } from './engine';
import type { AssetScore, FindingScore } from './scorer';

/** Anything {@link explainText} and {@link explainMarkdown} can render. */
export type Explainable = Score | FindingScore | AssetScore;

const num = (n: number | null, d = 1) => (n === null ? '—' : n.toFixed(d));
const signed = (n: number) => (n >= 0 ? `+${n.toFixed(2)}` : n.toFixed(2));

function evidenceText(e: EvidenceRef): string {
  const at = e.pointer ? `${e.ref}#${e.pointer}` : e.ref;
  if (e.observed === undefined) return `${e.kind} ${at}`;
  const shown = JSON.stringify(e.observed);
  return `${e.kind} ${at} = ${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}`;
}

const isAsset = (s: Explainable): s is AssetScore => (s as AssetScore).kind === 'asset';

function headline(s: Explainable): string {
  const v = s.value === null ? `withheld (${s.reason ?? 'no reason given'})` : `${num(s.value)} / ${s.scale}`;
  return `${v}, band ${s.band}`;
}

/**
 * Renders a score decomposition as plain text: headline, vector, every factor with value, weight,
 * contribution, rationale and evidence, unknowns and their treatment, caps and gates applied, and
 * whether the model is calibrated. Asset scores list their findings and the aggregation.
 *
 * @example
 * ```ts
 * process.stdout.write(explainText(score));
 * ```
 */
export function explainText(s: Explainable): string {
  const L: string[] = [];
  if (isAsset(s)) {
    L.push(`Asset ${s.subject} (${s.assetKind}) "${s.name}"`);
    L.push(`Score: ${headline(s)}`);
    L.push(`Model: ${s.modelId} (${s.calibrated ? 'calibrated' : 'not calibrated'})`);
    L.push(`Aggregation: ${s.aggregation.formula} = ${num(s.aggregation.max)} + ${s.aggregation.bump.toFixed(2)}`);
    L.push('');
    L.push(`Findings (${s.findings.length}):`);
    if (s.findings.length === 0) L.push('  none open');
    for (const f of s.findings)
      L.push(`  ${num(f.value).padStart(4)} ${f.band.padEnd(8)} ${f.id} ${f.ruleId} [${f.state}] adds ${f.contribution.toFixed(2)}: ${f.title}`);
    L.push('');
    L.push('Context:');
    for (const c of s.context) {
      L.push(`  ${c.label}: ${c.valueLabel ?? 'unknown'} — ${c.rationale}`);
      for (const e of c.evidence) L.push(`      evidence: ${evidenceText(e)}`);
    }
    return `${L.join('\n')}\n`;
  }
  const f = s as Partial<FindingScore> & Score;
  if (f.kind === 'finding') {
    L.push(`Finding ${f.subject} ${f.ruleId} [${f.state}]: ${f.title}`);
    L.push(`Assets: ${(f.assetIds ?? []).join(' -> ')}`);
  }
  L.push(`Score: ${headline(s)}`);
  L.push(`Model: ${s.modelId} (${s.calibrated ? 'calibrated' : 'not calibrated'})`);
  L.push(`Vector: ${s.vector}`);
  L.push('');
  L.push('Parts:');
  for (const p of s.parts) L.push(`  ${p.label} [${p.method}]: value ${p.value.toFixed(3)} × weight ${p.weight}`);
  L.push('');
  L.push('Factors (contribution in points):');
  for (const x of s.factors) {
    const w = x.role === 'multiplier' ? `× ${num(x.score, 2)}` : `weight ${x.weight.toFixed(3)}`;
    const unk = x.known ? '' : ` (unknown → ${x.treatment})`;
    L.push(`  ${signed(x.contribution).padStart(6)}  ${x.label} = ${x.valueLabel ?? 'none'}${unk}; ${w}`);
    L.push(`          ${x.rationale}`);
    for (const e of x.evidence) L.push(`          evidence: ${evidenceText(e)}`);
  }
  L.push('');
  L.push(`Unknowns: ${s.unknowns.length === 0 ? 'none' : s.unknowns.map((u) => `${u.factor} → ${u.treatment}${u.used ? ` (${u.used})` : ''}`).join(', ')}`);
  L.push(
    `Caps and gates: ${s.limits.length === 0 ? 'none applied' : s.limits.map((c) => `${c.kind} ${c.id} ${num(c.from)} → ${num(c.to)} (${c.reason})`).join('; ')}`,
  );
  return `${L.join('\n')}\n`;
}

const md = (t: string) => t.replace(/\|/g, '\\|');

/**
 * Renders a score decomposition as Markdown (a heading, a summary list and a factor table).
 *
 * @example
 * ```ts
 * await writeFile('why.md', explainMarkdown(score));
 * ```
 */
export function explainMarkdown(s: Explainable): string {
  const L: string[] = [];
  if (isAsset(s)) {
    L.push(`## Asset \`${s.subject}\``);
    L.push('');
    L.push(`- **Score:** ${headline(s)}`);
    L.push(`- **Model:** \`${s.modelId}\` (${s.calibrated ? 'calibrated' : 'not calibrated'})`);
    L.push(`- **Aggregation:** \`${s.aggregation.formula}\` = ${num(s.aggregation.max)} + ${s.aggregation.bump.toFixed(2)}`);
    L.push('');
    L.push('| score | band | finding | rule | state | adds | title |');
    L.push('|---:|---|---|---|---|---:|---|');
    for (const f of s.findings)
      L.push(`| ${num(f.value)} | ${f.band} | \`${f.id}\` | \`${f.ruleId}\` | ${f.state} | ${f.contribution.toFixed(2)} | ${md(f.title)} |`);
    L.push('');
    L.push('| context factor | value | why | evidence |');
    L.push('|---|---|---|---|');
    for (const c of s.context) L.push(`| ${c.label} | ${c.valueLabel ?? '_unknown_'} | ${md(c.rationale)} | ${md(c.evidence.map(evidenceText).join('; '))} |`);
    return `${L.join('\n')}\n`;
  }
  const f = s as Partial<FindingScore> & Score;
  L.push(f.kind === 'finding' ? `## Finding \`${f.subject}\`: ${md(f.title ?? '')}` : '## Score');
  L.push('');
  if (f.kind === 'finding') {
    L.push(`- **Rule:** \`${f.ruleId}\` (state ${f.state})`);
    L.push(`- **Assets:** ${(f.assetIds ?? []).map((a) => `\`${a}\``).join(' → ')}`);
  }
  L.push(`- **Score:** ${headline(s)}`);
  L.push(`- **Model:** \`${s.modelId}\` (${s.calibrated ? 'calibrated' : 'not calibrated'})`);
  L.push(`- **Vector:** \`${s.vector}\``);
  L.push(
    `- **Unknowns:** ${s.unknowns.length === 0 ? 'none' : s.unknowns.map((u) => `${u.factor} → ${u.treatment}${u.used ? ` (${u.used})` : ''}`).join(', ')}`,
  );
  L.push(
    `- **Caps and gates:** ${s.limits.length === 0 ? 'none applied' : s.limits.map((c) => `${c.kind} \`${c.id}\` ${num(c.from)} → ${num(c.to)}: ${c.reason}`).join('; ')}`,
  );
  L.push('');
  L.push('| factor | value | weight | points | why | evidence |');
  L.push('|---|---|---:|---:|---|---|');
  for (const x of s.factors) {
    const v = `${x.valueLabel ?? '—'}${x.known ? '' : ` _(unknown → ${x.treatment})_`}`;
    const w = x.role === 'multiplier' ? `× ${num(x.score, 2)}` : x.weight.toFixed(3);
    L.push(`| ${x.label} | ${v} | ${w} | ${signed(x.contribution)} | ${md(x.rationale)} | ${md(x.evidence.map(evidenceText).join('; '))} |`);
  }
  return `${L.join('\n')}\n`;
}
