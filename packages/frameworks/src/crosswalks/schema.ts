import { z } from 'zod';

/**
 * How two controls relate: the same requirement, one contained in the other, or overlapping.
 *
 * @example
 * ```ts
 * CROSSWALK_RELATIONSHIPS; // ['equivalent', 'subset', 'related']
 * ```
 */
export const CROSSWALK_RELATIONSHIPS = ['equivalent', 'subset', 'related'] as const;
/** One of {@link CROSSWALK_RELATIONSHIPS}. */
export type CrosswalkRelationship = (typeof CROSSWALK_RELATIONSHIPS)[number];

/**
 * Where a mapping comes from: a `published` mapping (with its title and address), or
 * `own-analysis` (then every edge that cites it carries a rationale).
 *
 * @example
 * ```ts
 * MappingSourceSchema.parse({ kind: 'own-analysis', title: 'aispm maintainers' });
 * ```
 */
export const MappingSourceSchema = z
  .object({
    kind: z.enum(['published', 'own-analysis']),
    title: z.string().min(1),
    url: z.string().optional(),
  })
  .strict();
/** See {@link MappingSourceSchema}. */
export type MappingSource = z.infer<typeof MappingSourceSchema>;

/**
 * One edge of a crosswalk: `from` control id (in the `from` framework) to `to` control id.
 *
 * @example
 * ```ts
 * CrosswalkEdgeSchema.parse({ from: 'LLM01:2025', to: 'AML.T0051', relationship: 'equivalent', source: 'own', rationale: 'same attack' });
 * ```
 */
export const CrosswalkEdgeSchema = z
  .object({
    from: z.string().min(1),
    to: z.string().min(1),
    relationship: z.enum(CROSSWALK_RELATIONSHIPS),
    source: z.string().min(1).describe('Key into the crosswalk `sources`.'),
    rationale: z.string().optional(),
  })
  .strict();
/** See {@link CrosswalkEdgeSchema}. */
export type CrosswalkEdge = z.infer<typeof CrosswalkEdgeSchema>;

/**
 * A crosswalk between two frameworks as data. `subset` reads "from is contained in to".
 *
 * @example
 * ```ts
 * CrosswalkSchema.parse({ id: 'a--b', title: 'A to B', from: 'a', to: 'b', sources: { own: { kind: 'own-analysis', title: 'us' } }, edges: [] });
 * ```
 */
export const CrosswalkSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    from: z.string().min(1),
    to: z.string().min(1),
    sources: z.record(z.string(), MappingSourceSchema),
    edges: z.array(CrosswalkEdgeSchema),
  })
  .strict()
  .superRefine((cw, ctx) => {
    cw.edges.forEach((e, i) => {
      const s = cw.sources[e.source];
      if (!s) ctx.addIssue({ code: 'custom', message: `unknown source "${e.source}"`, path: ['edges', i, 'source'] });
      else if (s.kind === 'own-analysis' && !e.rationale)
        ctx.addIssue({ code: 'custom', message: 'an own-analysis edge needs a rationale', path: ['edges', i, 'rationale'] });
    });
  });
/** See {@link CrosswalkSchema}. */
export type Crosswalk = z.infer<typeof CrosswalkSchema>;
