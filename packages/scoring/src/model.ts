import { type Issue, type Result, toPublishedJsonSchema } from '@aispm/core';
import { z } from 'zod';

/** How a factor whose value is unknown is treated: take its worst value, withhold the score, or take a declared neutral value. */
export const UNKNOWN_TREATMENTS = ['worst', 'withhold', 'neutral'] as const;
/** One of {@link UNKNOWN_TREATMENTS}. */
export type UnknownTreatment = (typeof UNKNOWN_TREATMENTS)[number];

/** The band names, most severe first. */
export const BAND_NAMES = ['critical', 'high', 'medium', 'low', 'info'] as const;
/** One of {@link BAND_NAMES}. */
export type BandName = (typeof BAND_NAMES)[number];

/**
 * A model id: a namespace (`aispm`, or `x_<reverse-dns>` for vendors and pre-1.0 candidates), a
 * name and a semantic version, optionally with build metadata naming a tuning profile, e.g.
 * `aispm:default-risk@1.0.0` or `aispm:default-risk@1.0.0+acme.strict`.
 */
export const ModelIdSchema = z
  .string()
  .regex(
    /^(aispm|x_[a-z0-9][a-z0-9.-]*):[a-z0-9][a-z0-9-]*@\d+\.\d+\.\d+(\+[a-z0-9][a-z0-9.-]*)?$/,
    'a model id reads <namespace>:<name>@<semver>, e.g. aispm:default-risk@1.0.0',
  );

const CODE = /^[A-Z][A-Z0-9]{0,3}$/;

/** One value a factor can take, ordered from least to most risky within its factor. */
export const FactorValueSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    code: z.string().regex(CODE).describe('Short code used in the vector string.'),
    label: z.string().min(1),
    definition: z.string().min(1).describe('When this value applies.'),
    score: z.number().min(0).max(1).describe('Risk contribution in [0, 1]; for multipliers, the factor the score is multiplied by.'),
  })
  .strict();
/** See {@link FactorValueSchema}. */
export type FactorValue = z.infer<typeof FactorValueSchema>;

/** A factor of a model: a signal with labelled, defined values, how it treats unknowns and where its value comes from. */
export const FactorSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-zA-Z0-9]*$/),
    code: z.string().regex(CODE).describe('Short code used in the vector string.'),
    label: z.string().min(1),
    description: z.string().min(1),
    source: z.string().min(1).describe('Where the value comes from (asset attribute, relationship, finding field).'),
    signal: z.string().optional().describe('Name of the signal that supplies the value; defaults to the factor id.'),
    values: z.array(FactorValueSchema).min(2).describe('Values from least to most risky; scores must not decrease along the list.'),
    unknown: z.enum(UNKNOWN_TREATMENTS),
    neutral: z.string().optional().describe('Value id used when the value is unknown and `unknown` is `neutral`.'),
  })
  .strict();
/** See {@link FactorSchema}. */
export type Factor = z.infer<typeof FactorSchema>;

/** One part of the composition: factors combined by weighted sum, maximum, or lookup table. */
export const CompositionPartSchema = z.discriminatedUnion('method', [
  z
    .object({
      id: z.string().min(1),
      label: z.string().min(1),
      method: z.literal('weighted-sum'),
      weight: z.number().positive(),
      factors: z.array(z.object({ factor: z.string(), weight: z.number().nonnegative() }).strict()).min(1),
    })
    .strict(),
  z
    .object({
      id: z.string().min(1),
      label: z.string().min(1),
      method: z.literal('max'),
      weight: z.number().positive(),
      factors: z.array(z.object({ factor: z.string(), weight: z.number().min(0).max(1) }).strict()).min(1),
    })
    .strict(),
  z
    .object({
      id: z.string().min(1),
      label: z.string().min(1),
      method: z.literal('lookup'),
      weight: z.number().positive(),
      /** Exactly two factors: rows are values of the first, columns values of the second. */
      factors: z.tuple([z.string(), z.string()]),
      /** `table[rowValueId][columnValueId]` in [0, 1]. */
      table: z.record(z.string(), z.record(z.string(), z.number().min(0).max(1))),
    })
    .strict(),
]);
/** See {@link CompositionPartSchema}. */
export type CompositionPart = z.infer<typeof CompositionPartSchema>;

/** A condition on one factor: its value is at least (or at most) the given value in the factor's order. */
export const ConditionSchema = z.object({ factor: z.string(), atLeast: z.string().optional(), atMost: z.string().optional() }).strict();
/** See {@link ConditionSchema}. */
export type Condition = z.infer<typeof ConditionSchema>;

/** A cap: when every condition holds (each `atMost`), the score is at most `max`. */
export const CapSchema = z
  .object({ id: z.string().min(1), reason: z.string().min(1), when: z.array(ConditionSchema).min(1), max: z.number().nonnegative() })
  .strict();
/** See {@link CapSchema}. */
export type Cap = z.infer<typeof CapSchema>;

/** A gate: when every condition holds (each `atLeast`), the score is at least `min`. */
export const GateSchema = z
  .object({ id: z.string().min(1), reason: z.string().min(1), when: z.array(ConditionSchema).min(1), min: z.number().nonnegative() })
  .strict();
/** See {@link GateSchema}. */
export type Gate = z.infer<typeof GateSchema>;

/** Lower bounds of each band on the model's scale; `info` is everything below `low`. */
export const BandsSchema = z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number() }).strict();
/** See {@link BandsSchema}. */
export type Bands = z.infer<typeof BandsSchema>;

/** How the model was calibrated, when it was. */
export const CalibrationInfoSchema = z
  .object({ method: z.string(), at: z.string().optional(), fit: z.number().min(0).max(1), note: z.string().optional() })
  .strict();

/**
 * A scoring model, as data: factors with labelled values, how they compose, caps, gates and
 * bands. Score = scale × (Σ part weight × part value ÷ Σ part weights) × Π multipliers, then
 * caps (upper bounds) and gates (lower bounds).
 */
export const ScoringModelSchema = z
  .object({
    id: ModelIdSchema,
    title: z.string().min(1),
    description: z.string().min(1),
    scale: z.number().positive().default(10),
    factors: z.array(FactorSchema).min(1),
    compose: z
      .object({
        parts: z.array(CompositionPartSchema).min(1),
        multipliers: z.array(z.string()).default([]).describe('Factors whose value score multiplies the total (each in (0, 1]).'),
      })
      .strict(),
    caps: z.array(CapSchema).default([]),
    gates: z.array(GateSchema).default([]),
    bands: BandsSchema,
    calibration: CalibrationInfoSchema.optional(),
  })
  .strict();
/** A validated scoring model. See {@link ScoringModelSchema}. */
export type ScoringModel = z.infer<typeof ScoringModelSchema>;
/** The input shape of a scoring model (defaults not yet applied). */
export type ScoringModelInput = z.input<typeof ScoringModelSchema>;

/**
 * Declares a model as data. Returns the input unchanged (typed); use {@link validateModel} or
 * {@link loadModel} to check it.
 *
 * @example
 * ```ts
 * const m = defineModel({ id: 'x_com.acme:tiny@1.0.0', title: 'Tiny', description: '…', factors: [...], compose: { parts: [...] }, bands: { critical: 9, high: 7, medium: 4, low: 0.1 } });
 * ```
 */
export function defineModel(model: ScoringModelInput): ScoringModelInput {
  return model;
}

function pathOf(p: ReadonlyArray<PropertyKey>): string {
  return p.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Validates a model and reports every problem together: schema errors, unknown factor
 * references, duplicate ids or codes, value scores that decrease along a factor's order, lookup
 * tables that are incomplete or not monotone, unknown treatments without a neutral value,
 * factors that take part nowhere, caps and gates that could break monotonicity, bands out of order.
 *
 * @example
 * ```ts
 * const r = validateModel(json);
 * if (!r.ok) for (const i of r.issues) log(`${i.path}: ${i.message}`);
 * ```
 */
export function validateModel(input: unknown): Result<ScoringModel> {
  const parsed = ScoringModelSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ code: `model/schema-${i.code}`, message: i.message, path: pathOf(i.path) })) };
  }
  const m = parsed.data;
  const issues: Issue[] = [];
  const add = (code: string, message: string, path: string): void => {
    issues.push({ code: `model/${code}`, message, path });
  };
  const byId = new Map<string, Factor>();
  const codes = new Set<string>();
  m.factors.forEach((f, i) => {
    if (byId.has(f.id)) add('duplicate-factor', `factor id "${f.id}" is declared twice`, `/factors/${i}/id`);
    byId.set(f.id, f);
    if (codes.has(f.code)) add('duplicate-code', `factor code "${f.code}" is used twice`, `/factors/${i}/code`);
    codes.add(f.code);
    const vids = new Set<string>();
    const vcodes = new Set<string>();
    f.values.forEach((v, j) => {
      if (vids.has(v.id)) add('duplicate-value', `value "${v.id}" of factor "${f.id}" is declared twice`, `/factors/${i}/values/${j}/id`);
      if (vcodes.has(v.code)) add('duplicate-value-code', `value code "${v.code}" of factor "${f.id}" is used twice`, `/factors/${i}/values/${j}/code`);
      if (v.code === 'X') add('reserved-code', `value code "X" is reserved for unknown (factor "${f.id}")`, `/factors/${i}/values/${j}/code`);
      vids.add(v.id);
      vcodes.add(v.code);
      const prev = f.values[j - 1];
      if (prev && v.score < prev.score) {
        add(
          'not-monotone',
          `factor "${f.id}": value "${v.id}" (${v.score}) scores lower than the less risky "${prev.id}" (${prev.score})`,
          `/factors/${i}/values/${j}/score`,
        );
      }
    });
    if (f.unknown === 'neutral') {
      if (!f.neutral) add('missing-neutral', `factor "${f.id}" treats unknowns as neutral but declares no neutral value`, `/factors/${i}/neutral`);
      else if (!vids.has(f.neutral)) add('unknown-value', `neutral value "${f.neutral}" is not a value of factor "${f.id}"`, `/factors/${i}/neutral`);
    }
  });
  const used = new Set<string>();
  const ref = (id: string, path: string) => {
    if (!byId.has(id)) add('unknown-factor', `no factor "${id}"`, path);
    used.add(id);
  };
  const partIds = new Set<string>();
  m.compose.parts.forEach((p, i) => {
    if (partIds.has(p.id)) add('duplicate-part', `part id "${p.id}" is declared twice`, `/compose/parts/${i}/id`);
    partIds.add(p.id);
    if (p.method === 'lookup') {
      const [a, b] = p.factors;
      ref(a, `/compose/parts/${i}/factors/0`);
      ref(b, `/compose/parts/${i}/factors/1`);
      const fa = byId.get(a);
      const fb = byId.get(b);
      if (fa && fb) {
        for (const [ri, rv] of fa.values.entries()) {
          const row = p.table[rv.id];
          if (!row) {
            add('lookup-incomplete', `lookup "${p.id}" has no row for "${a}=${rv.id}"`, `/compose/parts/${i}/table/${rv.id}`);
            continue;
          }
          for (const [ci, cv] of fb.values.entries()) {
            const cell = row[cv.id];
            if (cell === undefined) {
              add('lookup-incomplete', `lookup "${p.id}" has no cell for "${a}=${rv.id}, ${b}=${cv.id}"`, `/compose/parts/${i}/table/${rv.id}/${cv.id}`);
              continue;
            }
            const left = ci > 0 ? row[fb.values[ci - 1]?.id ?? ''] : undefined;
            const up = ri > 0 ? p.table[fa.values[ri - 1]?.id ?? '']?.[cv.id] : undefined;
            if ((left !== undefined && cell < left) || (up !== undefined && cell < up)) {
              add(
                'lookup-not-monotone',
                `lookup "${p.id}": cell "${rv.id}/${cv.id}" (${cell}) is lower than a cell with less risky values`,
                `/compose/parts/${i}/table/${rv.id}/${cv.id}`,
              );
            }
          }
          for (const k of Object.keys(row))
            if (!fb.values.some((v) => v.id === k))
              add('unknown-value', `lookup "${p.id}": "${k}" is not a value of "${b}"`, `/compose/parts/${i}/table/${rv.id}/${k}`);
        }
        for (const k of Object.keys(p.table))
          if (!fa.values.some((v) => v.id === k)) add('unknown-value', `lookup "${p.id}": "${k}" is not a value of "${a}"`, `/compose/parts/${i}/table/${k}`);
      }
    } else {
      for (const [j, f] of p.factors.entries()) ref(f.factor, `/compose/parts/${i}/factors/${j}/factor`);
      if (p.factors.every((f) => f.weight === 0)) add('zero-weight', `part "${p.id}" has no factor with a positive weight`, `/compose/parts/${i}/factors`);
    }
  });
  m.compose.multipliers.forEach((id, i) => {
    ref(id, `/compose/multipliers/${i}`);
    const f = byId.get(id);
    if (!f) return;
    for (const [j, v] of f.values.entries()) {
      if (v.score <= 0) add('multiplier-zero', `multiplier "${id}": value "${v.id}" must be above 0`, `/factors/${m.factors.indexOf(f)}/values/${j}/score`);
    }
  });
  m.factors.forEach((f, i) => {
    if (!used.has(f.id)) add('unused-factor', `factor "${f.id}" takes part in no composition part or multiplier`, `/factors/${i}`);
  });
  const checkCond = (kind: 'cap' | 'gate', c: Condition, path: string): void => {
    const f = byId.get(c.factor);
    if (!f) {
      add('unknown-factor', `no factor "${c.factor}"`, `${path}/factor`);
      return;
    }
    const want = kind === 'cap' ? 'atMost' : 'atLeast';
    const other = kind === 'cap' ? 'atLeast' : 'atMost';
    if (c[other] !== undefined || c[want] === undefined) {
      add('non-monotone-condition', `a ${kind} condition must use "${want}" only (otherwise raising a factor could lower the score)`, path);
    }
    const v = c[want];
    if (v !== undefined && !f.values.some((x) => x.id === v)) add('unknown-value', `"${v}" is not a value of "${c.factor}"`, `${path}/${want}`);
  };
  m.caps.forEach((c, i) => {
    for (const [j, w] of c.when.entries()) checkCond('cap', w, `/caps/${i}/when/${j}`);
    if (c.max > m.scale) add('cap-out-of-scale', `cap "${c.id}" (${c.max}) is above the scale (${m.scale})`, `/caps/${i}/max`);
  });
  m.gates.forEach((g, i) => {
    for (const [j, w] of g.when.entries()) checkCond('gate', w, `/gates/${i}/when/${j}`);
    if (g.min > m.scale) add('gate-out-of-scale', `gate "${g.id}" (${g.min}) is above the scale (${m.scale})`, `/gates/${i}/min`);
  });
  const b = m.bands;
  if (!(b.critical >= b.high && b.high >= b.medium && b.medium >= b.low && b.low > 0)) {
    add(
      'bands-out-of-order',
      `band thresholds must satisfy critical ≥ high ≥ medium ≥ low > 0 (got ${b.critical}, ${b.high}, ${b.medium}, ${b.low})`,
      '/bands',
    );
  }
  if (b.critical > m.scale) add('bands-out-of-scale', `the critical threshold (${b.critical}) is above the scale (${m.scale})`, '/bands/critical');
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: m };
}

/**
 * Like {@link validateModel}, for models read from a file: `file` is added to every issue.
 *
 * @example
 * ```ts
 * const r = loadModel(JSON.parse(text), 'models/acme.json');
 * ```
 */
export function loadModel(input: unknown, file?: string): Result<ScoringModel> {
  const r = validateModel(input);
  if (r.ok || !file) return r;
  return { ok: false, issues: r.issues.map((i) => ({ ...i, file })) };
}

/**
 * The published JSON Schemas of the scoring documents (a model as written, a tuning profile is
 * in `ProfileSchema`), for tools in other languages.
 *
 * @example
 * ```ts
 * await writeFile('scoring-model.schema.json', JSON.stringify(scoringModelJsonSchema(), null, 2));
 * ```
 */
export function scoringModelJsonSchema(): Record<string, unknown> {
  return toPublishedJsonSchema('scoring-model', ScoringModelSchema, 'input');
}
