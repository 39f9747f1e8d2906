import type { Issue, Result } from '@aispm/core';

/** One CVSS 4.0 metric: id, name, group and allowed values with their labels. */
export interface Cvss4Metric {
  id: string;
  name: string;
  group: string;
  values: ReadonlyArray<readonly [code: string, label: string]>;
}

/**
 * The CVSS 4.0 metrics in vector order (facts from FIRST's specification: ids, names, groups,
 * allowed values). The eleven base metrics are mandatory in a vector; `X` means Not Defined.
 */
export const CVSS4_METRICS: readonly Cvss4Metric[] = [
  {
    id: 'AV',
    name: 'Attack Vector',
    group: 'base',
    values: [
      ['N', 'Network'],
      ['A', 'Adjacent'],
      ['L', 'Local'],
      ['P', 'Physical'],
    ],
  },
  {
    id: 'AC',
    name: 'Attack Complexity',
    group: 'base',
    values: [
      ['L', 'Low'],
      ['H', 'High'],
    ],
  },
  {
    id: 'AT',
    name: 'Attack Requirements',
    group: 'base',
    values: [
      ['N', 'None'],
      ['P', 'Present'],
    ],
  },
  {
    id: 'PR',
    name: 'Privileges Required',
    group: 'base',
    values: [
      ['N', 'None'],
      ['L', 'Low'],
      ['H', 'High'],
    ],
  },
  {
    id: 'UI',
    name: 'User Interaction',
    group: 'base',
    values: [
      ['N', 'None'],
      ['P', 'Passive'],
      ['A', 'Active'],
    ],
  },
  {
    id: 'VC',
    name: 'Confidentiality',
    group: 'base',
    values: [
      ['H', 'High'],
      ['L', 'Low'],
      ['N', 'None'],
    ],
  },
  {
    id: 'VI',
    name: 'Integrity',
    group: 'base',
    values: [
      ['H', 'High'],
      ['L', 'Low'],
      ['N', 'None'],
    ],
  },
  {
    id: 'VA',
    name: 'Availability',
    group: 'base',
    values: [
      ['H', 'High'],
      ['L', 'Low'],
      ['N', 'None'],
    ],
  },
  {
    id: 'SC',
    name: 'Confidentiality',
    group: 'base',
    values: [
      ['H', 'High'],
      ['L', 'Low'],
      ['N', 'None'],
    ],
  },
  {
    id: 'SI',
    name: 'Integrity',
    group: 'base',
    values: [
      ['H', 'High'],
      ['L', 'Low'],
      ['N', 'None'],
    ],
  },
  {
    id: 'SA',
    name: 'Availability',
    group: 'base',
    values: [
      ['H', 'High'],
      ['L', 'Low'],
      ['N', 'None'],
    ],
  },
  {
    id: 'E',
    name: 'Exploit Maturity',
    group: 'threat',
    values: [
      ['X', 'Not Defined'],
      ['A', 'Attacked'],
      ['P', 'POC'],
      ['U', 'Unreported'],
    ],
  },
  {
    id: 'CR',
    name: 'Confidentiality Requirements',
    group: 'environmental-security-requirements',
    values: [
      ['X', 'Not Defined'],
      ['H', 'High'],
      ['M', 'Medium'],
      ['L', 'Low'],
    ],
  },
  {
    id: 'IR',
    name: 'Integrity Requirements',
    group: 'environmental-security-requirements',
    values: [
      ['X', 'Not Defined'],
      ['H', 'High'],
      ['M', 'Medium'],
      ['L', 'Low'],
    ],
  },
  {
    id: 'AR',
    name: 'Availability Requirements',
    group: 'environmental-security-requirements',
    values: [
      ['X', 'Not Defined'],
      ['H', 'High'],
      ['M', 'Medium'],
      ['L', 'Low'],
    ],
  },
  {
    id: 'MAV',
    name: 'Attack Vector',
    group: 'environmental-modified-base',
    values: [
      ['X', 'Not Defined'],
      ['N', 'Network'],
      ['A', 'Adjacent'],
      ['L', 'Local'],
      ['P', 'Physical'],
    ],
  },
  {
    id: 'MAC',
    name: 'Attack Complexity',
    group: 'environmental-modified-base',
    values: [
      ['X', 'Not Defined'],
      ['L', 'Low'],
      ['H', 'High'],
    ],
  },
  {
    id: 'MAT',
    name: 'Attack Requirements',
    group: 'environmental-modified-base',
    values: [
      ['X', 'Not Defined'],
      ['N', 'None'],
      ['P', 'Present'],
    ],
  },
  {
    id: 'MPR',
    name: 'Privileges Required',
    group: 'environmental-modified-base',
    values: [
      ['X', 'Not Defined'],
      ['N', 'None'],
      ['L', 'Low'],
      ['H', 'High'],
    ],
  },
  {
    id: 'MUI',
    name: 'User Interaction',
    group: 'environmental-modified-base',
    values: [
      ['X', 'Not Defined'],
      ['N', 'None'],
      ['P', 'Passive'],
      ['A', 'Active'],
    ],
  },
  {
    id: 'MVC',
    name: 'Confidentiality',
    group: 'environmental-modified-base',
    values: [
      ['X', 'Not Defined'],
      ['H', 'High'],
      ['L', 'Low'],
      ['N', 'None'],
    ],
  },
  {
    id: 'MVI',
    name: 'Integrity',
    group: 'environmental-modified-base',
    values: [
      ['X', 'Not Defined'],
      ['H', 'High'],
      ['L', 'Low'],
      ['N', 'None'],
    ],
  },
  {
    id: 'MVA',
    name: 'Availability',
    group: 'environmental-modified-base',
    values: [
      ['X', 'Not Defined'],
      ['H', 'High'],
      ['L', 'Low'],
      ['N', 'None'],
    ],
  },
  {
    id: 'MSC',
    name: 'Confidentiality',
    group: 'environmental-modified-base',
    values: [
      ['X', 'Not Defined'],
      ['H', 'High'],
      ['L', 'Low'],
      ['N', 'Negligible'],
    ],
  },
  {
    id: 'MSI',
    name: 'Integrity',
    group: 'environmental-modified-base',
    values: [
      ['X', 'Not Defined'],
      ['S', 'Safety'],
      ['H', 'High'],
      ['L', 'Low'],
      ['N', 'Negligible'],
    ],
  },
  {
    id: 'MSA',
    name: 'Availability',
    group: 'environmental-modified-base',
    values: [
      ['X', 'Not Defined'],
      ['S', 'Safety'],
      ['H', 'High'],
      ['L', 'Low'],
      ['N', 'Negligible'],
    ],
  },
  {
    id: 'S',
    name: 'Safety',
    group: 'supplemental',
    values: [
      ['X', 'Not Defined'],
      ['N', 'Negligible'],
      ['P', 'Present'],
    ],
  },
  {
    id: 'AU',
    name: 'Automatable',
    group: 'supplemental',
    values: [
      ['X', 'Not Defined'],
      ['N', 'No'],
      ['Y', 'Yes'],
    ],
  },
  {
    id: 'R',
    name: 'Recovery',
    group: 'supplemental',
    values: [
      ['X', 'Not Defined'],
      ['A', 'Automatic'],
      ['U', 'User'],
      ['I', 'Irrecoverable'],
    ],
  },
  {
    id: 'V',
    name: 'Value Density',
    group: 'supplemental',
    values: [
      ['X', 'Not Defined'],
      ['D', 'Diffuse'],
      ['C', 'Concentrated'],
    ],
  },
  {
    id: 'RE',
    name: 'Vulnerability Response Effort',
    group: 'supplemental',
    values: [
      ['X', 'Not Defined'],
      ['L', 'Low'],
      ['M', 'Moderate'],
      ['H', 'High'],
    ],
  },
  {
    id: 'U',
    name: 'Provider Urgency',
    group: 'supplemental',
    values: [
      ['X', 'Not Defined'],
      ['Clear', 'Clear'],
      ['Green', 'Green'],
      ['Amber', 'Amber'],
      ['Red', 'Red'],
    ],
  },
];

const BY_ID = new Map(CVSS4_METRICS.map((m, i) => [m.id, { m, i }]));
const BASE = CVSS4_METRICS.filter((m) => m.group === 'base').map((m) => m.id);

/** A metric as read from a vector. */
export interface Cvss4MetricValue {
  id: string;
  name: string;
  group: string;
  value: string;
  label: string;
}

/** A parsed CVSS 4.0 vector. */
export interface Cvss4Vector {
  version: '4.0';
  /** The vector as given (validated). */
  vector: string;
  /** Every metric given, in vector order. */
  metrics: Cvss4MetricValue[];
  /** Metric id → value code, for quick lookups. */
  values: Record<string, string>;
  /** `CVSS-B`, `CVSS-BT`, `CVSS-BE` or `CVSS-BTE`: which groups are defined. */
  nomenclature: 'CVSS-B' | 'CVSS-BT' | 'CVSS-BE' | 'CVSS-BTE';
}

/**
 * Parses and validates a CVSS 4.0 vector string such as
 * `CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N`, so that vectors of ingested
 * vulnerabilities are carried with their metric values. Every problem (prefix, unknown metric,
 * bad value, duplicate, order, missing base metric) is reported together, each with the index of
 * the offending part as its path. It does not compute the CVSS score (that needs FIRST's
 * MacroVector table); carry the score the source published alongside the vector.
 *
 * @example
 * ```ts
 * const r = parseCvss4('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A');
 * if (r.ok) r.value.values.E; // 'A'
 * ```
 */
export function parseCvss4(vector: string): Result<Cvss4Vector> {
  const issues: Issue[] = [];
  const parts = vector.trim().split('/');
  if (parts[0] !== 'CVSS:4.0') issues.push({ code: 'cvss/prefix', message: `a CVSS 4.0 vector starts with "CVSS:4.0", got "${parts[0] ?? ''}"`, path: '/0' });
  const values: Record<string, string> = {};
  const metrics: Cvss4MetricValue[] = [];
  let last = -1;
  parts.slice(1).forEach((part, k) => {
    const path = `/${k + 1}`;
    const colon = part.indexOf(':');
    const id = colon < 0 ? part : part.slice(0, colon);
    const code = colon < 0 ? '' : part.slice(colon + 1);
    const hit = BY_ID.get(id);
    if (!hit) {
      issues.push({ code: 'cvss/unknown-metric', message: `"${id}" is not a CVSS 4.0 metric`, path });
      return;
    }
    if (values[id] !== undefined) {
      issues.push({ code: 'cvss/duplicate', message: `metric ${id} appears twice`, path });
      return;
    }
    const v = hit.m.values.find(([c]) => c === code);
    if (!v) {
      issues.push({ code: 'cvss/bad-value', message: `${id} takes ${hit.m.values.map(([c]) => c).join(', ')}; got "${code}"`, path });
      return;
    }
    if (hit.i < last) issues.push({ code: 'cvss/order', message: `metric ${id} is out of the specification's order`, path });
    last = Math.max(last, hit.i);
    values[id] = code;
    metrics.push({ id, name: hit.m.name, group: hit.m.group, value: code, label: v[1] });
  });
  for (const id of BASE) if (values[id] === undefined) issues.push({ code: 'cvss/missing-base', message: `base metric ${id} is missing`, path: '' });
  if (issues.length > 0) return { ok: false, issues };
  const defined = (g: (m: Cvss4MetricValue) => boolean) => metrics.some((m) => g(m) && m.value !== 'X');
  const threat = defined((m) => m.group === 'threat');
  const env = defined((m) => m.group.startsWith('environmental'));
  const nomenclature = threat && env ? 'CVSS-BTE' : threat ? 'CVSS-BT' : env ? 'CVSS-BE' : 'CVSS-B';
  return { ok: true, value: { version: '4.0', vector: vector.trim(), metrics, values, nomenclature } };
}

/**
 * The CVSS qualitative severity of a score: None 0.0, Low 0.1–3.9, Medium 4.0–6.9, High 7.0–8.9,
 * Critical 9.0–10.0.
 *
 * @example
 * ```ts
 * cvssSeverity(9.3); // 'Critical'
 * ```
 */
export function cvssSeverity(score: number): 'None' | 'Low' | 'Medium' | 'High' | 'Critical' {
  if (score >= 9) return 'Critical';
  if (score >= 7) return 'High';
  if (score >= 4) return 'Medium';
  if (score > 0) return 'Low';
  return 'None';
}
