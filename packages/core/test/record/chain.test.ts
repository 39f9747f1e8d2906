import { readFileSync } from 'node:fs';
import {
  buildBatch,
  canonicalJson,
  canonicalStringify,
  type EventInput,
  exportJsonl,
  GENESIS_HASH,
  hashEvent,
  type RecordEvent,
  verifyChain,
  verifyJsonl,
} from '@aispm/core';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const noteArb = fc.record({
  text: fc.string({ minLength: 1, maxLength: 20 }),
  actor: fc.string({ minLength: 1, maxLength: 8 }),
  reason: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
});
const chainArb = fc.array(noteArb, { minLength: 1, maxLength: 30 }).map((notes) => {
  const inputs: EventInput[] = notes.map((n) => ({
    type: 'note.added',
    actor: n.actor,
    data: { text: n.text },
    ...(n.reason !== undefined ? { reason: n.reason } : {}),
  }));
  return buildBatch({ seq: 0, hash: GENESIS_HASH }, inputs, new Map(), new Date('2026-11-01T00:00:00Z')).events;
});

describe('hash chain', () => {
  it('is deterministic: the same inputs give the same hashes', () => {
    const input: EventInput[] = [{ type: 'note.added', actor: 'a', data: { b: 1, text: 'x' } as never }];
    const one = buildBatch({ seq: 0, hash: GENESIS_HASH }, input, new Map(), new Date('2026-11-01T00:00:00Z')).events;
    const two = buildBatch(
      { seq: 0, hash: GENESIS_HASH },
      [{ type: 'note.added', actor: 'a', data: { text: 'x', b: 1 } as never }],
      new Map(),
      new Date('2026-11-01T00:00:00Z'),
    ).events;
    expect(one).toEqual(two);
    expect(one[0]?.hash).toBe(hashEvent(GENESIS_HASH, { seq: 1, at: '2026-11-01T00:00:00.000Z', type: 'note.added', actor: 'a', data: { text: 'x', b: 1 } }));
  });

  it('verifies any untouched chain, and its JSONL export standalone', () => {
    fc.assert(
      fc.property(chainArb, (events) => {
        const last = events[events.length - 1] as RecordEvent;
        expect(verifyChain(events)).toEqual({ ok: true, count: events.length, head: { seq: last.seq, hash: last.hash } });
        expect(verifyJsonl(exportJsonl(events))).toEqual({ ok: true, count: events.length, head: { seq: last.seq, hash: last.hash } });
      }),
      { numRuns: 50 },
    );
  });

  it('names the first edited event, wherever it is', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), fc.string({ minLength: 1, maxLength: 5 }), (events, pick, extra) => {
        const i = pick % events.length;
        const tampered = events.map((e, j) => (j === i ? { ...e, data: { text: `${e.data.text}${extra}` } } : e));
        expect(verifyChain(tampered)).toMatchObject({ ok: false, firstBrokenSeq: i + 1, reason: 'hash-mismatch', count: i });
      }),
      { numRuns: 50 },
    );
  });

  it('names a deleted or swapped event', () => {
    fc.assert(
      fc.property(
        chainArb.filter((e) => e.length >= 2),
        fc.nat(),
        (events, pick) => {
          const i = pick % (events.length - 1);
          const deleted = events.filter((_, j) => j !== i);
          expect(verifyChain(deleted)).toMatchObject({ ok: false, firstBrokenSeq: i + 1, reason: 'sequence-gap' });
          const swapped = [...events];
          [swapped[i], swapped[i + 1]] = [swapped[i + 1] as RecordEvent, swapped[i] as RecordEvent];
          expect(verifyChain(swapped)).toMatchObject({ ok: false, firstBrokenSeq: i + 1 });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('reports malformed JSONL lines with their line number', () => {
    const events = buildBatch(
      { seq: 0, hash: GENESIS_HASH },
      [
        { type: 'note.added', actor: 'a', data: { text: 'x' } },
        { type: 'note.added', actor: 'a', data: { text: 'y' } },
      ],
      new Map(),
      new Date(0),
    ).events;
    const lines = exportJsonl(events).split('\n');
    expect(verifyJsonl(`${lines[0]}\n{not json\n`)).toMatchObject({ ok: false, firstBrokenSeq: 2, reason: 'malformed', line: 2 });
    expect(verifyJsonl(`${lines[0]}\n{"seq":2}\n`)).toMatchObject({ ok: false, firstBrokenSeq: 2, reason: 'malformed', line: 2 });
    expect(verifyJsonl(`${lines[1]}\n`)).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: 'sequence-gap', line: 1 });
  });
});

describe('append validation', () => {
  it('refuses an invalid event with a pointer into the batch', () => {
    let err: unknown;
    try {
      buildBatch(
        { seq: 0, hash: GENESIS_HASH },
        [
          { type: 'note.added', actor: 'a', data: { text: 'ok' } },
          { type: 'note.added', actor: 'a', data: {} },
        ],
        new Map(),
        new Date(0),
      );
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'validation', details: { issues: [{ path: '/1/data/text' }] } });
  });
});

describe('canonicalStringify', () => {
  it('round-trips any JSON value and does not depend on key order', () => {
    const reversed = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reversed)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reversed(x)]),
            )
          : v;
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalStringify(v);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
        expect(canonicalStringify(reversed(v))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('matches canonicalJson on ordinary keys and sorts integer-like keys too', () => {
    const v = { b: undefined, a: [undefined, 1], c: { z: 1, y: undefined, x: [{ q: 1, p: 2 }] } };
    expect(canonicalStringify(v)).toBe(canonicalJson(v));
    expect(canonicalStringify({ '0': false, '': '' })).toBe('{"":"","0":false}');
  });
});

describe('canonicalStringify fast and general paths', () => {
  it('gives the same text as the key-by-key writer for any JSON value, with digit keys, __proto__ and toJSON', () => {
    const slow = (v: unknown): string => {
      if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
      if (Array.isArray(v)) return `[${v.map((x) => (x === undefined || typeof x === 'function' ? 'null' : slow(x))).join(',')}]`;
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return slow((v as { toJSON: () => unknown }).toJSON());
      const parts: string[] = [];
      for (const k of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined && typeof x !== 'function') parts.push(`${JSON.stringify(k)}:${slow(x)}`);
      }
      return `{${parts.join(',')}}`;
    };
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalStringify(v)).toBe(slow(v));
      }),
      { numRuns: 300 },
    );
    const odd = JSON.parse('{"b":{"__proto__":{"x":1},"a":2},"10":1,"9":2,"":3}');
    expect(canonicalStringify(odd)).toBe('{"":3,"10":1,"9":2,"b":{"__proto__":{"x":1},"a":2}}');
    expect(canonicalStringify({ z: { toJSON: () => undefined }, d: new Date(0), a: [undefined, () => 1] })).toBe(
      '{"a":[null,null],"d":"1970-01-01T00:00:00.000Z","z":null}',
    );
    expect(canonicalStringify({ b: 1, a: { d: undefined, c: 'x' } })).toBe('{"a":{"c":"x"},"b":1}');
    const bare = Object.assign(Object.create(null), { b: [{ y: 1, x: 2 }], a: 1 });
    expect(canonicalStringify({ a: new Number(5), b: bare, c: [1, { b: 1, a: 2 }, 'x'] })).toBe(
      '{"a":{},"b":{"a":1,"b":[{"x":2,"y":1}]},"c":[1,{"a":2,"b":1},"x"]}',
    );
    const arr = Object.assign([1, 2], { toJSON: () => 'no' });
    expect(canonicalStringify({ a: arr })).toBe('{"a":[1,2]}');
  });
});

describe('the shipped record-event JSON Schema', () => {
  const schema = JSON.parse(readFileSync(new URL('../../schemas/record-event.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('accepts every line of an exported log', () => {
    fc.assert(
      fc.property(chainArb, (events) => {
        for (const line of exportJsonl(events)
          .split('\n')
          .filter((l) => l !== '')) {
          expect(validate(JSON.parse(line)), JSON.stringify(validate.errors)).toBe(true);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('rejects a line with a malformed hash, naming the field', () => {
    const [event] = buildBatch(
      { seq: 0, hash: GENESIS_HASH },
      [{ type: 'note.added', actor: 'a', data: { text: 'x' } }],
      new Map(),
      new Date('2026-11-01T00:00:00Z'),
    ).events;
    expect(validate({ ...event, hash: 'not-a-hash' })).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(['/hash']);
  });
});
