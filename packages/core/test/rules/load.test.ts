import { fileURLToPath } from 'node:url';
import { evaluateRules, loadRuleFile } from '@aispm/core';
import { describe, expect, it } from 'vitest';
import { inventoryOf } from './helpers';

const fx = (p: string) => fileURLToPath(new URL(`./fixtures/${p}`, import.meta.url));

describe('loadRuleFile', () => {
  it('loads a YAML pack and its examples hold', async () => {
    const r = await loadRuleFile(fx('yaml-pack/rules.yaml'), { requireExamples: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.rules.map((x) => x.id)).toEqual(['x_com.acme:agent-human-approval']);
    const inv = inventoryOf([{ kind: 'agent', key: 'bot', attributes: { humanApproval: false } }]);
    const { results } = evaluateRules(inv, r.value.rules);
    expect(results.map((x) => [x.status, x.controls])).toEqual([['fail', ['owasp-agentic-2026:ASI02']]]);
  });

  it('places YAML problems at file, line and pointer, all together', async () => {
    const file = fx('bad-yaml/rules.yaml');
    const r = await loadRuleFile(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const errors = r.issues.filter((i) => i.severity !== 'warning');
    expect(errors.map((i) => [i.path, i.line])).toEqual([
      ['/0/title', 3],
      ['/0/severity', 8],
    ]);
    expect(errors.every((i) => i.file === file)).toBe(true);
    expect(r.issues.filter((i) => i.severity === 'warning').map((i) => [i.path, i.code])).toEqual([['/1/examples', 'rule/missing-examples']]);
  });

  it('reports YAML syntax errors with a line', async () => {
    const r = await loadRuleFile(fx('bad-yaml/broken.yaml'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ code: 'rules/invalid-yaml' });
    if (!r.ok) expect(r.issues[0]?.line).toBeGreaterThan(0);
  });

  it('places JSON problems at their line', async () => {
    const r = await loadRuleFile(fx('json-rules/rules.json'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const errors = r.issues.filter((i) => i.severity !== 'warning');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: '/1/assert', line: 28 });
  });

  it('imports rules from a TypeScript module', async () => {
    const r = await loadRuleFile(fx('ts-rules/rules.ts'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.rules.map((x) => x.id)).toEqual(['x_com.acme:mcp-no-shell']);
    const inv = inventoryOf([
      { kind: 'mcp-server', key: 'npm/a', attributes: { capabilities: ['shell'] } },
      { kind: 'mcp-server', key: 'npm/b' },
    ]);
    expect(evaluateRules(inv, r.value.rules).results.map((x) => x.status)).toEqual(['fail', 'unknown']);
  });

  it('refuses missing files and unknown extensions as issues, not throws', async () => {
    const missing = await loadRuleFile(fx('nope.yaml'));
    expect(!missing.ok && missing.issues[0]?.code).toBe('rules/unreadable');
    const txt = await loadRuleFile(fx('nope.txt'));
    expect(!txt.ok && txt.issues[0]?.code).toBe('rules/unsupported');
  });
});
