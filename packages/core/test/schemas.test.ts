import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { expectedSchemaFiles } from '../../../scripts/schema-files';

describe('shipped JSON Schema files', () => {
  const files = expectedSchemaFiles();
  it.each(Object.keys(files).map((p) => [p.slice(p.indexOf('packages/')), p]))('%s matches its zod schema (run `npm run gen:schemas`)', (_, path) => {
    let shipped = '';
    try {
      shipped = readFileSync(path, 'utf8');
    } catch {
      // A missing file fails below.
    }
    expect(shipped).toBe(files[path]);
  });

  // The guides tell users to load them as `@aispm/core/schemas/<name>.schema.json`: the packages'
  // export maps must let that resolve.
  const require = createRequire(import.meta.url);
  it.each(Object.keys(files).map((p) => [p.slice(p.indexOf('packages/')), p]))('%s resolves through its package name', (_, path) => {
    const m = /packages\/([a-z]+)\/schemas\/(.+)$/.exec(path) as RegExpExecArray;
    expect(realpathSync(require.resolve(`@aispm/${m[1]}/schemas/${m[2]}`))).toBe(realpathSync(path));
  });
});
