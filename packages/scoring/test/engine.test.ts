import {
  createEngine,
  DEFAULT_RISK_MODEL,
  type FactorInputs,
  parseVector,
  type ScoringModel,
  type ScoringModelInput,
  ScoringModelSchema,
  validateModel,
} from '@aispm/scoring';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const M = DEFAULT_RISK_MODEL;
const engine = createEngine(M);

/** An assignment: factor id → value index, or -1 for unknown. */
const assignment = (model: ScoringModel, unknown = false) =>
  fc.tuple(...model.factors.map((f) => fc.integer({ min: unknown ? -1 : 0, max: f.values.length - 1 }))).map((xs) => xs as number[]);

function inputsOf(model: ScoringModel, idx: readonly number[]): FactorInputs {
  const out: FactorInputs = {};
  model.factors.forEach((f, i) => {
    const k = idx[i] as number;
    out[f.id] = { value: k < 0 ? undefined : f.values[k]?.id, rationale: 'generated' };
  });
  return out;
}

/** Random models that pass validation: sorted value scores, monotone lookup tables, caps with atMost, gates with atLeast. */
const validModel = fc
  .record({
    n: fc.integer({ min: 2, max: 5 }),
    seed: fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 4 }), { minLength: 5, maxLength: 5 }),
    weights: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 5, maxLength: 5 }),
    method: fc.constantFrom('weighted-sum', 'max', 'lookup'),
    multiplier: fc.boolean(),
    capAt: fc.integer({ min: 0, max: 10 }),
    gateAt: fc.integer({ min: 0, max: 10 }),
  })
  .map(({ n, seed, weights, method, multiplier, capAt, gateAt }) => {
    const factors = Array.from({ length: n }, (_, i) => {
      const scores = [...(seed[i] as number[])].sort((a, b) => a - b).map((s) => (multiplier && i === n - 1 ? 0.1 + 0.9 * s : s));
      return {
        id: `f${i}`,
        code: `F${i}`,
        label: `F${i}`,
        description: 'generated',
        source: 'generated',
        values: scores.map((s, j) => ({ id: `v${j}`, code: `V${j}`, label: `V${j}`, definition: 'generated', score: s })),
        unknown: (['worst', 'neutral', 'withhold'] as const)[i % 3] as 'worst',
        neutral: 'v0',
      };
    });
    const additive = multiplier ? factors.slice(0, -1) : factors;
    const parts: ScoringModelInput['compose']['parts'] = [];
    if (method === 'lookup' && additive.length >= 2) {
      const [a, b] = additive as [(typeof factors)[0], (typeof factors)[0]];
      const table: Record<string, Record<string, number>> = {};
      a.values.forEach((ra, i) => {
        table[ra.id] = {};
        b.values.forEach((cb, j) => {
          (table[ra.id] as Record<string, number>)[cb.id] = Math.min(1, (i + j) / (a.values.length + b.values.length - 2));
        });
      });
      parts.push({ id: 'lk', label: 'lk', method: 'lookup', weight: 1, factors: [a.id, b.id], table });
      if (additive.length > 2)
        parts.push({ id: 'rest', label: 'rest', method: 'weighted-sum', weight: 2, factors: additive.slice(2).map((f) => ({ factor: f.id, weight: 1 })) });
    } else {
      const w = additive.map((f, i) => ({ factor: f.id, weight: method === 'max' ? ((weights[i] as number) + 1) / 6 : (weights[i] as number) + 1 }));
      parts.push({ id: 'p', label: 'p', method: method === 'max' ? 'max' : 'weighted-sum', weight: 1, factors: w });
    }
    const input: ScoringModelInput = {
      id: 'x_com.example:generated@1.0.0',
      title: 'generated',
      description: 'generated',
      factors,
      compose: { parts, multipliers: multiplier ? [`f${n - 1}`] : [] },
      caps: [{ id: 'cap', reason: 'r', when: [{ factor: 'f0', atMost: 'v0' }], max: capAt }],
      gates: [{ id: 'gate', reason: 'r', when: [{ factor: 'f1', atLeast: 'v1' }], min: gateAt }],
      bands: { critical: 9, high: 7, medium: 4, low: 0.1 },
    };
    const r = validateModel(input);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.value;
  });

describe('engine: properties', () => {
  it('monotonicity: raising any factor never lowers the score (default model)', () => {
    fc.assert(
      fc.property(assignment(M), fc.nat(), fc.integer({ min: 1, max: 5 }), (idx, which, step) => {
        const i = which % M.factors.length;
        const f = M.factors[i] as ScoringModel['factors'][0];
        const raised = [...idx];
        raised[i] = Math.min(f.values.length - 1, (idx[i] as number) + step);
        const a = engine.score(inputsOf(M, idx)).value as number;
        const b = engine.score(inputsOf(M, raised)).value as number;
        expect(b).toBeGreaterThanOrEqual(a);
      }),
      { numRuns: 1000 },
    );
  });

  it('monotonicity holds for every model that validates', () => {
    fc.assert(
      fc.property(validModel, fc.array(fc.nat(), { minLength: 5, maxLength: 5 }), fc.nat(), (model, raw, which) => {
        const e = createEngine(model);
        const idx = model.factors.map((f, i) => (raw[i] as number) % f.values.length);
        const i = which % model.factors.length;
        const raised = [...idx];
        raised[i] = (model.factors[i]?.values.length as number) - 1;
        const a = e.score(inputsOf(model, idx)).value as number;
        const b = e.score(inputsOf(model, raised)).value as number;
        expect(b).toBeGreaterThanOrEqual(a);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(model.scale);
      }),
      { numRuns: 1000 },
    );
  });

  it('determinism: the same inputs give the same decomposition, and the vector reproduces the score', () => {
    fc.assert(
      fc.property(assignment(M, true), (idx) => {
        const a = engine.score(inputsOf(M, idx));
        const b = engine.score(inputsOf(M, idx));
        expect(b).toEqual(a);
        const back = parseVector(M, a.vector);
        expect(back.ok).toBe(true);
        if (back.ok) expect(engine.score(back.value).value).toBe(a.value);
      }),
      { numRuns: 500 },
    );
  });

  it('every value of every factor is reachable, labelled, defined and appears in the decomposition', () => {
    for (const f of M.factors) {
      expect(f.source.length).toBeGreaterThan(10);
      for (const v of f.values) {
        expect(v.label.length).toBeGreaterThan(0);
        expect(v.definition.length).toBeGreaterThan(0);
        const s = engine.score({ [f.id]: { value: v.id, rationale: 'r' } });
        const o = s.factors.find((x) => x.factor === f.id);
        expect(o).toMatchObject({ value: v.id, valueLabel: v.label, known: true, score: v.score });
        expect(s.vector).toContain(`/${f.code}:${v.code}`);
      }
    }
  });

  it('scoreValue gives exactly the value of score, for the default model and every model that validates', () => {
    fc.assert(
      fc.property(assignment(M, true), (idx) => {
        expect(engine.scoreValue(idx)).toBe(engine.score(inputsOf(M, idx)).value);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(validModel, fc.array(fc.integer({ min: -3, max: 10 }), { minLength: 5, maxLength: 5 }), (model, raw) => {
        const e = createEngine(model);
        const idx = model.factors.map((f, i) => ((raw[i] as number) < 0 ? -1 : (raw[i] as number) % f.values.length));
        expect(e.scoreValue(idx)).toBe(e.score(inputsOf(model, idx)).value);
      }),
      { numRuns: 1000 },
    );
  });

  it('indexOf maps value ids to their position and anything else to -1', () => {
    M.factors.forEach((f, k) => {
      f.values.forEach((v, i) => {
        expect(engine.indexOf(k, v.id)).toBe(i);
      });
      expect(engine.indexOf(k, undefined)).toBe(-1);
      expect(engine.indexOf(k, 'not-a-value')).toBe(-1);
    });
  });

  it('unknowns are handled as each factor declares', () => {
    fc.assert(
      fc.property(validModel, fc.array(fc.nat(), { minLength: 5, maxLength: 5 }), fc.nat(), (model, raw, which) => {
        const e = createEngine(model);
        const idx = model.factors.map((f, i) => (raw[i] as number) % f.values.length);
        const i = which % model.factors.length;
        const f = model.factors[i] as ScoringModel['factors'][0];
        const unknown = [...idx];
        unknown[i] = -1;
        const s = e.score(inputsOf(model, unknown));
        const o = s.factors[i];
        expect(o?.known).toBe(false);
        expect(s.unknowns).toEqual([
          { factor: f.id, treatment: f.unknown, used: f.unknown === 'withhold' ? null : f.unknown === 'worst' ? f.values.at(-1)?.id : f.neutral },
        ]);
        if (f.unknown === 'withhold') {
          expect(s.value).toBeNull();
          expect(s.band).toBe('withheld');
          expect(s.reason).toContain(f.id);
        } else {
          const substitute = [...idx];
          substitute[i] = f.unknown === 'worst' ? f.values.length - 1 : f.values.findIndex((v) => v.id === f.neutral);
          expect(s.value).toBe(e.score(inputsOf(model, substitute)).value);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('engine: decomposition', () => {
  it('contributions add up to the score before caps and gates', () => {
    fc.assert(
      fc.property(assignment(M), (idx) => {
        const s = engine.score(inputsOf(M, idx));
        const sum = s.factors.reduce((t, f) => t + f.contribution, 0);
        const pre = s.limits.length > 0 ? (s.limits[0]?.from as number) : (s.value as number);
        expect(Math.abs(sum - pre)).toBeLessThan(0.2);
      }),
      { numRuns: 300 },
    );
  });

  it('applies caps and gates and reports them', () => {
    const all = (pick: (n: number) => number): FactorInputs =>
      inputsOf(
        M,
        M.factors.map((f) => pick(f.values.length)),
      );
    const top = engine.score(all((n) => n - 1));
    expect(top.value).toBe(10);
    expect(top.band).toBe('critical');
    expect(top.vector).toBe('aispm:default-risk@1.0.0/LK:H/IM:H/CF:H/DS:U/DE:S/IR:A/BC:C/RT:P/TP:P/GV:A/EX:H/PC:H/ES:N');
    const prohibited = all(() => 0);
    prohibited.regulatoryTier = { value: 'prohibited', rationale: 'r' };
    prohibited.exceptionState = { value: 'none', rationale: 'r' };
    const s = engine.score(prohibited);
    expect(s.limits.map((l) => [l.kind, l.id, l.to])).toEqual([['gate', 'prohibited-practice', 9]]);
    expect(s.value).toBe(9);
    const local = all((n) => n - 1);
    local.deploymentSurface = { value: 'local', rationale: 'r' };
    local.dataExposure = { value: 'none', rationale: 'r' };
    local.regulatoryTier = { value: 'minimal', rationale: 'r' };
    const c = engine.score(local);
    expect(c.limits.map((l) => [l.kind, l.id, l.to])).toEqual([['cap', 'local-no-data', 6.9]]);
    expect(c.band).toBe('medium');
  });

  it('treats a value that is not in the factor as unknown and says so', () => {
    const s = engine.score({ confidence: { value: 'certain', rationale: 'typo' } });
    const o = s.factors.find((f) => f.factor === 'confidence');
    expect(o).toMatchObject({ known: false, treatment: 'worst', value: 'high' });
    expect(o?.rationale).toMatch(/^value "certain" is not a value of this factor/);
    expect(s.vector).toContain('/CF:X/');
  });

  it('parseVector reports every problem', () => {
    const r = parseVector(M, 'aispm:default-risk@2.0.0/LK:Q/ZZ:H/IM:H/IM:L');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.code)).toEqual([
      'vector/model-mismatch',
      'vector/bad-value',
      'vector/bad-metric',
      'vector/duplicate',
      ...Array(12).fill('vector/missing'), // every factor but IM
    ]);
  });

  it('the default model parses as data (JSON round trip)', () => {
    expect(ScoringModelSchema.parse(JSON.parse(JSON.stringify(M)))).toEqual(M);
  });
});
