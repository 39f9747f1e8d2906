import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { scanRepository } from '../../src/repo/index';
import { REPOS, scanFixture, TEST_OPTIONS } from './helpers';

const dirs: string[] = [];
const tree = (files: Record<string, string | Buffer>) => {
  const root = mkdtempSync(join(tmpdir(), 'aispm-repo-'));
  dirs.push(root);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const ids = (r: Awaited<ReturnType<typeof scanRepository>>) =>
  [...new Set(r.observations.flatMap((o) => (o.type === 'asset' ? [`${o.asset.kind}:${o.asset.key ?? o.asset.id}`] : [])))].sort();
const LIVE = `sk-ant-api03-${'Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz2Xc4Vb6Nm8Qa1Ws3Ed5Rf7Tg9Yh2Uj4Ik6Ol8Pz1Xs3Dc5Fv7Gb9Hn2Jm4K'}`;

describe('walker', () => {
  test('honours .gitignore, excludes and vendored folders, and says what it skipped', async () => {
    const root = tree({
      '.gitignore': 'ignored/\n*.secret.py\n',
      'app.py': 'import anthropic\n',
      'ignored/a.py': 'import openai\n',
      'b.secret.py': 'import groq\n',
      'node_modules/x/index.js': "require('openai')\n",
      'gen/skip.py': 'import cohere\n',
      'dist/bundle.min.js': "require('openai')\n",
    });
    const r = await scanRepository(root, { ...TEST_OPTIONS, exclude: ['gen/'] });
    expect(ids(r)).toEqual(['application:' + root.split('/').pop(), 'library:pypi/anthropic', 'provider:anthropic'].sort());
    const codes = r.diagnostics.map((d) => d.code).sort();
    expect(codes).toEqual(['repo/skipped-ignored', 'repo/skipped-vendored']);
    expect(r.stats.skipped).toEqual({ ignored: 3, vendored: 2 });
  });

  test('survives symlink loops, binaries, minified bundles, oversized files and UTF-16 text', async () => {
    const root = tree({
      'src/app.py': 'import openai\n',
      'blob.dat': Buffer.from([0, 1, 2, 3, 0x6f, 0x70, 0x65, 0x6e]),
      'big.js': `var a=${'1'.repeat(40000)};require('anthropic')`,
      'huge.py': `# ${'x'.repeat(3000)}\nimport cohere\n`,
      'utf16.py': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('import mistralai\n', 'utf16le')]),
    });
    symlinkSync(join(root, 'src'), join(root, 'src', 'loop'));
    symlinkSync('/etc', join(root, 'outside'));
    const r = await scanRepository(root, { ...TEST_OPTIONS, maxFileBytes: 2048 });
    expect(ids(r)).toEqual(
      ['application:' + root.split('/').pop(), 'library:pypi/mistralai', 'library:pypi/openai', 'provider:mistral', 'provider:openai'].sort(),
    );
    expect(r.stats.skipped).toMatchObject({ 'symlink-loop': 1, 'outside-root': 1, binary: 1, oversized: 2 });
    expect(r.diagnostics.find((d) => d.code === 'repo/symlink-loop')?.file).toBe('src/loop');
  });

  test('a missing root is a diagnostic, not an exception', async () => {
    const r = await scanRepository(join(tmpdir(), 'aispm-does-not-exist-xyz'), TEST_OPTIONS);
    expect(r.observations).toEqual([]);
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(['repo/skipped-unreadable', 'repo/unreadable']);
  });

  test('a bad manifest is reported with its file and the rest is still read', async () => {
    const root = tree({ 'package.json': '{ "dependencies": { "openai": ', 'pyproject.toml': '[project\nname=', 'main.py': 'import anthropic\n' });
    const r = await scanRepository(root, TEST_OPTIONS);
    expect(
      r.diagnostics
        .filter((d) => d.code === 'repo/manifest-unparseable')
        .map((d) => d.file)
        .sort(),
    ).toEqual(['package.json', 'pyproject.toml']);
    expect(ids(r)).toContain('library:pypi/anthropic');
  });
});

describe('endpoints', () => {
  test('a base URL is an AI endpoint only when its setting or its file says so', async () => {
    const root = tree({
      'web.ts': "const api = { baseURL: 'http://localhost:3000/v1' };\n",
      '.env': 'OPENAI_BASE_URL=http://gw.internal:8080/v1\nAPI_BASE=https://billing.acme.test/v1\n',
      'llm.py': 'from openai import OpenAI\nclient = OpenAI(base_url="http://10.0.0.5:8000/v1")\n',
    });
    const r = await scanRepository(root, TEST_OPTIONS);
    expect(ids(r).filter((i) => i.startsWith('model-endpoint:'))).toEqual(['model-endpoint:10.0.0.5:8000/v1', 'model-endpoint:gw.internal:8080/v1']);
  });
});

describe('secrets', () => {
  test('a key is kept only as a keyed fingerprint and four characters, never in full', async () => {
    const root = tree({ 'config.py': `ANTHROPIC_API_KEY = "${LIVE}"\n` });
    const cacheDir = join(root, '.aispm', 'cache');
    const r = await scanRepository(root, { ...TEST_OPTIONS, cache: cacheDir });
    const cred = r.observations.find((o) => o.type === 'asset' && o.asset.kind === 'credential');
    expect(cred?.type === 'asset' && cred.asset.attributes).toMatchObject({
      provider: 'anthropic',
      prefix: 'sk-a',
      placeholder: false,
      hardcoded: true,
      location: 'config.py:1',
    });
    const everything =
      JSON.stringify(r.observations) +
      JSON.stringify(r.diagnostics) +
      JSON.stringify([...r.files.values()]) +
      readFileSync(join(cacheDir, 'repo-scan.json'), 'utf8');
    expect(everything).not.toContain(LIVE.slice(0, 8));
    expect(everything).not.toContain(LIVE.slice(20, 40));
  });

  test('the fingerprint depends on the key: same secret, same key, same id; another key, another id', async () => {
    const root = tree({ 'a.py': `K = "${LIVE}"\n`, 'b.py': `K = "${LIVE}"\n` });
    const credIds = (r: Awaited<ReturnType<typeof scanRepository>>) => [
      ...new Set(r.observations.flatMap((o) => (o.type === 'asset' && o.asset.kind === 'credential' ? [o.asset.key] : []))),
    ];
    const one = credIds(await scanRepository(root, TEST_OPTIONS));
    const two = credIds(await scanRepository(root, { ...TEST_OPTIONS, fingerprintKey: 'another-key' }));
    expect(one).toHaveLength(1);
    expect(two).toHaveLength(1);
    expect(one[0]).not.toBe(two[0]);
  });

  test('a per-install key file is created once and reused', async () => {
    const root = tree({ 'a.py': `K = "${LIVE}"\n` });
    const keyFile = join(root, 'state', 'fp.key');
    const opts = { ...TEST_OPTIONS, fingerprintKey: undefined, fingerprintKeyFile: keyFile };
    const a = await scanRepository(root, opts);
    const b = await scanRepository(root, opts);
    expect(readFileSync(keyFile, 'utf8').trim()).toMatch(/^[a-f0-9]{64}$/);
    expect(JSON.stringify(a.observations)).toBe(JSON.stringify(b.observations));
  });
});

describe('cache and workers', () => {
  test('a re-scan of an unchanged tree reuses the cache and gives the same observations', async () => {
    const root = tree({ 'app.py': 'import openai\nM = "gpt-4o"\n', 'lib/x.ts': "import Anthropic from '@anthropic-ai/sdk';\n" });
    const opts = { ...TEST_OPTIONS, cache: join(root, '.aispm', 'cache') };
    const first = await scanRepository(root, opts);
    const second = await scanRepository(root, opts);
    expect(second.stats.cached).toBe(2);
    expect(second.stats.scanned).toBe(0);
    expect(second.observations).toEqual(first.observations);
    writeFileSync(join(root, 'app.py'), 'import cohere\n');
    utimesSync(join(root, 'app.py'), new Date(), new Date(Date.now() + 5000));
    const third = await scanRepository(root, opts);
    expect(third.stats.cached).toBe(1);
    expect(ids(third)).toContain('library:pypi/cohere');
    expect(ids(third)).not.toContain('library:pypi/openai');
  });

  test('worker threads give the same result as the calling thread', async () => {
    for (const name of ['py-agent-tools', 'keys-mixed', 'ts-mcp-server']) {
      const inline = await scanFixture(name);
      const pooled = await scanFixture(name, { workers: 2, inlineFiles: 0, inlineBytes: 0 });
      expect(pooled.inventory.snapshot()).toEqual(inline.inventory.snapshot());
    }
  });
});

describe('relationships and provenance', () => {
  test('edges carry file:line provenance', async () => {
    const { inventory } = await scanFixture('py-agent-tools');
    const dep = inventory.getRelationship('depends-on:application:py-agent-tools->library:pypi/crewai');
    expect(dep?.provenance.map((p) => p.locator)).toContainEqual({ file: 'pyproject.toml', line: 8 });
    const connects = inventory.relationships({ type: 'connects-to' }).map((r) => `${r.from}->${r.to}`);
    expect(connects).toEqual(
      expect.arrayContaining([
        'agent:py-agent-tools/claude-code->mcp-server:npm/@modelcontextprotocol/server-github',
        'agent:py-agent-tools/cursor->mcp-server:npm/@modelcontextprotocol/server-filesystem',
      ]),
    );
    const github = inventory.get('mcp-server:npm/@modelcontextprotocol/server-github');
    expect(github?.attributes).toMatchObject({ transport: 'stdio', registry: 'npm', pinned: false, envKeys: ['GITHUB_PERSONAL_ACCESS_TOKEN'] });
    expect(inventory.get('mcp-server:npm/@modelcontextprotocol/server-filesystem')?.attributes).toMatchObject({ pinned: true, version: '2025.8.21' });
    expect(JSON.stringify(inventory.snapshot())).not.toContain('postgres://ro@db/app');
  });

  test('MCP servers expose their tools; credentials authenticate to providers', async () => {
    const mcp = await scanFixture('ts-mcp-server');
    expect(
      mcp.inventory
        .relationships({ type: 'exposes-tool' })
        .map((r) => r.to)
        .sort(),
    ).toEqual(['tool:local/weather-server/get_alerts', 'tool:local/weather-server/get_forecast']);
    const keys = await scanFixture('keys-mixed');
    const auth = keys.inventory.relationships({ type: 'authenticates-to' });
    expect(auth.length).toBe(27);
    expect(auth.every((r) => r.provenance[0]?.locator.file && r.provenance[0]?.locator.line)).toBe(true);
  });

  test('Terraform carries exposure and authentication attributes', async () => {
    const { inventory } = await scanFixture('iac-terraform');
    expect(inventory.get('model-endpoint:azure-openai/acme-openai-prod')?.attributes).toMatchObject({ exposure: 'public', authentication: 'api-key' });
    expect(inventory.get('model-endpoint:aws-sagemaker/ds-lab')?.attributes).toMatchObject({ exposure: 'public' });
    expect(inventory.get('model-endpoint:azure-ml/acme-ml')?.attributes).toMatchObject({ exposure: 'private' });
    expect(inventory.getRelationship('served-by:model:openai/gpt-4o->model-endpoint:azure-openai/acme-openai-prod')).toBeDefined();
  });

  test('pickle-based model files are marked', async () => {
    const { inventory } = await scanFixture('model-files');
    expect(inventory.get('model:unknown/file:model-files:models:churn_classifier.pkl')?.attributes).toMatchObject({ pickle: true, format: 'pickle' });
    expect(inventory.get('model:unknown/file:model-files:weights:model.safetensors')?.attributes).toMatchObject({ pickle: false });
  });

  test('observations are deterministic', async () => {
    const a = await scanRepository(join(REPOS, 'containers-compose'), TEST_OPTIONS);
    const b = await scanRepository(join(REPOS, 'containers-compose'), TEST_OPTIONS);
    expect(JSON.stringify(a.observations)).toBe(JSON.stringify(b.observations));
  });
});

describe('MCP client configurations', () => {
  test('VS Code settings with an mcp section, remote servers with secrets in the URL redacted', async () => {
    const root = tree({
      '.vscode/settings.json':
        '{\n  // editor settings\n  "editor.tabSize": 2,\n  "mcp": { "servers": { "search": { "type": "sse", "url": "https://mcp.acme.test/sse?token=abc123secret" } } },\n}\n',
    });
    const r = await scanRepository(root, TEST_OPTIONS);
    const server = r.observations.find((o) => o.type === 'asset' && o.asset.kind === 'mcp-server');
    expect(server?.type === 'asset' && server.asset.attributes).toMatchObject({
      transport: 'sse',
      registry: 'url',
      url: 'https://mcp.acme.test/sse?token=[redacted]',
    });
    expect(JSON.stringify(r.observations)).not.toContain('abc123secret');
  });
});
