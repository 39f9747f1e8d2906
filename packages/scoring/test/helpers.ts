import { readFileSync } from 'node:fs';
import { createInventory, type Finding, findingFromResult, type Inventory, type RuleResult, RuleResultSchema } from '@aispm/core';

const AT = '2026-11-01T00:00:00.000Z';
const prov = { connector: 'fixture', locator: { file: 'estate.json' }, observedAt: AT, basis: 'declared' as const };

interface EstateFile {
  assets: Array<Record<string, unknown>>;
  relationships: Array<Record<string, unknown>>;
  results: unknown[];
  states: Record<string, { state: Finding['state']; exceptionId?: string }>;
}

/** The realistic estate fixture: inventory, rule results and findings. */
export function loadEstate(): { inventory: Inventory; results: RuleResult[]; findings: Finding[] } {
  const doc = JSON.parse(readFileSync(new URL('./fixtures/estate/estate.json', import.meta.url), 'utf8')) as EstateFile;
  const inventory = createInventory();
  for (const a of doc.assets) {
    const r = inventory.add({ type: 'asset', asset: a as never, provenance: prov });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
  }
  for (const rel of doc.relationships) {
    const r = inventory.add({ type: 'relationship', relationship: rel as never, provenance: prov });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
  }
  const results = doc.results.map((r) => RuleResultSchema.parse(r));
  const findings = results
    .filter((r) => r.status === 'fail')
    .map((r) => {
      const f = findingFromResult(r, AT);
      const s = doc.states[r.ruleId];
      if (s) {
        f.state = s.state;
        if (s.exceptionId) f.exceptionId = s.exceptionId;
      }
      return f;
    });
  return { inventory, results, findings };
}
