import { defaultIdentity, type IdentityResolver } from '@aispm/core';
import { DEFAULT_CATALOG } from '../catalogs/index';

const FILE_EXT = /\.(?:py|js|ts|json|md|txt|ya?ml|toml|png|jpe?g|svg|html|css|lock|sh|go|rs|java|cs|rb)$/i;
const DENY = new Set([
  'index',
  'cpp',
  'sdk',
  'client',
  'api',
  'js',
  'py',
  'core',
  'community',
  'server',
  'hub',
  'tokenizer',
  'tokenizers',
  'parse',
  'parser',
  'go',
  'rs',
  'node',
  'proxy',
  'types',
  'plugin',
  'extension',
  'langchain',
  'ts',
  'rb',
  'java',
  'rest',
  'python',
  'integration',
  'provider',
  'agent',
  'agents',
  'stack',
  'toolkit',
  'vscode',
  'cli',
  'web',
  'app',
  'ui',
  'docs',
  'test',
  'tests',
  'mock',
  'example',
  'examples',
  'cookbook',
  'dev',
  'utils',
  'wrapper',
  'bindings',
  'rag',
  'workflow',
  'template',
  'starter',
  'chatbot',
  'demo',
  'service',
  'worker',
  'config',
  'settings',
  'ops',
  'engine',
]);
const ALLOW_LAST = new Set([
  'latest',
  'large',
  'medium',
  'small',
  'tiny',
  'nemo',
  'plus',
  'mini',
  'nano',
  'pro',
  'flash',
  'opus',
  'sonnet',
  'haiku',
  'instruct',
  'chat',
  'turbo',
  'coder',
  'saba',
  'moderation',
  'embed',
  'vision',
  'lite',
  'ultra',
  'base',
  'preview',
  'exp',
  'thinking',
  'reasoner',
  'r',
  'a',
  'light',
  'codex',
  'search',
  'audio',
  'realtime',
  'hd',
  'high',
  'low',
]);
const NEXT_WORDS = new Set([
  ...ALLOW_LAST,
  'instant',
  'english',
  'multilingual',
  'oss',
  'image',
  'guard',
  'maverick',
  'scout',
  'it',
  'code',
  'nemotron',
  'omni',
  'math',
  'beta',
  'fast',
  'sonar',
]);
const DEFAULT_PREFIXES = DEFAULT_CATALOG.modelPrefixes.map((m) => m.prefix.toLowerCase()).sort((a, b) => b.length - a.length);

/** A model identifier accepted by {@link acceptModelId}, with its parts. */
export interface AcceptedModel {
  key: string;
  provider: string;
  family?: string;
  version?: string;
  via?: string;
  huggingfaceRepo?: string;
}

/**
 * Accepts a literal as a model identifier only when it parses to a known provider's family and
 * looks like a model (a digit or a known size/variant word), not a package or file name.
 *
 * @example
 * ```ts
 * acceptModelId('gpt-4o-2024-08-06')?.key; // 'openai/gpt-4o'
 * acceptModelId('llama-index'); // undefined
 * ```
 */
export function acceptModelId(
  raw: string,
  identity: IdentityResolver = defaultIdentity,
  prefixes: readonly string[] = DEFAULT_PREFIXES,
): AcceptedModel | undefined {
  // The same identifiers recur across a tree: with the default prefixes the verdict depends
  // only on the string and the (pure) resolver, so it is remembered per resolver.
  if (prefixes !== DEFAULT_PREFIXES) return acceptUncached(raw, identity, prefixes);
  let memo = MEMO.get(identity);
  if (!memo) MEMO.set(identity, (memo = new Map()));
  let hit = memo.get(raw);
  if (hit === undefined) {
    hit = acceptUncached(raw, identity, prefixes) ?? null;
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(raw, hit);
  }
  return hit === null ? undefined : { ...hit };
}

const MEMO = new WeakMap<IdentityResolver, Map<string, AcceptedModel | null>>();
const MEMO_MAX = 20000;

function acceptUncached(raw: string, identity: IdentityResolver, prefixes: readonly string[]): AcceptedModel | undefined {
  const s = raw.trim();
  if (s.length < 3 || s.length > 120 || /\s/.test(s) || FILE_EXT.test(s) || /[-_.:/]$/.test(s)) return undefined;
  const last = (s.split('/').pop() ?? s).toLowerCase().replace(/^(?:us|eu|apac|global|us-gov)\./, '');
  const tokens = last.split(/[-_.:@]+/).filter(Boolean);
  if (tokens.some((t) => DENY.has(t))) return undefined;
  if (!/\d/.test(last) && !ALLOW_LAST.has(tokens[tokens.length - 1] ?? '')) return undefined;
  // The part after the family prefix must start with a version, a size or a known variant word.
  const prefix = prefixes.find((p) => last.startsWith(p));
  if (prefix) {
    const stem = prefix.replace(/[-_.]+$/, '');
    const rest = last.slice(stem.length);
    if (rest === '') {
      if (!/\d/.test(stem) && !ALLOW_LAST.has(tokens[tokens.length - 1] ?? '')) return undefined;
    } else if (/^[a-z]/.test(rest)) {
      if (!/\d$/.test(stem)) return undefined;
    } else if (!/^\d/.test(rest)) {
      const next = rest.split(/[-_.:@/]+/).find(Boolean) ?? '';
      if (!/^\d/.test(next) && !NEXT_WORDS.has(next) && !/^v\d/.test(next)) return undefined;
    }
  }
  let parsed: ReturnType<IdentityResolver['parseModelId']>;
  try {
    parsed = identity.parseModelId(s);
  } catch {
    return undefined;
  }
  if (parsed.provider === 'unknown' || (!parsed.family && parsed.provider !== 'huggingface' && !parsed.huggingfaceRepo)) return undefined;
  const out: AcceptedModel = { key: parsed.key, provider: parsed.provider };
  if (parsed.family) out.family = parsed.family;
  if (parsed.version) out.version = parsed.version;
  if (parsed.via) out.via = parsed.via;
  if (parsed.huggingfaceRepo) out.huggingfaceRepo = parsed.huggingfaceRepo;
  return out;
}

/**
 * Accepts an `org/name` Hugging Face repository id as a model.
 *
 * @example
 * ```ts
 * acceptHfRepo('meta-llama/Llama-3.1-8B-Instruct')?.key; // 'meta/llama-3.1-8b-instruct'
 * ```
 */
export function acceptHfRepo(raw: string, identity: IdentityResolver = defaultIdentity): AcceptedModel | undefined {
  if (!/^[A-Za-z0-9_.-]{1,60}\/[A-Za-z0-9_.-]{1,100}$/.test(raw) || FILE_EXT.test(raw)) return undefined;
  const parsed = identity.parseModelId(raw);
  const out: AcceptedModel = { key: parsed.key, provider: parsed.provider, huggingfaceRepo: parsed.huggingfaceRepo ?? raw };
  if (parsed.family) out.family = parsed.family;
  if (parsed.version) out.version = parsed.version;
  return out;
}

/** Model attributes for a fact. */
export function modelAttributes(m: AcceptedModel, surface?: string): Record<string, unknown> {
  const a: Record<string, unknown> = { provider: m.provider };
  if (m.family) a.family = m.family;
  if (m.version) a.version = m.version;
  if (m.huggingfaceRepo) a.huggingfaceRepo = m.huggingfaceRepo;
  const local = m.via === 'ollama' || m.via === 'huggingface' || Boolean(m.huggingfaceRepo);
  a.surface = surface ?? (local ? 'open-weight-self-hosted' : 'third-party-api');
  return a;
}
