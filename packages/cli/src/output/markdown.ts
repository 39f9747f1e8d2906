import { buildDigest, type DigestOptions, type PostureDigest } from '../report/digest';
import type { ScanResult } from '../scan-result';

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions extends DigestOptions {
  /** Title of the summary (default "aispm posture summary"). */
  title?: string;
  /** Longest list shown per section before "and N more" (default 10). */
  maxRows?: number;
}

const SEV_ICON: Record<string, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

function more(n: number, shown: number): string[] {
  return n > shown ? ['', `…and ${n - shown} more.`] : [];
}

/**
 * Renders a digest as GitHub-flavoured Markdown, sized for a pull-request comment or a CI job
 * summary (`$GITHUB_STEP_SUMMARY`): headline numbers, top risks with one-line reasons, inventory
 * by kind and surface, shadow AI, data flows to third parties, coverage per framework, expiring
 * exceptions and diagnostics.
 *
 * @example
 * ```ts
 * await appendFile(process.env.GITHUB_STEP_SUMMARY!, markdownFromDigest(buildDigest(result)));
 * ```
 */
export function markdownFromDigest(d: PostureDigest, options: MarkdownOptions = {}): string {
  const max = options.maxRows ?? 10;
  const t = d.totals;
  const out: string[] = [`## ${options.title ?? 'aispm posture summary'}`, ''];
  const sev = Object.entries(d.bySeverity)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  out.push(
    `**${t.assets}** AI assets · **${t.activeFindings}** findings need action${sev ? ` (${sev})` : ''} · **${t.acceptedFindings}** accepted · **${t.shadowAi}** shadow AI · **${t.thirdPartyFlows}** data flows to third parties · **${t.unowned}** assets without an owner`,
    '',
  );
  if (t.failedSources || t.diagnostics) out.push(`> ${t.failedSources} of ${t.sources} sources failed; ${t.diagnostics} diagnostics.`, '');

  out.push('### Top risks', '');
  if (d.topRisks.length === 0) out.push('No open findings.', '');
  else {
    out.push(
      ...table(
        ['#', 'Risk', 'Finding', 'Assets', 'Why it ranks here'],
        d.topRisks.slice(0, max).map((r, i) => [
          String(i + 1),
          `${SEV_ICON[r.severity] ?? ''} ${r.score !== null ? `${r.band} ${r.score.toFixed(1)}` : r.severity}`,
          r.title,
          r.assetNames.join(', '),
          r.factors.length
            ? r.factors
                .slice(0, 2)
                .map((f) => `${f.label}: ${f.value}`)
                .join('; ')
            : r.message,
        ]),
      ),
      '',
    );
  }

  out.push('### Inventory', '');
  out.push(`By kind: ${d.byKind.map((k) => `${k.kind} ${k.count}`).join(' · ') || 'none'}`, '');
  if (d.bySurface.length) out.push(`By surface: ${d.bySurface.map((k) => `${k.surface} ${k.count}`).join(' · ')}`, '');
  if (d.byProvider.length) {
    out.push(
      ...table(
        ['Provider', 'Approved', 'Models', 'Callers', 'Data classes sent'],
        d.byProvider.map((p) => [
          p.name,
          p.approved === undefined ? 'unknown' : p.approved ? 'yes' : 'no',
          String(p.models),
          String(p.callers),
          p.dataClasses.join(', ') || '–',
        ]),
      ),
      '',
    );
  }

  out.push('### Shadow AI', '');
  if (d.shadowAi.length === 0) out.push('None found.', '');
  else
    out.push(
      ...table(
        ['Asset', 'Kind', 'Why', 'Seen by'],
        d.shadowAi.slice(0, max).map((s) => [s.name, s.kind, s.reason, s.seenBy.join(', ')]),
      ),
      ...more(d.shadowAi.length, max),
      '',
    );

  out.push('### Data flows to third parties', '');
  if (d.dataFlows.length === 0) out.push('None found.', '');
  else
    out.push(
      ...table(
        ['From', 'To', 'Via', 'Data classes', 'Agreement'],
        d.dataFlows
          .slice(0, max)
          .map((f) => [
            f.fromName,
            f.providerName,
            f.via ?? '–',
            f.dataClasses.join(', ') || 'unclassified',
            f.agreement === undefined ? 'unknown' : f.agreement ? 'yes' : 'no',
          ]),
      ),
      ...more(d.dataFlows.length, max),
      '',
    );

  out.push('### Coverage per framework', '');
  if (d.coverage.length === 0) out.push('No framework coverage was computed in this run.', '');
  else
    out.push(
      ...table(
        ['Framework', 'Satisfied', 'Gap', 'Not assessed', 'Manual', 'Controls'],
        d.coverage.map((c) => [
          c.target.title,
          String(c.summary.satisfied),
          String(c.summary.gap),
          String(c.summary['not-assessed']),
          String(c.summary.manual),
          String(c.summary.total),
        ]),
      ),
      '',
    );

  if (d.expiringExceptions.length) {
    out.push('### Exceptions expiring soon', '');
    out.push(
      ...table(
        ['Exception', 'Rule', 'Assets', 'Owner', 'Expires', 'Days left'],
        d.expiringExceptions.map((x) => [x.id, x.ruleId, x.assetIds.join(', '), x.owner, x.expiresAt.slice(0, 10), String(x.daysLeft)]),
      ),
      '',
    );
  }
  out.push(`<sub>aispm ${d.tool.version} · ${d.generatedAt}</sub>`, '');
  return out.join('\n');
}

/**
 * Renders a scan result as a Markdown summary (`aispm scan --format markdown`).
 *
 * @example
 * ```ts
 * const md = renderMarkdown(toScanResult(run));
 * ```
 */
export function renderMarkdown(result: ScanResult, options: MarkdownOptions = {}): string {
  return markdownFromDigest(buildDigest(result, options), options);
}
