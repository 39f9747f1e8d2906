import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdentityResolver } from '@aispm/core';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { DEFAULT_CATALOG, extendCatalog } from '../../src/catalogs/index';
import { type RepoScanOptions, type RepoScanResult, scanRepository } from '../../src/repo/index';
import { REPOS, TEST_OPTIONS } from './helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'aispm-rescan-'));
  dirs.push(d);
  return d;
};

/** A tree made of a few fixture repositories: a monorepo root with keys, agents and model files beside it. */
function corpusTree(): string {
  const root = join(tempDir(), 'tree');
  cpSync(join(REPOS, 'monorepo-ts'), root, { recursive: true });
  for (const name of ['keys-mixed', 'py-agent-tools', 'model-files', 'notebook-only'])
    cpSync(join(REPOS, name), join(root, 'extra', name), { recursive: true });
  return root;
}

let tick = Date.now() + 10_000;
/** Writes a file and gives it a new modification time (file systems may keep only whole seconds or milliseconds). */
function put(root: string, rel: string, content: string) {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), content);
  tick += 2000;
  utimesSync(join(root, rel), new Date(tick), new Date(tick));
}

/** Everything a scan returns that does not depend on time or on the cache: observations, diagnostics, file and skip counts. */
const comparable = (r: RepoScanResult) =>
  JSON.stringify({
    observations: r.observations,
    diagnostics: r.diagnostics,
    files: r.stats.files,
    bytes: r.stats.bytes,
    skipped: r.stats.skipped,
  });
const factsOf = (r: RepoScanResult) => JSON.stringify([...r.files].sort(([a], [b]) => (a < b ? -1 : 1)));

describe('re-scan from the cache', () => {
  test('an unchanged tree gives the fresh scan byte for byte, reads nothing, and stamps the new time', async () => {
    const root = corpusTree();
    const cache = join(tempDir(), 'cache');
    const opts: RepoScanOptions = { ...TEST_OPTIONS, cache };
    const fresh = await scanRepository(root, { ...TEST_OPTIONS });
    const first = await scanRepository(root, opts);
    expect(comparable(first)).toBe(comparable(fresh));
    expect(first.stats.scanned).toBeGreaterThan(10);

    const later = new Date('2026-02-03T04:05:06.000Z');
    const again = await scanRepository(root, { ...opts, now: later });
    const freshLater = await scanRepository(root, { ...TEST_OPTIONS, now: later });
    expect(again.stats.scanned).toBe(0);
    expect(again.stats.cached).toBe(fresh.stats.files);
    expect(comparable(again)).toBe(comparable(freshLater));
    expect(again.observations.every((o) => o.provenance.observedAt === later.toISOString())).toBe(true);
    // The facts per file are read back from the cache on demand.
    expect(factsOf(again)).toBe(factsOf(fresh));

    // The whole result is served without reading the facts per file at all.
    const factsFile = join(cache, 'repo-scan.json');
    const facts = readFileSync(factsFile, 'utf8');
    writeFileSync(factsFile, 'not json');
    const whole = await scanRepository(root, { ...opts, now: later });
    expect(whole.stats.scanned).toBe(0);
    expect(comparable(whole)).toBe(comparable(freshLater));
    writeFileSync(factsFile, facts);
  });

  test('a file edited, added and removed: only those are read, and the result is the fresh scan of the new tree', async () => {
    const root = corpusTree();
    const cache = join(tempDir(), 'cache');
    const opts: RepoScanOptions = { ...TEST_OPTIONS, cache };
    await scanRepository(root, opts);
    put(root, 'packages/api/src/llm.ts', "import OpenAI from 'openai';\nconst model = 'gpt-4o-mini';\n");
    put(root, 'extra/new/agent.py', 'import anthropic\nclient = anthropic.Anthropic()\n');
    unlinkSync(join(root, 'extra', 'keys-mixed', 'app', 'settings.py'));
    const partial = await scanRepository(root, opts);
    const fresh = await scanRepository(root, TEST_OPTIONS);
    expect(partial.stats.scanned).toBe(2);
    expect(comparable(partial)).toBe(comparable(fresh));
    expect(factsOf(partial)).toBe(factsOf(fresh));
    // And the next re-scan serves the new result whole.
    const again = await scanRepository(root, opts);
    expect(again.stats.scanned).toBe(0);
    expect(comparable(again)).toBe(comparable(fresh));
  });

  test('a new skipped file (oversized) changes the result even though no scanned file changed', async () => {
    const root = corpusTree();
    const cache = join(tempDir(), 'cache');
    const opts: RepoScanOptions = { ...TEST_OPTIONS, cache, maxFileBytes: 64 * 1024 };
    await scanRepository(root, opts);
    put(root, 'extra/big.py', `# ${'x'.repeat(70 * 1024)}\nimport cohere\n`);
    const again = await scanRepository(root, opts);
    const fresh = await scanRepository(root, { ...TEST_OPTIONS, maxFileBytes: 64 * 1024 });
    expect(again.stats.skipped.oversized).toBe(1);
    expect(comparable(again)).toBe(comparable(fresh));
  });

  test('a cache written under another fingerprint key, catalog, identity tables or application is not served', async () => {
    const root = corpusTree();
    put(root, 'extra/acme.ts', "import { Llm } from '@acme/llm';\n");
    const cache = join(tempDir(), 'cache');
    await scanRepository(root, { ...TEST_OPTIONS, cache });
    const renamed = await scanRepository(root, { ...TEST_OPTIONS, cache, application: 'acme-estate' });
    expect(renamed.stats.scanned).toBe(0); // the facts per file still apply, the observations are rebuilt
    expect(comparable(renamed)).toBe(comparable(await scanRepository(root, { ...TEST_OPTIONS, application: 'acme-estate' })));

    const otherKey = await scanRepository(root, { ...TEST_OPTIONS, cache, fingerprintKey: 'another-key' });
    expect(otherKey.stats.cached).toBe(0);
    expect(comparable(otherKey)).toBe(comparable(await scanRepository(root, { ...TEST_OPTIONS, fingerprintKey: 'another-key' })));

    const identity = createIdentityResolver({ caseInsensitiveGitHosts: ['git.acme.test'] });
    const otherTables = await scanRepository(root, { ...TEST_OPTIONS, cache, identity });
    expect(otherTables.stats.cached).toBe(0);
    expect(comparable(otherTables)).toBe(comparable(await scanRepository(root, { ...TEST_OPTIONS, identity })));

    const ext = extendCatalog(DEFAULT_CATALOG, {
      packages: [{ ecosystem: 'npm', name: '@acme/llm', imports: ['@acme/llm'], category: 'ai-sdk', provider: 'acme' }],
    });
    if (!ext.ok) throw new Error(JSON.stringify(ext.issues));
    const extended = await scanRepository(root, { ...TEST_OPTIONS, cache, catalog: ext.value });
    expect(extended.stats.cached).toBe(0);
    expect(comparable(extended)).toBe(comparable(await scanRepository(root, { ...TEST_OPTIONS, catalog: ext.value })));
    expect(extended.observations.some((o) => o.type === 'asset' && o.asset.key === 'npm/@acme/llm')).toBe(true);
  });

  test('a damaged result cache is ignored and rewritten', async () => {
    const root = corpusTree();
    const cache = join(tempDir(), 'cache');
    const opts: RepoScanOptions = { ...TEST_OPTIONS, cache };
    const first = await scanRepository(root, opts);
    const file = join(cache, 'repo-scan-result.json');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.length - 100));
    const again = await scanRepository(root, opts);
    expect(again.diagnostics.filter((d) => d.code === 'repo/cache-unwritable')).toEqual([]);
    expect(comparable(again)).toBe(comparable(first));
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  test('a damaged line of the facts cache costs a read of that file, nothing else', async () => {
    const root = corpusTree();
    const cache = join(tempDir(), 'cache');
    const opts: RepoScanOptions = { ...TEST_OPTIONS, cache };
    const first = await scanRepository(root, opts);
    rmSync(join(cache, 'repo-scan-result.json'));
    const file = join(cache, 'repo-scan.json');
    const lines = readFileSync(file, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('"extra/keys-mixed/app/config.py"'));
    lines[i] = lines[i]!.slice(0, lines[i]!.length - 20);
    writeFileSync(file, lines.join('\n'));
    const again = await scanRepository(root, opts);
    expect(again.stats.scanned).toBe(1);
    expect(comparable(again)).toBe(comparable(first));
  });

  test('a cache that cannot be written is a warning; the scan is whole and nothing is served from it', async () => {
    const root = corpusTree();
    const cache = join(tempDir(), 'not-a-folder');
    writeFileSync(cache, 'a file where the cache folder should be');
    const fresh = await scanRepository(root, TEST_OPTIONS);
    for (let i = 0; i < 2; i++) {
      const r = await scanRepository(root, { ...TEST_OPTIONS, cache });
      expect(r.stats.cached).toBe(0);
      expect(r.diagnostics.filter((d) => d.code === 'repo/cache-unwritable')).toHaveLength(1);
      expect(JSON.stringify(r.observations)).toBe(JSON.stringify(fresh.observations));
    }
  });

  test('facts per file of a served result that another scan has since replaced throw a typed error', async () => {
    const root = corpusTree();
    const cache = join(tempDir(), 'cache');
    const opts: RepoScanOptions = { ...TEST_OPTIONS, cache };
    await scanRepository(root, opts);
    const served = await scanRepository(root, opts);
    expect(served.stats.scanned).toBe(0);
    await scanRepository(root, { ...opts, fingerprintKey: 'another-key' });
    // The result itself is whole (its facts per file are read only when used).
    expect({ ...served }.observations).toBe(served.observations);
    expect(() => served.files.size).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => [...served.files.keys()]).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  test('folder listings are kept while a folder is unchanged, and never across a change', async () => {
    const root = corpusTree();
    const cache = join(tempDir(), 'cache');
    const opts: RepoScanOptions = { ...TEST_OPTIONS, cache };
    const dirsFile = join(cache, 'repo-scan-dirs.json');
    const listed = () => JSON.parse(readFileSync(dirsFile, 'utf8').split('\n')[1]!) as Record<string, [number, number, number, string, string]>;
    // Folders changed within two seconds of the walk are read every time.
    await scanRepository(root, opts);
    expect(listed()).toEqual({});
    const old = new Date(Date.now() - 3_600_000);
    const backdate = (rel: string) => {
      utimesSync(join(root, rel), old, old);
      for (const d of readdirSync(join(root, rel), { withFileTypes: true })) if (d.isDirectory()) backdate(join(rel, d.name));
    };
    backdate('.');
    const first = await scanRepository(root, opts);
    expect(Object.keys(listed())).toContain('extra/keys-mixed/app');

    // A kept listing is trusted: one made to leave a file out leaves it out.
    const doc = readFileSync(dirsFile, 'utf8').split('\n');
    const body = listed();
    const app = body['extra/keys-mixed/app']!;
    const names = app[3].split('/');
    const at = names.indexOf('settings.py');
    names.splice(at, 1);
    app[3] = names.join('/');
    app[4] = app[4].slice(0, at) + app[4].slice(at + 1);
    writeFileSync(dirsFile, `${doc[0]}\n${JSON.stringify(body)}`);
    const trusted = await scanRepository(root, opts);
    expect(trusted.observations.some((o) => o.provenance.locator?.file === 'extra/keys-mixed/app/settings.py')).toBe(false);
    rmSync(dirsFile);
    expect(comparable(await scanRepository(root, opts))).toBe(comparable(first));

    // A file added to a listed folder, even with the folder's modification time put back (as an
    // archive extraction does), is seen: the change time moved.
    backdate('.');
    await scanRepository(root, opts);
    put(root, 'extra/keys-mixed/app/more.py', 'import groq\n');
    utimesSync(join(root, 'extra/keys-mixed/app'), old, old);
    const added = await scanRepository(root, opts);
    expect(comparable(added)).toBe(comparable(await scanRepository(root, TEST_OPTIONS)));
    expect(added.observations.some((o) => o.provenance.locator?.file === 'extra/keys-mixed/app/more.py')).toBe(true);
  });

  test('with kept folder listings, .gitignore edits, links and skips behave as in a fresh walk', async () => {
    const root = join(tempDir(), 'gi');
    const files: Record<string, string> = {
      '.gitignore': 'ignored/\n',
      'app.py': 'import anthropic\n',
      'ignored/a.py': 'import openai\n',
      'lib/b.py': 'import groq\n',
      'node_modules/x/index.js': "require('openai')\n",
      'dist/bundle.min.js': "require('openai')\n",
    };
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), content);
    }
    symlinkSync(join(root, 'lib'), join(root, 'lib', 'loop'));
    symlinkSync(join(root, 'lib', 'b.py'), join(root, 'b-link.py'));
    symlinkSync('/etc', join(root, 'outside'));
    const old = new Date(Date.now() - 3_600_000);
    for (const d of ['.', 'ignored', 'lib', 'node_modules', 'node_modules/x', 'dist']) utimesSync(join(root, d), old, old);
    const opts: RepoScanOptions = { ...TEST_OPTIONS, cache: join(tempDir(), 'cache') };
    for (let i = 0; i < 3; i++) expect(comparable(await scanRepository(root, opts))).toBe(comparable(await scanRepository(root, TEST_OPTIONS)));
    // The rules change, the folder does not (the file is written in place).
    writeFileSync(join(root, '.gitignore'), 'lib/\n');
    utimesSync(join(root, '.gitignore'), new Date(tick + 5000), new Date(tick + 5000));
    const edited = await scanRepository(root, opts);
    expect(comparable(edited)).toBe(comparable(await scanRepository(root, TEST_OPTIONS)));
    expect(edited.stats.skipped.ignored).toBe(1);
    expect(edited.observations.some((o) => o.provenance.locator?.file === 'ignored/a.py')).toBe(true);
  });

  test('names with newlines cannot make two different walks look the same', async () => {
    const root = join(tempDir(), 'nl');
    mkdirSync(root);
    const t = new Date(Date.now() - 60_000);
    const make = (files: Array<[string, string]>) => {
      for (const f of readdirSync(root)) rmSync(join(root, f));
      for (const [name, content] of files) {
        writeFileSync(join(root, name), content);
        utimesSync(join(root, name), t, t);
      }
    };
    const opts: RepoScanOptions = { ...TEST_OPTIONS, cache: join(tempDir(), 'cache') };
    make([
      ['p\nq.py', 'import openai\n'],
      ['r.py', 'import groq\n\n\n'],
    ]);
    await scanRepository(root, opts);
    make([
      ['p', 'import openai\n'],
      ['q.py\nr.py', 'import groq\n\n\n'],
    ]);
    expect(comparable(await scanRepository(root, opts))).toBe(comparable(await scanRepository(root, TEST_OPTIONS)));
  });

  test('a large tree (its re-scan looks files up on a helper thread) gives the same walk, skips and result', async () => {
    const root = join(tempDir(), 'big');
    const libs = ['openai', 'anthropic', 'cohere', 'groq', 'mistralai'];
    for (let d = 0; d < 41; d++) {
      mkdirSync(join(root, `pkg${d}`, 'src'), { recursive: true });
      for (let f = 0; f < 100; f++) writeFileSync(join(root, `pkg${d}`, 'src', `m${f}.py`), f % 25 === 0 ? `import ${libs[d % 5]}\n` : `x = ${f}\n`);
    }
    writeFileSync(join(root, 'big.py'), `# ${'x'.repeat(3000)}\nimport cohere\n`);
    writeFileSync(join(root, 'logo.png'), 'not really');
    mkdirSync(join(root, 'node_modules', 'a'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'a', 'i.js'), "require('openai')\n");
    symlinkSync(join(root, 'pkg0', 'src', 'm0.py'), join(root, 'linked.py'));
    symlinkSync(join(root, 'missing.py'), join(root, 'dangling.py'));
    const opts: RepoScanOptions = { ...TEST_OPTIONS, workers: 2, statThread: true, maxFileBytes: 2048, cache: join(tempDir(), 'cache') };
    const base: RepoScanOptions = { ...TEST_OPTIONS, maxFileBytes: 2048 };
    const first = await scanRepository(root, opts);
    expect(first.stats.files).toBe(4101);
    expect(first.stats.skipped).toEqual({ binary: 1, oversized: 1, unreadable: 1, vendored: 1 });
    expect(comparable(first)).toBe(comparable(await scanRepository(root, base)));

    writeFileSync(join(opts.cache as string, 'repo-scan.json'), 'not json');
    const whole = await scanRepository(root, opts);
    expect(whole.stats.scanned).toBe(0); // served whole: the threaded walk has the live walk's digest
    expect(comparable(whole)).toBe(comparable(first));

    put(root, 'pkg7/src/m3.py', 'import anthropic\n');
    rmSync(join(root, 'pkg9', 'src', 'm0.py'));
    const partial = await scanRepository(root, opts);
    expect(comparable(partial)).toBe(comparable(await scanRepository(root, base)));
  });

  test('property: after any edits, additions, removals and touches, the cached scan is the fresh scan', async () => {
    const names = ['a.py', 'b.ts', 'src/c.py', 'src/d.go', 'package.json', 'e.md', 'odd\t"na\\me".py', 'src/line\nbreak.ts'];
    const contents = [
      'import openai\nM = "gpt-4o"\n',
      "import Anthropic from '@anthropic-ai/sdk';\n",
      'from langchain_openai import ChatOpenAI\n',
      'import "github.com/sashabaranov/go-openai"\n',
      '{ "dependencies": { "openai": "^4.0.0", "@pinecone-database/pinecone": "2" } }',
      '',
      'nothing to see\n',
    ];
    const op = fc.record({ kind: fc.constantFrom('write', 'remove', 'touch'), name: fc.constantFrom(...names), content: fc.constantFrom(...contents) });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), async (rounds) => {
        const root = join(tempDir(), 'tree');
        mkdirSync(root);
        put(root, 'a.py', contents[0]!);
        const cache = join(root, '..', 'cache');
        const opts: RepoScanOptions = { ...TEST_OPTIONS, cache };
        await scanRepository(root, opts);
        for (const ops of rounds) {
          for (const o of ops) {
            const abs = join(root, o.name);
            if (o.kind === 'write') put(root, o.name, o.content);
            else if (o.kind === 'remove') rmSync(abs, { force: true });
            else {
              tick += 2000;
              try {
                utimesSync(abs, new Date(tick), new Date(tick));
              } catch {
                // touching a missing file does nothing
              }
            }
          }
          const cached = await scanRepository(root, opts);
          const fresh = await scanRepository(root, TEST_OPTIONS);
          expect(comparable(cached)).toBe(comparable(fresh));
          expect(factsOf(cached)).toBe(factsOf(fresh));
        }
      }),
      { numRuns: 15 },
    );
  });
});
