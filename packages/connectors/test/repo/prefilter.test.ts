import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_CATALOG } from '../../src/catalogs/index';
import { buildAutomaton, buildPatternSet, cachedAutomaton, createKernel, findLiterals } from '../../src/repo/index';
import { type KernelScan, scanFileWith } from '../../src/repo/kernel';
import { analyseRegex } from '../../src/repo/regex-safety';

const set = buildPatternSet(DEFAULT_CATALOG);

// fast-check cannot generate from lookaheads, `\b` or the `i` flag: generate from a relaxed
// source, then judge every match of the real pattern on the generated text.
const relaxed = (src: string) => src.replace(/\(\?[!=](?:\[[^\]]*\]|[^()])*\)/g, '').replace(/\\b/g, '');
const flipCase = (s: string, mask: number[]) => [...s].map((c, i) => ((mask[i % mask.length] ?? 0) > 0 ? c.toUpperCase() : c)).join('');

describe('prefilter', () => {
  test('every pattern declares literals and compiles', () => {
    for (const p of set.patterns) {
      expect(p.literals.length, p.id).toBeGreaterThan(0);
      expect(() => new RegExp(p.source, p.flags), p.id).not.toThrow();
    }
  });

  test.each(set.patterns.map((p) => [p.id, p] as const))('every match of %s contains one of its literals', (_id, p) => {
    const re = new RegExp(p.source, `${p.flags}g`);
    const lits = p.literals.map((l) => l.toLowerCase());
    const gen = fc.stringMatching(new RegExp(relaxed(p.source)));
    let matched = 0;
    fc.assert(
      fc.property(gen, fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 1, maxLength: 7 }), fc.string({ maxLength: 6 }), (s, mask, noise) => {
        for (const text of [s, flipCase(s, mask), `${noise}${s}${noise}`]) {
          for (const m of text.matchAll(re)) {
            matched++;
            const lower = m[0].toLowerCase();
            if (!lits.some((l) => lower.includes(l))) return false;
          }
        }
        return true;
      }),
      { numRuns: 150, seed: 42 },
    );
    expect(matched).toBeGreaterThan(0);
  });

  test('the automaton finds exactly the literal occurrences a naive search finds', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'c', '-', '_'), minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'B', 'c', '-', '_', '\n'), maxLength: 60 }),
        (lits, text) => {
          const a = buildAutomaton(lits);
          const got = findLiterals(a, Buffer.from(text))
            .map(([id, end]) => `${id}@${end}`)
            .sort();
          const want: string[] = [];
          const lower = text.toLowerCase();
          lits.forEach((l, id) => {
            const ll = l.toLowerCase();
            for (let i = lower.indexOf(ll); i >= 0; i = lower.indexOf(ll, i + 1)) want.push(`${id}@${i + ll.length - 1}`);
          });
          // Literals equal after lower-casing share a trie node: compare by lower-cased literal.
          const norm = (xs: string[]) =>
            xs
              .map((x) => {
                const [id, end] = x.split('@');
                return `${lits[Number(id)]!.toLowerCase()}@${end}`;
              })
              .sort();
          expect(norm(got)).toEqual(norm(want));
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  test('the kernel reports exactly what running every regex on every line reports', () => {
    const scan = createKernel(set.kernel);
    const samples = set.patterns.map((p) => fc.stringMatching(new RegExp(relaxed(p.source))));
    const line = fc.oneof(fc.oneof(...samples), fc.string({ maxLength: 30 }), fc.constantFrom('import os', 'const x = 1;', ''));
    fc.assert(
      fc.property(
        fc.array(
          fc.array(line, { maxLength: 3 }).map((parts) => parts.join(' ')),
          { maxLength: 12 },
        ),
        (lines) => {
          const text = lines.map((l) => l.replace(/\n/g, ' ')).join('\n');
          const got = scan(Buffer.from(text))
            .map((h) => `${h.p}:${h.line}:${h.m[0]}`)
            .sort();
          const want: string[] = [];
          text.split('\n').forEach((l, i) => {
            if (Buffer.byteLength(l) > set.kernel.maxLine) return;
            set.patterns.forEach((p, pi) => {
              for (const m of l.matchAll(new RegExp(p.source, `${p.flags}g`))) want.push(`${pi}:${i + 1}:${m[0]}`);
            });
          });
          expect(got).toEqual(want.sort());
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });
});

describe('regex safety', () => {
  test('flags nested quantifiers', () => {
    expect(analyseRegex('(a+)+$')).toHaveLength(1);
    expect(analyseRegex('(\\w*)*')).toHaveLength(1);
    expect(analyseRegex('(?:x{1,9})+')).toHaveLength(1);
    expect(analyseRegex('((ab)+c)+')).toHaveLength(1);
  });

  test('accepts bounded and flat patterns', () => {
    expect(analyseRegex('sk-[A-Za-z0-9]{20,40}')).toEqual([]);
    expect(analyseRegex('(?:[a-z]{1,40}/){0,2}')).toEqual([]);
    expect(analyseRegex('[(+*]+')).toEqual([]);
  });

  test.each(set.patterns.map((p) => [p.id, p.source] as const))('%s has no catastrophic backtracking', (_id, source) => {
    expect(analyseRegex(source)).toEqual([]);
  });

  test('a cached automaton is the automaton built from scratch; a damaged cache file is rebuilt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-automaton-'));
    const lits = ['sk-ant-', 'AIza', 'from openai', 'Ünïcode'];
    const built = buildAutomaton(lits);
    const same = (a: ReturnType<typeof buildAutomaton>) => {
      expect(a.states).toBe(built.states);
      expect(a.shift).toBe(built.shift);
      expect([...a.classOf]).toEqual([...built.classOf]);
      expect([...a.rows]).toEqual([...built.rows]);
      expect([...a.outStart]).toEqual([...built.outStart]);
      expect([...a.outList]).toEqual([...built.outList]);
    };
    same(cachedAutomaton(lits, dir)); // built and saved
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    same(cachedAutomaton(lits, dir)); // read back
    writeFileSync(join(dir, files[0]!), 'not an automaton');
    same(cachedAutomaton(lits, dir)); // rebuilt
    const saved = readFileSync(join(dir, files[0]!));
    saved.writeUInt8(saved.readUInt8(saved.length - 3) ^ 0x5a, saved.length - 3); // damaged: same size, wrong checksum
    writeFileSync(join(dir, files[0]!), saved);
    same(cachedAutomaton(lits, dir)); // rebuilt again
    expect(findLiterals(cachedAutomaton(lits, dir), Buffer.from('x sk-ANT-1'))).toEqual([[0, 8]]);
  });
});

describe('scanFileWith skips binaries and bundles at the exact limits', () => {
  const noHits: KernelScan = () => [];
  const status = (bytes: Buffer, isScript: boolean) => scanFileWith(noHits, new Uint8Array(0), () => bytes, 'f', isScript).status;
  test('a NUL byte makes a file binary only within the first 8,000 bytes', () => {
    const at = (i: number) => {
      const b = Buffer.alloc(9000, 0x61);
      b[i] = 0;
      return b;
    };
    expect(status(at(0), false)).toBe('binary');
    expect(status(at(7999), false)).toBe('binary');
    expect(status(at(8000), false)).toBe('ok');
    expect(status(Buffer.from([0x61, 0]), false)).toBe('binary');
  });
  test('a script over 20,000 bytes with fewer than one line break per 1,000 bytes is a bundle', () => {
    const script = (breaks: number) => {
      const b = Buffer.alloc(30000, 0x61);
      for (let k = 0; k < breaks; k++) b[k * 1000 + 5] = 10;
      return b;
    };
    expect(status(script(29), true)).toBe('minified');
    expect(status(script(30), true)).toBe('ok');
    expect(status(script(0), false)).toBe('ok');
    expect(status(Buffer.alloc(20000, 0x61), true)).toBe('ok');
  });
});
