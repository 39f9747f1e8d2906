import { locateJson, parseObservationText } from '@aispm/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const good = (key: string) =>
  JSON.stringify({ type: 'asset', asset: { kind: 'provider', key }, provenance: { connector: 'gw', observedAt: '2026-01-01T00:00:00Z' } });

describe('parseObservationText', () => {
  it('reads JSON Lines and reports each bad line with line, column and pointer, keeping the rest', () => {
    const text = [
      good('OpenAI'),
      '{"type": "asset", "asset": {"kind": "robot", "key": "x"}, "provenance": {"connector": "gw", "observedAt": "2026-01-01T00:00:00Z"}}',
      '',
      '{"type": "asset", "asset": {',
      good('Anthropic'),
      '{"type": "asset", "asset": {"kind": "model", "key": "gpt-4o"}, "provenance": {"connector": "gw", "observedAt": "yesterday"}}',
    ].join('\n');
    const { observations, issues } = parseObservationText(text, { file: 'gw.jsonl' });
    expect(observations.map((o) => (o.type === 'asset' ? o.asset.key : ''))).toEqual(['OpenAI', 'Anthropic']);
    expect(issues.map((i) => [i.code, i.file, i.line, i.column, i.path])).toEqual([
      ['unknown-kind', 'gw.jsonl', 2, 37, '/asset/kind'],
      ['invalid-json', 'gw.jsonl', 4, 29, ''],
      ['schema/invalid_format', 'gw.jsonl', 6, 112, '/provenance/observedAt'],
    ]);
    expect(issues[0]?.message).toContain('"robot"');
  });

  it('reads a JSON array and places schema issues on the right line', () => {
    const text = `[\n  ${good('OpenAI')},\n  {"type": "edge"}\n]`;
    const { observations, issues } = parseObservationText(text, { file: 'obs.json' });
    expect(observations).toHaveLength(1);
    expect(issues).toEqual([expect.objectContaining({ code: 'unknown-type', path: '/1/type', file: 'obs.json', line: 3, column: 12 })]);
  });

  it('reads { observations: [...] } and single objects', () => {
    expect(parseObservationText(`{"observations": [${good('a')}, ${good('b')}]}`).observations).toHaveLength(2);
    expect(parseObservationText(good('a')).observations).toHaveLength(1);
    const bad = parseObservationText('{"observations": [{"type": "asset"}]}');
    expect(bad.issues[0]?.path).toBe('/observations/0/asset');
  });

  it('reports a syntax error in a JSON file with its position', () => {
    const { observations, issues } = parseObservationText('[\n  {"type": "asset",}\n]', { file: 'x.json' });
    expect(observations).toEqual([]);
    expect(issues).toEqual([
      { code: 'invalid-json', message: 'invalid JSON: expected a double-quoted property name', path: '', file: 'x.json', line: 2, column: 20 },
    ]);
  });

  it('never throws on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('json', 'jsonl') as fc.Arbitrary<'json' | 'jsonl'>, (text, format) => {
        const r = parseObservationText(text, { format });
        expect(Array.isArray(r.issues)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('locateJson', () => {
  it('agrees with JSON.parse on validity (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string({ maxLength: 60 })), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(locateJson(text).error === undefined).toBe(valid);
      }),
      { numRuns: 500 },
    );
  });
});
