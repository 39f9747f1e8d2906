import { computePortfolio, createScorer, type FindingScore, frameworkOf } from '@aispm/scoring';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadEstate } from './helpers';

const { inventory, findings, results } = loadEstate();
const { findings: fs, assets } = createScorer({ inventory, findings }).scoreAll();
const input = { modelId: 'aispm:default-risk@1.0.0', results, findings, findingScores: fs, assetScores: assets, topN: 3 };

describe('computePortfolio', () => {
  it('computes the weighted pass rate per framework and overall', () => {
    const p = computePortfolio(input);
    // overall: passes model-card (low 1) + endpoint-auth (high 6) + processor-agreement (medium 3) = 10
    // of 10 + fails 6+6+3+10+1+6+3 + unknown 6 = 51 → 19.6
    expect(p.overall).toMatchObject({ evaluated: 11, passed: 3, failed: 8, accepted: 1, weightPassed: 10, weightTotal: 51, score: 19.6 });
    expect(p.frameworks.map((f) => [f.framework, f.score, f.passed, f.failed])).toEqual([
      ['eu-ai-act-2024-1689', 22.2, 2, 3],
      ['iso-iec-42001-2023', 0, 0, 1],
      ['nist-ai-rmf-1.0', 50, 1, 1],
      ['owasp-agentic-top10-2026', 0, 0, 1],
      ['owasp-llm-2025', 16.2, 1, 5],
    ]);
    expect(p.topFindings.map((t) => t.value)).toEqual([8.9, 8.2, 5.3]);
    expect(p.topAssets[0]).toMatchObject({ subject: 'application:git/github.com/acme/support-bot', value: 9.7, band: 'critical' });
    expect(p.bands.findings).toEqual({ critical: 0, high: 2, medium: 1, low: 4, info: 0, withheld: 0 });
  });

  it('reports the change between two runs', () => {
    const before = computePortfolio(input);
    // The team fixes the public endpoint: its result passes and its finding closes.
    const fixedResults = results.map((r) => (r.ruleId === 'aispm:endpoint-auth' && r.status === 'fail' ? { ...r, status: 'pass' as const } : r));
    const fixedFindings = findings.map((f) => (f.ruleId === 'aispm:endpoint-auth' ? { ...f, state: 'fixed' as const } : f));
    const s2 = createScorer({ inventory, findings: fixedFindings }).scoreAll();
    const after = computePortfolio({
      ...input,
      results: fixedResults,
      findings: fixedFindings,
      findingScores: s2.findings.filter((s) => s.state !== 'fixed'),
      assetScores: s2.assets,
      previous: before,
    });
    expect(after.overall.score).toBe(31.4);
    expect(after.change?.overall).toBe(11.8);
    expect(after.change?.frameworks.find((f) => f.framework === 'nist-ai-rmf-1.0')).toEqual({
      framework: 'nist-ai-rmf-1.0',
      previous: 50,
      current: 100,
      delta: 50,
    });
    expect(after.change?.topFindings.left).toEqual([fs[0]?.subject]);
    expect(after.change?.bands.findings.high).toBe(-1);
  });

  it('counts open findings without a result as failures', () => {
    const p = computePortfolio({ ...input, results: [] });
    expect(p.overall).toMatchObject({ evaluated: 7, passed: 0, score: 0 });
  });

  it('top lists are the first N of the whole ranking (value, then subject)', () => {
    const entry = fc.record({
      subject: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h').chain((p) => fc.nat(50).map((n) => `${p}${n}`)),
      value: fc.option(
        fc.integer({ min: 0, max: 20 }).map((n) => n / 2),
        { nil: null },
      ),
    });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.subject, maxLength: 60 }), fc.integer({ min: 0, max: 15 }), (xs, topN) => {
        const scores = xs.map((x) => ({ ...x, band: 'low', title: x.subject })) as unknown as FindingScore[];
        const p = computePortfolio({ ...input, findingScores: scores, topN });
        const want = [...scores]
          .sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0))
          .slice(0, topN)
          .map((s) => s.subject);
        expect(p.topFindings.map((t) => t.subject)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('reads the framework from the control prefix', () => {
    expect(frameworkOf('owasp-llm-2025:LLM01:2025')).toBe('owasp-llm-2025');
  });
});
