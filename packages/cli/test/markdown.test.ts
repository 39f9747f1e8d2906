import { describe, expect, it } from 'vitest';
import { runCli } from '../src/main';
import { markdownFromDigest, renderMarkdown } from '../src/output/markdown';
import { buildDigest } from '../src/report/digest';
import { renderSummary } from '../src/report/summary';
import { ACME_CONFIG, acmeRun, REPO_ROOT } from './fixtures/results/acme-run';

describe('Markdown summary', () => {
  it('shows the headline numbers, ranked risks and every section', async () => {
    const { result } = await acmeRun();
    const md = renderMarkdown(result);
    expect(md).toContain('## aispm posture summary');
    expect(md).toContain(
      '**61** AI assets · **3** findings need action (1 critical, 1 high, 1 low) · **1** accepted · **6** shadow AI · **7** data flows to third parties',
    );
    for (const h of ['### Top risks', '### Inventory', '### Shadow AI', '### Data flows to third parties', '### Coverage per framework'])
      expect(md).toContain(h);
    const risks = md.split('### Top risks')[1]!.split('###')[0]!;
    const rows = risks.split('\n').filter((l) => /^\| \d/.test(l));
    expect(rows.map((r) => r.split(' | ')[2])).toEqual([
      'API key hard-coded in source',
      'Agent can take payment actions without a human approving',
      'Unapproved AI provider in use',
    ]);
    expect(md).toContain('| policy-search | Anthropic | – | customer-content, pii | no |');
    expect(md).toContain('| claims-batch | Azure OpenAI | gateway:llm-gateway.acme.internal | phi, pii | yes |');
  });

  it('escapes table cells and caps long lists', async () => {
    const { result } = await acmeRun();
    const d = buildDigest(result);
    d.shadowAi = Array.from({ length: 14 }, (_, i) => ({ id: `provider:p${i}`, kind: 'provider', name: `a|b<script>${i}`, reason: 'r', seenBy: ['x'] }));
    const md = markdownFromDigest(d, { maxRows: 5 });
    expect(md).toContain('| a\\|b&lt;script>0 | provider | r | x |');
    expect(md).not.toContain('a|b<script>');
    expect(md).toContain('…and 9 more.');
  });

  it('lists exceptions expiring within 30 days with days left', async () => {
    const { result } = await acmeRun();
    const md = renderMarkdown(result, {
      exceptions: [
        {
          id: 'exc-1',
          ruleId: 'aispm:mcp-server-unpinned',
          assetIds: ['mcp-server:npm/@stripe/mcp'],
          owner: 'team:support-platform',
          expiresAt: '2026-12-15T00:00:00Z',
        },
        { id: 'exc-2', ruleId: 'aispm:x', assetIds: ['a:b'], owner: 'o', expiresAt: '2027-06-01T00:00:00Z' },
      ],
    });
    expect(md).toContain('| exc-1 | aispm:mcp-server-unpinned | mcp-server:npm/@stripe/mcp | team:support-platform | 2026-12-15 | 23 |');
    expect(md).not.toContain('exc-2');
  });

  it('is the markdown format of aispm scan, and the terminal summary is the estate default', async () => {
    let out = '';
    const io = { stdout: (t: string) => void (out += t), stderr: () => {}, cwd: REPO_ROOT, env: {} };
    expect(await runCli(['scan', '--config', ACME_CONFIG, '--format', 'markdown', '--no-record', '-q'], io)).toBe(0);
    expect(out).toContain('## aispm posture summary');
    out = '';
    expect(await runCli(['scan', '--config', ACME_CONFIG, '--no-record', '-q'], io)).toBe(0);
    expect(out).toContain('Shadow AI (6)');
    expect(out).toContain('Data flows to third parties (7)');
    out = '';
    expect(await runCli(['scan', '--config', ACME_CONFIG, '--no-record', '-q', '--now', '2026-11-21T08:00:00Z'], io)).toBe(0);
    expect(out).toMatch(/Exceptions expiring soon\n {2}exc_[0-9a-f]{16} {2}aispm:mcp-server-unpinned {2}team:support-platform {2}23 days left\n/);
  });

  it('terminal summary ranks risks the same way', async () => {
    const { result } = await acmeRun();
    const text = renderSummary(result);
    const top = text.split('Top risks\n')[1]!.split('\n\n')[0]!.split('\n');
    expect(top.filter((l) => /^ {2}\d/.test(l)).map((l) => l.trim().split(/\s+/).slice(0, 2))).toEqual([
      ['1.', 'critical'],
      ['2.', 'high'],
      ['3.', 'low'],
    ]);
    expect(top[1]!.trim()).toBe('credential:openai/support-agent-fallback: An OpenAI project key is written in apps/support-agent/src/agent.ts.');
  });
});
