import type { Issue, Result } from '@aispm/core';
import { cvssSeverity, parseCvss4 } from './cvss4';

// ---------------------------------------------------------------- OWASP Risk Rating Methodology

/** The sixteen OWASP Risk Rating factors (abbreviation, name, group), each rated 0–9. */
export const OWASP_RR_FACTORS = [
  ['SL', 'Skill level', 'threat-agent'],
  ['M', 'Motive', 'threat-agent'],
  ['O', 'Opportunity', 'threat-agent'],
  ['S', 'Size', 'threat-agent'],
  ['ED', 'Ease of discovery', 'vulnerability'],
  ['EE', 'Ease of exploit', 'vulnerability'],
  ['A', 'Awareness', 'vulnerability'],
  ['ID', 'Intrusion detection', 'vulnerability'],
  ['LC', 'Loss of confidentiality', 'technical-impact'],
  ['LI', 'Loss of integrity', 'technical-impact'],
  ['LAV', 'Loss of availability', 'technical-impact'],
  ['LAC', 'Loss of accountability', 'technical-impact'],
  ['FD', 'Financial damage', 'business-impact'],
  ['RD', 'Reputation damage', 'business-impact'],
  ['NC', 'Non-compliance', 'business-impact'],
  ['PV', 'Privacy violation', 'business-impact'],
] as const;

type Level3 = 'LOW' | 'MEDIUM' | 'HIGH';
const level = (x: number): Level3 => (x < 3 ? 'LOW' : x < 6 ? 'MEDIUM' : 'HIGH');
const MATRIX: Record<Level3, Record<Level3, string>> = {
  // impact → likelihood → overall
  LOW: { LOW: 'Note', MEDIUM: 'Low', HIGH: 'Medium' },
  MEDIUM: { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High' },
  HIGH: { LOW: 'Medium', MEDIUM: 'High', HIGH: 'Critical' },
};

/** The result of {@link scoreOwaspRiskRating}. */
export interface OwaspRiskRating {
  modelId: 'aispm:owasp-risk-rating@1.0.0';
  vector: string;
  likelihood: { score: number; level: Level3 };
  impact: { score: number; level: Level3; basis: 'technical' | 'business' };
  /** Overall severity from the likelihood × impact matrix: Note, Low, Medium, High, Critical. */
  severity: string;
  factors: Array<{ id: string; name: string; group: string; value: number }>;
}

/**
 * Scores with the OWASP Risk Rating Methodology: likelihood is the mean of the eight threat-agent
 * and vulnerability factors, impact the mean of the four business-impact factors when all are
 * given (the methodology prefers business impact) or else of the four technical-impact factors;
 * each mean maps to LOW (< 3), MEDIUM (< 6) or HIGH, and the pair to an overall severity.
 * Input is a vector (`SL:1/M:1/O:0/S:2/ED:1/EE:1/A:1/ID:1/LC:2/LI:1/LAV:1/LAC:1/…`) or an object.
 *
 * @example
 * ```ts
 * const r = scoreOwaspRiskRating('SL:9/M:9/O:9/S:9/ED:9/EE:9/A:9/ID:9/LC:9/LI:9/LAV:9/LAC:9');
 * if (r.ok) r.value.severity; // 'Critical'
 * ```
 */
export function scoreOwaspRiskRating(input: string | Record<string, number>): Result<OwaspRiskRating> {
  const issues: Issue[] = [];
  const given: Record<string, number> = {};
  if (typeof input === 'string') {
    input.split('/').forEach((part, i) => {
      const [k, v, ...rest] = part.split(':');
      const n = Number(v);
      if (!k || v === undefined || rest.length > 0 || !/^\d$/.test(v))
        issues.push({ code: 'owasp-rr/bad-part', message: `"${part}" is not <factor>:<0-9>`, path: `/${i}` });
      else if (given[k] !== undefined) issues.push({ code: 'owasp-rr/duplicate', message: `factor ${k} appears twice`, path: `/${i}` });
      else given[k] = n;
    });
  } else Object.assign(given, input);
  for (const [k, v] of Object.entries(given)) {
    if (!OWASP_RR_FACTORS.some(([id]) => id === k))
      issues.push({ code: 'owasp-rr/unknown-factor', message: `"${k}" is not an OWASP Risk Rating factor`, path: `/${k}` });
    else if (!Number.isInteger(v) || v < 0 || v > 9)
      issues.push({ code: 'owasp-rr/bad-value', message: `${k} must be an integer 0–9, got ${v}`, path: `/${k}` });
  }
  const group = (g: string) => OWASP_RR_FACTORS.filter((f) => f[2] === g).map((f) => f[0]);
  const need = [...group('threat-agent'), ...group('vulnerability'), ...group('technical-impact')];
  for (const k of need) if (given[k] === undefined) issues.push({ code: 'owasp-rr/missing', message: `factor ${k} is missing`, path: '' });
  const business = group('business-impact');
  const someBusiness = business.some((k) => given[k] !== undefined);
  if (someBusiness)
    for (const k of business)
      if (given[k] === undefined)
        issues.push({ code: 'owasp-rr/missing', message: `business-impact factor ${k} is missing (give all four or none)`, path: '' });
  if (issues.length > 0) return { ok: false, issues };
  const mean = (ks: readonly string[]) => Math.round((ks.reduce((t, k) => t + (given[k] as number), 0) / ks.length) * 1000) / 1000;
  const l = mean([...group('threat-agent'), ...group('vulnerability')]);
  const basis = someBusiness ? 'business' : 'technical';
  const im = mean(someBusiness ? business : group('technical-impact'));
  const factors = OWASP_RR_FACTORS.filter(([id]) => given[id] !== undefined).map(([id, name, g]) => ({ id, name, group: g, value: given[id] as number }));
  return {
    ok: true,
    value: {
      modelId: 'aispm:owasp-risk-rating@1.0.0',
      vector: factors.map((f) => `${f.id}:${f.value}`).join('/'),
      likelihood: { score: l, level: level(l) },
      impact: { score: im, level: level(im), basis },
      severity: MATRIX[level(im)][level(l)],
      factors,
    },
  };
}

// ---------------------------------------------------------------- OWASP AIVSS v0.5 (candidate)

/** The ten AIVSS v0.5 agentic amplification factors (our keys, the document's names). Each is 0, 0.5 or 1. */
export const AIVSS_FACTORS = [
  ['autonomy', 'Autonomy of Action'],
  ['toolUse', 'Tool Use'],
  ['memory', 'Memory Use'],
  ['dynamicIdentity', 'Dynamic Identity'],
  ['multiAgent', 'Multi-Agent Interactions'],
  ['nonDeterminism', 'Non-Determinism'],
  ['selfModification', 'Self-Modification'],
  ['goalPlanning', 'Goal-Driven Planning'],
  ['contextAwareness', 'Contextual Awareness'],
  ['opacity', 'Opacity and Reflexivity'],
] as const;

/** Inputs of {@link scoreAivss}. */
export interface AivssInput {
  /** CVSS 4.0 base score of the underlying vulnerability (0–10). */
  cvssBase: number;
  /** A CVSS 4.0 vector; its Exploit Maturity (E) sets the threat multiplier when `threatMultiplier` is absent. */
  cvssVector?: string;
  /** Factor key → 0 (none), 0.5 (partial) or 1 (full). */
  factors: Partial<Record<(typeof AIVSS_FACTORS)[number][0], number>>;
  /** Threat multiplier; default from E (Attacked 1.0, POC 0.97, Unreported 0.91) or 0.97. */
  threatMultiplier?: number;
  /** How a missing factor is treated: `worst` (1.0) or `withhold` (no score). Default `withhold`. */
  unknown?: 'worst' | 'withhold';
}

/** The result of {@link scoreAivss}. */
export interface AivssScore {
  modelId: 'x_org.owasp:aivss@0.5.0';
  value: number | null;
  reason?: string;
  /** CVSS-style qualitative band of the value. */
  band: string;
  formula: string;
  vector: string;
  cvssBase: number;
  aars: number;
  threatMultiplier: number;
  factors: Array<{ id: string; name: string; value: number; known: boolean }>;
  unknowns: string[];
}

const E_MULTIPLIER: Record<string, number> = { A: 1, P: 0.97, U: 0.91, X: 0.97 };

/**
 * Scores with the OWASP AIVSS v0.5 candidate (a pre-1.0 draft, hence the vendor namespace
 * `x_org.owasp:aivss@0.5.0`): `AIVSS = ((CVSS base + AARS) ÷ 2) × ThM`, where AARS is the sum of
 * the ten agentic amplification factors (each 0, 0.5 or 1) and ThM the threat multiplier.
 *
 * @example
 * ```ts
 * const r = scoreAivss({ cvssBase: 9.4, factors: { autonomy: 1, toolUse: 1, memory: 0.5, dynamicIdentity: 1, multiAgent: 1, nonDeterminism: 1, selfModification: 0.5, goalPlanning: 1, contextAwareness: 1, opacity: 0.5 } });
 * if (r.ok) r.value.value; // 8.7
 * ```
 */
export function scoreAivss(input: AivssInput): Result<AivssScore> {
  const issues: Issue[] = [];
  if (!(input.cvssBase >= 0 && input.cvssBase <= 10))
    issues.push({ code: 'aivss/cvss-base', message: `cvssBase must be 0–10, got ${input.cvssBase}`, path: '/cvssBase' });
  let thm = input.threatMultiplier;
  if (thm === undefined && input.cvssVector !== undefined) {
    const v = parseCvss4(input.cvssVector);
    if (!v.ok) issues.push(...v.issues.map((i) => ({ ...i, path: `/cvssVector${i.path}` })));
    else thm = E_MULTIPLIER[v.value.values.E ?? 'X'];
  }
  thm ??= 0.97;
  if (!(thm > 0 && thm <= 1))
    issues.push({ code: 'aivss/threat-multiplier', message: `threatMultiplier must be in (0, 1], got ${thm}`, path: '/threatMultiplier' });
  for (const k of Object.keys(input.factors)) {
    if (!AIVSS_FACTORS.some(([id]) => id === k))
      issues.push({ code: 'aivss/unknown-factor', message: `"${k}" is not an AIVSS v0.5 factor`, path: `/factors/${k}` });
  }
  const factors = AIVSS_FACTORS.map(([id, name]) => {
    const v = input.factors[id];
    if (v !== undefined && v !== 0 && v !== 0.5 && v !== 1)
      issues.push({ code: 'aivss/bad-value', message: `${id} takes 0, 0.5 or 1, got ${v}`, path: `/factors/${id}` });
    return { id, name, value: v ?? 1, known: v !== undefined };
  });
  if (issues.length > 0) return { ok: false, issues };
  const unknowns = factors.filter((f) => !f.known).map((f) => f.id);
  const aars = Math.round(factors.reduce((t, f) => t + f.value, 0) * 10) / 10;
  const base = {
    modelId: 'x_org.owasp:aivss@0.5.0' as const,
    formula: 'AIVSS = ((CVSS base + AARS) / 2) × ThM',
    vector: `(CVSS:${input.cvssBase}/AARS:${aars})`,
    cvssBase: input.cvssBase,
    aars,
    threatMultiplier: thm,
    factors,
    unknowns,
  };
  if (unknowns.length > 0 && (input.unknown ?? 'withhold') === 'withhold') {
    return { ok: true, value: { ...base, value: null, reason: `unknown factors: ${unknowns.join(', ')}`, band: 'withheld' } };
  }
  const value = Math.round(((input.cvssBase + aars) / 2) * thm * 10 + 1e-9) / 10;
  return { ok: true, value: { ...base, value, band: cvssSeverity(value) } };
}
