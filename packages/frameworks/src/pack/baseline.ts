import { defineRulePack, type RulePack } from '@aispm/core';
import { dataRules } from './rules/data';
import { governanceRules } from './rules/governance';
import { identityRules } from './rules/identity';
import { pathRules } from './rules/paths';
import { runtimeRules } from './rules/runtime';
import { shadowRules } from './rules/shadow';
import { supplyChainRules } from './rules/supply-chain';

/**
 * The aispm baseline rule pack: governance completeness, identity and access, data exposure,
 * supply chain, runtime controls, shadow AI and toxic-combination path rules. Its framework
 * mappings live in a separate file (see `baselineMappings`).
 *
 * @example
 * ```ts
 * const { results } = evaluateRules(inventory, baselinePack, { controls: baselineControlMap() });
 * ```
 */
export const baselinePack: RulePack = defineRulePack({
  id: 'aispm:baseline',
  version: '1.0.0',
  title: 'aispm baseline',
  description: 'Baseline checks for AI systems, mapped to OWASP LLM and Agentic Top 10, NIST AI RMF, ISO/IEC 42001, MITRE ATLAS and the EU AI Act.',
  rules: [...governanceRules, ...identityRules, ...dataRules, ...supplyChainRules, ...runtimeRules, ...shadowRules, ...pathRules],
});
