import { toPublishedJsonSchema } from '@aispm/core';
import { FrameworkDataSchema } from './catalogs/schema';
import { CrosswalkSchema } from './crosswalks/schema';
import { EuAiActInputSchema } from './eu-ai-act/classify';
import { RuleMappingFileSchema } from './mappings/mappings';
import { ProfileSchema } from './profiles/profiles';

/**
 * The JSON Schemas of the documents `@aispm/frameworks` reads (catalogs, crosswalks, profiles,
 * rule mapping files, EU AI Act classifier input), generated from their zod schemas, by file stem.
 * They are shipped in the package's `schemas/` folder for tools in other languages.
 *
 * @example
 * ```ts
 * Object.keys(frameworksJsonSchemas()); // ['framework-catalog', 'crosswalk', 'profile', 'rule-mapping-file', 'eu-ai-act-input']
 * ```
 */
export function frameworksJsonSchemas(): Record<string, Record<string, unknown>> {
  return {
    'framework-catalog': toPublishedJsonSchema('framework-catalog', FrameworkDataSchema, 'input'),
    crosswalk: toPublishedJsonSchema('crosswalk', CrosswalkSchema, 'input'),
    profile: toPublishedJsonSchema('profile', ProfileSchema, 'input'),
    'rule-mapping-file': toPublishedJsonSchema('rule-mapping-file', RuleMappingFileSchema, 'input'),
    'eu-ai-act-input': toPublishedJsonSchema('eu-ai-act-input', EuAiActInputSchema, 'input'),
  };
}
