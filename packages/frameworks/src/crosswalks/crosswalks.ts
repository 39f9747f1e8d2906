import type { FrameworkCatalog } from '../catalogs/catalog';
import euIso from './data/eu-ai-act--iso-42001-2023.json';
import isoNist from './data/iso-42001-2023--nist-ai-rmf-1.0.json';
import nist600Rmf from './data/nist-ai-600-1--nist-ai-rmf-1.0.json';
import agAivss from './data/owasp-agentic-2026--owasp-aivss-0.5.json';
import agThreats from './data/owasp-agentic-threats-1.0--owasp-agentic-2026.json';
import llm2023 from './data/owasp-llm-2023--owasp-llm-2025.json';
import llmAtlas from './data/owasp-llm-2025--mitre-atlas.json';
import llm600 from './data/owasp-llm-2025--nist-ai-600-1.json';
import llmAgentic from './data/owasp-llm-2025--owasp-agentic-2026.json';
import { type Crosswalk, type CrosswalkRelationship, CrosswalkSchema, type MappingSource } from './schema';

let parsed: Crosswalk[] | undefined;

/**
 * Every built-in crosswalk, parsed and validated (a broken data file throws at first use).
 *
 * @example
 * ```ts
 * builtinCrosswalks().map((c) => c.id); // ['owasp-llm-2025--mitre-atlas', …]
 * ```
 */
export function builtinCrosswalks(): Crosswalk[] {
  parsed ??= [llmAtlas, llm600, llmAgentic, agThreats, agAivss, isoNist, euIso, llm2023, nist600Rmf].map((d) => CrosswalkSchema.parse(d));
  return parsed;
}

/**
 * A control related to another through a crosswalk edge.
 *
 * @example
 * ```ts
 * const [first] = relatedControls('owasp-llm-2025:LLM01:2025');
 * first?.relationship; // 'equivalent' | 'subset' | 'related'
 * ```
 */
export interface RelatedControl {
  /** `<framework>:<control>` of the related control. */
  ref: string;
  relationship: CrosswalkRelationship;
  /** `forward` when the edge was declared from the asked control, `reverse` otherwise. */
  direction: 'forward' | 'reverse';
  crosswalk: string;
  source: MappingSource;
  rationale?: string;
}

/**
 * The controls linked to `ref` by any crosswalk, in both directions, optionally only those in
 * one framework. A `subset` edge read in reverse still says `subset` (from ⊂ to).
 *
 * @example
 * ```ts
 * relatedControls('owasp-llm-2025:LLM01:2025', { framework: 'mitre-atlas' }).map((r) => r.ref);
 * // ['mitre-atlas:AML.T0051', …]
 * ```
 */
export function relatedControls(ref: string, options: { framework?: string; crosswalks?: Crosswalk[] } = {}): RelatedControl[] {
  const out: RelatedControl[] = [];
  for (const cw of options.crosswalks ?? builtinCrosswalks()) {
    for (const e of cw.edges) {
      const from = `${cw.from}:${e.from}`;
      const to = `${cw.to}:${e.to}`;
      const source = cw.sources[e.source] as MappingSource;
      const extra = e.rationale ? { rationale: e.rationale } : {};
      if (from === ref && (!options.framework || options.framework === cw.to))
        out.push({ ref: to, relationship: e.relationship, direction: 'forward', crosswalk: cw.id, source, ...extra });
      if (to === ref && (!options.framework || options.framework === cw.from))
        out.push({ ref: from, relationship: e.relationship, direction: 'reverse', crosswalk: cw.id, source, ...extra });
    }
  }
  return out;
}

/**
 * Checks that every edge of the crosswalks points at controls that exist in the catalog;
 * returns the broken references (empty when all resolve).
 *
 * @example
 * ```ts
 * checkCrosswalkRefs(builtinCatalog()); // []
 * ```
 */
export function checkCrosswalkRefs(catalog: FrameworkCatalog, crosswalks: Crosswalk[] = builtinCrosswalks()): string[] {
  const bad: string[] = [];
  for (const cw of crosswalks) {
    for (const [i, e] of cw.edges.entries()) {
      for (const ref of [`${cw.from}:${e.from}`, `${cw.to}:${e.to}`]) {
        const m = catalog.control(ref);
        if (!m || m.ref !== ref) bad.push(`${cw.id}/edges/${i}: ${ref}`);
      }
    }
  }
  return bad;
}
