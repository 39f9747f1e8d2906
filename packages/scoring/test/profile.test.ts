import { applyProfile, createEngine, DEFAULT_RISK_MODEL } from '@aispm/scoring';
import { describe, expect, it } from 'vitest';

describe('applyProfile', () => {
  it('tunes weights, value scores, unknowns, caps and bands and names the result', () => {
    const r = applyProfile(DEFAULT_RISK_MODEL, {
      id: 'acme.strict',
      model: 'aispm:default-risk@1.0.0',
      weights: { dataExposure: 12 },
      partWeights: { rule: 0.3 },
      valueScores: { confidence: { low: 0.8 } },
      unknown: { businessCriticality: { treatment: 'worst' } },
      caps: { 'local-no-data': 5 },
      bands: { high: 6.5 },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const m = r.value;
    expect(m.id).toBe('aispm:default-risk@1.0.0+acme.strict');
    expect(m.bands).toEqual({ critical: 9, high: 6.5, medium: 4, low: 0.1 });
    const s = createEngine(m).score({});
    expect(s.modelId).toBe('aispm:default-risk@1.0.0+acme.strict');
    expect(s.factors.find((f) => f.factor === 'businessCriticality')).toMatchObject({ treatment: 'worst', value: 'critical' });
    expect(DEFAULT_RISK_MODEL.bands.high).toBe(7); // the original is untouched
  });

  it('reports every problem together and changes nothing', () => {
    const r = applyProfile(DEFAULT_RISK_MODEL, {
      id: 'acme.bad',
      model: 'aispm:other@1.0.0',
      weights: { likelihood: 2, nope: 1 },
      valueScores: { confidence: { high: 0.5 }, impact: { huge: 1 } },
      gates: { missing: 3 },
      bands: { critical: 3 },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'profile/model-mismatch /model',
      'profile/not-weighted /weights/likelihood',
      'profile/not-weighted /weights/nope',
      'profile/unknown-value /valueScores/impact/huge',
      'profile/unknown-gate /gates/missing',
      'model/not-monotone /factors/2/values/2/score',
      'model/bands-out-of-order /bands',
    ]);
  });

  it('rejects a malformed profile with schema paths', () => {
    const r = applyProfile(DEFAULT_RISK_MODEL, { id: 'Bad Id', model: 'aispm:default-risk@1.0.0', weights: { a: -1 } });
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(['/id', '/weights/a']);
  });
});
