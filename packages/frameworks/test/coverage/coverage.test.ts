import type { Finding, ResultStatus, RuleResult } from '@aispm/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCoverage, defineProfile, type RuleControlMapping } from '../../src/index';

const res = (ruleId: string, status: ResultStatus, assetId = 'agent:a'): RuleResult => ({
  ruleId,
  ruleVersion: '1.0.0',
  status,
  assetIds: [assetId],
  severity: 'high',
  message: status,
  evidence: [],
  controls: [],
});
const maps: RuleControlMapping[] = [
  { ruleId: 'aispm:r1', controls: ['owasp-llm-2025:LLM01:2025'] },
  { ruleId: 'aispm:r2', controls: ['owasp-llm-2025:LLM02:2025', 'owasp-llm-2025:LLM06'] },
  { ruleId: 'aispm:r3', controls: ['owasp-llm-2025:LLM03:2025'] },
];
const byRef = (report: ReturnType<typeof computeCoverage>) => Object.fromEntries(report.controls.map((c) => [c.id, c]));

describe('coverage', () => {
  it('classifies every control of a framework', () => {
    const report = computeCoverage({
      target: 'owasp-llm-2025',
      mappings: maps,
      results: [
        res('aispm:r1', 'pass'),
        res('aispm:r1', 'pass', 'agent:b'),
        res('aispm:r2', 'fail'),
        res('aispm:r2', 'pass', 'agent:b'),
        res('aispm:r3', 'unknown'),
      ],
    });
    const c = byRef(report);
    expect(c['LLM01:2025']?.status).toBe('satisfied');
    expect(c['LLM02:2025']?.status).toBe('gap');
    expect(c['LLM02:2025']?.failingAssets).toEqual(['agent:a']);
    expect(c['LLM06:2025']?.status).toBe('gap');
    expect(c['LLM03:2025']?.status).toBe('not-assessed');
    expect(c['LLM04:2025']).toMatchObject({ status: 'not-assessed', rules: [] });
    expect(report.summary).toEqual({ satisfied: 1, gap: 2, 'not-assessed': 7, manual: 0, total: 10 });
    expect(c['LLM01:2025']?.rules).toEqual([{ ruleId: 'aispm:r1', pass: 2, fail: 0, unknown: 0, error: 0, notApplicable: 0 }]);
  });

  it('uses the controls results carry, open findings, and exact-scope exceptions', () => {
    const r = { ...res('aispm:x', 'pass'), controls: ['owasp-llm-2025:LLM09:2025'] };
    const finding = { ruleId: 'aispm:r3', assetIds: ['model:m'], state: 'open', controls: [] } as unknown as Finding;
    const fixed = { ruleId: 'aispm:r1', assetIds: ['agent:z'], state: 'fixed', controls: [] } as unknown as Finding;
    const report = computeCoverage({
      target: 'owasp-llm-2025',
      mappings: maps,
      results: [r, res('aispm:r1', 'pass')],
      findings: [finding, fixed],
      exceptions: [
        { id: 'exc-1', ruleId: 'aispm:r3', assetIds: ['model:m'], expiresAt: '2030-01-01T00:00:00Z' },
        { id: 'exc-old', ruleId: 'aispm:r3', assetIds: ['model:m'], expiresAt: '2020-01-01T00:00:00Z' },
        { id: 'exc-other', ruleId: 'aispm:r3', assetIds: ['model:m', 'model:n'] },
      ],
      now: new Date('2026-11-22T00:00:00Z'),
    });
    const c = byRef(report);
    expect(c['LLM09:2025']?.status).toBe('satisfied');
    expect(c['LLM01:2025']?.status).toBe('satisfied');
    expect(c['LLM03:2025']).toMatchObject({ status: 'gap', failingAssets: ['model:m'], allFailuresExcepted: true });
    expect(c['LLM03:2025']?.exceptions.map((e) => e.id)).toEqual(['exc-1']);
  });

  it('counts a rule mapped to a 2023 OWASP id against its 2025 successor', () => {
    const report = computeCoverage({
      target: 'owasp-llm-2025',
      mappings: [{ ruleId: 'x_com.acme:r', controls: ['owasp-llm-2023:LLM02'] }],
      results: [res('x_com.acme:r', 'fail')],
    });
    expect(byRef(report)['LLM05:2025']).toMatchObject({ status: 'gap', failingAssets: ['agent:a'] });
    expect(
      computeCoverage({
        target: 'owasp-llm-2023',
        mappings: [{ ruleId: 'x_com.acme:r', controls: ['owasp-llm-2023:LLM02'] }],
        results: [res('x_com.acme:r', 'fail')],
      }).summary.gap,
    ).toBe(1);
  });

  it('attributes rules through crosswalks only when asked, saying through which control', () => {
    const results = [res('aispm:r2', 'fail'), res('aispm:r1', 'pass')];
    const direct = computeCoverage({ target: 'nist-ai-600-1', mappings: maps, results });
    expect(direct.summary).toMatchObject({ 'not-assessed': 12, total: 12 });
    const derived = computeCoverage({ target: 'nist-ai-600-1', mappings: maps, results, crosswalks: { relationships: ['related'] } });
    const c = byRef(derived);
    expect(c['GAI-04']).toMatchObject({ status: 'gap', via: ['owasp-llm-2025:LLM02:2025'] });
    expect(c['GAI-07']).toMatchObject({ status: 'gap', via: ['owasp-llm-2025:LLM06:2025'] });
    expect(c['GAI-09']?.status).toBe('gap');
    expect(c['GAI-01']).toMatchObject({ status: 'not-assessed', rules: [] });
    expect(c['GAI-01']?.via).toBeUndefined();
    const equivalentOnly = computeCoverage({ target: 'mitre-atlas', mappings: maps, results, crosswalks: { relationships: ['equivalent'] } });
    expect(byRef(equivalentOnly)['AML.T0051']).toMatchObject({ status: 'satisfied', via: ['owasp-llm-2025:LLM01:2025'] });
  });

  it('marks manual controls of a profile and keeps gaps', () => {
    const profile = defineProfile({
      id: 'x-test',
      title: 'Test',
      description: 'd',
      frameworks: ['owasp-llm-2025'],
      controls: [{ ref: 'owasp-llm-2025:LLM01:2025', manual: true }, { ref: 'owasp-llm-2025:LLM02:2025', manual: true }, { ref: 'owasp-llm-2025:LLM03:2025' }],
    });
    const report = computeCoverage({ target: profile, mappings: maps, results: [res('aispm:r1', 'pass'), res('aispm:r2', 'fail')] });
    expect(report.controls.map((c) => c.status)).toEqual(['manual', 'gap', 'not-assessed']);
    expect(report.target).toEqual({ kind: 'profile', id: 'x-test', title: 'Test' });
    expect(computeCoverage({ target: 'eu-ai-act-deployer', results: [] }).summary.total).toBe(5);
    expect(() => computeCoverage({ target: 'nope', results: [] })).toThrow(/no framework or profile/);
  });

  it('never counts a control no rule tests, or with only unknown/error results, as satisfied', () => {
    const statuses: ResultStatus[] = ['pass', 'fail', 'unknown', 'not_applicable', 'error'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            rule: fc.constantFrom('aispm:r1', 'aispm:r2', 'aispm:r3', 'aispm:unmapped'),
            status: fc.constantFrom(...statuses),
            asset: fc.constantFrom('a:1', 'a:2'),
          }),
          { maxLength: 30 },
        ),
        (rows) => {
          const results = rows.map((r) => res(r.rule, r.status, r.asset));
          const report = computeCoverage({ target: 'owasp-llm-2025', mappings: maps, results });
          for (const c of report.controls) {
            const ruleIds = new Set(c.rules.map((r) => r.ruleId));
            const mine = results.filter((r) => ruleIds.has(r.ruleId));
            if (c.status === 'satisfied') {
              expect(mine.some((r) => r.status === 'pass')).toBe(true);
              expect(mine.some((r) => r.status === 'fail')).toBe(false);
            }
            if (mine.some((r) => r.status === 'fail')) expect(c.status).toBe('gap');
            if (ruleIds.size === 0) expect(c.status).toBe('not-assessed');
          }
          expect(report.summary.satisfied + report.summary.gap + report.summary['not-assessed'] + report.summary.manual).toBe(10);
        },
      ),
    );
  });
});
