import { compileGlob, globMatch } from '@aispm/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** Reference: the same glob as a regular expression (only used as a test oracle). */
function oracle(pattern: string, text: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) re += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(text);
}

describe('globMatch', () => {
  it.each([
    ['gpt-4o*', 'gpt-4o-2024-08-06', true],
    ['gpt-4o*', 'xgpt-4o', false],
    ['*.example.com', 'api.example.com', true],
    ['*.example.com', 'api.example.com.evil', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a\\*c', 'a*c', true],
    ['a\\*c', 'abc', false],
    ['', '', true],
    ['*', '', true],
  ])('%s on %s is %s', (p, t, want) => {
    expect(globMatch(p, t)).toBe(want);
  });

  it('agrees with a regular-expression oracle (property)', () => {
    const alpha = fc.constantFrom('a', 'b', '*', '?', '\\', '.');
    fc.assert(
      fc.property(fc.array(alpha, { maxLength: 8 }), fc.array(fc.constantFrom('a', 'b', '.', '*'), { maxLength: 10 }), (p, t) => {
        const pat = p.join('');
        const text = t.join('');
        expect(globMatch(pat, text)).toBe(oracle(pat, text));
      }),
      { numRuns: 2000, seed: 42 },
    );
  });

  it('handles adversarial patterns in linear-ish time (no backtracking blow-up)', () => {
    const m = compileGlob(`${'*a'.repeat(40)}b`);
    const text = 'a'.repeat(5000);
    expect(m(text)).toBe(false);
  });
});
