import type { ScanResult } from '../scan-result';
import { barChart, escapeHtml as esc, lineChart, resetChartIds, stackedBars } from './charts';
import { buildDigest, type DigestOptions, type PostureDigest } from './digest';

/** Options of {@link renderHtmlReport}. */
export interface HtmlReportOptions extends DigestOptions {
  /** Report title (default "AI security posture"). */
  title?: string;
  /** Organisation or estate name shown under the title. */
  organisation?: string;
  /** How many top risks get a full score explanation (default 5). */
  explained?: number;
}

const SEV_COLOR: Record<string, string> = { critical: '#8e1b1b', high: '#a33c00', medium: '#7a5600', low: '#1f5fa8', info: '#4d4d4d' };
const COVERAGE_COLOR = { satisfied: '#2e7d32', gap: '#b3261e', 'not-assessed': '#6b6b6b', manual: '#7a5600' };

const CSS = `
:root{color-scheme:light;--fg:#1a1a1a;--muted:#4d4d4d;--line:#d0d0d0;--bg:#ffffff;--panel:#f5f6f8;--accent:#1f5fa8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}
header{padding:24px 32px 12px;border-bottom:3px solid var(--accent)}
header h1{margin:0;font-size:26px}
header p{margin:4px 0 0;color:var(--muted)}
main{padding:8px 32px 32px;max-width:1200px}
section{margin:28px 0;break-inside:avoid-page}
h2{font-size:20px;border-bottom:1px solid var(--line);padding-bottom:4px;margin:0 0 12px}
h3{font-size:16px;margin:16px 0 8px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:0;padding:0;list-style:none}
.cards li{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:12px}
.cards .n{display:block;font-size:28px;font-weight:700}
.cards .l{color:var(--muted);font-size:13px}
table{border-collapse:collapse;width:100%;margin:8px 0 4px;font-size:14px}
caption{text-align:left;font-weight:600;padding:4px 0;color:var(--muted)}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--panel);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.sev{display:inline-block;min-width:64px;text-align:center;color:#fff;border-radius:3px;padding:0 6px;font-size:12px;font-weight:600;text-transform:uppercase}
.muted{color:var(--muted)}
.two{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:24px}
.chart{max-width:100%;height:auto}
.chart .axis{font-size:12px;fill:#333}
.chart .val{font-size:12px;fill:#1a1a1a;font-weight:600}
.chart .grid{stroke:#e0e0e0}
.risk{border:1px solid var(--line);border-radius:6px;padding:10px 14px;margin:10px 0;break-inside:avoid}
.risk h3{margin:0 0 4px}
.empty{color:var(--muted);font-style:italic}
code{font-size:13px;background:var(--panel);padding:0 3px;border-radius:3px}
footer{padding:16px 32px;color:var(--muted);font-size:13px;border-top:1px solid var(--line)}
@media (max-width:800px){.two{grid-template-columns:1fr}main,header{padding-left:16px;padding-right:16px}}
@media print{body{font-size:11pt}header{border-bottom-color:#000}main{max-width:none;padding:0 12mm}section{margin:14pt 0}.cards li,.risk{border-color:#999}th{background:#eee}a{color:inherit;text-decoration:none}.skip{display:none}@page{margin:14mm}}
`;

function sev(s: string): string {
  return `<span class="sev" style="background:${SEV_COLOR[s] ?? '#4d4d4d'}">${esc(s)}</span>`;
}

function metric(path: string, value: number | string): string {
  return `<span data-metric="${esc(path)}">${esc(String(value))}</span>`;
}

function table(caption: string, head: Array<string | { text: string; num?: boolean }>, rows: string[][], numCols: number[] = []): string {
  const th = head
    .map((h, i) => {
      const text = typeof h === 'string' ? h : h.text;
      return `<th scope="col"${numCols.includes(i) ? ' class="num"' : ''}>${esc(text)}</th>`;
    })
    .join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td${numCols.includes(i) ? ' class="num"' : ''}>${c}</td>`)).join('')}</tr>`)
    .join('');
  return `<table><caption>${esc(caption)}</caption><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function yesNo(v: boolean | undefined): string {
  return v === undefined ? '<span class="muted">unknown</span>' : v ? 'yes' : '<strong>no</strong>';
}

function summarySection(d: PostureDigest): string {
  const t = d.totals;
  const cards: Array<[string, number, string]> = [
    ['totals.assets', t.assets, 'AI assets'],
    ['totals.activeFindings', t.activeFindings, 'findings need action'],
    ['totals.shadowAi', t.shadowAi, 'shadow AI assets'],
    ['totals.thirdPartyFlows', t.thirdPartyFlows, 'data flows to third parties'],
    ['totals.unowned', t.unowned, 'assets without an owner'],
    ['totals.acceptedFindings', t.acceptedFindings, 'accepted under exception'],
  ];
  const sevBars = Object.entries(d.bySeverity).map(([s, n]) => ({ label: s, value: n, color: SEV_COLOR[s] }));
  const sevRows = Object.entries(d.bySeverity).map(([s, n]) => [sev(s), metric(`bySeverity.${s}`, n)]);
  return `<section aria-labelledby="s-summary"><h2 id="s-summary">Posture summary</h2>
<ul class="cards">${cards.map(([k, n, l]) => `<li><span class="n">${metric(k, n)}</span><span class="l">${esc(l)}</span></li>`).join('')}</ul>
<div class="two"><div><h3>Findings that need action, by severity</h3>${barChart('Findings that need action, by severity', sevBars)}</div>
<div>${table('Findings by severity', ['Severity', 'Findings'], sevRows, [1])}
<p class="muted">${metric('totals.relationships', t.relationships)} relationships between assets; ${metric('totals.sources', t.sources)} sources read${t.failedSources ? `, <strong>${metric('totals.failedSources', t.failedSources)} failed</strong>` : ''}; ${metric('totals.diagnostics', t.diagnostics)} diagnostics.</p></div></div></section>`;
}

function risksSection(d: PostureDigest, explained: number): string {
  if (d.topRisks.length === 0) return `<section aria-labelledby="s-risks"><h2 id="s-risks">Top risks</h2><p class="empty">No open findings.</p></section>`;
  const rows = d.topRisks.map((r, i) => [
    String(i + 1),
    sev(r.severity),
    r.score !== null
      ? `<span data-metric="risk.${esc(r.findingId)}.score">${r.score.toFixed(1)}</span> <span class="muted">${esc(r.band)}</span>`
      : '<span class="muted">not scored</span>',
    r.message && r.message !== r.title ? `${esc(r.title)}<br><span class="muted">${esc(r.message)}</span>` : esc(r.title),
    esc(r.assetNames.join(', ')),
  ]);
  const explainedHtml = d.topRisks
    .slice(0, explained)
    .map((r, i) => {
      const factors = r.factors.length
        ? table(
            `How the score of risk ${i + 1} is made up`,
            ['Factor', 'Value', { text: 'Contribution', num: true }, 'Why'],
            r.factors.map((f) => [esc(f.label), esc(f.value), `${f.contribution > 0 ? '+' : ''}${f.contribution.toFixed(1)}`, esc(f.rationale)]),
            [2],
          )
        : `<p class="muted">${r.score === null ? 'No risk score was computed; ranked by severity, then likelihood.' : 'No factor contributed.'}${r.controls.length ? '' : ''}</p>`;
      return `<div class="risk"><h3>${i + 1}. ${esc(r.title)} ${sev(r.severity)}</h3><p>${esc(r.reason)}</p>
<p class="muted">Assets: ${r.assetIds.map((a) => `<code>${esc(a)}</code>`).join(', ')}${r.controls.length ? `<br>Controls: ${r.controls.map((c) => `<code>${esc(c)}</code>`).join(', ')}` : ''}</p>${factors}</div>`;
    })
    .join('');
  return `<section aria-labelledby="s-risks"><h2 id="s-risks">Top risks</h2>
${table('Open findings ranked by risk', ['#', 'Severity', 'Score', 'Finding', 'Assets'], rows)}
<h3>Why they rank there</h3>${explainedHtml}</section>`;
}

function inventorySection(d: PostureDigest): string {
  const kindRows = d.byKind.map((k) => [esc(k.kind), metric(`byKind.${k.kind}`, k.count)]);
  const surfaceRows = d.bySurface.map((k) => [esc(k.surface), metric(`bySurface.${k.surface}`, k.count)]);
  const providerRows = d.byProvider.map((p) => [esc(p.name), yesNo(p.approved), String(p.models), String(p.callers), esc(p.dataClasses.join(', ') || '–')]);
  const connRows = d.byConnector.map((c) => [esc(c.connector), metric(`byConnector.${c.connector}`, c.count)]);
  return `<section aria-labelledby="s-inventory"><h2 id="s-inventory">Inventory</h2>
<div class="two"><div><h3>By kind</h3>${barChart(
    'Assets by kind',
    d.byKind.map((k) => ({ label: k.kind, value: k.count })),
  )}</div><div>${table('Assets by kind', ['Kind', 'Assets'], kindRows, [1])}</div></div>
<div class="two"><div><h3>Models and applications by surface</h3>${d.bySurface.length ? table('Models and applications by surface', ['Surface', 'Assets'], surfaceRows, [1]) : '<p class="empty">No surface recorded.</p>'}</div>
<div><h3>By source</h3>${table('Assets seen by each source', ['Source', 'Assets'], connRows, [1])}</div></div>
<h3>By provider</h3>${d.byProvider.length ? table('Third-party AI providers', ['Provider', 'Approved', { text: 'Models', num: true }, { text: 'Callers', num: true }, 'Data classes sent'], providerRows, [2, 3]) : '<p class="empty">No providers.</p>'}</section>`;
}

function shadowSection(d: PostureDigest): string {
  const body = d.shadowAi.length
    ? table(
        'AI in use without approval',
        ['Asset', 'Kind', 'Why it counts as shadow AI', 'Seen by'],
        d.shadowAi.map((s) => [esc(s.name), esc(s.kind), esc(s.reason), esc(s.seenBy.join(', '))]),
      )
    : '<p class="empty">No shadow AI found.</p>';
  return `<section aria-labelledby="s-shadow"><h2 id="s-shadow">Shadow AI</h2><p>${metric('totals.shadowAi', d.totals.shadowAi)} assets are used without being approved.</p>${body}</section>`;
}

function flowsSection(d: PostureDigest): string {
  const body = d.dataFlows.length
    ? table(
        'Data leaving for third-party AI providers',
        ['From', 'To provider', 'Through', 'Data classes', 'Processing agreement', 'Provider approved'],
        d.dataFlows.map((f) => [
          esc(f.fromName),
          esc(f.providerName),
          f.via ? `<code>${esc(f.via)}</code>` : '–',
          esc(f.dataClasses.join(', ') || 'unclassified'),
          yesNo(f.agreement),
          yesNo(f.approved),
        ]),
      )
    : '<p class="empty">No data flows to third parties found.</p>';
  return `<section aria-labelledby="s-flows"><h2 id="s-flows">Data flows to third parties</h2><p>${metric('totals.thirdPartyFlows', d.totals.thirdPartyFlows)} flows.</p>${body}</section>`;
}

function exceptionsSection(d: PostureDigest, within: number): string {
  const body = d.expiringExceptions.length
    ? table(
        `Exceptions expiring within ${within} days`,
        ['Exception', 'Rule', 'Assets', 'Owner', 'Approver', 'Expires', { text: 'Days left', num: true }],
        d.expiringExceptions.map((x) => [
          `<code>${esc(x.id)}</code>`,
          `<code>${esc(x.ruleId)}</code>`,
          x.assetIds.map((a) => `<code>${esc(a)}</code>`).join(', '),
          esc(x.owner),
          esc(x.approver ?? ''),
          esc(x.expiresAt.slice(0, 10)),
          x.daysLeft < 0 ? `<strong>expired ${-x.daysLeft} days ago</strong>` : String(x.daysLeft),
        ]),
        [6],
      )
    : `<p class="empty">No exception expires within ${within} days.</p>`;
  return `<section aria-labelledby="s-exceptions"><h2 id="s-exceptions">Exceptions expiring soon</h2>${body}</section>`;
}

function coverageSection(d: PostureDigest): string {
  if (d.coverage.length === 0)
    return `<section aria-labelledby="s-coverage"><h2 id="s-coverage">Coverage per framework</h2><p class="empty">No framework coverage was computed for this run.</p></section>`;
  const bars = d.coverage.map((c) => ({
    label: c.target.title,
    parts: (['satisfied', 'gap', 'not-assessed', 'manual'] as const).map((k) => ({ label: k, value: c.summary[k], color: COVERAGE_COLOR[k] })),
  }));
  const rows = d.coverage.map((c) => [
    esc(c.target.title),
    metric(`coverage.${c.target.id}.satisfied`, c.summary.satisfied),
    metric(`coverage.${c.target.id}.gap`, c.summary.gap),
    metric(`coverage.${c.target.id}.not-assessed`, c.summary['not-assessed']),
    metric(`coverage.${c.target.id}.manual`, c.summary.manual),
    metric(`coverage.${c.target.id}.total`, c.summary.total),
  ]);
  return `<section aria-labelledby="s-coverage"><h2 id="s-coverage">Coverage per framework</h2>
${stackedBars('Control coverage per framework', bars)}
${table('Controls per framework by status', ['Framework or profile', 'Satisfied', 'Gap', 'Not assessed', 'Manual', 'Controls'], rows, [1, 2, 3, 4, 5])}
<p class="muted">A control is satisfied only when a mapped rule passed and none fails; controls no rule tests are not assessed, never satisfied.</p></section>`;
}

function trendSection(d: PostureDigest): string {
  if (d.trend.length < 2) {
    return `<section aria-labelledby="s-trend"><h2 id="s-trend">Trend over runs</h2><p class="empty">${d.trend.length === 0 ? 'No posture record was read, so there is no history yet.' : 'Only one run is recorded so far.'} Keep a record (<code>record:</code> in the configuration) and the trend appears here.</p></section>`;
  }
  const labels = d.trend.map((p) => p.at.slice(5, 10));
  const series = [
    { label: 'assets', color: '#1f5fa8', points: d.trend.map((p) => p.assets) },
    { label: 'failing findings', color: '#b3261e', points: d.trend.map((p) => p.findings) },
  ];
  const rows = d.trend.map((p) => [
    esc(p.at.slice(0, 16).replace('T', ' ')),
    String(p.assets ?? '–'),
    String(p.findings ?? '–'),
    `<code>${esc(p.runId)}</code>`,
  ]);
  return `<section aria-labelledby="s-trend"><h2 id="s-trend">Trend over runs</h2>${lineChart('Assets and failing findings per run', labels, series)}
${table('Runs in the posture record', ['Run started', { text: 'Assets', num: true }, { text: 'Failing findings', num: true }, 'Run id'], rows, [1, 2])}</section>`;
}

function unownedSection(d: PostureDigest): string {
  if (d.unowned.length === 0) return '';
  return `<section aria-labelledby="s-unowned"><h2 id="s-unowned">Assets without an owner</h2><p>${metric('totals.unowned', d.totals.unowned)} assets have nobody to route findings to.</p>
${table(
  'Assets without an owner',
  ['Asset', 'Kind', 'Id'],
  d.unowned.map((a) => [esc(a.name), esc(a.kind), `<code>${esc(a.id)}</code>`]),
)}</section>`;
}

/**
 * Renders a digest as one self-contained HTML page: inline CSS and SVG, no script, no font or
 * image to fetch (a Content-Security-Policy forbids any), print styles, headings and table
 * semantics for screen readers. Every headline number carries a `data-metric` attribute naming
 * the digest field it shows, and the digest itself is embedded as JSON
 * (`<script type="application/json" id="aispm-digest">`, data, never executed).
 *
 * @example
 * ```ts
 * await writeFile('report.html', htmlFromDigest(buildDigest(result), { organisation: 'Acme' }));
 * ```
 */
export function htmlFromDigest(d: PostureDigest, options: HtmlReportOptions = {}): string {
  resetChartIds();
  const title = options.title ?? 'AI security posture';
  const within = options.expiringWithinDays ?? 30;
  const sub = [options.organisation, `generated ${d.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`, `aispm ${d.tool.version}`]
    .filter(Boolean)
    .join(' · ');
  const data = JSON.stringify(d).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="aispm ${esc(d.tool.version)}">
<title>${esc(title)}${options.organisation ? ` · ${esc(options.organisation)}` : ''}</title>
<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
<header><h1>${esc(title)}</h1><p>${esc(sub)}</p></header>
<nav aria-label="Sections"><ul class="muted" style="display:flex;flex-wrap:wrap;gap:14px;list-style:none;padding:8px 32px;margin:0">
<li><a href="#s-summary">Summary</a></li><li><a href="#s-risks">Top risks</a></li><li><a href="#s-inventory">Inventory</a></li><li><a href="#s-shadow">Shadow AI</a></li><li><a href="#s-flows">Data flows</a></li><li><a href="#s-exceptions">Exceptions</a></li><li><a href="#s-coverage">Coverage</a></li><li><a href="#s-trend">Trend</a></li></ul></nav>
<main id="main">
${summarySection(d)}
${risksSection(d, options.explained ?? 5)}
${inventorySection(d)}
${shadowSection(d)}
${flowsSection(d)}
${exceptionsSection(d, within)}
${coverageSection(d)}
${trendSection(d)}
${unownedSection(d)}
</main>
<footer>Produced by aispm from ${d.totals.sources} sources. Findings, scores and coverage are computed from the inventory shown; every number here is in the embedded data and in <code>aispm scan --format json</code>.</footer>
<script type="application/json" id="aispm-digest">${data}</script>
</body>
</html>
`;
}

/**
 * Renders a scan result as the HTML leadership report.
 *
 * @example
 * ```ts
 * await writeFile('report.html', renderHtmlReport(toScanResult(run), { exceptions, runs }));
 * ```
 */
export function renderHtmlReport(result: ScanResult, options: HtmlReportOptions = {}): string {
  return htmlFromDigest(buildDigest(result, options), options);
}
