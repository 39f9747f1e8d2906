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

/** A score: never a bare number, always its decomposition. */
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

/**
 * A model prepared for fast scoring.
 *
 * @example
 * ```ts
 * const engine = createEngine(DEFAULT_RISK_MODEL);
 * engine.score(inputs).factors; // the whole decomposition
 * engine.scoreValue([2, 2, 2, 5, 4, 4, 3, 4, 2, 3, 3, 3, 2]); // the value alone (10)
 * ```
 */
export interface Engine {
  readonly model: ScoringModel;
  /** Scores one set of inputs. Keys are factor ids or signal names. */
  score(inputs: FactorInputs): Score;
  /**
   * The value alone, from value indices: `raw[k]` is the index of factor `k`'s value in
   * `model.factors[k].values`, or `-1` when unknown. Allocates nothing; gives exactly the `value`
   * that {@link Engine.score} gives for the same values (`null` when withheld).
   */
  scoreValue(raw: ArrayLike<number>): number | null;
  /** The index of a value id in factor `k`'s values, or `-1` when it is not one of them. */
  indexOf(k: number, value: string | undefined): number;
}

/**
 * Internal (not exported from the package): per-factor records last built for an input object,
 * so that the scores of findings on one asset share the records of its asset-level factors.
 *
 * @example
 * ```ts
 * const slots: SharedOutcomes = { inputs: [], outcomes: [] };
 * (engine as Engine & { [SHARED_SCORE]: SharedScore })[SHARED_SCORE](inputs, slots);
 * ```
 */
export interface SharedOutcomes {
  inputs: Array<FactorInput | undefined>;
  outcomes: Array<FactorOutcome | undefined>;
}
/** Internal key of `score(inputs, slots)` on an engine. See {@link SharedOutcomes}. */
export const SHARED_SCORE: unique symbol = Symbol('aispm.scoring.shared-score');
/** The signature of {@link SHARED_SCORE}. */
export type SharedScore = (inputs: FactorInputs, slots: SharedOutcomes) => Score;

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
  const F = model.factors;
  const pos = new Map(F.map((f, i) => [f.id, i]));
  const compiled: CompiledFactor[] = F.map((f) => {
    const index = new Map(f.values.map((v, i) => [v.id, i]));
    return { f, index, worst: f.values.length - 1, neutral: f.neutral ? (index.get(f.neutral) ?? 0) : 0, signal: f.signal ?? f.id };
  });
  // Vector pieces, `/<factor code>:<value code>` (and `:X` for unknown), built once.
  const codes = F.map((f) => f.values.map((v) => `/${f.code}:${v.code}`));
  const unknownCodes = F.map((f) => `/${f.code}:X`);
  const partTotal = model.compose.parts.reduce((s, p) => s + p.weight, 0);
  const partOf: Array<string | undefined> = F.map(() => undefined);
  const isMultiplier = F.map((f) => model.compose.multipliers.includes(f.id));
  type CompiledPart =
    | { p: CompositionPart; share: number; kind: 'sum' | 'max'; items: Array<{ at: number; w: number; share: number }> }
    | { p: CompositionPart; share: number; kind: 'lookup'; a: number; b: number; table: number[][] };
  const parts: CompiledPart[] = model.compose.parts.map((p) => {
    const share = p.weight / partTotal;
    if (p.method === 'lookup') {
      const a = pos.get(p.factors[0]) as number;
      const b = pos.get(p.factors[1]) as number;
      partOf[a] = p.id;
      partOf[b] = p.id;
      const table = (F[a] as Factor).values.map((ra) => (F[b] as Factor).values.map((cb) => p.table[ra.id]?.[cb.id] ?? 0));
      return { p, share, kind: 'lookup', a, b, table };
    }
    const wsum = p.factors.reduce((t, x) => t + x.weight, 0);
    const items = p.factors.map((x) => {
      const at = pos.get(x.factor) as number;
      partOf[at] = p.id;
      return { at, w: x.weight, share: p.method === 'max' ? share * x.weight : (share * x.weight) / wsum };
    });
    return { p, share, kind: p.method === 'max' ? 'max' : 'sum', items };
  });
  const multipliers = model.compose.multipliers.map((id) => pos.get(id) as number);
  // Weighted-sum factors: their share of the scale is fixed, so their weight and points follow from their value alone.
  const sumShare: Array<number | undefined> = F.map(() => undefined);
  for (const cp of parts) if (cp.kind === 'sum') for (const it of cp.items) sumShare[it.at] = it.share;
  const compileCond = (c: Condition) => {
    const at = pos.get(c.factor) ?? -1;
    const cf = compiled[at];
    if (!cf) return { at, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
    if (c.atLeast !== undefined) return { at, min: cf.index.get(c.atLeast) ?? Number.POSITIVE_INFINITY, max: Number.POSITIVE_INFINITY };
    if (c.atMost !== undefined) return { at, min: Number.NEGATIVE_INFINITY, max: cf.index.get(c.atMost) ?? Number.NEGATIVE_INFINITY };
    return { at, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
  };
  const caps = model.caps.map((c) => ({ c, when: c.when.map(compileCond) }));
  const gates = model.gates.map((g) => ({ g, when: g.when.map(compileCond) }));
  const holds = (when: Array<{ at: number; min: number; max: number }>, idx: number[]) =>
    when.every((w) => {
      const i = idx[w.at] ?? -1;
      return i >= 0 && i >= w.min && i <= w.max;
    });
  const calibrated = model.calibration !== undefined;

  // Flat, allocation-free form of the same arithmetic as score(), for scoreValue().
  const nF = F.length;
  const unknownKind = F.map((f) => (f.unknown === 'worst' ? 0 : f.unknown === 'neutral' ? 1 : 2));
  const fill = compiled.map((cf) => (cf.f.unknown === 'worst' ? cf.worst : cf.f.unknown === 'neutral' ? cf.neutral : -1));
  const valueScores = F.map((f) => f.values.map((v) => v.score));
  const flatParts = parts.map((cp) =>
    cp.kind === 'lookup'
      ? { kind: 2, share: cp.share, at: [] as number[], w: [] as number[], a: cp.a, b: cp.b, table: cp.table }
      : {
          kind: cp.kind === 'sum' ? 0 : 1,
          share: cp.share,
          at: cp.items.map((it) => it.at),
          // Weighted sum: the same `share / part share` quotient score() computes.
          w: cp.items.map((it) => (cp.kind === 'sum' ? it.share / cp.share : it.w)),
          a: -1,
          b: -1,
          table: [] as number[][],
        },
  );
  const flatCaps = caps.map(({ c, when }) => ({ max: c.max, when }));
  const flatGates = gates.map(({ g, when }) => ({ min: g.min, when }));
  const scratchIdx: number[] = new Array(nF).fill(-1);
  const scratchSv: number[] = new Array(nF).fill(0);

  function scoreValue(raw: ArrayLike<number>): number | null {
    const idx = scratchIdx;
    const sv = scratchSv;
    let withheld = false;
    for (let k = 0; k < nF; k++) {
      let i = raw[k] as number;
      if (i < 0) {
        if (unknownKind[k] === 2) withheld = true;
        i = fill[k] as number;
      }
      idx[k] = i;
      sv[k] = i < 0 ? 0 : ((valueScores[k] as number[])[i] as number);
    }
    if (withheld) return null;
    let total = 0;
    for (const cp of flatParts) {
      let value = 0;
      if (cp.kind === 0) {
        for (let j = 0; j < cp.at.length; j++) value += (cp.w[j] as number) * (sv[cp.at[j] as number] as number);
      } else if (cp.kind === 1) {
        let best = -1;
        for (let j = 0; j < cp.at.length; j++) {
          const c = (cp.w[j] as number) * (sv[cp.at[j] as number] as number);
          if (c > best) best = c;
        }
        value = Math.max(0, best);
      } else {
        const ia = idx[cp.a] as number;
        const ib = idx[cp.b] as number;
        value = ia < 0 || ib < 0 ? 0 : ((cp.table[ia] as number[])[ib] as number);
      }
      total += cp.share * value;
    }
    let running = model.scale * total;
    for (const at of multipliers) {
      const delta = (idx[at] as number) >= 0 ? running * ((sv[at] as number) - 1) : 0;
      running += delta;
    }
    let value = round(running, 1);
    for (const c of flatCaps) if (value > c.max && holds(c.when, idx)) value = c.max;
    for (const g of flatGates) if (value < g.min && holds(g.when, idx)) value = g.min;
    return Math.min(model.scale, Math.max(0, value));
  }

  function indexOf(k: number, value: string | undefined): number {
    return value === undefined ? -1 : ((compiled[k] as CompiledFactor).index.get(value) ?? -1);
  }

  function score(inputs: FactorInputs, slots?: SharedOutcomes): Score {
    const n = F.length;
    const idx: number[] = new Array(n);
    const sv: number[] = new Array(n);
    const outcomes: FactorOutcome[] = new Array(n);
    const unknowns: Score['unknowns'] = [];
    let vector = model.id;
    let withheld: string | undefined;
    for (let k = 0; k < n; k++) {
      const cf = compiled[k] as CompiledFactor;
      const f = cf.f;
      const input = inputs[f.id] ?? inputs[cf.signal];
      const raw = input?.value;
      let i = raw === undefined ? -1 : (cf.index.get(raw) ?? -1);
      const known = i >= 0;
      let rationale = input?.rationale ?? 'no value supplied';
      if (raw !== undefined && !known) rationale = `value "${raw}" is not a value of this factor; treated as unknown. ${rationale}`;
      vector += known ? (codes[k] as string[])[i] : unknownCodes[k];
      let treatment: UnknownTreatment | undefined;
      if (!known) {
        treatment = f.unknown;
        if (treatment === 'worst') i = cf.worst;
        else if (treatment === 'neutral') i = cf.neutral;
        else withheld ??= `factor "${f.id}" (${f.label}) is unknown and the model withholds a score without it`;
        unknowns.push({ factor: f.id, treatment, used: i < 0 ? null : (f.values[i] as FactorValue).id });
      }
      idx[k] = i;
      const v = i < 0 ? undefined : (f.values[i] as FactorValue);
      sv[k] = v ? v.score : 0;
      // A weighted-sum factor's record follows from its input alone: the same input object gives
      // the same record, so scores that share the input share it.
      const shareable = slots !== undefined && input !== undefined && sumShare[k] !== undefined;
      if (shareable && slots.inputs[k] === input) {
        outcomes[k] = slots.outcomes[k] as FactorOutcome;
        continue;
      }
      const o: FactorOutcome = {
        factor: f.id,
        code: f.code,
        label: f.label,
        value: v ? v.id : null,
        valueLabel: v ? v.label : null,
        known,
        score: v ? v.score : null,
        weight: 0,
        contribution: 0,
        role: isMultiplier[k] ? 'multiplier' : 'part',
        part: partOf[k],
        treatment,
        rationale,
        evidence: input?.evidence ?? [],
      };
      const share = sumShare[k];
      if (share !== undefined) {
        o.weight = round(share, 4);
        o.contribution = round(model.scale * share * (sv[k] as number), 2);
      }
      outcomes[k] = o;
      if (shareable) {
        slots.inputs[k] = input;
        slots.outcomes[k] = o;
      }
    }
    const partsOut: PartOutcome[] = [];
    let total = 0;
    for (const cp of parts) {
      let value = 0;
      if (cp.kind === 'sum') {
        for (const it of cp.items) value += (it.share / cp.share) * (sv[it.at] as number);
      } else if (cp.kind === 'max') {
        let best = -1;
        let bestAt = -1;
        for (const it of cp.items) {
          (outcomes[it.at] as FactorOutcome).weight = round(it.share, 4);
          const c = it.w * (sv[it.at] as number);
          if (c > best) {
            best = c;
            bestAt = it.at;
          }
        }
        value = Math.max(0, best);
        if (bestAt >= 0) (outcomes[bestAt] as FactorOutcome).contribution = model.scale * cp.share * value;
      } else if (cp.kind === 'lookup') {
        const ia = idx[cp.a] as number;
        const ib = idx[cp.b] as number;
        value = ia < 0 || ib < 0 ? 0 : ((cp.table[ia] as number[])[ib] as number);
        // The cell's points are shared between the two factors in proportion to their value scores.
        const sa = sv[cp.a] as number;
        const sb = sv[cp.b] as number;
        const pts = model.scale * cp.share * value;
        const oa = outcomes[cp.a] as FactorOutcome;
        const ob = outcomes[cp.b] as FactorOutcome;
        oa.weight = round(cp.share / 2, 4);
        ob.weight = oa.weight;
        oa.contribution = sa + sb === 0 ? pts / 2 : (pts * sa) / (sa + sb);
        ob.contribution = pts - oa.contribution;
      }
      total += cp.share * value;
      partsOut.push({ id: cp.p.id, label: cp.p.label, method: cp.p.method, weight: round(cp.share, 4), value: round(value, 4) });
    }
    let running = model.scale * total;
    for (const at of multipliers) {
      const o = outcomes[at] as FactorOutcome;
      const delta = (idx[at] as number) >= 0 ? running * ((sv[at] as number) - 1) : 0;
      o.contribution = delta;
      running += delta;
    }
    for (let k = 0; k < n; k++)
      if (sumShare[k] === undefined) (outcomes[k] as FactorOutcome).contribution = round((outcomes[k] as FactorOutcome).contribution, 2);
    // The fields every explanation starts with, in the order its JSON shows them.
    const head = { modelId: model.id, vector, scale: model.scale, unknowns, calibrated, parts: partsOut, factors: outcomes };
    if (withheld !== undefined) return { ...head, value: null, reason: withheld, band: 'withheld', limits: [] };
    let value = round(running, 1);
    const limits: LimitApplied[] = [];
    for (const { c, when } of caps) {
      if (value > c.max && holds(when, idx)) {
        limits.push({ id: c.id, kind: 'cap', reason: c.reason, from: value, to: c.max });
        value = c.max;
      }
    }
    for (const { g, when } of gates) {
      if (value < g.min && holds(when, idx)) {
        limits.push({ id: g.id, kind: 'gate', reason: g.reason, from: value, to: g.min });
        value = g.min;
      }
    }
    value = Math.min(model.scale, Math.max(0, value));
    return { ...head, value, band: bandOf(value, model.bands), limits };
  }

  const engine: Engine & { [SHARED_SCORE]: (inputs: FactorInputs, slots: SharedOutcomes) => Score } = {
    model,
    score: (inputs) => score(inputs),
    scoreValue,
    indexOf,
    [SHARED_SCORE]: score,
  };
  return engine;
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
