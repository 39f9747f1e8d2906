import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createConnectorScaffold } from '../../../../scripts/create-connector';
import { type Connector, isConnector } from '../../src/index';
import { checkConformance, createReplayServer, createVirtualClock } from '../../src/testing/index';

// Scaffolds into a scratch folder under this test folder, so bare imports still resolve.
const root = fileURLToPath(new URL('./.scaffold-scratch/', import.meta.url));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('create-connector', () => {
  it('scaffolds a connector whose generated test fixtures pass the conformance suite', async () => {
    const files = await createConnectorScaffold({ name: 'acme-models', root, packageImports: true });
    expect(files).toEqual([
      'packages/connectors/src/acme-models/index.ts',
      'packages/connectors/test/acme-models/acme-models.test.ts',
      'packages/connectors/test/acme-models/fixtures/conformance/001-get-v1-models.json',
      'packages/connectors/test/acme-models/fixtures/conformance/002-get-v1-models.json',
      'packages/connectors/test/acme-models/fixtures/conformance/003-get-v1-models.json',
    ]);
    const mod = (await import(join(root, files[0] as string))) as Record<string, unknown>;
    const connector = mod.acmeModelsConnector as Connector;
    expect(isConnector(connector)).toBe(true);
    expect(connector.manifest).toMatchObject({ id: 'acme-models', secrets: ['/apiKey'], emits: { kinds: ['model'] } });
    const server = await createReplayServer({ dir: join(root, 'packages/connectors/test/acme-models/fixtures/conformance') });
    try {
      const report = await checkConformance({
        connector,
        config: () => ({ baseUrl: server.url, apiKey: 'test-key-0000', pageSize: 2 }),
        badConfigs: [{}, { baseUrl: 'not a url' }],
        runtime: () => ({ clock: createVirtualClock() }),
        beforeRun: () => server.rewind(),
      });
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
      expect(report.observations.map((o) => (o.type === 'asset' ? o.asset.key : '')).sort()).toEqual([
        'claude-3-5-sonnet-20241022',
        'gpt-4o',
        'text-embedding-3-small',
      ]);
    } finally {
      await server.close();
    }
    const test = await readFile(join(root, files[1] as string), 'utf8');
    expect(test).toContain("from '@aispm/connectors/testing'");
    expect(test).toContain('describeConformance({');
  });

  it('refuses bad names and existing connectors', async () => {
    await expect(createConnectorScaffold({ name: 'Bad_Name', root })).rejects.toThrow(/kebab-case/);
    await expect(createConnectorScaffold({ name: 'acme-models', root, packageImports: true })).rejects.toThrow(/already exists/);
  });
});
