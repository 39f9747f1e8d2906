import { createHash } from 'node:crypto';
import type { DetectionCatalog } from '../catalogs/index';
import { cachedAutomaton } from './aho-corasick';
import type { KernelSpec } from './kernel';

/** What a pattern detects; the analyser turns its matches into facts. */
export type PatternGroup =
  | 'key'
  | 'model-quoted'
  | 'model-assign'
  | 'hf-model'
  | 'host'
  | 'env-var'
  | 'base-url'
  | 'import-python'
  | 'import-google'
  | 'import-js'
  | 'import-go'
  | 'import-java'
  | 'import-csharp'
  | 'import-rust'
  | 'import-ruby'
  | 'client'
  | 'vector-import'
  | 'agent'
  | 'tool-decorator'
  | 'mcp-server'
  | 'mcp-tool';

/** One detection pattern: a one-line regex and the literals every match contains. */
export interface PatternSpec {
  id: string;
  group: PatternGroup;
  source: string;
  flags: string;
  /** Every match contains one of these (compared case-insensitively): the prefilter's input. */
  literals: string[];
  /** The analyser needs the whole file text when this pattern hits (agents, MCP servers, tools). */
  needsText?: boolean;
  /** Pattern data: provider of a key or host, the import table of a language. */
  provider?: string;
  kind?: 'provider' | 'gateway' | 'vector-store';
}

/** A compiled pattern set: the specs and the kernel spec the workers run. */
export interface PatternSet {
  patterns: PatternSpec[];
  kernel: KernelSpec;
  /** Import name → package index per language group. */
  imports: Record<string, Map<string, number>>;
  /** Stable hash of the pattern set (part of the cache key). */
  fingerprint: string;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const byLength = (a: string, b: string) => b.length - a.length || (a < b ? -1 : 1);
const alt = (xs: Iterable<string>) => [...new Set(xs)].sort(byLength).map(esc).join('|');

/** Languages whose imports are read, with the ecosystem of their package names. */
const LANGUAGE_ECOSYSTEMS: Record<string, string[]> = {
  'import-python': ['pypi'],
  'import-js': ['npm'],
  'import-go': ['golang'],
  'import-java': ['maven'],
  'import-csharp': ['nuget'],
  'import-rust': ['cargo'],
  'import-ruby': ['gem'],
};

/**
 * Builds the pattern set of a catalog: key formats, model ids, hosts, environment variables,
 * base URLs, imports per language, client constructors, vector stores, agents, tools and MCP
 * servers. With `cacheDir`, the literal automaton is read from (or saved to) that folder.
 *
 * @example
 * ```ts
 * const set = buildPatternSet(DEFAULT_CATALOG);
 * set.patterns.every((p) => p.literals.length > 0); // true
 * ```
 */
export function buildPatternSet(catalog: DetectionCatalog, options: { cacheDir?: string } = {}): PatternSet {
  const patterns: PatternSpec[] = [];
  for (const k of catalog.keyFormats) {
    patterns.push({ id: `key:${k.id}`, group: 'key', source: k.pattern, flags: k.flags, literals: k.literals, provider: k.provider });
  }
  const prefixes = catalog.modelPrefixes.map((m) => m.prefix.toLowerCase());
  const P = alt(prefixes);
  const route = '(?:[A-Za-z0-9_.-]{1,40}/){0,2}';
  const tail = '[A-Za-z0-9_.:@-]{0,80}';
  patterns.push({ id: 'model:quoted', group: 'model-quoted', source: `["'\`](${route}(?:${P})${tail})["'\`]`, flags: 'i', literals: prefixes });
  patterns.push({
    id: 'model:assign',
    group: 'model-assign',
    source: `(?:model|llm|engine|deployment)[A-Za-z0-9_]{0,30}\\s{0,3}[:=]\\s{0,3}(${route}(?:${P})${tail})`,
    flags: 'i',
    literals: prefixes,
  });
  const hfCalls = ['from_pretrained', 'SentenceTransformer', 'hf_hub_download', 'snapshot_download', 'pipeline'];
  patterns.push({
    id: 'model:huggingface',
    group: 'hf-model',
    source: `(${hfCalls.join('|')})\\(\\s{0,3}(?:[^)]{0,120}?\\b(?:model|repo_id|model_name_or_path)\\s{0,2}=\\s{0,2})?["']([A-Za-z0-9_.-]{1,60}/[A-Za-z0-9_.-]{1,100})["']`,
    flags: '',
    literals: hfCalls.map((c) => `${c}(`),
    needsText: true,
  });
  catalog.providers.forEach((p, i) => {
    const plain = p.hosts.filter((h) => !h.startsWith('.'));
    const suffix = p.hosts.filter((h) => h.startsWith('.')).map((h) => h.slice(1));
    const parts: string[] = [];
    if (plain.length) parts.push(`(?:[A-Za-z0-9-]{1,63}\\.){0,4}(?:${alt(plain)})`);
    if (suffix.length) parts.push(`(?:[A-Za-z0-9-]{1,63}\\.){1,4}(?:${alt(suffix)})`);
    patterns.push({
      id: `host:${p.provider}:${i}`,
      group: 'host',
      source: `(${parts.join('|')})(?![A-Za-z0-9-])`,
      flags: 'i',
      literals: [...plain, ...suffix],
      provider: p.provider,
      kind: p.kind,
    });
  });
  const envVars = catalog.providers.flatMap((p) => p.envVars);
  if (envVars.length) patterns.push({ id: 'env:provider', group: 'env-var', source: `\\b(${alt(envVars)})\\b`, flags: '', literals: envVars });
  const urlKeys = ['base_url', 'baseurl', 'api_base', 'apibase', 'base_path', 'basepath', 'endpoint', 'ollama_host', 'api_host', 'apihost'];
  patterns.push({
    id: 'endpoint:base-url',
    group: 'base-url',
    source: `([A-Za-z0-9_]{0,30}?)(base_?url|api_?base|base_?path|endpoint|ollama_host|api_?host)["']?\\s{0,3}[:=]\\s{0,3}["'\`]?(https?://[A-Za-z0-9_.:@/%-]{3,200})`,
    flags: 'i',
    literals: urlKeys,
  });
  // Imports per language, generated from the package catalog.
  const imports: Record<string, Map<string, number>> = {};
  for (const [group, ecos] of Object.entries(LANGUAGE_ECOSYSTEMS)) {
    const map = new Map<string, number>();
    catalog.packages.forEach((pkg, i) => {
      if (!ecos.includes(pkg.ecosystem)) return;
      for (const imp of pkg.imports) if (!map.has(imp)) map.set(imp, i);
    });
    imports[group] = map;
    if (!map.size) continue;
    const M = alt(map.keys());
    const mods = [...map.keys()];
    // Literals include the import syntax around the name, so that short names ('ai', 'ort')
    // do not make every line a candidate.
    const quoted = (m: string, tails: string[]) => ['"', "'"].flatMap((q) => tails.map((t) => `${q}${m}${t}`));
    const lits = {
      'import-python': mods.flatMap((m) => [`from ${m}`, `import ${m}`]),
      'import-js': mods.flatMap((m) => quoted(m, ['"', "'", '/'])),
      'import-go': mods.map((m) => `"${m}`),
      'import-java': mods.flatMap((m) => [`import ${m}`, `static ${m}`]),
      'import-csharp': mods.flatMap((m) => [`using ${m}`, `static ${m}`]),
      'import-rust': mods.flatMap((m) => [`use ${m}`, `crate ${m}`]),
      'import-ruby': mods.flatMap((m) => quoted(m, ['"', "'"])),
    }[group] as string[];
    const source = {
      'import-python': `^[ \\t]*(?:from (${M})(?![A-Za-z0-9_])[A-Za-z0-9_.]{0,100} import\\b|import (${M})(?![A-Za-z0-9_]))`,
      'import-js': `(?:\\bfrom\\s{0,3}|\\brequire\\(\\s{0,3}|\\bimport\\(\\s{0,3}|^\\s*import\\s{1,3})["'](${M})(?:/[^"'\\s]{0,200})?["']`,
      'import-go': `^\\s*(?:import\\s+)?(?:[A-Za-z0-9_.]{1,40}\\s+)?"(${M})(?:/[^"\\s]{0,200})?"`,
      'import-java': `^\\s*import (?:static )?(${M})(?![A-Za-z0-9_])`,
      'import-csharp': `^\\s*(?:global\\s+)?using (?:static )?(${M})(?![A-Za-z0-9_])`,
      'import-rust': `^\\s*(?:pub\\s+)?(?:use|extern crate) (${M})(?![A-Za-z0-9_])`,
      'import-ruby': `^\\s*require\\s*\\(?\\s*["'](${M})["']`,
    }[group] as string;
    patterns.push({ id: `import:${group.slice(7)}`, group: group as PatternGroup, source, flags: '', literals: lits });
  }
  patterns.push({
    id: 'import:python-google',
    group: 'import-google',
    source: '^\\s*from\\s+google\\s+import\\s+(genai|generativeai)\\b',
    flags: '',
    literals: ['genai', 'generativeai'],
  });
  const clients = catalog.clients.map((c) => c.symbol);
  if (clients.length) patterns.push({ id: 'client:constructor', group: 'client', source: `\\b(${alt(clients)})\\s{0,2}[({]`, flags: '', literals: clients });
  patterns.push({
    id: 'vector-store:import',
    group: 'vector-import',
    source: '(?:vectorstores|vector_stores)(?:[./]([A-Za-z_]{2,40}))?(?:[A-Za-z0-9_.]{0,60}\\s+import\\s+\\(?([A-Za-z_][A-Za-z0-9_, ]{0,200}))?',
    flags: '',
    literals: ['vectorstores', 'vector_stores'],
  });
  const ctors = [...new Set(catalog.agentFrameworks.flatMap((f) => f.constructors))];
  patterns.push({
    id: 'agent:constructor',
    group: 'agent',
    source: `(?:\\b([A-Za-z_][A-Za-z0-9_]{0,60})\\s{0,3}(?::\\s{0,3}[A-Za-z_][A-Za-z0-9_.\\[\\]]{0,40}\\s{0,3})?=\\s{0,3})?(?:new\\s+|await\\s+)?\\b(${alt(ctors)})(?:\\.from_tools|\\.create|\\.from_defaults)?\\(`,
    flags: '',
    literals: ctors.flatMap((c) => [`${c}(`, `${c}.from_tools(`, `${c}.create(`, `${c}.from_defaults(`]),
    needsText: true,
  });
  patterns.push({
    id: 'tool:decorator',
    group: 'tool-decorator',
    source: '^\\s*@(tool\\b|function_tool\\b|kernel_function\\b|[A-Za-z_][A-Za-z0-9_]{0,40}\\.tool(?:_plain)?\\()',
    flags: '',
    literals: ['@tool', '@function_tool', '@kernel_function', '.tool(', '.tool_plain('],
    needsText: true,
  });
  patterns.push({
    id: 'mcp:server',
    group: 'mcp-server',
    source: '\\b(McpServer|FastMCP|Server)\\(\\s{0,3}(?:\\{\\s{0,3}name\\s{0,2}:\\s{0,2})?(?:name\\s{0,2}=\\s{0,2})?["\'`]?([A-Za-z0-9_.@/ -]{0,80})',
    flags: '',
    literals: ['server(', 'fastmcp('],
    needsText: true,
  });
  patterns.push({
    id: 'mcp:tool',
    group: 'mcp-tool',
    source: '\\.(tool|registerTool|addTool)\\(\\s{0,3}(?:["\'`]([A-Za-z0-9_.-]{1,80})["\'`]|$)',
    flags: '',
    literals: ['.tool(', '.registertool(', '.addtool('],
    needsText: true,
  });

  const literalIndex = new Map<string, number>();
  const litPats: number[][] = [];
  patterns.forEach((p, pi) => {
    for (const raw of p.literals) {
      const lit = raw.toLowerCase();
      let id = literalIndex.get(lit);
      if (id === undefined) {
        id = literalIndex.size;
        literalIndex.set(lit, id);
        litPats.push([]);
      }
      if (!litPats[id]!.includes(pi)) litPats[id]!.push(pi);
    }
  });
  const automaton = cachedAutomaton([...literalIndex.keys()], options.cacheDir);
  const litPatStart = new Int32Array(litPats.length + 1);
  let total = 0;
  litPats.forEach((ps, i) => {
    litPatStart[i] = total;
    total += ps.length;
  });
  litPatStart[litPats.length] = total;
  const litPatList = new Int32Array(total);
  let k = 0;
  for (const ps of litPats) for (const p of ps) litPatList[k++] = p;
  const kernel: KernelSpec = {
    shift: automaton.shift,
    classOf: automaton.classOf,
    rows: automaton.rows,
    outStart: automaton.outStart,
    outList: automaton.outList,
    litPatStart,
    litPatList,
    patterns: patterns.map((p) => ({ source: p.source, flags: p.flags })),
    maxLine: 4096,
  };
  const text = JSON.stringify(patterns.map((p) => [p.id, p.source, p.flags, p.literals]));
  const h = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return { patterns, kernel, imports, fingerprint: `${catalog.version}-${h}` };
}
