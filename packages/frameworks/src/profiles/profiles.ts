import { z } from 'zod';
import type { FrameworkCatalog } from '../catalogs/catalog';
import euDeployer from './data/eu-ai-act-deployer.json';
import euProvider from './data/eu-ai-act-high-risk-provider.json';
import isoAnnexA from './data/iso-42001-annex-a.json';
import owaspEssentials from './data/owasp-llm-essentials.json';

/**
 * A profile: a tailored selection of controls over one or more catalogs (for example the
 * EU AI Act obligations of a high-risk provider). `manual` marks controls that need human
 * evidence (documents, procedures) that no scan can see.
 *
 * @example
 * ```ts
 * ProfileSchema.parse({ id: 'x-acme-core', title: 'Acme core', description: '…', frameworks: ['owasp-llm-2025'], controls: [{ ref: 'owasp-llm-2025:LLM01:2025' }] });
 * ```
 */
export const ProfileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
    title: z.string().min(1),
    description: z.string().min(1),
    frameworks: z.array(z.string()).min(1),
    controls: z
      .array(
        z
          .object({
            ref: z.string().min(3),
            manual: z.boolean().optional(),
            note: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
/** See {@link ProfileSchema}. */
export type Profile = z.infer<typeof ProfileSchema>;

/**
 * Declares a profile (pure data, returned as given).
 *
 * @example
 * ```ts
 * export const core = defineProfile({ id: 'x-acme-core', title: 'Acme core', description: 'What we check first', frameworks: ['owasp-llm-2025'], controls: [{ ref: 'owasp-llm-2025:LLM06:2025' }] });
 * ```
 */
export function defineProfile<const T extends z.input<typeof ProfileSchema>>(profile: T): T {
  return profile;
}

let parsed: Profile[] | undefined;

/**
 * The built-in profiles: `eu-ai-act-high-risk-provider`, `eu-ai-act-deployer`,
 * `iso-42001-annex-a` and `owasp-llm-essentials`.
 *
 * @example
 * ```ts
 * builtinProfiles().map((p) => p.id);
 * ```
 */
export function builtinProfiles(): Profile[] {
  parsed ??= [euProvider, euDeployer, isoAnnexA, owaspEssentials].map((p) => ProfileSchema.parse(p));
  return parsed;
}

/**
 * A built-in profile by id.
 *
 * @example
 * ```ts
 * getProfile('eu-ai-act-deployer')?.controls.length; // 5
 * ```
 */
export function getProfile(id: string): Profile | undefined {
  return builtinProfiles().find((p) => p.id === id);
}

/**
 * The control references of a profile that do not resolve in the catalog (empty when all do).
 *
 * @example
 * ```ts
 * checkProfileRefs(getProfile('iso-42001-annex-a')!, builtinCatalog()); // []
 * ```
 */
export function checkProfileRefs(profile: Profile, catalog: FrameworkCatalog): string[] {
  return profile.controls.filter((c) => catalog.control(c.ref)?.ref !== c.ref).map((c) => c.ref);
}
