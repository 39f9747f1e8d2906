import type { Finding } from '@aispm/core';
import {
  aggregateScores,
  compareScores,
  createEngine,
  createScorer,
  createSignalContext,
  DEFAULT_RISK_MODEL,
  explainMarkdown,
  explainText,
  type FindingScore,
} from '@aispm/scoring';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadEstate } from './helpers';
import { randomEstate } from './random-estate';

/** A score as plain data, every field (scores build their decomposition when read). */
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

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
    expect(plain(again)).toEqual(plain(all));
    expect((plain(again) as { findings: FindingScore[] }).findings[0]?.factors).toHaveLength(13);
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

describe('scores built when read', () => {
  const engine = createEngine(DEFAULT_RISK_MODEL);
  const full = (ctx: ReturnType<typeof createSignalContext>, f: Finding) => ({
    subject: f.id,
    kind: 'finding',
    ruleId: f.ruleId,
    assetIds: f.assetIds,
    title: f.title,
    state: f.state,
    ...engine.score(ctx.findingSignals(f)),
  });

  it('every finding score is the full decomposition the engine gives for its signals, field for field (random estates)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const { inventory, findings } = randomEstate(seed, { assets: 60, findings: 150 });
        const ctx = createSignalContext(inventory, findings);
        const all = createScorer({ inventory, findings }).scoreAll();
        const byId = new Map(findings.map((f) => [f.id, f]));
        expect(all.findings).toHaveLength(findings.length);
        expect(all.findings.map((s) => s.subject)).toEqual([...all.findings].sort(compareScores).map((s) => s.subject));
        expect(all.assets.map((s) => s.subject)).toEqual([...all.assets].sort(compareScores).map((s) => s.subject));
        for (const s of all.findings) {
          const want = full(ctx, byId.get(s.subject) as Finding);
          expect([s.value, s.band, s.reason]).toEqual([want.value, want.band, want.reason]);
          expect([s.modelId, s.vector, s.scale, s.calibrated]).toEqual([want.modelId, want.vector, want.scale, want.calibrated]);
          expect(s.parts).toEqual(want.parts);
          expect(s.factors).toEqual(want.factors);
          expect(s.unknowns).toEqual(want.unknowns);
          expect(s.limits).toEqual(want.limits);
          // The same fields in the same order as a plain decomposition.
          expect(JSON.stringify(s)).toBe(JSON.stringify(want));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('every asset score has the aggregate of its open findings, and its plain form agrees (random estates)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const { inventory, findings } = randomEstate(seed, { assets: 60, findings: 150 });
        const scorer = createScorer({ inventory, findings });
        const all = scorer.scoreAll();
        const value = new Map(all.findings.map((s) => [s.subject, s.value]));
        for (const a of all.assets) {
          const open = findings.filter((f) => f.state !== 'fixed' && f.state !== 'closed' && f.assetIds.includes(a.subject));
          const values = open.map((f) => value.get(f.id)).filter((v): v is number => v !== null && v !== undefined);
          const withheld = open.length > 0 && values.length === 0;
          expect(a.value).toBe(withheld ? null : aggregateScores(values).value);
          const p = plain(a) as Record<string, unknown>;
          expect(Object.keys(p)).toEqual(
            ['subject', 'kind', 'assetKind', 'name', 'modelId', 'value', 'band', 'scale', 'aggregation', 'findings', 'context', 'calibrated'].concat(
              withheld ? ['reason'] : [],
            ),
          );
          expect([p.value, p.band]).toEqual([a.value, a.band]);
          expect(a.findings.map((f) => f.id).sort()).toEqual(open.map((f) => f.id).sort());
          expect(a.context).toHaveLength(7);
          // Scoring the asset on its own (no finding scores given) gives the same.
          expect(plain(scorer.scoreAsset(a.subject))).toEqual(p);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('gives the same scores when finding ids repeat (random estates)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const base = randomEstate(seed, { assets: 20, findings: 80 });
        const findings = [...base.findings, ...base.findings.slice(0, 10).map((f) => ({ ...f, severity: 'critical' as const }))];
        const ctx = createSignalContext(base.inventory, findings);
        const all = createScorer({ inventory: base.inventory, findings }).scoreAll();
        const got = all.findings.map((s) => JSON.stringify(s)).sort();
        const want = findings.map((f) => JSON.stringify(full(ctx, f))).sort();
        expect(got).toEqual(want);
      }),
      { numRuns: 15 },
    );
  });

  it('scores a finding that is not among the scorer’s findings', () => {
    const extra = { ...(findings[0] as Finding), id: 'fnd_extra' };
    const s = scorer.scoreFinding(extra);
    expect(s.subject).toBe('fnd_extra');
    expect(plain(s)).toEqual(plain({ ...full(createSignalContext(inventory, findings), extra) }));
  });
});
