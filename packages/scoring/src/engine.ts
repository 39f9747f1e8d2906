import type { Issue, Result } from '@aispm/core';
import type { BandName, Bands, CompositionPart, Condition, Factor, FactorValue, ScoringModel, UnknownTreatment } from './model';

/** What a factor's value rests on: an asset attribute, a relationship, a finding or a rule field. */
export interface EvidenceRef {
  kind: 'attribute' | 'relationship' | 'finding' | 'rule' | 'inventory';
  /** Asset id, relationship id or finding id. */
  ref: string;
  /** JSON Pointer into the referenced entity, when one field is meant. */
  pointer?: string;
  /** The value found there. */
  observed?: unknown;
}

/** The value of one factor as read from the posture record, with why and from where. */
export interface FactorInput {
  /** A value id of the factor, or `undefined` when unknown. */
  value: string | undefined;
  /** One line saying why the factor has this value. */
  rationale: string;
  evidence?: EvidenceRef[];
}

/** The inputs of one score: factor id (or signal name) → input. */
export type FactorInputs = Record<string, FactorInput | undefined>;

/** One factor in a score decomposition. */
export interface FactorOutcome {
  factor: string;
  code: string;
  label: string;
  /** The value id used (after unknown handling); `null` when the score was withheld on it. */
  value: string | null;
  valueLabel: string | null;
  /** Whether the value was known (not supplied by the unknown treatment). */
  known: boolean;
  /** Unknown treatment applied, when the value was unknown. */
  treatment?: UnknownTreatment;
  /** The value's score in [0, 1] (for multipliers: the multiplier). */
  score: number | null;
  /** The factor's share of the scale (multipliers: 0; they scale the total). */
  weight: number;
  /** Points this factor adds to the score (negative for multipliers that reduce it). */
  contribution: number;
  role: 'part' | 'multiplier';
  /** The composition part it belongs to. */
  part?: string;
  rationale: string;
  evidence: EvidenceRef[];
}

/** A cap or gate that changed the score. */
export interface LimitApplied {
  id: string;
  kind: 'cap' | 'gate';
  reason: string;
  from: number;
  to: number;
}

/** A composition part's value in a decomposition. */
export interface PartOutcome {
  id: string;
  label: string;
  method: CompositionPart['method'];
  weight: number;
  /** Part value in [0, 1]. */
  value: number;
}

/**
 * A score: never a bare number, always its decomposition.
 */
export interface Score {
  modelId: string;
  /** The score on the model's scale (one decimal), or `null` when withheld. */
  value: number | null;
  /** Why the value is `null`. */
  reason?: string;
  /** `critical | high | medium | low | info`, or `withheld`. */
  band: BandName | 'withheld';
  /** Compact vector: `<model id>/<factor code>:<value code>/…` (`X` for unknown). */
  vector: string;
  scale: number;
  parts: PartOutcome[];
  factors: FactorOutcome[];
  unknowns: Array<{ factor: string; treatment: UnknownTreatment; used: string | null }>;
  limits: LimitApplied[];
  calibrated: boolean;
}

interface CompiledFactor {
  f: Factor;
  index: Map<string, number>;
  worst: number;
  neutral: number;
  signal: string;
}

/** A model prepared for fast scoring. */
export interface Engine {
  readonly model: ScoringModel;
  /** Scores one set of inputs. Keys are factor ids or signal names. */
  score(inputs: FactorInputs): Score;
}

function round(x: number, d: number): number {
  const p = 10 ** d;
  return Math.round(x * p + 1e-9) / p;
}

/**
 * The band a value falls in.
 *
 * @example
 * ```ts
 * bandOf(7.2, { critical: 9, high: 7, medium: 4, low: 0.1 }); // 'high'
 * ```
 */
export function bandOf(value: number, bands: Bands): BandName {
  if (value >= bands.critical) return 'critical';
  if (value >= bands.high) return 'high';
  if (value >= bands.medium) return 'medium';
  if (value >= bands.low) return 'low';
  return 'info';
}

/**
 * Prepares a validated model for scoring many inputs (indices are built once).
 *
 * @example
 * ```ts
 * const engine = createEngine(DEFAULT_RISK_MODEL);
 * const s = engine.score({ likelihood: { value: 'high', rationale: 'rule says so' } });
 * s.value; s.band; s.vector;
 * ```
 */
export function createEngine(model: ScoringModel): Engine {
  const factors = new Map<string, CompiledFactor>();
  for (const f of model.factors) {
    const index = new Map(f.values.map((v, i) => [v.id, i]));
    factors.set(f.id, { f, index, worst: f.values.length - 1, neutral: f.neutral ? (index.get(f.neutral) ?? 0) : 0, signal: f.signal ?? f.id });
  }
  const partTotal = model.compose.parts.reduce((s, p) => s + p.weight, 0);
  const partOf = new Map<string, string>();
  for (const p of model.compose.parts) for (const id of p.method === 'lookup' ? p.factors : p.factors.map((x) => x.factor)) partOf.set(id, p.id);
  const multipliers = new Set(model.compose.multipliers);
  const order = model.factors.map((f) => f.id);
  const holds = (c: Condition, idx: Map<string, number>) => {
    const cf = factors.get(c.factor);
    const i = idx.get(c.factor);
    if (!cf || i === undefined) return false;
    if (c.atLeast !== undefined) return i >= (cf.index.get(c.atLeast) ?? Number.POSITIVE_INFINITY);
    if (c.atMost !== undefined) return i <= (cf.index.get(c.atMost) ?? Number.NEGATIVE_INFINITY);
    return false;
  };

  function score(inputs: FactorInputs): Score {
    const idx = new Map<string, number>();
    const outcomes = new Map<string, FactorOutcome>();
    const unknowns: Score['unknowns'] = [];
    const vec: string[] = [];
    let withheld: string | undefined;
    for (const id of order) {
      const cf = factors.get(id) as CompiledFactor;
      const input = inputs[id] ?? inputs[cf.signal];
      const raw = input?.value;
      let i = raw === undefined ? undefined : cf.index.get(raw);
      const known = i !== undefined;
      let rationale = input?.rationale ?? 'no value supplied';
      if (raw !== undefined && i === undefined) rationale = `value "${raw}" is not a value of this factor; treated as unknown. ${rationale}`;
      vec.push(`${cf.f.code}:${known ? (cf.f.values[i as number] as FactorValue).code : 'X'}`);
      let treatment: UnknownTreatment | undefined;
      if (!known) {
        treatment = cf.f.unknown;
        if (treatment === 'worst') i = cf.worst;
        else if (treatment === 'neutral') i = cf.neutral;
        else withheld ??= `factor "${id}" (${cf.f.label}) is unknown and the model withholds a score without it`;
        unknowns.push({ factor: id, treatment, used: i === undefined ? null : (cf.f.values[i] as FactorValue).id });
      }
      if (i !== undefined) idx.set(id, i);
      const v = i === undefined ? undefined : (cf.f.values[i] as FactorValue);
      const o: FactorOutcome = {
        factor: id,
        code: cf.f.code,
        label: cf.f.label,
        value: v?.id ?? null,
        valueLabel: v?.label ?? null,
        known,
        score: v?.score ?? null,
        weight: 0,
        contribution: 0,
        role: multipliers.has(id) ? 'multiplier' : 'part',
        rationale,
        evidence: input?.evidence ?? [],
      };
      const part = partOf.get(id);
      if (part) o.part = part;
      if (treatment) o.treatment = treatment;
      outcomes.set(id, o);
    }
    const vector = `${model.id}/${vec.join('/')}`;
    const base = {
      modelId: model.id,
      vector,
      scale: model.scale,
      unknowns,
      calibrated: model.calibration !== undefined,
    };
    const sv = (id: string) => {
      const cf = factors.get(id) as CompiledFactor;
      const i = idx.get(id);
      return i === undefined ? 0 : (cf.f.values[i] as FactorValue).score;
    };
    const parts: PartOutcome[] = [];
    let total = 0;
    for (const p of model.compose.parts) {
      const share = p.weight / partTotal;
      let value = 0;
      if (p.method === 'weighted-sum') {
        const wsum = p.factors.reduce((s, x) => s + x.weight, 0);
        for (const x of p.factors) {
          const w = (share * x.weight) / wsum;
          const c = model.scale * w * sv(x.factor);
          const o = outcomes.get(x.factor) as FactorOutcome;
          o.weight = round(w, 4);
          o.contribution = c;
          value += (x.weight / wsum) * sv(x.factor);
        }
      } else if (p.method === 'max') {
        let best = -1;
        let bestId = '';
        for (const x of p.factors) {
          const o = outcomes.get(x.factor) as FactorOutcome;
          o.weight = round(share * x.weight, 4);
          const c = x.weight * sv(x.factor);
          if (c > best) {
            best = c;
            bestId = x.factor;
          }
        }
        value = Math.max(0, best);
        (outcomes.get(bestId) as FactorOutcome).contribution = model.scale * share * value;
      } else {
        const [a, b] = p.factors;
        const fa = factors.get(a) as CompiledFactor;
        const fb = factors.get(b) as CompiledFactor;
        const ia = idx.get(a);
        const ib = idx.get(b);
        value = ia === undefined || ib === undefined ? 0 : (p.table[(fa.f.values[ia] as FactorValue).id]?.[(fb.f.values[ib] as FactorValue).id] ?? 0);
        // The cell's points are shared between the two factors in proportion to their value scores.
        const sa = sv(a);
        const sb = sv(b);
        const pts = model.scale * share * value;
        const oa = outcomes.get(a) as FactorOutcome;
        const ob = outcomes.get(b) as FactorOutcome;
        oa.weight = round(share / 2, 4);
        ob.weight = round(share / 2, 4);
        oa.contribution = sa + sb === 0 ? pts / 2 : (pts * sa) / (sa + sb);
        ob.contribution = pts - oa.contribution;
      }
      total += share * value;
      parts.push({ id: p.id, label: p.label, method: p.method, weight: round(share, 4), value: round(value, 4) });
    }
    let running = model.scale * total;
    for (const id of model.compose.multipliers) {
      const m = sv(id);
      const o = outcomes.get(id) as FactorOutcome;
      const delta = idx.has(id) ? running * (m - 1) : 0;
      o.contribution = delta;
      running += delta;
    }
    const factorsOut = order.map((id) => {
      const o = outcomes.get(id) as FactorOutcome;
      o.contribution = round(o.contribution, 2);
      return o;
    });
    if (withheld !== undefined) {
      return { ...base, value: null, reason: withheld, band: 'withheld', parts, factors: factorsOut, limits: [] };
    }
    let value = round(running, 1);
    const limits: LimitApplied[] = [];
    for (const c of model.caps) {
      if (c.when.every((w) => holds(w, idx)) && value > c.max) {
        limits.push({ id: c.id, kind: 'cap', reason: c.reason, from: value, to: c.max });
        value = c.max;
      }
    }
    for (const g of model.gates) {
      if (g.when.every((w) => holds(w, idx)) && value < g.min) {
        limits.push({ id: g.id, kind: 'gate', reason: g.reason, from: value, to: g.min });
        value = g.min;
      }
    }
    value = Math.min(model.scale, Math.max(0, value));
    return { ...base, value, band: bandOf(value, model.bands), parts, factors: factorsOut, limits };
  }

  return { model, score };
}

/**
 * Reads a vector string back into factor inputs for the model that wrote it. Every problem is
 * reported together.
 *
 * @example
 * ```ts
 * const r = parseVector(model, score.vector);
 * if (r.ok) engine.score(r.value); // the same score again
 * ```
 */
export function parseVector(model: ScoringModel, vector: string): Result<FactorInputs> {
  const issues: Issue[] = [];
  const slash = vector.indexOf('/');
  const id = slash < 0 ? vector : vector.slice(0, slash);
  if (id !== model.id) issues.push({ code: 'vector/model-mismatch', message: `vector is for "${id}", not "${model.id}"`, path: '' });
  const seen = new Map<string, string>();
  const items = slash < 0 ? [] : vector.slice(slash + 1).split('/');
  items.forEach((item, i) => {
    const [code, vcode, ...rest] = item.split(':');
    const f = model.factors.find((x) => x.code === code);
    if (!f || vcode === undefined || rest.length > 0) {
      issues.push({ code: 'vector/bad-metric', message: `"${item}" is not <factor code>:<value code> of this model`, path: `/${i}` });
      return;
    }
    if (seen.has(f.id)) issues.push({ code: 'vector/duplicate', message: `factor ${code} appears twice`, path: `/${i}` });
    if (vcode !== 'X' && !f.values.some((v) => v.code === vcode)) {
      issues.push({
        code: 'vector/bad-value',
        message: `"${vcode}" is not a value code of ${code} (${f.values.map((v) => v.code).join(', ')}, X)`,
        path: `/${i}`,
      });
      return;
    }
    seen.set(f.id, vcode);
  });
  for (const f of model.factors) if (!seen.has(f.id)) issues.push({ code: 'vector/missing', message: `factor ${f.code} (${f.id}) is missing`, path: '' });
  if (issues.length > 0) return { ok: false, issues };
  const out: FactorInputs = {};
  for (const f of model.factors) {
    const code = seen.get(f.id);
    out[f.id] = { value: code === 'X' ? undefined : f.values.find((v) => v.code === code)?.id, rationale: 'read from vector' };
  }
  return { ok: true, value: out };
}
