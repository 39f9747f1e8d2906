import { describe, expect, it } from 'vitest';
import { builtinCatalog, builtinCrosswalks, CrosswalkSchema, checkCrosswalkRefs, relatedControls } from '../../src/index';

describe('crosswalks', () => {
  it('reference only controls that exist', () => {
    expect(checkCrosswalkRefs(builtinCatalog())).toEqual([]);
  });

  it('cover the required framework pairs, each edge with a relationship and a source', () => {
    const pairs = builtinCrosswalks().map((c) => `${c.from}>${c.to}`);
    for (const p of [
      'owasp-llm-2025>mitre-atlas',
      'owasp-llm-2025>nist-ai-600-1',
      'owasp-llm-2025>owasp-agentic-2026',
      'iso-42001-2023>nist-ai-rmf-1.0',
      'eu-ai-act>iso-42001-2023',
    ])
      expect(pairs).toContain(p);
    for (const cw of builtinCrosswalks()) {
      expect(cw.edges.length).toBeGreaterThan(0);
      for (const e of cw.edges) {
        const s = cw.sources[e.source];
        expect(s).toBeDefined();
        if (s?.kind === 'own-analysis') expect(e.rationale?.length).toBeGreaterThan(0);
      }
    }
  });

  it('every OWASP LLM 2025 entry reaches ATLAS and NIST AI 600-1', () => {
    for (let n = 1; n <= 10; n++) {
      const ref = `owasp-llm-2025:LLM${String(n).padStart(2, '0')}:2025`;
      expect(relatedControls(ref, { framework: 'mitre-atlas' }).length, ref).toBeGreaterThan(0);
      expect(relatedControls(ref, { framework: 'nist-ai-600-1' }).length, ref).toBeGreaterThan(0);
    }
  });

  it('reads edges in both directions', () => {
    const fwd = relatedControls('owasp-llm-2025:LLM01:2025', { framework: 'mitre-atlas' }).find((r) => r.ref === 'mitre-atlas:AML.T0051');
    expect(fwd).toMatchObject({ relationship: 'equivalent', direction: 'forward', crosswalk: 'owasp-llm-2025--mitre-atlas' });
    const rev = relatedControls('mitre-atlas:AML.T0051', { framework: 'owasp-llm-2025' });
    expect(rev.map((r) => [r.ref, r.direction])).toEqual([['owasp-llm-2025:LLM01:2025', 'reverse']]);
  });

  it('rejects an own-analysis edge without a rationale and an unknown source', () => {
    const r = CrosswalkSchema.safeParse({
      id: 'a--b',
      title: 't',
      from: 'a',
      to: 'b',
      sources: { own: { kind: 'own-analysis', title: 'us' } },
      edges: [
        { from: 'x', to: 'y', relationship: 'related', source: 'own' },
        { from: 'x', to: 'y', relationship: 'related', source: 'nope', rationale: 'r' },
      ],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('/'))).toEqual(['edges/0/rationale', 'edges/1/source']);
  });
});
