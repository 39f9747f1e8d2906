import { isDeepStrictEqual } from 'node:util';
import { ObservationSchema } from '@aispm/core';
import { describe, expect, test } from 'vitest';
import { comparable, expectedIds, fixtureNames, readExpected, scanFixture } from './helpers';

// Scan the whole corpus once; the tests below read the tallies.
const perKind = new Map<string, { tp: number; fp: number; fn: number }>();
const perRepo = new Map<string, { missing: string[]; extra: string[] }>();
const names = fixtureNames();
// Observations that are not already in the schema's output form (the CLI does not re-validate
// the scanner's observations, so each must parse to itself).
const notCanonical: string[] = [];
let observations = 0;
for (const name of names) {
  const { inventory, result } = await scanFixture(name);
  for (const o of result.observations) {
    observations++;
    const parsed = ObservationSchema.safeParse(o);
    if (!parsed.success || !isDeepStrictEqual(parsed.data, o)) notCanonical.push(`${name}: ${JSON.stringify(o)}`);
  }
  const found = new Set(inventory.assets().map(comparable));
  const expected = new Set(expectedIds(readExpected(name)));
  const tally = (id: string) => {
    const kind = id.slice(0, id.indexOf(':'));
    let t = perKind.get(kind);
    if (!t) perKind.set(kind, (t = { tp: 0, fp: 0, fn: 0 }));
    return t;
  };
  const missing: string[] = [];
  const extra: string[] = [];
  for (const id of found) {
    if (expected.has(id)) tally(id).tp++;
    else {
      tally(id).fp++;
      extra.push(id);
    }
  }
  for (const id of expected) {
    if (!found.has(id)) {
      tally(id).fn++;
      missing.push(id);
    }
  }
  perRepo.set(name, { missing, extra });
}
const rows = [...perKind.entries()]
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([kind, t]) => {
    const precision = t.tp + t.fp ? t.tp / (t.tp + t.fp) : 1;
    const recall = t.tp + t.fn ? t.tp / (t.tp + t.fn) : 1;
    return { kind, precision: precision.toFixed(3), recall: recall.toFixed(3), tp: t.tp, fp: t.fp, fn: t.fn };
  });

describe('fixture corpus', () => {
  test("every observation is valid and already in the schema's output form", () => {
    expect(observations).toBeGreaterThan(100);
    expect(notCanonical).toEqual([]);
  });

  test('has at least 15 repositories, each with an expected inventory', () => {
    expect(names.length).toBeGreaterThanOrEqual(15);
    for (const n of names) expect(readExpected(n).description.length).toBeGreaterThan(0);
  });

  test('covers every asset kind the scanner emits', () => {
    expect(rows.map((r) => r.kind)).toEqual(
      expect.arrayContaining([
        'agent',
        'application',
        'credential',
        'dataset',
        'gateway',
        'library',
        'mcp-server',
        'model',
        'model-endpoint',
        'prompt',
        'provider',
        'tool',
        'vector-store',
      ]),
    );
  });

  // One test per kind, named with its figures, so the report shows precision and recall.
  test.each(rows)('$kind: precision $precision, recall $recall (tp $tp, fp $fp, fn $fn)', (row) => {
    expect(Number(row.precision), `precision of ${row.kind}`).toBeGreaterThanOrEqual(0.95);
    expect(Number(row.recall), `recall of ${row.kind}`).toBeGreaterThanOrEqual(0.9);
  });

  test.each(names)('%s: nothing missing, nothing extra', (name) => {
    expect(perRepo.get(name)).toEqual({ missing: [], extra: [] });
  });
});
