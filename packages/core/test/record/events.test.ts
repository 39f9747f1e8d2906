import { EVENT_DATA_SCHEMAS, type EventType, FINDING_STATES, validateEventInput } from '@aispm/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Values that are sometimes what a schema wants and sometimes not.
const loose = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.constant(undefined),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);
const state = fc.oneof(fc.constantFrom(...FINDING_STATES), fc.constant('bogus'), loose);
const change = fc.oneof(fc.record({ field: fc.oneof(fc.string(), fc.integer()), before: loose }, { requiredKeys: [] }), loose);
const dataArb = fc.record(
  {
    id: loose,
    asset: loose,
    relationship: loose,
    finding: loose,
    changes: fc.oneof(fc.array(change, { maxLength: 3 }), loose),
    ids: fc.oneof(fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }), loose),
    from: state,
    to: state,
    exceptionId: loose,
    deferUntil: loose,
    deferTrigger: loose,
    subject: loose,
    text: fc.oneof(fc.string({ maxLength: 4 }), loose),
  },
  { requiredKeys: [] },
);

describe('validateEventInput', () => {
  it('accepts exactly what the schema of each event type accepts, keeping the caller data as given', () => {
    const types = Object.keys(EVENT_DATA_SCHEMAS) as EventType[];
    fc.assert(
      fc.property(fc.constantFrom(...types), dataArb, (type, data) => {
        const r = validateEventInput({ type, actor: 'a', data });
        const z = EVENT_DATA_SCHEMAS[type].safeParse(data);
        expect(r.ok).toBe(z.success);
        if (r.ok && z.success) {
          const added = Object.keys(z.data as object).some((k) => !(k in data));
          if (!added) expect(r.value.data).toBe(data);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reports the schema issue with a JSON pointer when the quick check refuses', () => {
    const r = validateEventInput({ type: 'finding.state-changed', actor: 'a', data: { id: 'f', from: 'open', to: 'gone' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.path).toBe('/data/to');
    expect(validateEventInput({ type: 'note.added', actor: 'a', data: { text: '' } }).ok).toBe(false);
    expect(validateEventInput({ type: 'asset.added', actor: 'a', data: { asset: [] } }).ok).toBe(false);
  });
});
