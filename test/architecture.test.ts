import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The dependency direction of DESIGN.md: core depends on no package of ours; connectors,
// frameworks and scoring on core only; cli on all. No deep imports across packages.
const ALLOWED: Record<string, string[]> = {
  core: [],
  connectors: ['core'],
  frameworks: ['core'],
  scoring: ['core'],
  cli: ['core', 'connectors', 'frameworks', 'scoring'],
};

const root = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|mts|cts)$/.test(name)) out.push(p);
  }
  return out;
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Finds violations: imports of packages not allowed, deep imports, relative paths leaving the package. */
function violations(pkg: string, files: string[], pkgRoot: string): string[] {
  const out: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? '';
      const where = relative(root, file);
      const ours = /^@aispm\/([a-z-]+)(\/.*)?$/.exec(spec);
      if (ours) {
        const [, target, sub] = ours;
        if (target !== pkg && !(ALLOWED[pkg] ?? []).includes(target as string)) out.push(`${where}: ${pkg} may not import @aispm/${target}`);
        if (sub && !(target === 'connectors' && sub === '/testing')) out.push(`${where}: deep import ${spec}`);
      } else if (spec.startsWith('.')) {
        const target = resolve(file, '..', spec);
        if (!target.startsWith(pkgRoot)) out.push(`${where}: relative import ${spec} leaves the package`);
      }
    }
  }
  return out;
}

describe('package boundaries', () => {
  for (const pkg of Object.keys(ALLOWED)) {
    it(`${pkg} imports only what DESIGN.md allows`, () => {
      const pkgRoot = join(root, 'packages', pkg);
      expect(violations(pkg, sourceFiles(join(pkgRoot, 'src')), pkgRoot)).toEqual([]);
    });

    it(`${pkg}'s package.json declares only allowed workspace dependencies`, () => {
      const manifest = JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      const ours = Object.keys(manifest.dependencies ?? {})
        .filter((d) => d.startsWith('@aispm/'))
        .map((d) => d.slice(7));
      expect(ours.filter((d) => !(ALLOWED[pkg] ?? []).includes(d))).toEqual([]);
    });
  }

  it('detects a forbidden import, a deep import and an escaping relative import', () => {
    const pkgRoot = mkdtempSync(join(tmpdir(), 'aispm-arch-'));
    const file = join(pkgRoot, 'src', 'bad.ts');
    mkdirSync(join(pkgRoot, 'src'));
    writeFileSync(
      file,
      [
        "import { x } from '@aispm/cli';",
        "import { y } from '@aispm/core/src/errors';",
        "export { z } from '../../scoring/src/index';",
        "import { ok } from './fine';",
      ].join('\n'),
    );
    const found = violations('core', [file], pkgRoot).map((v) => v.slice(v.indexOf(': ') + 2));
    expect(found).toEqual([
      'core may not import @aispm/cli',
      'deep import @aispm/core/src/errors',
      'relative import ../../scoring/src/index leaves the package',
    ]);
  });
});
