import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configFields, defineConnector, mlflowConnector, renderConnectorReference } from '../../src/index';

describe('connector reference pages', () => {
  it('the committed mlflow page matches its manifest (regenerate with npm run gen:connector-docs)', async () => {
    const page = await readFile(fileURLToPath(new URL('../../../../docs/reference/connectors/mlflow.md', import.meta.url)), 'utf8');
    expect(page).toBe(renderConnectorReference(mlflowConnector.manifest));
  });

  it('documents config fields from a zod schema, with secrets and defaults', () => {
    expect(configFields(mlflowConnector.manifest)).toEqual([
      { name: 'trackingUri', type: 'string (uri)', required: true, secret: false, description: 'Base URL of the MLflow tracking server.' },
      { name: 'token', type: 'string', required: false, secret: true, description: 'Bearer token (Databricks personal access token or an MLflow auth token).' },
      {
        name: 'registry',
        type: 'string',
        required: false,
        secret: false,
        description: 'Name of the registry in asset ids; defaults to the host name of trackingUri.',
      },
      { name: 'pageSize', type: 'integer', required: false, default: 100, secret: false, description: 'max_results of each search call.' },
      { name: 'filter', type: 'string', required: false, secret: false, description: 'MLflow search filter, e.g. "name LIKE \'fraud%\'".' },
    ]);
  });

  it('falls back to a sentence for validators that cannot produce JSON Schema', () => {
    const other = defineConnector({
      manifest: {
        id: 'other',
        version: '1.0.0',
        title: 'Other',
        description: 'Other validator.',
        stability: 'beta',
        owners: ['t'],
        emits: { kinds: ['model'] },
        config: { '~standard': { version: 1, vendor: 'valibot', validate: (value: unknown) => ({ value }) } },
      },
      check: async () => ({ ok: true }),
      sync: async function* () {},
    });
    expect(configFields(other.manifest)).toBeUndefined();
    const page = renderConnectorReference(other.manifest);
    expect(page).toContain('The configuration schema (valibot) cannot be rendered as a table');
    expect(page).toContain('| incremental | no: every run reads everything |');
    expect(page).toContain('None beyond read access to the source.');
  });
});
