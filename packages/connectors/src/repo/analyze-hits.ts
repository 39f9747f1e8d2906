import type { IdentityResolver } from '@aispm/core';
import type { DetectionCatalog, SdkPackage } from '../catalogs/index';
import type { Fact } from './facts';
import type { KernelHit } from './kernel';
import { acceptHfRepo, acceptModelId, modelAttributes } from './models';
import type { PatternGroup, PatternSet } from './patterns';
import { fingerprintSecret, placeholderReason, secretPrefix } from './secrets';

/** Which pattern groups apply to a class of file. */
export type FileClass = 'code' | 'config' | 'docs' | 'other';

const CONFIG_GROUPS = new Set<PatternGroup>(['key', 'model-quoted', 'model-assign', 'hf-model', 'host', 'env-var', 'base-url']);

/** Context the hit analyser needs. */
export interface HitContext {
  rel: string;
  fileClass: FileClass;
  catalog: DetectionCatalog;
  set: PatternSet;
  identity: IdentityResolver;
  fingerprintKey: Uint8Array;
  /** The file text, when a pattern that needs it hit. */
  text?: string;
  /** Line offset added to hit lines (notebook cells map back to the file). */
  lineMap?: (line: number) => number;
}

const VECTOR_NAMES: Record<string, string> = {
  chroma: 'chroma',
  faiss: 'faiss',
  pgvector: 'pgvector',
  pinecone: 'pinecone',
  pineconevectorstore: 'pinecone',
  qdrant: 'qdrant',
  qdrantvectorstore: 'qdrant',
  weaviate: 'weaviate',
  weaviatevectorstore: 'weaviate',
  milvus: 'milvus',
  lancedb: 'lancedb',
  redis: 'redis-vector',
  redisvectorstore: 'redis-vector',
  elasticsearchstore: 'elasticsearch',
  elasticsearch: 'elasticsearch',
  opensearchvectorsearch: 'opensearch',
  opensearch: 'opensearch',
  upstashvectorstore: 'upstash-vector',
  memoryvectorstore: '',
  inmemoryvectorstore: '',
};

const TOOL_CAPS: Array<[RegExp, string]> = [
  [/delete|remove|drop/i, 'delete'],
  [/write|create|update|insert|upload|send|post|set_|put_|add_|save/i, 'write'],
  [/exec|run_|shell|command|bash/i, 'execute'],
  [/file|read_file|write_file|dir/i, 'filesystem'],
  [/http|fetch|url|web|browse|search/i, 'network'],
  [/email|mail/i, 'email'],
  [/sql|query|database|db_/i, 'database'],
  [/pay|charge|refund|invoice/i, 'payment'],
];

/** Capabilities guessed from a tool's name. */
export function toolCapabilities(name: string): string[] {
  const caps = new Set<string>();
  for (const [re, cap] of TOOL_CAPS) if (re.test(name)) caps.add(cap);
  if (!caps.size) caps.add('read');
  return [...caps].sort();
}

function urlExposure(host: string): 'local' | 'internal' | 'public' {
  if (/^(?:localhost|127\.|0\.0\.0\.0|\[::1\])/.test(host)) return 'local';
  if (/^(?:10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.)/.test(host) || !host.includes('.') || /\.(?:internal|local|svc|cluster\.local)(?::|$)/.test(host))
    return 'internal';
  return 'public';
}

function matchingSpan(text: string, open: number): string {
  let depth = 0;
  let quote = '';
  const end = Math.min(text.length, open + 4000);
  for (let i = open; i < end; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return text.slice(open + 1, end);
}

function offsetOfLine(text: string, line: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return off;
}

function listNames(inner: string): string[] {
  return inner
    .split(',')
    .map((s) =>
      s
        .trim()
        .replace(/\(.*$/s, '')
        .replace(/^["'`]|["'`]$/g, '')
        .split('.')
        .pop()!
        .trim(),
    )
    .filter((s) => /^[A-Za-z_][A-Za-z0-9_-]{0,80}$/.test(s))
    .sort();
}

/**
 * Turns the kernel's matches in one file into facts: libraries, providers, models, endpoints,
 * gateways, vector stores, agents, MCP servers and tools, and credentials (fingerprinted, never
 * kept in full).
 *
 * @example
 * ```ts
 * const facts = analyseHits(hits, { rel: 'app.py', fileClass: 'code', catalog, set, identity, fingerprintKey });
 * ```
 */
export function analyseHits(hits: KernelHit[], ctx: HitContext): Fact[] {
  const facts: Fact[] = [];
  const { set, catalog } = ctx;
  const L = (line: number) => (ctx.lineMap ? ctx.lineMap(line) : line);
  const allowed = (g: PatternGroup) => ctx.fileClass === 'code' || (ctx.fileClass === 'config' ? CONFIG_GROUPS.has(g) : g === 'key');
  const imported: SdkPackage[] = [];
  const pkgFacts = (pkg: SdkPackage, line: number, col: number, detail: string) => {
    const id = ctx.identity.packageIdentity(pkg.ecosystem, pkg.name);
    facts.push({
      kind: 'library',
      key: id.key,
      name: pkg.name,
      attributes: { ecosystem: pkg.ecosystem, package: id.name, purl: id.purl, category: pkg.category },
      line,
      column: col,
      basis: 'inferred',
      detail,
      rel: 'depends-on',
    });
    if (pkg.provider) facts.push({ kind: 'provider', key: pkg.provider, line, column: col, basis: 'inferred', detail, rel: 'calls' });
    if (pkg.vectorStore) facts.push(vectorFact(pkg.vectorStore, line, col, detail));
    if (pkg.gateway)
      facts.push({
        kind: 'gateway',
        key: pkg.gateway,
        attributes: { product: pkg.gateway },
        line,
        column: col,
        basis: 'inferred',
        detail,
        rel: 'routes-through',
      });
  };
  const vectorFact = (product: string, line: number, col: number, detail: string): Fact => {
    const vs = catalog.vectorStores.find((v) => v.product === product);
    return {
      kind: 'vector-store',
      key: product,
      name: vs?.name ?? product,
      attributes: { product, ...(vs ? { hosting: vs.hosting } : {}) },
      line,
      column: col,
      basis: 'inferred',
      detail,
      rel: 'retrieves-from',
    };
  };
  const deferred: KernelHit[] = [];
  for (const h of hits) {
    const spec = set.patterns[h.p]!;
    if (!allowed(spec.group)) continue;
    const line = L(h.line);
    const col = h.col;
    switch (spec.group) {
      case 'key': {
        const secret = h.m[1] ?? h.m[0]!;
        const reason = placeholderReason(secret, ctx.rel);
        const fp = fingerprintSecret(ctx.fingerprintKey, secret);
        const provider = spec.provider!;
        const attributes: Record<string, unknown> = {
          provider,
          type: 'api-key',
          fingerprint: fp,
          prefix: secretPrefix(secret),
          location: `${ctx.rel}:${line}`,
          hardcoded: true,
          placeholder: reason !== undefined,
          keyFormat: spec.id.slice(4),
        };
        if (reason) attributes.placeholderReason = reason;
        facts.push({
          kind: 'credential',
          key: `${provider}/${fp.slice(12, 28)}`,
          name: `${provider} key ${secretPrefix(secret)}…`,
          attributes,
          line,
          column: col,
          basis: 'inferred',
          detail: spec.id,
          rel: 'holds-credential',
          links: [{ type: 'authenticates-to', to: { kind: 'provider', key: provider } }],
        });
        facts.push({ kind: 'provider', key: provider, line, column: col, basis: 'inferred', detail: spec.id });
        break;
      }
      case 'model-quoted':
      case 'model-assign': {
        const m = acceptModelId(h.m[1]!, ctx.identity);
        if (m)
          facts.push({
            kind: 'model',
            key: m.key,
            attributes: modelAttributes(m),
            line,
            column: col,
            basis: 'inferred',
            detail: spec.id,
            rel: 'uses-model',
            relAttributes: { literal: h.m[1] },
          });
        break;
      }
      case 'hf-model': {
        const m = acceptHfRepo(h.m[2]!, ctx.identity);
        if (m) {
          const attributes = modelAttributes(m, 'open-weight-self-hosted');
          const lineText = ctx.text?.split('\n')[h.line - 1];
          if (/trust_remote_code\s*=\s*True/.test(lineText ?? '')) attributes.trustRemoteCode = true;
          facts.push({ kind: 'model', key: m.key, attributes, line, column: col, basis: 'inferred', detail: `${spec.id}:${h.m[1]}`, rel: 'uses-model' });
        }
        break;
      }
      case 'host': {
        const host = h.m[1]!.toLowerCase();
        if (/(?:^|\.)(?:your|my|example|xxx|<)/.test(host)) break;
        if (spec.kind === 'gateway') {
          facts.push({
            kind: 'gateway',
            key: spec.provider!,
            attributes: { product: spec.provider, url: host },
            line,
            column: col,
            basis: 'inferred',
            detail: spec.id,
            rel: 'routes-through',
          });
        } else if (spec.kind === 'vector-store') {
          const f = vectorFact(spec.provider!, line, col, spec.id);
          f.attributes = { ...f.attributes, hosting: 'managed', url: host };
          facts.push(f);
        } else {
          facts.push({ kind: 'provider', key: spec.provider!, line, column: col, basis: 'inferred', detail: spec.id, rel: 'calls', relAttributes: { host } });
          if (spec.provider === 'azure-openai' || spec.provider === 'azure-ai-foundry' || spec.provider === 'azure-ml') {
            facts.push({
              kind: 'model-endpoint',
              key: host,
              attributes: { url: `https://${host}`, provider: spec.provider, platform: spec.provider, exposure: 'public' },
              line,
              column: col,
              basis: 'inferred',
              detail: spec.id,
              rel: 'calls',
              links: [{ type: 'hosted-by', to: { kind: 'provider', key: spec.provider! } }],
            });
          }
        }
        break;
      }
      case 'env-var': {
        const name = h.m[1]!;
        const p = catalog.providers.find((x) => x.envVars.includes(name));
        if (!p) break;
        if (p.kind === 'gateway')
          facts.push({
            kind: 'gateway',
            key: p.provider,
            attributes: { product: p.provider },
            line,
            column: col,
            basis: 'inferred',
            detail: `env:${name}`,
            rel: 'routes-through',
          });
        else if (p.kind === 'vector-store') facts.push(vectorFact(p.provider, line, col, `env:${name}`));
        else facts.push({ kind: 'provider', key: p.provider, line, column: col, basis: 'inferred', detail: `env:${name}`, rel: 'calls' });
        break;
      }
      case 'base-url':
        // Decided once every import of the file is known (below).
        break;
      case 'import-python':
      case 'import-js':
      case 'import-go':
      case 'import-java':
      case 'import-csharp':
      case 'import-rust':
      case 'import-ruby': {
        const name = h.m[1] || h.m[2] || '';
        const idx = set.imports[spec.group]?.get(name);
        if (idx === undefined) break;
        const pkg = catalog.packages[idx]!;
        imported.push(pkg);
        pkgFacts(pkg, line, col, spec.id);
        break;
      }
      case 'import-google': {
        const pkg = catalog.packages.find((p) => p.ecosystem === 'pypi' && p.imports.includes(`google.${h.m[1]}`));
        if (pkg) {
          imported.push(pkg);
          pkgFacts(pkg, line, col, spec.id);
        }
        break;
      }
      case 'client': {
        const c = catalog.clients.find((x) => x.symbol === h.m[1]);
        if (c) facts.push({ kind: 'provider', key: c.provider, line, column: col, basis: 'inferred', detail: `client:${c.symbol}`, rel: 'calls' });
        break;
      }
      case 'vector-import': {
        const names = [h.m[1], ...(h.m[2] ?? '').split(',')]
          .map((s) =>
            (s ?? '')
              .trim()
              .toLowerCase()
              .replace(/\s+as\s+.*$/, ''),
          )
          .filter(Boolean);
        for (const n of names) {
          const product = VECTOR_NAMES[n];
          if (product) facts.push(vectorFact(product, line, col, spec.id));
        }
        break;
      }
      default:
        deferred.push(h);
    }
  }
  for (const h of hits) {
    const spec = set.patterns[h.p]!;
    if (spec.group !== 'base-url' || !allowed(spec.group)) continue;
    const line = L(h.line);
    const col = h.col;
    const url = h.m[3]!.replace(/["'`,;)]+$/, '');
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      continue;
    }
    const host = u.host.toLowerCase();
    if (/example\.|your-|<|\$\{|\{\{/.test(url)) continue;
    const known = catalog.providers.find((p) =>
      p.hosts.some((x) => (x.startsWith('.') ? host.endsWith(x) : host === x || host.endsWith(`.${x}`) || `${host}${u.pathname}`.startsWith(x))),
    );
    if (known) continue; // the host pattern reports it
    if (/litellm/.test(host) || u.port === '4000') {
      facts.push({
        kind: 'gateway',
        key: 'litellm',
        attributes: { product: 'litellm', url, exposure: urlExposure(host) },
        line,
        column: col,
        basis: 'inferred',
        detail: spec.id,
        rel: 'routes-through',
      });
      continue;
    }
    const path = u.pathname.replace(/\/+$/, '');
    // An AI endpoint when its setting says so, or an OpenAI-style `/v1` URL in a file that
    // uses an AI SDK; other base URLs are ordinary web services.
    const setting = `${h.m[1] ?? ''}${h.m[2] ?? ''}`;
    const aiSetting = /openai|llm|ollama|azure|model|inference|anthropic|vllm|litellm|genai|gpt|mistral|groq|embedding|ai_|_ai$/i.test(setting);
    const aiFile = imported.some((p) => p.category === 'ai-sdk' || p.category === 'gateway-client' || p.category === 'agent-framework');
    if (!aiSetting && !(aiFile && /\/v1$/.test(path))) continue;
    facts.push({
      kind: 'model-endpoint',
      key: `${host}${path}`,
      attributes: { url, platform: u.port === '11434' ? 'ollama' : 'openai-compatible', exposure: urlExposure(host) },
      line,
      column: col,
      basis: 'inferred',
      detail: spec.id,
      rel: 'calls',
    });
  }
  if (ctx.fileClass === 'code' && deferred.length && ctx.text !== undefined) facts.push(...analyseStructures(deferred, imported, ctx, facts));
  return facts;
}

function analyseStructures(hits: KernelHit[], imported: SdkPackage[], ctx: HitContext, sofar: Fact[]): Fact[] {
  const text = ctx.text!;
  const out: Fact[] = [];
  const L = (line: number) => (ctx.lineMap ? ctx.lineMap(line) : line);
  const frameworks = [...new Set(imported.map((p) => p.agentFramework).filter((x): x is string => Boolean(x)))];
  const hasMcp = imported.some((p) => p.category === 'mcp-sdk');
  let server: { key: string; line: number } | undefined;
  const serverVars = new Set<string>();
  const lines = text.split('\n');
  for (const h of hits) {
    const spec = ctx.set.patterns[h.p]!;
    const line = L(h.line);
    if (spec.group === 'mcp-server' && hasMcp && !server) {
      let name = (h.m[2] ?? '').trim();
      const start = offsetOfLine(text, h.line) + h.col - 1;
      if (!name) {
        const after = text.slice(start, start + 400);
        name = /name\s*[:=]\s*["'`]([^"'`]{1,80})["'`]/.exec(after)?.[1] ?? '';
      }
      if (!name) continue;
      const varName = /([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[A-Za-z_.]+\s*)?=\s*(?:new\s+)?$/.exec((lines[h.line - 1] ?? '').slice(0, h.col - 1))?.[1];
      if (varName) serverVars.add(varName);
      const transport = /StreamableHTTPServerTransport|streamable-http|streamable_http/.test(text)
        ? 'streamable-http'
        : /SSEServerTransport|transport\s*=\s*["']sse["']/.test(text)
          ? 'sse'
          : 'stdio';
      server = { key: `local/${name}`, line };
      out.push({
        kind: 'mcp-server',
        key: server.key,
        name,
        attributes: { registry: 'local', transport },
        line,
        column: h.col,
        basis: 'inferred',
        detail: spec.id,
        rel: 'contains',
      });
    }
  }
  for (const h of hits) {
    const spec = ctx.set.patterns[h.p]!;
    const line = L(h.line);
    if (spec.group === 'mcp-tool' && server) {
      let tool = h.m[2];
      if (!tool) tool = /^\s*["'`]([A-Za-z0-9_.-]{1,80})["'`]/.exec(lines[h.line] ?? '')?.[1];
      if (tool) out.push(toolFact(server.key, tool, line, h.col, spec.id));
    } else if (spec.group === 'tool-decorator' && server) {
      const deco = h.m[1]!;
      const target = deco.split('.')[0]!;
      if (!deco.includes('.') || (!serverVars.has(target) && !/^(mcp|server|app)$/.test(target))) continue;
      const explicit = /name\s*=\s*["']([^"']+)["']/.exec(lines[h.line - 1] ?? '')?.[1];
      let name = explicit;
      for (let k = h.line; !name && k < Math.min(lines.length, h.line + 4); k++)
        name = /^\s*(?:async\s+)?def\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(lines[k] ?? '')?.[1];
      if (name) out.push(toolFact(server.key, name, line, h.col, spec.id));
    } else if (spec.group === 'agent' && frameworks.length) {
      const ctor = h.m[2]!;
      const fw = ctx.catalog.agentFrameworks.find((f) => frameworks.includes(f.id) && f.constructors.includes(ctor));
      if (!fw) continue;
      const start = offsetOfLine(text, h.line) + h.col - 1;
      const open = text.indexOf('(', start + h.m[0]!.length - 1);
      const args = open >= 0 ? matchingSpan(text, open) : '';
      const name =
        /\bname\s*[=:]\s*["'`]([^"'`\n]{1,80})["'`]/.exec(args)?.[1] ??
        /\brole\s*=\s*["'`]([^"'`\n]{1,80})["'`]/.exec(args)?.[1] ??
        /^\s*["'`]([A-Za-z0-9_ .-]{1,80})["'`]/.exec(args)?.[1] ??
        h.m[1];
      if (!name) continue;
      const attributes: Record<string, unknown> = { framework: fw.id };
      const tools = /\btools\s*[=:]\s*\[([^\]]*)\]/s.exec(args)?.[1];
      if (tools !== undefined) attributes.tools = listNames(tools);
      const links: Fact['links'] = [];
      const modelLit = /\bmodel\s*[=:]\s*["'`]([^"'`\n]{1,120})["'`]/.exec(args)?.[1];
      const model = modelLit ? ctx.identity && acceptModelId(modelLit.replace(/^[a-z-]+:/, ''), ctx.identity) : undefined;
      if (model) links.push({ type: 'uses-model', to: { kind: 'model', key: model.key } });
      if (/mcp_servers\s*=|mcpServers|MCPServer/.test(args)) attributes.usesMcp = true;
      out.push({
        kind: 'agent',
        key: `$app/${name}`,
        name,
        attributes,
        line,
        column: h.col,
        basis: 'inferred',
        detail: `${spec.id}:${ctor}`,
        rel: 'contains',
        ...(links.length ? { links } : {}),
      });
      if (model && !sofar.some((f) => f.kind === 'model' && f.key === model.key && f.line === line)) {
        out.push({
          kind: 'model',
          key: model.key,
          attributes: modelAttributes(model),
          line,
          column: h.col,
          basis: 'inferred',
          detail: 'agent:model',
          rel: 'uses-model',
        });
      }
    }
  }
  return out;
}

function toolFact(serverKey: string, tool: string, line: number, column: number, detail: string): Fact {
  return {
    kind: 'tool',
    key: `${serverKey}/${tool}`,
    name: tool,
    attributes: { server: `mcp-server:${serverKey}`, capabilities: toolCapabilities(tool) },
    line,
    column,
    basis: 'inferred',
    detail,
    links: [{ type: 'exposes-tool', to: { kind: 'mcp-server', key: serverKey }, reverse: true }],
  };
}
