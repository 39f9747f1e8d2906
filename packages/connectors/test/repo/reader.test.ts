import * as fs from 'node:fs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createReader } from '../../src/repo/pool';

const dir = mkdtempSync(join(tmpdir(), 'aispm-reader-'));
const bytesOf = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) % 251);

describe('createReader (the scan loop reader that reuses one buffer)', () => {
  test('reads files around the initial buffer size exactly, whether the size is known, wrong or absent', () => {
    const reader = createReader(fs);
    const sizes = [0, 1, 65535, 65536, 65537, 131072, 300001, 5];
    sizes.forEach((n, i) => {
      const file = join(dir, `f${i}`);
      writeFileSync(file, bytesOf(n, i));
      for (const expected of [n, undefined, Math.max(0, n - 1), n + 1, 0]) {
        reader.expect(expected);
        const got = reader.read(file);
        expect(Buffer.compare(Buffer.from(got), readFileSync(file)), `size ${n}, expected ${expected}`).toBe(0);
      }
    });
  });

  test('gives a Buffer view that decodes like the file', () => {
    const file = join(dir, 'text.py');
    writeFileSync(file, 'import openai\nclient = openai.OpenAI()\n');
    const reader = createReader(fs);
    reader.expect(undefined);
    const got = reader.read(file) as Buffer;
    expect(Buffer.isBuffer(got)).toBe(true);
    expect(got.toString('utf8')).toBe('import openai\nclient = openai.OpenAI()\n');
  });

  test('a missing file throws the file system error and the reader stays usable', () => {
    const reader = createReader(fs);
    expect(() => reader.read(join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    const file = join(dir, 'after');
    writeFileSync(file, 'ok');
    reader.expect(2);
    expect(Buffer.from(reader.read(file)).toString()).toBe('ok');
  });

  test('property: any sequence of files and size hints reads every file exactly', () => {
    const reader = createReader(fs);
    fc.assert(
      fc.property(
        fc.array(fc.record({ size: fc.integer({ min: 0, max: 200_000 }), hint: fc.integer({ min: -2, max: 2 }), known: fc.boolean() }), {
          minLength: 1,
          maxLength: 8,
        }),
        (files) => {
          files.forEach((f, i) => {
            const file = join(dir, `p${i}`);
            const data = bytesOf(f.size, f.size + i);
            writeFileSync(file, data);
            reader.expect(f.known ? Math.max(0, f.size + f.hint) : undefined);
            expect(Buffer.compare(Buffer.from(reader.read(file)), Buffer.from(data))).toBe(0);
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
