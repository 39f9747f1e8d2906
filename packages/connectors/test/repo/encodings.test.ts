import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scanRepository } from '../../src/repo/index';
import { TEST_OPTIONS } from './helpers';

const keysOf = (obs: Awaited<ReturnType<typeof scanRepository>>['observations'], kind: string) =>
  obs
    .filter((o) => o.type === 'asset' && o.asset.kind === kind)
    .map((o) => (o.type === 'asset' ? (o.asset.key ?? o.asset.id) : ''))
    .sort();

describe('structured files in other encodings', () => {
  test.each([
    ['UTF-16LE with a byte order mark', (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
    [
      'UTF-16BE with a byte order mark',
      (t: string) => {
        const le = Buffer.from(t, 'utf16le');
        for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
        return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
      },
    ],
    ['UTF-8', (t: string) => Buffer.from(t, 'utf8')],
  ])('a requirements file in %s gives its packages', async (_name, encode) => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-enc-'));
    writeFileSync(join(dir, 'requirements.txt'), encode('openai==1.30.0\nlangchain==0.2.0\n'));
    const { observations } = await scanRepository(dir, TEST_OPTIONS);
    expect(keysOf(observations, 'library')).toEqual(['pypi/langchain', 'pypi/openai']);
  });
});
