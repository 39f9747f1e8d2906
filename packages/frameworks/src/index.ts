// @aispm/frameworks: framework catalogs, crosswalks, profiles, coverage, the EU AI Act tier
// classifier and the baseline rule pack. This list is written by hand.

export { BUILTIN_CATALOG_DATA } from './catalogs/builtin';
export type { ControlMatch, Framework, FrameworkCatalog, SearchOptions } from './catalogs/catalog';
export { builtinCatalog, createFrameworkCatalog, parseControlRef, validateFrameworkData } from './catalogs/catalog';
export type { CatalogConfidence, Control, FrameworkData } from './catalogs/schema';
export { ASSESSABLE_KINDS, CATALOG_ATTRIBUTE_SCHEMAS, CONFIDENCE_LEVELS, ControlSchema, FrameworkDataSchema } from './catalogs/schema';
export type {
  ControlCoverage,
  CoverageException,
  CoverageOptions,
  CoverageReport,
  CoverageRule,
  CoverageStatus,
  RuleControlMapping,
} from './coverage/coverage';
export { COVERAGE_STATUSES, computeCoverage } from './coverage/coverage';
export type { RelatedControl } from './crosswalks/crosswalks';
export { builtinCrosswalks, checkCrosswalkRefs, relatedControls } from './crosswalks/crosswalks';
export type { Crosswalk, CrosswalkEdge, CrosswalkRelationship, MappingSource } from './crosswalks/schema';
export { CROSSWALK_RELATIONSHIPS, CrosswalkEdgeSchema, CrosswalkSchema, MappingSourceSchema } from './crosswalks/schema';
export type { EuAiActClassification, EuAiActInput, EuAiActTier } from './eu-ai-act/classify';
export {
  ANNEX_III_AREAS,
  classifyEuAiActTier,
  EuAiActInputSchema,
  euAiActInputFromAttributes,
  PROHIBITED_PRACTICES,
  TRANSPARENCY_TRIGGERS,
} from './eu-ai-act/classify';
export type { RuleMappingFile } from './mappings/mappings';
export { baselineControlMap, baselineMappingFile, baselineMappings, checkMappingRefs, RuleMappingFileSchema } from './mappings/mappings';
export { baselinePack } from './pack/baseline';
export type { Profile } from './profiles/profiles';
export { builtinProfiles, checkProfileRefs, defineProfile, getProfile, ProfileSchema } from './profiles/profiles';
export { renderCatalogIndex, renderCatalogReference, renderRuleReference } from './reference/markdown';
export { frameworksJsonSchemas } from './schemas';
