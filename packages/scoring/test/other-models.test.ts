import { CVSS4_METRICS, cvssSeverity, parseCvss4, scoreAivss, scoreOwaspRiskRating } from '@aispm/scoring';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const BASE = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';

describe('parseCvss4', () => {
  it('reads a vector with its metric values and labels', () => {
    const r = parseCvss4(`${BASE}/E:A/CR:H/U:Red`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.nomenclature).toBe('CVSS-BTE');
    expect(r.value.values).toMatchObject({ AV: 'N', VC: 'H', E: 'A', U: 'Red' });
    expect(r.value.metrics.find((m) => m.id === 'AV')).toEqual({ id: 'AV', name: 'Attack Vector', group: 'base', value: 'N', label: 'Network' });
    expect(parseCvss4(BASE).ok && (parseCvss4(BASE) as { value: { nomenclature: string } }).value.nomenclature).toBe('CVSS-B');
  });

  it('reports every problem together', () => {
    const r = parseCvss4('CVSS:3.1/AC:L/AV:N/AV:A/ZZ:1/PR:Q/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N');
    expect(r.ok ? [] : r.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'cvss/prefix /0',
      'cvss/order /2',
      'cvss/duplicate /3',
      'cvss/unknown-metric /4',
      'cvss/bad-value /5',
      'cvss/missing-base ',
      'cvss/missing-base ',
    ]);
  });

  it('accepts every allowed value of every metric (property)', () => {
    const base = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'];
    fc.assert(
      fc.property(
        fc.tuple(...CVSS4_METRICS.map((m) => fc.constantFrom(...m.values.map(([c]) => c)))),
        fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }),
        (codes, keep) => {
          const parts = CVSS4_METRICS.map((m, i) => [m.id, codes[i] as string] as const).filter(([id], i) => base.includes(id) || keep[i]);
          const r = parseCvss4(`CVSS:4.0/${parts.map(([id, c]) => `${id}:${c}`).join('/')}`);
          expect(r.ok).toBe(true);
          if (r.ok) expect(r.value.metrics.map((m) => m.id)).toEqual(parts.map(([id]) => id));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('bands scores like CVSS', () => {
    expect([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(cvssSeverity)).toEqual(['None', 'Low', 'Low', 'Medium', 'Medium', 'High', 'High', 'Critical', 'Critical']);
  });
});

describe('scoreAivss (v0.5 candidate)', () => {
  const f = (ones: number, halves: number) => {
    const keys = [
      'autonomy',
      'toolUse',
      'memory',
      'dynamicIdentity',
      'multiAgent',
      'nonDeterminism',
      'selfModification',
      'goalPlanning',
      'contextAwareness',
      'opacity',
    ] as const;
    return Object.fromEntries(keys.map((k, i) => [k, i < ones ? 1 : i < ones + halves ? 0.5 : 0]));
  };
  it('reproduces the published v0.5 examples', () => {
    // Tool misuse: CVSS 9.4, AARS 8.5 → 8.7; access control violation: 8.7, 7.0 → 7.6; goal manipulation: 2.1, 4.0 → 3.0.
    const cases: Array<[number, number, number, number, string]> = [
      [9.4, 7, 3, 8.7, 'High'],
      [8.7, 5, 4, 7.6, 'High'],
      [2.1, 4, 0, 3.0, 'Low'],
    ];
    for (const [cvss, ones, halves, want, band] of cases) {
      const r = scoreAivss({ cvssBase: cvss, factors: f(ones, halves) });
      expect(r.ok && r.value.value).toBe(want);
      expect(r.ok && r.value.band).toBe(band);
    }
  });
  it('takes the threat multiplier from Exploit Maturity and withholds on unknown factors', () => {
    const r = scoreAivss({ cvssBase: 9.4, cvssVector: `${BASE}/E:U`, factors: f(7, 3) });
    expect(r.ok && [r.value.threatMultiplier, r.value.value, r.value.modelId]).toEqual([0.91, 8.1, 'x_org.owasp:aivss@0.5.0']);
    const w = scoreAivss({ cvssBase: 9.4, factors: { autonomy: 1 } });
    expect(w.ok && [w.value.value, w.value.band, w.value.unknowns.length]).toEqual([null, 'withheld', 9]);
    const worst = scoreAivss({ cvssBase: 9.4, factors: { autonomy: 0 }, unknown: 'worst' });
    expect(worst.ok && worst.value.aars).toBe(9);
    const bad = scoreAivss({ cvssBase: 11, factors: { autonomy: 0.7, flying: 1 } as never });
    expect(bad.ok ? [] : bad.issues.map((i) => i.code)).toEqual(['aivss/cvss-base', 'aivss/unknown-factor', 'aivss/bad-value']);
  });
});

describe('scoreOwaspRiskRating', () => {
  it('averages likelihood and impact and reads the severity matrix', () => {
    const r = scoreOwaspRiskRating('SL:3/M:2/O:7/S:1/ED:3/EE:6/A:9/ID:2/LC:9/LI:7/LAV:5/LAC:8');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.likelihood).toEqual({ score: 4.125, level: 'MEDIUM' });
    expect(r.value.impact).toEqual({ score: 7.25, level: 'HIGH', basis: 'technical' });
    expect(r.value.severity).toBe('High');
    const b = scoreOwaspRiskRating('SL:3/M:2/O:7/S:1/ED:3/EE:6/A:9/ID:2/LC:9/LI:7/LAV:5/LAC:8/FD:1/RD:2/NC:1/PV:1');
    expect(b.ok && [b.value.impact.basis, b.value.impact.level, b.value.severity]).toEqual(['business', 'LOW', 'Low']);
  });
  it('reports every problem together', () => {
    const r = scoreOwaspRiskRating('SL:3/M:x/SL:2/ZZ:1/FD:1');
    expect(r.ok ? [] : r.issues.map((i) => i.code)).toEqual([
      'owasp-rr/bad-part',
      'owasp-rr/duplicate',
      'owasp-rr/unknown-factor',
      ...Array(14).fill('owasp-rr/missing'),
    ]);
  });
});
