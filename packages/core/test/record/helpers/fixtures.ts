import type { Asset, InventorySnapshot, Relationship, RuleResult } from '@aispm/core';

export const DAY = 86_400_000;
export const T0 = Date.parse('2026-11-01T00:00:00.000Z');
export const day = (n: number) => new Date(T0 + n * DAY);

export function asset(id: string, attributes: Record<string, unknown> = {}, extra: Partial<Asset> = {}): Asset {
  const kind = id.slice(0, id.indexOf(':'));
  return {
    id,
    kind,
    name: id.slice(id.indexOf(':') + 1),
    labels: {},
    dataClasses: [],
    provenance: [{ connector: 'test', locator: { file: 'obs.jsonl', line: 1 }, observedAt: '2026-11-01T00:00:00.000Z', basis: 'declared' }],
    fieldSources: {},
    conflicts: [],
    firstSeen: '2026-11-01T00:00:00.000Z',
    lastSeen: '2026-11-01T00:00:00.000Z',
    attributes,
    ...extra,
  } as Asset;
}

export function rel(from: string, type: string, to: string): Relationship {
  return {
    id: `${from}|${type}|${to}`,
    type,
    from,
    to,
    attributes: {},
    dataClasses: [],
    provenance: [{ connector: 'test', locator: {}, observedAt: '2026-11-01T00:00:00.000Z', basis: 'declared' }],
    firstSeen: '2026-11-01T00:00:00.000Z',
    lastSeen: '2026-11-01T00:00:00.000Z',
  } as unknown as Relationship;
}

export function snapshot(assets: Asset[], relationships: Relationship[] = []): InventorySnapshot {
  return { schemaVersion: 1, assets: [...assets].sort((a, b) => (a.id < b.id ? -1 : 1)), relationships };
}

export function result(ruleId: string, assetIds: string[], status: RuleResult['status'] = 'fail', severity: RuleResult['severity'] = 'high'): RuleResult {
  return { ruleId, ruleVersion: '1.0.0', status, assetIds, severity, message: `${ruleId} on ${assetIds.join(',')}`, evidence: [], controls: [] };
}
