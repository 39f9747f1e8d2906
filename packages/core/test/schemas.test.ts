import { readFileSync } from 'node:fs';
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
});
