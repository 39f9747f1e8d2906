import { checkRuleExamples, createInventory, evaluateRules, lintRules, RuleDefinitionSchema } from '@aispm/core';
import { describe, expect, it } from 'vitest';
import { baselineControlMap, baselineMappingFile, baselineMappings, baselinePack, builtinCatalog, checkMappingRefs, computeCoverage } from '../../src/index';

const rules = baselinePack.rules.map((r) => RuleDefinitionSchema.parse(r));
const catalog = builtinCatalog();

describe('baseline pack', () => {
  it('has at least 100 rules with unique ids', () => {
    expect(rules.length).toBeGreaterThanOrEqual(100);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it('lints clean with examples required', () => {
    const r = lintRules(baselinePack, { requireExamples: true });
    if (!r.ok) expect(r.issues).toEqual([]);
    expect(r.ok && r.value.warnings).toEqual([]);
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s: good examples pass and bad examples fail', (_id, rule) => {
    expect(rule.examples.good.length).toBeGreaterThan(0);
    expect(rule.examples.bad.length).toBeGreaterThan(0);
    expect(checkRuleExamples(rule)).toEqual([]);
  });

  it('covers every required area', () => {
    const tags = new Set(rules.flatMap((r) => r.tags));
    for (const t of ['governance', 'identity-access', 'data-exposure', 'supply-chain', 'runtime', 'shadow-ai', 'toxic-combination']) expect(tags).toContain(t);
    expect(rules.filter((r) => r.path).length).toBeGreaterThanOrEqual(5);
  });
});

describe('baseline mappings', () => {
  const byRule = new Map(baselineMappings().map((m) => [m.ruleId, m.controls]));

  it('reference only existing controls', () => {
    expect(checkMappingRefs(baselineMappingFile(), catalog)).toEqual([]);
  });

  it('map every rule to an OWASP entry, a NIST AI RMF subcategory and an ISO/IEC 42001 Annex A control', () => {
    const kindOf = (ref: string) => catalog.control(ref)?.control.kind;
    for (const r of rules) {
      const controls = byRule.get(r.id) ?? [];
      expect(
        controls.some((c) => c.startsWith('owasp-llm-2025:') || c.startsWith('owasp-agentic-2026:')),
        r.id,
      ).toBe(true);
      expect(
        controls.some((c) => c.startsWith('nist-ai-rmf-1.0:') && kindOf(c) === 'subcategory'),
        r.id,
      ).toBe(true);
      expect(
        controls.some((c) => c.startsWith('iso-42001-2023:A.') && kindOf(c) === 'control'),
        r.id,
      ).toBe(true);
    }
    expect([...byRule.keys()].sort()).toEqual(rules.map((r) => r.id).sort());
  });

  it('cover every OWASP LLM 2025 and every OWASP Agentic 2026 entry', () => {
    const mapped = new Set([...byRule.values()].flat());
    for (const fw of ['owasp-llm-2025', 'owasp-agentic-2026']) {
      for (const c of catalog.get(fw)?.assessable() ?? []) expect(mapped, `${fw}:${c.id}`).toContain(`${fw}:${c.id}`);
    }
  });

  it('flow into results and coverage', () => {
    const inv = createInventory();
    const prov = { connector: 'test', observedAt: '2026-01-01T00:00:00Z', basis: 'declared' as const };
    inv.add({ type: 'asset', asset: { kind: 'credential', key: 'openai/ab12', attributes: { hardcoded: true } }, provenance: prov });
    inv.add({
      type: 'asset',
      asset: {
        kind: 'model',
        key: 'hf/acme/m',
        owner: 'ml-team',
        attributes: { format: 'safetensors', pickle: false, trustRemoteCode: false, license: 'apache-2.0' },
      },
      provenance: prov,
    });
    const { results, issues } = evaluateRules(inv, baselinePack, { controls: baselineControlMap(), now: new Date('2026-11-22T00:00:00Z') });
    expect(issues).toEqual([]);
    const hard = results.find((r) => r.ruleId === 'aispm:credential-hardcoded');
    expect(hard?.status).toBe('fail');
    expect(hard?.controls).toContain('owasp-llm-2025:LLM02:2025');
    const cov = computeCoverage({ target: 'owasp-llm-essentials', results, mappings: baselineMappings() });
    const llm02 = cov.controls.find((c) => c.id === 'LLM02:2025');
    expect(llm02?.status).toBe('gap');
    expect(llm02?.failingAssets).toContain(hard?.assetIds[0]);
    const llm03 = cov.controls.find((c) => c.id === 'LLM03:2025');
    expect(llm03?.rules.filter((r) => r.fail > 0).map((r) => r.ruleId)).toEqual([]);
    expect(llm03?.status).toBe('satisfied');
  });
});
