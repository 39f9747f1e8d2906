import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { baselinePack } from '../../src/index';

// The JSON Schema that @aispm/core ships for rule files (editors, other tools), loaded the way a
// user loads it: through the package name.
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@aispm/core/schemas/rule-definition.schema.json'), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

describe('the shipped rule-definition JSON Schema', () => {
  it.each(baselinePack.rules.map((r) => [r.id, r] as const))('accepts baseline rule %s as written to a JSON file', (_id, rule) => {
    const asFile = JSON.parse(JSON.stringify(rule)) as unknown;
    expect(validate(asFile), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('rejects a rule with an id outside the namespaces, naming the field', () => {
    const rule = JSON.parse(JSON.stringify(baselinePack.rules[0])) as Record<string, unknown>;
    expect(validate({ ...rule, id: 'acme:no-namespace' })).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(['/id']);
  });

  it('rejects an unknown top-level field, as the zod schema does', () => {
    const rule = JSON.parse(JSON.stringify(baselinePack.rules[0])) as Record<string, unknown>;
    expect(validate({ ...rule, severty: 'high' })).toBe(false);
    expect(validate.errors?.map((e) => [e.keyword, e.params])).toEqual([['additionalProperties', { additionalProperty: 'severty' }]]);
  });
});
