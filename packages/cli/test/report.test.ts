import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/main';
import { buildDigest, type DigestException, type PostureDigest } from '../src/report/digest';
import { htmlFromDigest, renderHtmlReport } from '../src/report/html';
import type { ScanResult } from '../src/scan-result';
import { ACME_CONFIG, acmeRun, REPO_ROOT } from './fixtures/results/acme-run';

const EXCEPTIONS: DigestException[] = [
  {
    id: 'exc-2026-014',
    ruleId: 'aispm:mcp-server-unpinned',
    assetIds: ['mcp-server:npm/@stripe/mcp'],
    owner: 'team:support-platform',
    approver: 'ciso@acme.example',
    expiresAt: '2026-12-15T00:00:00Z',
  },
];
const RUNS = [
  { id: 'run_1', startedAt: '2026-11-07T06:00:00Z', summary: { assets: 41, findings: 9 } },
  { id: 'run_2', startedAt: '2026-11-14T06:00:00Z', summary: { assets: 50, findings: 7 } },
  { id: 'run_3', startedAt: '2026-11-21T06:00:00Z', summary: { assets: 54, findings: 3 } },
];
const COVERAGE = [
  {
    target: { kind: 'framework', id: 'owasp-llm-2025', title: 'OWASP Top 10 for LLM Applications 2025' },
    summary: { satisfied: 3, gap: 4, 'not-assessed': 3, manual: 0, total: 10 },
  },
  {
    target: { kind: 'framework', id: 'nist-ai-rmf-1.0', title: 'NIST AI RMF 1.0' },
    summary: { satisfied: 5, gap: 2, 'not-assessed': 60, manual: 5, total: 72 },
  },
];
const SCORES = [
  {
    subject: '',
    kind: 'finding',
    value: 9.3,
    band: 'critical',
    factors: [
      { label: 'Identity reach', valueLabel: 'Anyone on the internet', contribution: 3.1, rationale: 'anonymous-web can invoke the application' },
      { label: 'Exploitability', valueLabel: 'Key in source', contribution: 2.4, rationale: 'hard-coded key' },
      { label: 'Regulatory tier', valueLabel: 'limited risk', contribution: 0, rationale: 'no effect' },
    ],
  },
];

async function fixture(): Promise<{ result: ScanResult; digest: PostureDigest; html: string }> {
  const { result } = await acmeRun();
  const critical = result.findings.find((f) => f.severity === 'critical')!;
  result.scores = SCORES.map((s) => ({ ...s, subject: critical.id }));
  const options = { exceptions: EXCEPTIONS, runs: RUNS, coverage: COVERAGE };
  return { result, digest: buildDigest(result, options), html: renderHtmlReport(result, { ...options, organisation: 'acme' }) };
}

describe('HTML report (static checks)', () => {
  it('is one self-contained file: no script to run, nothing to fetch', async () => {
    const { html } = await fixture();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\(|\bsrc=/i);
    expect(html).not.toMatch(/href="(?!#)/);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts).toEqual(['<script type="application/json" id="aispm-digest">']);
  });

  it('has every section, table semantics and labelled charts', async () => {
    const { html } = await fixture();
    const h2 = [...html.matchAll(/<h2 id="([^"]+)">([^<]+)<\/h2>/g)].map((m) => m[2]);
    expect(h2).toEqual([
      'Posture summary',
      'Top risks',
      'Inventory',
      'Shadow AI',
      'Data flows to third parties',
      'Exceptions expiring soon',
      'Coverage per framework',
      'Trend over runs',
      'Assets without an owner',
    ]);
    expect((html.match(/<table>/g) ?? []).length).toBe((html.match(/<caption>/g) ?? []).length);
    const svgs = html.match(/<svg [^>]*>/g) ?? [];
    expect(svgs.length).toBe(4);
    for (const s of svgs) expect(s).toMatch(/role="img" aria-labelledby="chart-\d+-t chart-\d+-d"/);
  });

  it('escapes everything that comes from the inventory', async () => {
    const { result } = await acmeRun();
    const d = buildDigest(result);
    d.shadowAi = [
      { id: 'provider:x', kind: 'provider', name: '<img src=x onerror=alert(1)>', reason: '"quoted" & <b>', seenBy: ['</script><script>alert(1)</script>'] },
    ];
    const html = htmlFromDigest(d);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('</script><script>alert(1)');
  });

  it('is deterministic', async () => {
    const a = await fixture();
    const b = await fixture();
    expect(a.html).toBe(b.html);
  });
});

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe.skipIf(!existsSync(chromiumPath))('HTML report in headless Chromium', () => {
  let browser: import('playwright-core').Browser;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(html: string) {
    const dir = await mkdtemp(join(tmpdir(), 'aispm-report-'));
    const file = join(dir, 'report.html');
    await writeFile(file, html);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, problems, requests, url: pathToFileURL(file).href };
  }

  it('renders without console errors and makes no request but the file itself', async () => {
    const { html } = await fixture();
    const { page, problems, requests, url } = await open(html);
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    expect(await page.locator('h1').textContent()).toBe('AI security posture');
    await page.close();
  });

  it('shows the same numbers as the JSON output', async () => {
    const { result, html } = await fixture();
    // The scan result as `aispm scan --format json` prints it.
    const json = JSON.parse(JSON.stringify(result)) as ScanResult;
    const { page } = await open(html);
    const metrics = await page.$$eval('[data-metric]', (els) =>
      els.map((e) => [e.getAttribute('data-metric') ?? '', (e.textContent ?? '').trim()] as [string, string]),
    );
    const seen = new Map<string, Set<string>>();
    for (const [k, v] of metrics) seen.set(k, new Set([...(seen.get(k) ?? []), v]));
    for (const [k, vs] of seen) expect(vs.size, `${k} shows different values`).toBe(1);
    const shown = (k: string) => Number([...(seen.get(k) ?? new Set(['NaN']))][0]);
    expect(shown('totals.assets')).toBe(json.summary.assets);
    expect(shown('totals.relationships')).toBe(json.summary.relationships);
    expect(shown('totals.diagnostics')).toBe(json.summary.diagnostics);
    expect(shown('totals.sources')).toBe(json.run.sources.length);
    for (const [kind, n] of Object.entries(json.summary.byKind)) if (n > 0) expect(shown(`byKind.${kind}`), kind).toBe(n);
    for (const [s, n] of Object.entries(json.summary.bySurface)) if (n > 0) expect(shown(`bySurface.${s}`), s).toBe(n);
    for (const [c, n] of Object.entries(json.summary.byConnector)) expect(shown(`byConnector.${c}`), c).toBe(n);
    const active = json.findings.filter((f) => ['open', 'in-remediation', 'retest-pending', 'deferred'].includes(f.state));
    expect(shown('totals.activeFindings')).toBe(active.length);
    expect(shown('totals.acceptedFindings')).toBe(json.findings.filter((f) => f.state === 'accepted').length);
    for (const sev of ['critical', 'high', 'medium', 'low', 'info']) expect(shown(`bySeverity.${sev}`)).toBe(active.filter((f) => f.severity === sev).length);
    const critical = json.findings.find((f) => f.severity === 'critical')!;
    expect(shown(`risk.${critical.id}.score`)).toBe(9.3);
    expect(shown('coverage.owasp-llm-2025.gap')).toBe(4);
    expect(shown('coverage.nist-ai-rmf-1.0.total')).toBe(72);
    // Shadow AI and third-party flows, recomputed from the JSON inventory.
    const unapproved = json.inventory.assets.filter((a) => {
      const ap = (a.attributes as { approved?: boolean }).approved;
      return (
        (a.kind === 'provider' && ap !== true) ||
        (['saas-ai-feature', 'subscription', 'application', 'agent', 'model', 'mcp-server'].includes(a.kind) && ap === false)
      );
    });
    expect(shown('totals.shadowAi')).toBe(unapproved.length);
    const rows = await page.locator('section[aria-labelledby="s-shadow"] tbody tr').count();
    expect(rows).toBe(unapproved.length);
    // The embedded data is the digest.
    const embedded = JSON.parse((await page.locator('#aispm-digest').textContent()) ?? '{}');
    expect(embedded.totals.assets).toBe(json.summary.assets);
    await page.close();
  });

  it('is accessible: one h1, ordered headings, labelled charts, row and column headers, readable contrast', async () => {
    const { html } = await fixture();
    const { page } = await open(html);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const charts = await page.$$eval('svg[role="img"]', (els) => {
      const doc = (globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document;
      return els.map((s) => (s.getAttribute('aria-labelledby') ?? '').split(' ').map((id: string) => doc.getElementById(id)?.textContent ?? ''));
    });
    expect(charts.length).toBe(4);
    for (const [title, desc] of charts) {
      expect(title?.length).toBeGreaterThan(0);
      expect(desc?.length).toBeGreaterThan(0);
    }
    const tablesWithoutHeaders = await page.$$eval(
      'table',
      (ts) => ts.filter((t) => t.querySelectorAll('thead th[scope="col"]').length === 0 || !t.querySelector('caption')).length,
    );
    expect(tablesWithoutHeaders).toBe(0);
    // WCAG contrast of every text colour against its background.
    type El = { parentElement: El | null };
    const ratios = await page.$$eval('body, .sev, .muted, th, td, .cards .l', (els) => {
      const getComputedStyle = (globalThis as unknown as { getComputedStyle(e: unknown): { color: string; backgroundColor: string } }).getComputedStyle;
      const lum = (c: string) => {
        const [r, g, b] = (c.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).slice(0, 3).map((x) => {
          const v = Number(x) / 255;
          return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        }) as [number, number, number];
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const bg = (el: El | null): string => {
        for (let e = el; e; e = e.parentElement) {
          const c = getComputedStyle(e).backgroundColor;
          if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
        }
        return 'rgb(255, 255, 255)';
      };
      return els.map((e) => {
        const a = lum(getComputedStyle(e).color);
        const b = lum(bg(e as unknown as El));
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      });
    });
    expect(Math.min(...ratios)).toBeGreaterThanOrEqual(4.5);
    await page.close();
  });

  it('prints: every section is laid out for paper', async () => {
    const { html } = await fixture();
    const { page } = await open(html);
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.$$eval('section', (ss) => ss.filter((s) => s.getBoundingClientRect().height === 0).length);
    expect(hidden).toBe(0);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });

  it('aispm report writes the file from a saved JSON result', async () => {
    let json = '';
    const io = { stdout: (t: string) => void (json += t), stderr: () => {}, cwd: REPO_ROOT, env: {} };
    expect(await runCli(['scan', '--config', ACME_CONFIG, '--format', 'json', '--no-record', '-q', '--now', '2026-11-21T08:00:00Z'], io)).toBe(0);
    const dir = await mkdtemp(join(tmpdir(), 'aispm-report-cli-'));
    await writeFile(join(dir, 'result.json'), json);
    const err: string[] = [];
    const io2 = { stdout: () => {}, stderr: (t: string) => void err.push(t), cwd: dir, env: {} };
    const exceptions = fileURLToPath(new URL('./fixtures/exceptions/register.yaml', import.meta.url));
    expect(await runCli(['report', '--from-json', 'result.json', '--out', 'r.html', '--exceptions', exceptions, '--now', '2026-11-21T08:00:00Z'], io2)).toBe(0);
    expect(err).toEqual(['wrote r.html\n']);
    const html = await readFile(join(dir, 'r.html'), 'utf8');
    const { page, problems } = await open(html);
    expect(problems).toEqual([]);
    const result = JSON.parse(json) as ScanResult;
    expect(await page.locator('[data-metric="totals.assets"]').first().textContent()).toBe(String(result.summary.assets));
    expect(await page.locator('section[aria-labelledby="s-exceptions"] tbody tr').count()).toBe(1);
    await page.close();
  });
});

describe('aispm report with a posture record', () => {
  it('reads the trend, the exception register and the recorded lifecycle states', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aispm-report-record-'));
    const db = join(dir, 'posture.db');
    const io = { stdout: () => {}, stderr: () => {}, cwd: dir, env: {} };
    for (const now of ['2026-11-14T06:00:00Z', '2026-11-21T06:00:00Z']) {
      expect(await runCli(['scan', '--config', ACME_CONFIG, '--record', db, '--format', 'json', '--quiet', '--now', now], io)).toBe(0);
    }
    expect(await runCli(['report', '--config', ACME_CONFIG, '--record', db, '--out', 'r.html', '--now', '2026-11-21T08:00:00Z'], io)).toBe(0);
    const html = await readFile(join(dir, 'r.html'), 'utf8');
    const digest = JSON.parse(/<script type="application\/json" id="aispm-digest">([\s\S]*?)<\/script>/.exec(html)![1]!) as PostureDigest;
    expect(digest.trend.map((p) => p.at)).toEqual(['2026-11-14T06:00:00.000Z', '2026-11-21T06:00:00.000Z']);
    expect(digest.trend.every((p) => p.assets === digest.totals.assets)).toBe(true);
    expect(digest.totals.acceptedFindings).toBe(1);
    expect(digest.expiringExceptions).toEqual([
      expect.objectContaining({ ruleId: 'aispm:mcp-server-unpinned', assetIds: ['mcp-server:npm/@stripe/mcp'], owner: 'team:support-platform', daysLeft: 23 }),
    ]);
    expect(html).toContain('<h2 id="s-trend">Trend over runs</h2><svg');
  });

  it('a --record that does not exist is reported and the report is still written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aispm-report-norecord-'));
    const err: string[] = [];
    const io = { stdout: () => {}, stderr: (t: string) => void err.push(t), cwd: dir, env: {} };
    expect(await runCli(['report', '--config', ACME_CONFIG, '--record', 'missing.db', '--out', 'r.html'], io)).toBe(0);
    expect(err[0]).toMatch(/^aispm report: no posture record at .*missing\.db .*; the trend and the exception register are left out\n$/);
    expect(err[1]).toBe('wrote r.html\n');
  });
});
