import { AispmError } from '../errors';
import type { AssetKind } from '../model/vocab';
import { DEFAULT_IDENTITY_TABLES, type IdentityTables, type ModelFamily, type ProviderAlias } from './tables';

/** Package ecosystems with a purl type. */
export type Ecosystem = 'npm' | 'pypi' | 'maven' | 'golang' | 'nuget' | 'cargo' | 'gem';

/** A model identifier broken into its parts. */
export interface ParsedModelId {
  /** Natural key: `<provider>/<name>`, the part after `model:` in the asset id. */
  key: string;
  /** Provider key of the model's maker (or `unknown`). */
  provider: string;
  /** Canonical model name without the snapshot/version suffix. */
  name: string;
  /** Family from the model family table, when one matched. */
  family?: string;
  /** The snapshot or version that was stripped (`2024-08-06`, `20241022`, `002`, `latest`). */
  version?: string;
  /** Provider the id was routed through (e.g. `aws-bedrock` for a Bedrock id, `groq` for `groq/...`). */
  via?: string;
  /** The Hugging Face repository, for `org/name` ids. */
  huggingfaceRepo?: string;
}

/** A package name normalised for its ecosystem. */
export interface PackageIdentity {
  /** Natural key `<ecosystem>/<normalised name>`. */
  key: string;
  /** Package URL (purl), with the version when one was given. */
  purl: string;
  /** Normalised package name. */
  name: string;
  ecosystem: Ecosystem;
  version?: string;
}

/** How an MCP server was described. */
export type McpServerSpec = { package: string; registry: 'npm' | 'pypi' | 'oci' } | { url: string } | { command: string; args?: readonly string[] };

/** The parts of an MCP server's identity. */
export interface McpServerIdentity {
  key: string;
  registry: 'npm' | 'pypi' | 'oci' | 'url' | 'cmd';
  package?: string;
  version?: string;
  url?: string;
}

/**
 * Turns natural keys into readable, deterministic asset ids, driven by {@link IdentityTables}.
 * Every method is idempotent: normalising a normalised key returns it unchanged.
 */
export interface IdentityResolver {
  /** The tables in use. */
  readonly tables: IdentityTables;
  /** Canonical provider key for any spelling (`Azure OpenAI`, `azure_openai` → `azure-openai`). */
  normalizeProvider(raw: string): string;
  /** Display name of a provider key, when known. */
  providerName(key: string): string | undefined;
  /** Breaks a model identifier into provider, canonical name and version. */
  parseModelId(raw: string, hint?: { provider?: string }): ParsedModelId;
  /** Normalises a package name for its ecosystem and builds its purl. */
  packageIdentity(ecosystem: Ecosystem, name: string, version?: string): PackageIdentity;
  /** Identity of an MCP server from a package, a URL or a command line. */
  mcpServerIdentity(spec: McpServerSpec): McpServerIdentity;
  /** Normalised repository key (`github.com/acme/bot`) for any spelling of a git remote. */
  normalizeRepository(url: string): string;
  /** Normalises the natural key of an asset of `kind` (without the `kind:` prefix). */
  normalizeKey(kind: AssetKind, key: string): string;
  /** The asset id `<kind>:<normalised key>`. */
  assetId(kind: AssetKind, key: string): string;
}

const compact = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '');
const collapse = (s: string) => s.trim().replace(/\s+/g, ' ');

/** Bedrock vendor prefixes mapped to provider keys. */
const BEDROCK_VENDORS: Record<string, string> = {
  anthropic: 'anthropic',
  meta: 'meta',
  amazon: 'amazon',
  mistral: 'mistral',
  cohere: 'cohere',
  ai21: 'ai21',
  deepseek: 'deepseek',
  openai: 'openai',
  qwen: 'alibaba',
  writer: 'writer',
  stability: 'stability',
};

/** Route prefixes used by gateways such as LiteLLM (`vertex_ai/gemini-pro`). */
const ROUTE_PREFIXES: Record<string, string> = {
  vertexai: 'google-vertex-ai',
  vertexaibeta: 'google-vertex-ai',
  gemini: 'google',
  bedrock: 'aws-bedrock',
  bedrockconverse: 'aws-bedrock',
  sagemaker: 'aws-sagemaker',
  azure: 'azure-openai',
  azureai: 'azure-ai-foundry',
  togetherai: 'together',
  fireworksai: 'fireworks',
  openrouter: 'openrouter',
  groq: 'groq',
  ollama: 'ollama',
  ollamachat: 'ollama',
  huggingface: 'huggingface',
  deepinfra: 'deepinfra',
  perplexity: 'perplexity',
  replicate: 'replicate',
  xai: 'xai',
  watsonx: 'ibm-watsonx',
  databricks: 'databricks',
};

const DATE_DASHED = /^(.*?)-(\d{4}-\d{2}-\d{2})$/;
const DATE_COMPACT = /^(.*?)-(20\d{6})$/;
const OPENAI_MMDD = /^(.*?)-((?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))$/;
const GOOGLE_NNN = /^(.*?)-(\d{3})$/;
const LATEST = /^(.*?)[-:@]latest$/;

/**
 * Creates an identity resolver. Extra tables are merged with the built-in ones; user entries
 * take precedence (a user provider alias wins over a built-in one with the same spelling).
 *
 * @example
 * ```ts
 * const ids = createIdentityResolver({ providers: [{ key: 'acme-llm', name: 'Acme LLM', aliases: ['acme ai'] }] });
 * ids.assetId('provider', 'Acme AI'); // 'provider:acme-llm'
 * ids.assetId('model', 'gpt-4o-2024-08-06'); // 'model:openai/gpt-4o'
 * ```
 */
export function createIdentityResolver(extra: Partial<IdentityTables> = {}): IdentityResolver {
  const tables: IdentityTables = {
    providers: [...(extra.providers ?? []), ...DEFAULT_IDENTITY_TABLES.providers],
    modelFamilies: [...(extra.modelFamilies ?? []), ...DEFAULT_IDENTITY_TABLES.modelFamilies],
    huggingFaceOrgs: { ...DEFAULT_IDENTITY_TABLES.huggingFaceOrgs, ...(extra.huggingFaceOrgs ?? {}) },
    caseInsensitiveGitHosts: [...DEFAULT_IDENTITY_TABLES.caseInsensitiveGitHosts, ...(extra.caseInsensitiveGitHosts ?? [])],
  };
  const aliasIndex = new Map<string, ProviderAlias>();
  // Later entries do not overwrite earlier ones: user tables come first and win.
  for (const p of tables.providers) {
    for (const spelling of [p.key, p.name, ...p.aliases]) {
      const c = compact(spelling);
      if (c && !aliasIndex.has(c)) aliasIndex.set(c, p);
    }
  }
  const providerKeys = new Map<string, ProviderAlias>();
  for (const p of tables.providers) if (!providerKeys.has(p.key)) providerKeys.set(p.key, p);
  const families: Array<ModelFamily & { re: RegExp }> = tables.modelFamilies.map((f) => ({ ...f, re: new RegExp(`^(?:${f.pattern})`) }));
  const hfOrgs = new Map(Object.entries(tables.huggingFaceOrgs).map(([k, v]) => [k.toLowerCase(), v]));
  const gitHosts = new Set(tables.caseInsensitiveGitHosts.map((h) => h.toLowerCase()));

  function normalizeProvider(raw: string): string {
    const hit = aliasIndex.get(compact(raw));
    if (hit) return hit.key;
    const s = slug(raw);
    if (!s) throw new AispmError('validation', `empty provider name: ${JSON.stringify(raw)}`);
    return s;
  }

  function matchFamily(name: string): ModelFamily | undefined {
    return families.find((f) => f.re.test(name));
  }

  function stripVersion(name: string, provider: string | undefined): { name: string; version?: string } {
    let m = LATEST.exec(name);
    if (m?.[1]) return { name: m[1], version: 'latest' };
    m = DATE_DASHED.exec(name);
    if (m?.[1] && m[2]) return { name: m[1], version: m[2] };
    m = DATE_COMPACT.exec(name);
    if (m?.[1] && m[2]) return { name: m[1], version: m[2] };
    if (provider === 'openai') {
      m = OPENAI_MMDD.exec(name);
      if (m?.[1] && m[2]) return { name: m[1], version: m[2] };
    }
    if (provider === 'google') {
      m = GOOGLE_NNN.exec(name);
      if (m?.[1] && m[2]) return { name: m[1], version: m[2] };
    }
    return { name };
  }

  function parseModelId(raw: string, hint: { provider?: string } = {}): ParsedModelId {
    let s = raw.trim();
    if (!s) throw new AispmError('validation', 'empty model identifier');
    let via: string | undefined;
    // Gateway route prefixes: `vertex_ai/gemini-1.5-pro`, `bedrock/anthropic.claude...`.
    for (;;) {
      const slash = s.indexOf('/');
      if (slash <= 0) break;
      const head = compact(s.slice(0, slash));
      const rest = s.slice(slash + 1).trim();
      if (head === 'models' || head === 'publishers' || head === 'unknown') {
        s = rest;
        continue;
      }
      const route = ROUTE_PREFIXES[head];
      if (route && rest) {
        via = via ?? route;
        s = rest;
        continue;
      }
      break;
    }
    // Vertex publisher paths: `anthropic/models/claude-3-5-sonnet@20240620`.
    s = s.replace(/^([^/]+)\/models\//, '$1/');
    let version: string | undefined;
    const at = s.indexOf('@');
    if (at > 0) {
      version = s.slice(at + 1).trim() || undefined;
      s = s.slice(0, at).trim();
    }
    s = s.replace(/\s+/g, ' ');
    // Bedrock model ids and inference profiles: `us.anthropic.claude-3-5-sonnet-20241022-v2:0`.
    const bedrock = /^(?:(?:us|eu|apac|global|us-gov)\.)?([a-z0-9]+)\.([a-z0-9][a-z0-9.-]*?)(-v\d+(?::\d+)?)?(?::\d+)?$/i.exec(s);
    if (bedrock?.[1] && bedrock[2] && BEDROCK_VENDORS[bedrock[1].toLowerCase()]) {
      const provider = BEDROCK_VENDORS[bedrock[1].toLowerCase()] as string;
      const stripped = stripVersion(bedrock[2].toLowerCase(), provider);
      const suffix = bedrock[3] ? bedrock[3].slice(1) : undefined;
      const v = [stripped.version, suffix].filter(Boolean).join('-') || version;
      const fam = matchFamily(stripped.name);
      return withOptional(
        { key: `${provider}/${stripped.name}`, provider, name: stripped.name },
        { family: fam?.family, version: v, via: via ?? 'aws-bedrock' },
      );
    }
    // Hugging Face style `org/name`.
    const slash = s.indexOf('/');
    if (slash > 0) {
      const org = s.slice(0, slash);
      const rest = s.slice(slash + 1).toLowerCase();
      const orgKey = org.toLowerCase();
      const known = hfOrgs.get(orgKey) ?? (aliasIndex.get(compact(org))?.key as string | undefined);
      if (!known && rest.includes('/')) {
        // `registry/namespace/name` (an MLflow or private registry path) is not a Hugging Face
        // repository (those are exactly `org/name`): the first segment is the provider.
        const p = slug(org);
        return withOptional({ key: `${p}/${rest}`, provider: p, name: rest }, { version, via });
      }
      const provider = known ?? slug(org);
      const fam = matchFamily(rest);
      const stripped = known && fam ? stripVersion(rest, provider) : { name: rest };
      const name = known ? stripped.name : `${orgKey}/${rest}`;
      return withOptional(
        { key: known ? `${provider}/${name}` : `huggingface/${name}`, provider: known ? provider : 'huggingface', name },
        {
          family: fam?.family,
          version: stripped.version ?? version,
          via,
          // `openai/gpt-4o` is a provider-qualified name; `meta-llama/Llama-3.1-8B` is a Hugging Face repository.
          huggingfaceRepo: known === orgKey ? undefined : `${org}/${s.slice(slash + 1)}`,
        },
      );
    }
    let name = s.toLowerCase();
    // Ollama-style tags: `llama3.1:8b` keeps the tag (a different model size), `:latest` is a version.
    const fam0 = matchFamily(name);
    const provider0 = fam0?.provider ?? (hint.provider ? normalizeProvider(hint.provider) : undefined);
    const stripped = stripVersion(name, provider0);
    name = stripped.name;
    const fam = matchFamily(name) ?? fam0;
    const provider = fam?.provider ?? provider0 ?? via ?? 'unknown';
    return withOptional({ key: `${provider}/${name}`, provider, name }, { family: fam?.family, version: stripped.version ?? version, via });
  }

  /** The normalised package name of one ecosystem (the part after `<ecosystem>/` in the key). */
  function packageName(ecosystem: Ecosystem, rawName: string): string {
    const raw = rawName.trim();
    if (!raw) throw new AispmError('validation', `empty ${ecosystem} package name`);
    switch (ecosystem) {
      case 'npm':
        return raw.toLowerCase();
      case 'pypi':
        return raw.toLowerCase().replace(/[-_.]+/g, '-');
      case 'maven': {
        const parts = raw.split(/[:/]/).filter(Boolean);
        if (parts.length < 2) throw new AispmError('validation', `maven package needs group:artifact, got ${JSON.stringify(raw)}`);
        return `${parts[0]}/${parts[1]}`;
      }
      case 'golang':
        return raw.replace(/\/+$/, '');
      case 'nuget':
      case 'gem':
        return raw.toLowerCase();
      case 'cargo':
        return raw.toLowerCase().replace(/_/g, '-');
    }
  }

  function packageIdentity(ecosystem: Ecosystem, rawName: string, version?: string): PackageIdentity {
    const name = packageName(ecosystem, rawName);
    const purlPath = ecosystem === 'npm' && name.startsWith('@') ? `%40${name.slice(1)}` : name;
    const v = version?.trim();
    return withOptional(
      { key: `${ecosystem}/${name}`, purl: `pkg:${ecosystem}/${purlPath}${v ? `@${encodeURIComponent(v)}` : ''}`, name, ecosystem },
      { version: v || undefined },
    );
  }

  function splitNpmSpec(spec: string): { name: string; version?: string } {
    const at = spec.lastIndexOf('@');
    if (at > 0) return { name: spec.slice(0, at), version: spec.slice(at + 1) };
    return { name: spec };
  }

  function normalizeUrl(url: string): string {
    try {
      const u = new URL(url.trim());
      const port = u.port && !((u.protocol === 'https:' && u.port === '443') || (u.protocol === 'http:' && u.port === '80')) ? `:${u.port}` : '';
      const path = u.pathname.replace(/\/+$/, '');
      return `${u.hostname.toLowerCase()}${port}${path}`;
    } catch {
      return collapse(url)
        .replace(/^[a-z]+:\/\//i, '')
        .replace(/\/+$/, '');
    }
  }

  function mcpServerIdentity(spec: McpServerSpec): McpServerIdentity {
    if ('url' in spec) {
      const url = normalizeUrl(spec.url);
      return { key: `url/${url}`, registry: 'url', url: spec.url.trim() };
    }
    if ('package' in spec) {
      const { name, version } = spec.registry === 'npm' ? splitNpmSpec(spec.package.trim()) : splitPyOrOci(spec.package.trim(), spec.registry);
      const norm = spec.registry === 'pypi' ? name.toLowerCase().replace(/[-_.]+/g, '-') : spec.registry === 'npm' ? name.toLowerCase() : name;
      return withOptional({ key: `${spec.registry}/${norm}`, registry: spec.registry, package: norm }, { version });
    }
    const cmd = spec.command.trim();
    const args = spec.args ?? [];
    const base =
      cmd
        .split(/[\\/]/)
        .pop()
        ?.replace(/\.(exe|cmd|bat)$/i, '')
        .toLowerCase() ?? cmd;
    const positional = args.filter((a) => !a.startsWith('-'));
    if ((base === 'npx' || base === 'bunx' || base === 'pnpx') && positional[0]) {
      return mcpServerIdentity({ package: positional[0], registry: 'npm' });
    }
    if ((base === 'pnpm' || base === 'yarn' || base === 'npm') && (positional[0] === 'dlx' || positional[0] === 'exec') && positional[1]) {
      return mcpServerIdentity({ package: positional[1], registry: 'npm' });
    }
    if (base === 'uvx' && positional[0]) return mcpServerIdentity({ package: positional[0], registry: 'pypi' });
    if ((base === 'pipx' || base === 'uv') && (positional[0] === 'run' || positional[0] === 'tool') && positional[1]) {
      const pkg = positional[0] === 'tool' ? positional[2] : positional[1];
      if (pkg) return mcpServerIdentity({ package: pkg, registry: 'pypi' });
    }
    if ((base === 'docker' || base === 'podman') && positional[0] === 'run') {
      const image = dockerImage(args);
      if (image) return mcpServerIdentity({ package: image, registry: 'oci' });
    }
    const argText = args.map((a) => a.trim()).join(' ');
    return { key: `cmd/${collapse(`${base} ${argText}`)}`, registry: 'cmd' };
  }

  function normalizeRepository(url: string): string {
    let s = url.trim();
    s = s.replace(/^git\+/, '');
    // scp-like syntax: git@github.com:org/repo.git
    const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(s);
    let host: string;
    let path: string;
    if (scp?.[1] && scp[2] && !/^[a-z]+:\/\//i.test(s)) {
      host = scp[1];
      path = scp[2];
    } else {
      const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`;
      try {
        const u = new URL(withScheme);
        host = u.hostname;
        path = u.pathname;
      } catch {
        throw new AispmError('validation', `not a repository URL: ${JSON.stringify(url)}`);
      }
    }
    host = host.toLowerCase().replace(/^www\./, '');
    path = path
      .replace(/^\/+|\/+$/g, '')
      .replace(/\.git$/i, '')
      .replace(/\/+$/g, '');
    if (host === 'ssh.dev.azure.com') host = 'dev.azure.com';
    if (host.endsWith('.visualstudio.com')) host = 'dev.azure.com';
    path = path.replace(/^v3\//, '').replace(/\/_git\//, '/');
    if (gitHosts.has(host)) path = path.toLowerCase();
    if (!path) throw new AispmError('validation', `repository URL has no path: ${JSON.stringify(url)}`);
    return `${host}/${path}`;
  }

  function normalizeKey(kind: AssetKind, key: string): string {
    const k = key.trim();
    if (!k) throw new AispmError('validation', `empty key for ${kind}`);
    switch (kind) {
      case 'provider':
        return normalizeProvider(k);
      case 'model':
        return parseModelId(k).key;
      case 'library': {
        const m = /^(npm|pypi|maven|golang|nuget|cargo|gem)\/(.+)$/.exec(k) ?? /^pkg:(npm|pypi|maven|golang|nuget|cargo|gem)\/([^@?#]+)/.exec(k);
        if (m?.[1] && m[2]) {
          const name = m[1] === 'npm' ? decodeURIComponent(m[2]) : m[2];
          return `${m[1]}/${packageName(m[1] as Ecosystem, name)}`;
        }
        return collapse(k);
      }
      case 'mcp-server': {
        const m = /^(npm|pypi|oci|url|cmd)\/(.+)$/.exec(k);
        if (m?.[1] && m[2]) {
          if (m[1] === 'url') return `url/${normalizeUrl(/^[a-z]+:\/\//i.test(m[2]) ? m[2] : `https://${m[2]}`)}`;
          if (m[1] === 'cmd') return `cmd/${collapse(m[2])}`;
          return mcpServerIdentity({ package: m[2], registry: m[1] as 'npm' | 'pypi' | 'oci' }).key;
        }
        if (/^https?:\/\//i.test(k)) return mcpServerIdentity({ url: k }).key;
        return collapse(k);
      }
      case 'application': {
        if (k.startsWith('git/')) return `git/${normalizeRepository(k.slice(4))}`;
        if (/^(https?:\/\/|git@|ssh:\/\/|git\+|git:\/\/)/i.test(k) || /^[a-z0-9.-]+\.[a-z]{2,}\/[^\s]+$/i.test(k)) {
          return `git/${normalizeRepository(k)}`;
        }
        return collapse(k);
      }
      default:
        return collapse(k);
    }
  }

  // Normalisation is pure: memoise it (bounded) since the same keys recur across observations.
  // One map per kind, keyed by the raw key, holding the whole asset id: a hit allocates nothing
  // and repeated keys share one id string.
  const memo = new Map<AssetKind, Map<string, string>>();
  let memoSize = 0;
  function assetIdMemo(kind: AssetKind, key: string): string {
    let byKey = memo.get(kind);
    if (byKey === undefined) {
      byKey = new Map();
      memo.set(kind, byKey);
    }
    let v = byKey.get(key);
    if (v === undefined) {
      v = `${kind}:${normalizeKey(kind, key)}`;
      if (memoSize >= 100_000) {
        for (const m of memo.values()) m.clear();
        memoSize = 0;
      }
      byKey.set(key, v);
      memoSize++;
    }
    return v;
  }

  // Model ids recur too (the same model in many files, and once more for the attributes a key
  // implies): parsing is pure, so results without a hint are memoised (bounded) and handed out as
  // copies, so that a caller changing one cannot change the next.
  const parsedIds = new Map<string, ParsedModelId>();
  function parseModelIdMemo(raw: string, hint?: { provider?: string }): ParsedModelId {
    if (hint?.provider !== undefined) return parseModelId(raw, hint);
    let v = parsedIds.get(raw);
    if (v === undefined) {
      v = parseModelId(raw);
      if (parsedIds.size >= 100_000) parsedIds.clear();
      parsedIds.set(raw, v);
    }
    return { ...v };
  }

  return {
    tables,
    normalizeProvider,
    providerName: (key) => providerKeys.get(key)?.name,
    parseModelId: parseModelIdMemo,
    packageIdentity,
    mcpServerIdentity,
    normalizeRepository,
    normalizeKey: (kind, key) => assetIdMemo(kind, key).slice(kind.length + 1),
    assetId: assetIdMemo,
  };
}

function splitPyOrOci(spec: string, registry: 'pypi' | 'oci'): { name: string; version?: string } {
  if (registry === 'pypi') {
    const m = /^([A-Za-z0-9._-]+)\s*(?:==\s*([^\s;]+))?/.exec(spec);
    return m?.[1] ? withOptional({ name: m[1] }, { version: m[2] }) : { name: spec };
  }
  const at = spec.indexOf('@sha256:');
  if (at > 0) return { name: spec.slice(0, at), version: spec.slice(at + 1) };
  const colon = spec.lastIndexOf(':');
  if (colon > spec.lastIndexOf('/')) return { name: spec.slice(0, colon), version: spec.slice(colon + 1) };
  return { name: spec };
}

function dockerImage(args: readonly string[]): string | undefined {
  // Skip `run` and options (with their values) until the first positional: the image.
  const withValue = new Set([
    '-e',
    '--env',
    '-v',
    '--volume',
    '--name',
    '-p',
    '--publish',
    '--network',
    '--env-file',
    '-w',
    '--workdir',
    '-u',
    '--user',
    '--entrypoint',
    '--mount',
  ]);
  let seenRun = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!seenRun) {
      if (a === 'run') seenRun = true;
      continue;
    }
    if (a.startsWith('-')) {
      if (withValue.has(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}

function withOptional<T extends object, O extends Record<string, unknown>>(base: T, optional: O): T & Partial<O> {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined && v !== '') out[k] = v;
  return out as T & Partial<O>;
}

/**
 * The resolver built from the default tables.
 *
 * @example
 * ```ts
 * defaultIdentity.assetId('provider', 'AzureOpenAI'); // 'provider:azure-openai'
 * ```
 */
export const defaultIdentity: IdentityResolver = createIdentityResolver();
