import { createScorer, explainMarkdown, explainText } from '@aispm/scoring';
import { describe, expect, it } from 'vitest';
import { loadEstate } from './helpers';

const { inventory, findings } = loadEstate();
const scorer = createScorer({ inventory, findings });
const all = scorer.scoreAll();
const byRule = (rule: string) => all.findings.find((s) => s.ruleId === rule);
const asset = (id: string) => all.assets.find((s) => s.subject === id);

describe('createScorer on a realistic estate', () => {
  it('ranks findings by score with their bands', () => {
    expect(all.findings.map((s) => [s.ruleId, s.value, s.band])).toEqual([
      ['aispm:endpoint-auth', 8.9, 'high'],
      ['aispm:pii-to-provider-path', 8.2, 'high'],
      ['aispm:processor-agreement', 5.3, 'medium'],
      ['aispm:keys-in-code', 3.9, 'low'],
      ['aispm:agent-human-approval', 3.3, 'low'],
      ['aispm:model-card', 2.5, 'low'],
      ['aispm:mcp-pinned', 2, 'low'],
    ]);
  });

  it('shows accepted risk with its exception instead of hiding it', () => {
    const s = byRule('aispm:agent-human-approval');
    const e = s?.factors.find((f) => f.factor === 'exceptionState');
    expect(e).toMatchObject({ value: 'accepted', rationale: 'accepted under exception exc_payments_2026q4' });
    expect(e?.contribution).toBeLessThan(0);
    expect(s?.state).toBe('accepted');
  });

  it('reads toxic-combination paths from multi-asset findings', () => {
    expect(byRule('aispm:pii-to-provider-path')?.factors.find((f) => f.factor === 'toxicPath')?.value).toBe('path');
    expect(byRule('aispm:endpoint-auth')?.factors.find((f) => f.factor === 'toxicPath')?.value).toBe('member');
    expect(byRule('aispm:keys-in-code')?.factors.find((f) => f.factor === 'toxicPath')?.value).toBe('none');
  });

  it('aggregates findings into asset scores and scores AI systems without findings at 0', () => {
    expect(asset('application:git/github.com/acme/support-bot')).toMatchObject({ value: 9.7, band: 'critical' });
    expect(asset('model:openai/gpt-4o')).toMatchObject({ value: 0, band: 'info', findings: [] });
    expect(all.assets[0]?.subject).toBe('application:git/github.com/acme/support-bot');
  });

  it('records unknowns and how they were treated', () => {
    expect(byRule('aispm:endpoint-auth')?.unknowns).toEqual([]);
    expect(byRule('aispm:model-card')?.unknowns).toEqual([{ factor: 'businessCriticality', treatment: 'neutral', used: 'medium' }]);
    const m = byRule('aispm:mcp-pinned');
    expect(m?.unknowns.map((u) => [u.factor, u.treatment, u.used])).toEqual([
      ['dataExposure', 'neutral', 'internal'],
      ['businessCriticality', 'neutral', 'medium'],
      ['regulatoryTier', 'neutral', 'limited'],
    ]);
  });

  it('is deterministic', () => {
    const again = createScorer({ inventory, findings: [...findings].reverse() }).scoreAll();
    expect(again).toEqual(all);
  });
});

describe('golden explanations', () => {
  const cases: Array<[string, () => unknown]> = [
    ['finding-public-endpoint', () => byRule('aispm:endpoint-auth')],
    ['finding-toxic-path', () => byRule('aispm:pii-to-provider-path')],
    ['finding-accepted-agent', () => byRule('aispm:agent-human-approval')],
    ['finding-unpinned-mcp', () => byRule('aispm:mcp-pinned')],
    ['asset-support-bot', () => asset('application:git/github.com/acme/support-bot')],
    ['asset-hr-screening', () => asset('model:huggingface/acme/hr-screening')],
    ['asset-openai', () => asset('provider:openai')],
  ];
  for (const [name, get] of cases) {
    it(name, async () => {
      const s = get() as Parameters<typeof explainText>[0];
      expect(s).toBeDefined();
      await expect(explainText(s)).toMatchFileSnapshot(`./__golden__/${name}.txt`);
      await expect(explainMarkdown(s)).toMatchFileSnapshot(`./__golden__/${name}.md`);
    });
  }
});
