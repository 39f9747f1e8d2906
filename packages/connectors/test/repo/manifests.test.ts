import { defaultIdentity } from '@aispm/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_CATALOG } from '../../src/catalogs/index';
import { readManifest } from '../../src/repo/manifests';

const libs = (rel: string, text: string) =>
  readManifest(rel, text, DEFAULT_CATALOG, defaultIdentity)
    .facts.filter((f) => f.kind === 'library')
    .map((f) => `${f.key}@${(f.attributes?.version as string | undefined) ?? ''}:${f.line}`);

describe('manifests', () => {
  test('npm package.json and package-lock.json', () => {
    expect(libs('package.json', '{\n  "dependencies": {\n    "openai": "^4.0.0",\n    "left-pad": "1.0.0"\n  }\n}')).toEqual(['npm/openai@^4.0.0:3']);
    const lock = JSON.stringify(
      { lockfileVersion: 3, packages: { '': {}, 'node_modules/@anthropic-ai/sdk': { version: '0.30.1' }, 'node_modules/chalk': { version: '5.0.0' } } },
      null,
      1,
    );
    expect(libs('package-lock.json', lock)).toEqual(['npm/@anthropic-ai/sdk@0.30.1:5']);
  });

  test('yarn.lock and pnpm-lock.yaml', () => {
    expect(libs('yarn.lock', '"openai@^4.0.0":\n  version "4.67.1"\n')).toEqual(['npm/openai@4.67.1:1']);
    expect(libs('pnpm-lock.yaml', 'packages:\n  /openai@4.67.1:\n    resolution: {}\n')).toEqual(['npm/openai@4.67.1:2']);
  });

  test('PyPI: requirements, PEP 621, Poetry, Pipfile, setup.cfg, setup.py, environment.yml', () => {
    expect(libs('requirements-dev.txt', '-r base.txt\n# c\nOpenAI[datalib]==1.2.3 ; python_version>"3.8"\nnumpy\n')).toEqual(['pypi/openai@1.2.3:3']);
    expect(libs('pyproject.toml', '[project]\nname="x"\ndependencies=["anthropic>=0.30"]\n[project.optional-dependencies]\nrag=["qdrant-client"]\n')).toEqual([
      'pypi/anthropic@>=0.30:3',
      'pypi/qdrant-client@:5',
    ]);
    expect(libs('pyproject.toml', '[tool.poetry.dependencies]\npython="^3.11"\nlangchain = { version = "^0.3" }\n')).toEqual(['pypi/langchain@^0.3:3']);
    expect(libs('Pipfile', '[packages]\ncohere = "*"\n[dev-packages]\npytest = "*"\n')).toEqual(['pypi/cohere@:2']);
    expect(libs('setup.cfg', '[options]\ninstall_requires =\n    mistralai==1.0.0\n    click\n[other]\n')).toEqual(['pypi/mistralai@1.0.0:3']);
    expect(libs('setup.py', 'setup(name="x", install_requires=[\n  "groq>=0.9",\n  "rich",\n])')).toEqual(['pypi/groq@>=0.9:2']);
    expect(libs('environment.yml', 'dependencies:\n  - python=3.11\n  - pytorch=2.3\n  - pip:\n    - transformers==4.44.0\n')).toEqual([
      'pypi/transformers@4.44.0:5',
    ]);
  });

  test('Go, Maven, Gradle, NuGet, Cargo, RubyGems', () => {
    expect(libs('go.mod', 'module x\n\nrequire github.com/openai/openai-go v0.1.0\n')).toEqual(['golang/github.com/openai/openai-go@v0.1.0:3']);
    expect(libs('build.gradle.kts', 'dependencies {\n  implementation("dev.langchain4j:langchain4j:0.34.0")\n}\n')).toEqual([
      'maven/dev.langchain4j/langchain4j@0.34.0:2',
    ]);
    expect(libs('packages.config', '<packages>\n  <package id="OpenAI" version="2.0.0" />\n</packages>')).toEqual(['nuget/openai@2.0.0:2']);
    expect(libs('Cargo.lock', '[[package]]\nname = "async-openai"\nversion = "0.25.0"\n')).toEqual(['cargo/async-openai@0.25.0:1']);
    expect(libs('Gemfile.lock', 'GEM\n  specs:\n    ruby-openai (7.1.0)\n')).toEqual(['gem/ruby-openai@7.1.0:3']);
    expect(libs('x.gemspec', 'Gem::Specification.new do |s|\n  s.add_dependency "anthropic", "~> 0.3"\nend\n')).toEqual(['gem/anthropic@~> 0.3:2']);
  });

  test('workspaces make a monorepo root', () => {
    expect(readManifest('package.json', '{"workspaces":["packages/*"]}', DEFAULT_CATALOG, defaultIdentity).workspace).toBe(true);
    expect(readManifest('Cargo.toml', '[workspace]\nmembers=["a"]\n', DEFAULT_CATALOG, defaultIdentity).workspace).toBe(true);
  });

  test('property: any requirement line of a catalog package parses to that package and version', () => {
    const pypi = DEFAULT_CATALOG.packages.filter((p) => p.ecosystem === 'pypi').map((p) => p.name);
    fc.assert(
      fc.property(
        fc.constantFrom(...pypi),
        fc.constantFrom('==', '>=', '~=', '<='),
        fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30)),
        fc.constantFrom('', '  # pinned', ' ; python_version >= "3.9"'),
        fc.boolean(),
        (name, op, [a, b, c], tail, upper) => {
          const spelled = upper ? name.toUpperCase().replace(/-/g, '_') : name;
          const got = libs('requirements.txt', `\n${spelled}${op}${a}.${b}.${c}${tail}\n`);
          expect(got).toEqual([`${defaultIdentity.packageIdentity('pypi', name).key}@${op === '==' ? '' : op}${a}.${b}.${c}:2`]);
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });
});
