import type { ScanResult } from '../scan-result';
import { buildDigest, type DigestOptions, type PostureDigest } from './digest';

function columns(rows: string[][], indent = '  '): string[] {
  if (rows.length === 0) return [];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `${indent}${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd());
}

function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

/**
 * Renders a digest as a terminal summary a newcomer can read in a minute: headline numbers,
 * assets by kind and surface, shadow AI, top risks with one-line reasons, data flows to third
 * parties and coverage per framework.
 *
 * @example
 * ```ts
 * io.stdout(summaryFromDigest(buildDigest(result)));
 * ```
 */
export function summaryFromDigest(d: PostureDigest, options: { maxRows?: number } = {}): string {
  const max = options.maxRows ?? 8;
  const t = d.totals;
  const out: string[] = [];
  out.push(`aispm ${d.tool.version}: posture summary (${d.generatedAt})`);
  out.push('');
  out.push(
    `  ${t.assets} AI assets · ${t.relationships} relationships · ${t.activeFindings} findings need action · ${t.acceptedFindings} accepted · ${t.shadowAi} shadow AI · ${t.thirdPartyFlows} third-party data flows · ${t.unowned} without owner`,
  );
  if (t.failedSources || t.diagnostics) out.push(`  ${t.failedSources} of ${t.sources} sources failed, ${t.diagnostics} diagnostics (see --format json)`);
  out.push('');
  out.push('Assets by kind');
  out.push(...columns(d.byKind.map((k) => [k.kind, String(k.count)])));
  if (d.bySurface.length) {
    out.push('', 'Models and applications by surface');
    out.push(...columns(d.bySurface.map((k) => [k.surface, String(k.count)])));
  }
  out.push('', `Shadow AI (${d.shadowAi.length})`);
  if (d.shadowAi.length === 0) out.push('  none found');
  out.push(...columns(d.shadowAi.slice(0, max).map((s) => [s.name, s.kind, s.reason, `seen by ${s.seenBy.join(', ')}`])));
  if (d.shadowAi.length > max) out.push(`  …and ${d.shadowAi.length - max} more`);
  out.push('', 'Top risks');
  if (d.topRisks.length === 0) out.push('  no open findings');
  d.topRisks.slice(0, max).forEach((r, i) => {
    out.push(`  ${`${i + 1}.`.padEnd(3)} ${(r.score !== null ? `${r.band} ${r.score.toFixed(1)}` : r.severity).padEnd(10)} ${clip(r.title, 100)}`);
    const context = r.factors.filter((f) => f.contribution > 0 && !/^(impact|likelihood|confidence)$/i.test(f.label));
    const why = context.length
      ? context
          .slice(0, 3)
          .map((f) => `${f.label.toLowerCase()} ${f.value.toLowerCase()}`)
          .join(', ')
      : r.message;
    out.push(`${' '.repeat(17)}${clip(`${r.assetNames.join(', ')}: ${why}`, 110)}`);
  });
  if (d.topRisks.length > max) out.push(`  …and ${d.topRisks.length - max} more (aispm scan --format markdown, or aispm report)`);
  out.push('', `Data flows to third parties (${d.dataFlows.length})`);
  if (d.dataFlows.length === 0) out.push('  none found');
  out.push(
    ...columns(
      d.dataFlows
        .slice(0, max)
        .map((f) => [f.fromName, '→', f.providerName, f.via ? `via ${f.via.replace(/^gateway:/, '')}` : '', f.dataClasses.join(', ') || 'unclassified']),
    ),
  );
  if (d.dataFlows.length > max) out.push(`  …and ${d.dataFlows.length - max} more`);
  out.push('', 'Coverage per framework');
  if (d.coverage.length === 0) out.push('  not computed in this run');
  out.push(
    ...columns(
      d.coverage.map((c) => [
        c.target.id,
        `${c.summary.satisfied} satisfied`,
        `${c.summary.gap} gap`,
        `${c.summary['not-assessed']} not assessed`,
        `of ${c.summary.total}`,
      ]),
    ),
  );
  if (d.expiringExceptions.length) {
    out.push('', 'Exceptions expiring soon');
    out.push(...columns(d.expiringExceptions.map((x) => [x.id, x.ruleId, x.owner, `${x.daysLeft} days left`])));
  }
  out.push('');
  out.push('More: --format markdown | json | sarif | csv | jsonl, and `aispm report --out report.html`.');
  return `${out.join('\n')}\n`;
}

/**
 * Renders a scan result as the terminal summary (`aispm scan --format summary`).
 *
 * @example
 * ```ts
 * io.stdout(renderSummary(toScanResult(run)));
 * ```
 */
export function renderSummary(result: ScanResult, options: DigestOptions = {}): string {
  return summaryFromDigest(buildDigest(result, options));
}
