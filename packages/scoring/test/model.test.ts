import { DEFAULT_RISK_MODEL, loadModel, type ScoringModelInput, scoringModelJsonSchema, validateModel } from '@aispm/scoring';
import { describe, expect, it } from 'vitest';

const tiny = (): ScoringModelInput => ({
  id: 'x_com.example:tiny@1.0.0',
  title: 'Tiny',
  description: 'A two-factor model for tests.',
  factors: [
    {
      id: 'a',
      code: 'A',
      label: 'A',
      description: 'first',
      source: 'test',
      values: [
        { id: 'lo', code: 'L', label: 'Low', definition: 'low', score: 0 },
        { id: 'hi', code: 'H', label: 'High', definition: 'high', score: 1 },
      ],
      unknown: 'worst',
    },
    {
      id: 'b',
      code: 'B',
      label: 'B',
      description: 'second',
      source: 'test',
      values: [
        { id: 'lo', code: 'L', label: 'Low', definition: 'low', score: 0.2 },
        { id: 'hi', code: 'H', label: 'High', definition: 'high', score: 0.8 },
      ],
      unknown: 'withhold',
    },
  ],
  compose: {
    parts: [
      {
        id: 'p',
        label: 'P',
        method: 'weighted-sum',
        weight: 1,
        factors: [
          { factor: 'a', weight: 1 },
          { factor: 'b', weight: 1 },
        ],
      },
    ],
  },
  bands: { critical: 9, high: 7, medium: 4, low: 0.1 },
});

describe('validateModel', () => {
  it('accepts the default model and a small vendor model', () => {
    expect(validateModel(DEFAULT_RISK_MODEL).ok).toBe(true);
    expect(validateModel(tiny()).ok).toBe(true);
  });

  it('reports every problem together, each with a JSON pointer', () => {
    const m = tiny() as ScoringModelInput & Record<string, unknown>;
    const fa = m.factors[0] as (typeof m.factors)[0];
    (fa.values[1] as { score: number }).score = -0; // fine on its own
    (m.factors[1] as { values: Array<{ score: number }> }).values[1] = { ...(m.factors[1]?.values[1] as object), score: 0.1 } as never; // decreasing
    m.factors.push({ ...(m.factors[0] as object), id: 'a' } as never); // duplicate id and code
    (m.compose.parts[0] as { factors: Array<{ factor: string; weight: number }> }).factors.push({ factor: 'nope', weight: 1 });
    m.caps = [{ id: 'c', reason: 'r', when: [{ factor: 'a', atLeast: 'hi' }], max: 5 }];
    m.gates = [{ id: 'g', reason: 'r', when: [{ factor: 'b', atLeast: 'zzz' }], min: 20 }];
    m.bands = { critical: 5, high: 7, medium: 4, low: 0.1 };
    const r = validateModel(m);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['model/not-monotone', '/factors/1/values/1/score'],
      ['model/duplicate-factor', '/factors/2/id'],
      ['model/duplicate-code', '/factors/2/code'],
      ['model/unknown-factor', '/compose/parts/0/factors/2/factor'],
      ['model/non-monotone-condition', '/caps/0/when/0'],
      ['model/unknown-value', '/gates/0/when/0/atLeast'],
      ['model/gate-out-of-scale', '/gates/0/min'],
      ['model/bands-out-of-order', '/bands'],
    ]);
  });

  it('checks lookup tables for completeness and monotonicity, and neutral values', () => {
    const m = tiny();
    m.compose.parts = [{ id: 'lk', label: 'L', method: 'lookup', weight: 1, factors: ['a', 'b'], table: { lo: { lo: 0.5, hi: 0.4 }, hi: { lo: 0.9 } } }];
    (m.factors[0] as { unknown: string }).unknown = 'neutral';
    const r = validateModel(m);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'model/missing-neutral /factors/0/neutral',
      'model/lookup-not-monotone /compose/parts/0/table/lo/hi',
      'model/lookup-incomplete /compose/parts/0/table/hi/hi',
    ]);
  });

  it('reports schema errors with paths and the file when loaded from one', () => {
    const r = loadModel({ ...tiny(), id: 'default-risk', bands: {} }, 'models/tiny.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.every((i) => i.file === 'models/tiny.json')).toBe(true);
    expect(r.issues.map((i) => i.path)).toEqual(['/id', '/bands/critical', '/bands/high', '/bands/medium', '/bands/low']);
  });

  it('flags factors that take part nowhere', () => {
    const m = tiny();
    m.compose.parts = [{ id: 'p', label: 'P', method: 'max', weight: 1, factors: [{ factor: 'a', weight: 1 }] }];
    const r = validateModel(m);
    expect(r.ok ? [] : r.issues.map((i) => i.code)).toEqual(['model/unused-factor']);
  });
});

describe('scoringModelJsonSchema', () => {
  it('validates the default model and rejects a broken one', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(scoringModelJsonSchema());
    expect(validate(JSON.parse(JSON.stringify(DEFAULT_RISK_MODEL)))).toBe(true);
    expect(validate({ ...DEFAULT_RISK_MODEL, id: 'no-namespace' })).toBe(false);
  });
});
