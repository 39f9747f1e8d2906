import type { Provenance } from '../model/provenance';
import type { FactBasis } from '../model/vocab';

const BASIS_RANK: Record<FactBasis, number> = { declared: 3, inferred: 2, unresolved: 1 };

/**
 * A stable string that identifies one provenance entry; two observations with the same key are
 * the same sighting (merging them twice adds nothing).
 *
 * @example
 * ```ts
 * provenanceKey({ connector: 'repo', locator: { file: 'a.py', line: 2 }, observedAt: t, basis: 'inferred' });
 * ```
 */
export function provenanceKey(p: Provenance): string {
  const l = p.locator;
  return [
    p.connector,
    p.basis,
    p.observedAt,
    p.source ?? '',
    p.detail ?? '',
    l.file ?? '',
    l.line ?? '',
    l.column ?? '',
    l.url ?? '',
    l.offset ?? '',
    l.pointer ?? '',
    l.ref ?? '',
  ].join('\u0000');
}

/**
 * The documented conflict rule: which of two facts about the same field wins.
 * 1. `declared` beats `inferred`, which beats `unresolved`;
 * 2. then the newer observation beats the older;
 * 3. then, for a total and order-independent result, the smaller provenance key and then the
 *    smaller canonical value win.
 * Returns a negative number when `a` wins.
 *
 * @example
 * ```ts
 * compareFacts(declaredProv, 'x', inferredProv, 'y') < 0; // true: declared wins
 * ```
 */
export function compareFacts(a: Provenance, aValue: string, b: Provenance, bValue: string): number {
  const r = BASIS_RANK[b.basis] - BASIS_RANK[a.basis];
  if (r !== 0) return r;
  const ta = Date.parse(a.observedAt);
  const tb = Date.parse(b.observedAt);
  if (ta !== tb) return tb - ta;
  const ka = provenanceKey(a);
  const kb = provenanceKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return aValue < bValue ? -1 : aValue > bValue ? 1 : 0;
}
