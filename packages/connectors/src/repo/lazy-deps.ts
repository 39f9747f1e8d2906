import { createRequire } from 'node:module';
import type { Ignore } from 'ignore';

// Parsers most scans never need (YAML for compose files and conda environments, TOML for
// pyproject and Cargo manifests, gitignore matching) are loaded on first use, synchronously, so
// that a scan of a tree without such files does not pay for loading them.
// `require` itself is not used: an ES module bundle would replace it with a stub that throws.
const load: NodeJS.Require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);

let yamlModule: typeof import('yaml') | undefined;
let tomlModule: typeof import('smol-toml') | undefined;
let ignoreFactory: (() => Ignore) | undefined;

/**
 * Parses YAML text (the `yaml` package, loaded on first use).
 *
 * @example
 * ```ts
 * parseYaml('services: {}'); // { services: {} }
 * ```
 */
export function parseYaml(text: string): unknown {
  yamlModule ??= load('yaml') as typeof import('yaml');
  return yamlModule.parse(text);
}

/**
 * Parses TOML text (the `smol-toml` package, loaded on first use).
 *
 * @example
 * ```ts
 * parseToml('[project]\nname = "x"'); // { project: { name: 'x' } }
 * ```
 */
export function parseToml(text: string): Record<string, unknown> {
  tomlModule ??= load('smol-toml') as typeof import('smol-toml');
  return tomlModule.parse(text) as Record<string, unknown>;
}

/**
 * A gitignore matcher (the `ignore` package, loaded on first use).
 *
 * @example
 * ```ts
 * createIgnore().add('*.log').ignores('a.log'); // true
 * ```
 */
export function createIgnore(): Ignore {
  if (!ignoreFactory) {
    const m = load('ignore') as (() => Ignore) | { default: () => Ignore };
    ignoreFactory = typeof m === 'function' ? m : m.default;
  }
  return ignoreFactory();
}

/**
 * The `Worker` class of `node:worker_threads`, loaded on first use (most scans of small trees
 * start no worker).
 *
 * @example
 * ```ts
 * const Worker = workerClass();
 * ```
 */
export function workerClass(): typeof import('node:worker_threads').Worker {
  return (load('node:worker_threads') as typeof import('node:worker_threads')).Worker;
}
