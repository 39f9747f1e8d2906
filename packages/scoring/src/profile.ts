import type { Issue, Result } from '@aispm/core';
import { z } from 'zod';
import { ModelIdSchema, type ScoringModel, UNKNOWN_TREATMENTS, validateModel } from './model';

/**
 * A tuning profile: overrides of a model's weights, value scores, unknown treatments, caps,
 * gates and band thresholds. Applying it gives a new model whose id carries the profile id as
 * build metadata (`aispm:default-risk@1.0.0+acme.strict`).
 */
export const ProfileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'a profile id is lower-case letters, digits, dots and dashes'),
    model: ModelIdSchema.describe('The model the profile tunes.'),
    description: z.string().optional(),
    /** Factor id → weight inside its part (weighted-sum and max parts). */
    weights: z.record(z.string(), z.number().nonnegative()).default({}),
    /** Part id → weight of the part. */
    partWeights: z.record(z.string(), z.number().positive()).default({}),
    /** Factor id → value id → score in [0, 1]. */
    valueScores: z.record(z.string(), z.record(z.string(), z.number().min(0).max(1))).default({}),
    /** Factor id → unknown treatment, with the neutral value when `neutral`. */
    unknown: z.record(z.string(), z.object({ treatment: z.enum(UNKNOWN_TREATMENTS), neutral: z.string().optional() }).strict()).default({}),
    /** Cap id → new maximum; gate id → new minimum. */
    caps: z.record(z.string(), z.number().nonnegative()).default({}),
    gates: z.record(z.string(), z.number().nonnegative()).default({}),
    bands: z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number() }).partial().strict().default({}),
  })
  .strict();
/** See {@link ProfileSchema}. */
export type Profile = z.infer<typeof ProfileSchema>;
/** Input shape of a profile. */
export type ProfileInput = z.input<typeof ProfileSchema>;

/**
 * Applies a validated tuning profile to a model. Every problem (an unknown factor, part, value,
 * cap or gate; a model mismatch; a result that no longer validates, e.g. value scores that stop
 * rising along a factor's order) is reported together; the model is not changed.
 *
 * @example
 * ```ts
 * const r = applyProfile(DEFAULT_RISK_MODEL, { id: 'acme.strict', model: 'aispm:default-risk@1.0.0', weights: { dataExposure: 9 }, bands: { high: 6.5 } });
 * if (r.ok) createScorer({ inventory, findings, model: r.value });
 * ```
 */
export function applyProfile(model: ScoringModel, input: unknown): Result<ScoringModel> {
  const parsed = ProfileSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ code: `profile/schema-${i.code}`, message: i.message, path: `/${i.path.map(String).join('/')}` })),
    };
  }
  const p = parsed.data;
  const issues: Issue[] = [];
  const base = model.id.split('+')[0] as string;
  if (p.model !== base) issues.push({ code: 'profile/model-mismatch', message: `profile is for "${p.model}", the model is "${base}"`, path: '/model' });
  const m = structuredClone(model) as ScoringModel;
  m.id = `${base}+${p.id}`;
  delete m.calibration;
  const factor = (id: string, path: string) => {
    const f = m.factors.find((x) => x.id === id);
    if (!f) issues.push({ code: 'profile/unknown-factor', message: `the model has no factor "${id}"`, path });
    return f;
  };
  for (const [id, w] of Object.entries(p.weights)) {
    let found = false;
    for (const part of m.compose.parts) {
      if (part.method === 'lookup') continue;
      for (const x of part.factors)
        if (x.factor === id) {
          x.weight = w;
          found = true;
        }
    }
    if (!found) issues.push({ code: 'profile/not-weighted', message: `factor "${id}" has no weight in a weighted-sum or max part`, path: `/weights/${id}` });
  }
  for (const [id, w] of Object.entries(p.partWeights)) {
    const part = m.compose.parts.find((x) => x.id === id);
    if (!part) issues.push({ code: 'profile/unknown-part', message: `the model has no part "${id}"`, path: `/partWeights/${id}` });
    else part.weight = w;
  }
  for (const [id, scores] of Object.entries(p.valueScores)) {
    const f = factor(id, `/valueScores/${id}`);
    if (!f) continue;
    for (const [vid, s] of Object.entries(scores)) {
      const v = f.values.find((x) => x.id === vid);
      if (!v) issues.push({ code: 'profile/unknown-value', message: `"${vid}" is not a value of "${id}"`, path: `/valueScores/${id}/${vid}` });
      else v.score = s;
    }
  }
  for (const [id, u] of Object.entries(p.unknown)) {
    const f = factor(id, `/unknown/${id}`);
    if (!f) continue;
    f.unknown = u.treatment;
    if (u.neutral !== undefined) f.neutral = u.neutral;
  }
  for (const [id, max] of Object.entries(p.caps)) {
    const c = m.caps.find((x) => x.id === id);
    if (!c) issues.push({ code: 'profile/unknown-cap', message: `the model has no cap "${id}"`, path: `/caps/${id}` });
    else c.max = max;
  }
  for (const [id, min] of Object.entries(p.gates)) {
    const g = m.gates.find((x) => x.id === id);
    if (!g) issues.push({ code: 'profile/unknown-gate', message: `the model has no gate "${id}"`, path: `/gates/${id}` });
    else g.min = min;
  }
  m.bands = { ...m.bands, ...p.bands };
  const v = validateModel(m);
  if (!v.ok) issues.push(...v.issues.map((i) => ({ ...i, message: `after applying the profile: ${i.message}` })));
  return issues.length > 0 ? { ok: false, issues } : v;
}
