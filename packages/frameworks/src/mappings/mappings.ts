import { z } from 'zod';
import type { FrameworkCatalog } from '../catalogs/catalog';
import type { RuleControlMapping } from '../coverage/coverage';
import { MappingSourceSchema } from '../crosswalks/schema';
import baseline from './data/baseline.json';

/**
 * A file of rule → control mappings: each entry names a rule, the controls it evidences and the
 * source of that judgement.
 *
 * @example
 * ```ts
 * RuleMappingFileSchema.parse({ id: 'x_com.acme:pack', title: 'Acme mappings', sources: { own: { kind: 'own-analysis', title: 'Acme GRC' } }, mappings: [] });
 * ```
 */
export const RuleMappingFileSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    sources: z.record(z.string(), MappingSourceSchema),
    mappings: z.array(
      z.object({ rule: z.string().min(1), controls: z.array(z.string().min(3)).min(1), source: z.string().min(1), rationale: z.string().optional() }).strict(),
    ),
  })
  .strict()
  .superRefine((f, ctx) => {
    f.mappings.forEach((m, i) => {
      if (!f.sources[m.source]) ctx.addIssue({ code: 'custom', message: `unknown source "${m.source}"`, path: ['mappings', i, 'source'] });
    });
  });
/** See {@link RuleMappingFileSchema}. */
export type RuleMappingFile = z.infer<typeof RuleMappingFileSchema>;

let parsed: RuleMappingFile | undefined;

/**
 * The baseline pack's mapping file, parsed.
 *
 * @example
 * ```ts
 * baselineMappingFile().mappings.length; // one entry per rule
 * ```
 */
export function baselineMappingFile(): RuleMappingFile {
  parsed ??= RuleMappingFileSchema.parse(baseline);
  return parsed;
}

/**
 * The baseline pack's mappings in the form coverage and evaluation take.
 *
 * @example
 * ```ts
 * computeCoverage({ target: 'owasp-llm-2025', results, mappings: baselineMappings() });
 * evaluateRules(inventory, baselinePack, { controls: baselineControlMap() });
 * ```
 */
export function baselineMappings(): RuleControlMapping[] {
  return baselineMappingFile().mappings.map((m) => ({ ruleId: m.rule, controls: [...m.controls] }));
}

/**
 * The baseline mappings as a map from rule id to control references (what `evaluateRules`
 * takes as its `controls` option).
 *
 * @example
 * ```ts
 * baselineControlMap()['aispm:credential-hardcoded']; // ['owasp-llm-2025:LLM02:2025', …]
 * ```
 */
export function baselineControlMap(): Record<string, string[]> {
  return Object.fromEntries(baselineMappings().map((m) => [m.ruleId, m.controls]));
}

/**
 * Control references in a mapping file that do not resolve exactly in the catalog.
 *
 * @example
 * ```ts
 * checkMappingRefs(baselineMappingFile(), builtinCatalog()); // []
 * ```
 */
export function checkMappingRefs(file: RuleMappingFile, catalog: FrameworkCatalog): string[] {
  const bad: string[] = [];
  for (const m of file.mappings) for (const c of m.controls) if (catalog.control(c)?.ref !== c) bad.push(`${m.rule}: ${c}`);
  return bad;
}
