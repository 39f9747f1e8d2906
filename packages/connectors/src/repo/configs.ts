import type { IdentityResolver } from '@aispm/core';
import type { DetectionCatalog } from '../catalogs/index';
import type { Fact, FileFacts } from './facts';
import { parseToml, parseYaml } from './lazy-deps';
import { acceptHfRepo, acceptModelId, modelAttributes } from './models';

/** MCP client configuration files: path test, client, and the key that holds the servers. */
const MCP_CONFIGS: Array<{ test: RegExp; client: string; key: string; toml?: boolean }> = [
  { test: /(?:^|\/)\.vscode\/mcp\.json$/, client: 'vscode', key: 'servers' },
  { test: /(?:^|\/)\.vscode\/settings\.json$/, client: 'vscode', key: 'mcp.servers' },
  { test: /(?:^|\/)\.cursor\/mcp\.json$/, client: 'cursor', key: 'mcpServers' },
  { test: /(?:^|\/)\.mcp\.json$/, client: 'claude-code', key: 'mcpServers' },
  { test: /(?:^|\/)claude_desktop_config\.json$/, client: 'claude-desktop', key: 'mcpServers' },
  { test: /(?:^|\/)(?:\.windsurf\/|\.codeium\/windsurf\/)?mcp_config\.json$/, client: 'windsurf', key: 'mcpServers' },
  { test: /(?:^|\/)\.gemini\/settings\.json$/, client: 'gemini-cli', key: 'mcpServers' },
  { test: /(?:^|\/)\.roo\/mcp\.json$/, client: 'roo-code', key: 'mcpServers' },
  { test: /(?:^|\/)\.codex\/config\.toml$/, client: 'codex', key: 'mcp_servers', toml: true },
  { test: /(?:^|\/)mcp\.json$/, client: 'mcp-client', key: 'mcpServers' },
];

/** AI coding-assistant instruction files and the assistant that reads them. */
const ASSISTANT_FILES: Array<{ test: RegExp; assistant: string }> = [
  { test: /(?:^|\/)CLAUDE(?:\.local)?\.md$/, assistant: 'claude-code' },
  { test: /(?:^|\/)AGENTS\.md$/, assistant: 'agents-md' },
  { test: /(?:^|\/)GEMINI\.md$/, assistant: 'gemini-cli' },
  { test: /(?:^|\/)\.cursorrules$/, assistant: 'cursor' },
  { test: /(?:^|\/)\.cursor\/rules\/[^/]+\.mdc?$/, assistant: 'cursor' },
  { test: /(?:^|\/)\.github\/copilot-instructions\.md$/, assistant: 'github-copilot' },
  { test: /(?:^|\/)\.github\/instructions\/[^/]+\.instructions\.md$/, assistant: 'github-copilot' },
  { test: /(?:^|\/)\.windsurfrules$/, assistant: 'windsurf' },
  { test: /(?:^|\/)\.windsurf\/rules\/[^/]+\.md$/, assistant: 'windsurf' },
  { test: /(?:^|\/)\.clinerules(?:\/[^/]+)?$/, assistant: 'cline' },
  { test: /(?:^|\/)\.claude\/(?:agents|commands)\/[^/]+\.md$/, assistant: 'claude-code' },
];

/** Which structured reader applies to a file. */
export type StructuredType = 'mcp-config' | 'assistant' | 'notebook' | 'terraform' | 'dockerfile' | 'compose' | 'yaml' | 'modelfile';

/**
 * Classifies configuration files that get a structured reading.
 *
 * @example
 * ```ts
 * structuredType('.cursor/mcp.json'); // 'mcp-config'
 * ```
 */
export function structuredType(rel: string): StructuredType | undefined {
  // Every MCP client config is a .json or .toml file, and every assistant file ends in .md, .mdc,
  // .cursorrules or .windsurfrules or sits at or under .clinerules: other paths (nearly all of a
  // tree) skip the two lists of path tests.
  if ((rel.endsWith('.json') || rel.endsWith('.toml')) && MCP_CONFIGS.some((c) => c.test.test(rel))) return 'mcp-config';
  if ((rel.endsWith('.md') || rel.endsWith('.mdc') || rel.endsWith('rules') || rel.includes('.clinerules')) && ASSISTANT_FILES.some((c) => c.test.test(rel)))
    return 'assistant';
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  if (base.endsWith('.ipynb')) return 'notebook';
  if (base.endsWith('.tf')) return 'terraform';
  if (/^(?:Dockerfile|Containerfile)(?:\..+)?$/.test(base) || base.endsWith('.dockerfile')) return 'dockerfile';
  if (/^(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml$/.test(base)) return 'compose';
  if (base === 'Modelfile' || base.endsWith('.modelfile')) return 'modelfile';
  if (/\.ya?ml$/.test(base)) return 'yaml';
  return undefined;
}

/** Strips comments and trailing commas from JSON with comments (VS Code settings). */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  let str = false;
  while (i < text.length) {
    const c = text[i]!;
    if (str) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (c === '"') str = false;
      i++;
      continue;
    }
    if (c === '"') {
      str = true;
      out += c;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const chunk = text.slice(i, end < 0 ? text.length : end + 2);
      out += chunk.replace(/[^\n]/g, ' ');
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

const lineOf = (text: string, needle: string): number => {
  const i = text.indexOf(needle);
  if (i < 0) return 1;
  let n = 1;
  for (let k = 0; k < i; k++) if (text.charCodeAt(k) === 10) n++;
  return n;
};

/** Context of the structured readers. */
export interface StructuredContext {
  rel: string;
  catalog: DetectionCatalog;
  identity: IdentityResolver;
}

/**
 * Reads an MCP client configuration: one agent (the client) connected to each server, with the
 * transport, command, package, pin and env keys (never values).
 */
export function readMcpConfig(text: string, ctx: StructuredContext): FileFacts {
  const spec = MCP_CONFIGS.find((c) => c.test.test(ctx.rel))!;
  let doc: Record<string, unknown>;
  try {
    doc = (spec.toml ? parseToml(text) : JSON.parse(stripJsonComments(text))) as Record<string, unknown>;
  } catch (e) {
    return { facts: [], problems: [{ code: 'repo/mcp-config-unparseable', message: `${ctx.rel}: ${(e as Error).message.split('\n')[0]}` }] };
  }
  const servers = (spec.key === 'mcp.servers' ? (doc.mcp as Record<string, unknown> | undefined)?.servers : doc[spec.key]) as
    | Record<string, Record<string, unknown>>
    | undefined;
  if (!servers || typeof servers !== 'object') return { facts: [] };
  const entries = Object.entries(servers);
  const facts: Fact[] = [];
  const links: NonNullable<Fact['links']> = [];
  for (const [name, s] of entries.sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!s || typeof s !== 'object') continue;
    const url = typeof s.url === 'string' ? s.url : typeof s.serverUrl === 'string' ? s.serverUrl : typeof s.httpUrl === 'string' ? s.httpUrl : undefined;
    const command = typeof s.command === 'string' ? s.command : undefined;
    const args = Array.isArray(s.args) ? s.args.map(String) : [];
    if (!url && !command) continue;
    const id = url ? ctx.identity.mcpServerIdentity({ url }) : ctx.identity.mcpServerIdentity({ command: command!, args });
    const type = typeof s.type === 'string' ? s.type : typeof s.transport === 'string' ? s.transport : undefined;
    const transport =
      type === 'sse'
        ? 'sse'
        : type === 'http' || type === 'streamable-http' || type === 'streamableHttp'
          ? type === 'http'
            ? 'http'
            : 'streamable-http'
          : url
            ? 'http'
            : 'stdio';
    const attributes: Record<string, unknown> = { transport, registry: id.registry };
    if (id.package) attributes.package = id.package;
    if (id.version) attributes.version = id.version;
    attributes.pinned =
      id.registry === 'npm' || id.registry === 'pypi'
        ? Boolean(id.version && /^\d+\.\d+\.\d+/.test(id.version))
        : id.registry === 'oci'
          ? Boolean(id.version && id.version !== 'latest')
          : id.registry === 'url'
            ? undefined
            : false;
    if (attributes.pinned === undefined) delete attributes.pinned;
    if (url) attributes.url = url.replace(/([?&](?:key|token|api_key|apikey)=)[^&]+/gi, '$1[redacted]');
    if (command) {
      attributes.command = command;
      attributes.args = args.map((a) => (/(?:sk-|ghp_|xox|token=|key=)/i.test(a) ? `${a.slice(0, 4)}[redacted]` : a));
    }
    const env = s.env && typeof s.env === 'object' ? Object.keys(s.env as object).sort() : [];
    if (env.length) attributes.envKeys = env;
    const headers = s.headers && typeof s.headers === 'object' ? Object.keys(s.headers as object) : [];
    if (headers.some((h) => /authorization|api-key|x-api-key/i.test(h))) attributes.authentication = 'api-key';
    else if (url) attributes.authentication = 'unknown';
    const line = lineOf(text, `"${name}"`) || lineOf(text, name);
    facts.push({ kind: 'mcp-server', key: id.key, name, attributes, line, basis: 'declared', detail: `mcp-config:${spec.client}` });
    links.push({ type: 'connects-to', to: { kind: 'mcp-server', key: id.key }, attributes: { name, transport } });
  }
  if (facts.length) {
    facts.unshift({
      kind: 'agent',
      key: `$app/${spec.client}`,
      name: spec.client,
      attributes: { framework: spec.client, type: 'coding-assistant' },
      line: 1,
      basis: 'declared',
      detail: `mcp-config:${spec.client}`,
      rel: 'contains',
      links,
    });
  }
  return { facts };
}

/** Reads an AI coding-assistant instruction file as a prompt asset. */
export function readAssistantFile(_text: string, ctx: StructuredContext): FileFacts {
  const a = ASSISTANT_FILES.find((c) => c.test.test(ctx.rel))!;
  return {
    facts: [
      {
        kind: 'prompt',
        key: `$app/${ctx.rel}`,
        name: ctx.rel,
        attributes: { role: 'assistant-config', location: ctx.rel, assistant: a.assistant },
        line: 1,
        basis: 'declared',
        detail: `assistant-config:${a.assistant}`,
        rel: 'contains',
      },
    ],
  };
}

/**
 * The code cells of a notebook as one text, with a map from its lines back to the notebook's
 * lines, plus `pip install` lines as library facts.
 */
export function notebookCode(text: string, rel: string): { code: string; lineMap: (line: number) => number; problems?: FileFacts['problems'] } {
  let nb: { cells?: Array<{ cell_type?: string; source?: string | string[] }> };
  try {
    nb = JSON.parse(text);
  } catch (e) {
    return { code: '', lineMap: (l) => l, problems: [{ code: 'repo/notebook-unparseable', message: `${rel}: ${(e as Error).message}` }] };
  }
  const fileLines = text.split('\n');
  const map: number[] = [];
  const parts: string[] = [];
  let cursor = 0;
  for (const cell of nb.cells ?? []) {
    if (cell.cell_type !== 'code') continue;
    const src = Array.isArray(cell.source) ? cell.source.join('') : (cell.source ?? '');
    for (const l of src.split('\n')) {
      const needle = JSON.stringify(l).slice(1, -1);
      let found = -1;
      for (let k = cursor; k < fileLines.length; k++) {
        if (needle && fileLines[k]!.includes(needle)) {
          found = k;
          break;
        }
      }
      if (found >= 0) cursor = found;
      map.push(cursor + 1);
      parts.push(l);
    }
  }
  return { code: parts.join('\n'), lineMap: (l) => map[l - 1] ?? 1 };
}

interface TfBlock {
  type: string;
  name: string;
  body: string;
  line: number;
}

function terraformBlocks(text: string): TfBlock[] {
  const out: TfBlock[] = [];
  const re = /^resource\s+"([^"]+)"\s+"([^"]+)"\s*\{/gm;
  for (const m of text.matchAll(re)) {
    const start = m.index! + m[0].length;
    let depth = 1;
    let i = start;
    while (i < text.length && depth > 0) {
      const c = text[i];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '"') {
        i++;
        while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      }
      i++;
    }
    out.push({ type: m[1]!, name: m[2]!, body: text.slice(start, i - 1), line: text.slice(0, m.index).split('\n').length });
  }
  return out;
}

const tfAttr = (body: string, key: string): string | undefined => {
  const m = new RegExp(`^\\s*${key}\\s*=\\s*("([^"]*)"|[^\\s#]+)`, 'm').exec(body);
  return m ? (m[2] ?? m[1]) : undefined;
};

/**
 * Reads Terraform resources for AI services (SageMaker, Bedrock, Azure OpenAI and Cognitive
 * Services, Azure ML, Vertex AI) with the exposure and authentication attributes rules need.
 */
export function readTerraform(text: string, ctx: StructuredContext): FileFacts {
  const facts: Fact[] = [];
  const blocks = terraformBlocks(text);
  const accountKeys = new Map<string, string>();
  for (const b of blocks) {
    const base = { line: b.line, basis: 'declared' as const, detail: `terraform:${b.type}` };
    const tfRef = `${b.type}.${b.name}`;
    switch (b.type) {
      case 'azurerm_cognitive_account':
      case 'azurerm_ai_services': {
        const kind = tfAttr(b.body, 'kind') ?? (b.type === 'azurerm_ai_services' ? 'AIServices' : '');
        const provider = kind === 'OpenAI' ? 'azure-openai' : 'azure-ai-foundry';
        const sub = tfAttr(b.body, 'custom_subdomain_name') ?? tfAttr(b.body, 'name') ?? b.name;
        const publicAccess = tfAttr(b.body, 'public_network_access_enabled');
        const aclDeny = /network_acls\s*\{[^}]*default_action\s*=\s*"Deny"/s.test(b.body);
        const localAuth = tfAttr(b.body, 'local_auth_enabled');
        const key = `${provider}/${sub}`;
        accountKeys.set(tfRef, key);
        facts.push({
          kind: 'model-endpoint',
          key,
          name: sub,
          attributes: {
            provider,
            platform: provider,
            exposure: publicAccess === 'false' || aclDeny ? 'private' : 'public',
            authentication: localAuth === 'false' ? 'oidc' : 'api-key',
            terraform: tfRef,
            kindName: kind,
          },
          ...base,
          rel: 'contains',
          links: [{ type: 'hosted-by', to: { kind: 'provider', key: provider } }],
        });
        facts.push({ kind: 'provider', key: provider, ...base });
        break;
      }
      case 'azurerm_cognitive_deployment': {
        const model = /model\s*\{[^}]*name\s*=\s*"([^"]+)"/s.exec(b.body)?.[1];
        const version = /model\s*\{[^}]*version\s*=\s*"([^"]+)"/s.exec(b.body)?.[1];
        const account = /cognitive_account_id\s*=\s*([\w.]+)\.id/.exec(b.body)?.[1];
        const m = model ? acceptModelId(model, ctx.identity) : undefined;
        if (m) {
          const attributes = modelAttributes(m);
          if (version) attributes.version = version;
          const endpoint = account ? accountKeys.get(account) : undefined;
          facts.push({
            kind: 'model',
            key: m.key,
            attributes,
            ...base,
            rel: 'uses-model',
            ...(endpoint ? { links: [{ type: 'served-by', to: { kind: 'model-endpoint', key: endpoint } }] } : {}),
          });
        }
        break;
      }
      case 'azurerm_machine_learning_workspace': {
        const publicAccess = tfAttr(b.body, 'public_network_access_enabled');
        facts.push({
          kind: 'model-endpoint',
          key: `azure-ml/${tfAttr(b.body, 'name') ?? b.name}`,
          attributes: { provider: 'azure-ml', platform: 'azure-ml', exposure: publicAccess === 'false' ? 'private' : 'public', terraform: tfRef },
          ...base,
          rel: 'contains',
          links: [{ type: 'hosted-by', to: { kind: 'provider', key: 'azure-ml' } }],
        });
        facts.push({ kind: 'provider', key: 'azure-ml', ...base });
        break;
      }
      case 'aws_sagemaker_endpoint':
      case 'aws_sagemaker_notebook_instance':
      case 'aws_sagemaker_domain': {
        const direct = tfAttr(b.body, 'direct_internet_access');
        const access = tfAttr(b.body, 'app_network_access_type');
        const exposure =
          b.type === 'aws_sagemaker_notebook_instance'
            ? direct === 'Disabled'
              ? 'private'
              : 'public'
            : b.type === 'aws_sagemaker_domain'
              ? access === 'VpcOnly'
                ? 'private'
                : 'public'
              : 'private';
        facts.push({
          kind: 'model-endpoint',
          key: `aws-sagemaker/${tfAttr(b.body, 'name') ?? tfAttr(b.body, 'domain_name') ?? b.name}`,
          attributes: { provider: 'aws-sagemaker', platform: 'sagemaker', exposure, authentication: 'iam', terraform: tfRef, resourceType: b.type.slice(14) },
          ...base,
          rel: 'contains',
          links: [{ type: 'hosted-by', to: { kind: 'provider', key: 'aws-sagemaker' } }],
        });
        facts.push({ kind: 'provider', key: 'aws-sagemaker', ...base });
        break;
      }
      case 'aws_sagemaker_model': {
        const image = /image\s*=\s*"([^"]+)"/.exec(b.body)?.[1];
        const vpc = /vpc_config\s*\{/.test(b.body);
        const isolation = tfAttr(b.body, 'enable_network_isolation');
        facts.push({
          kind: 'model',
          id: `model:aws-sagemaker/${tfAttr(b.body, 'name') ?? b.name}`,
          key: `aws-sagemaker/${tfAttr(b.body, 'name') ?? b.name}`,
          attributes: {
            provider: 'aws-sagemaker',
            surface: 'first-party-trained',
            networkIsolation: isolation === 'true',
            vpc,
            ...(image ? { image } : {}),
            terraform: tfRef,
          },
          ...base,
          rel: 'uses-model',
        });
        break;
      }
      case 'aws_bedrockagent_agent': {
        const name = tfAttr(b.body, 'agent_name') ?? b.name;
        const fm = tfAttr(b.body, 'foundation_model');
        const m = fm ? acceptModelId(fm, ctx.identity) : undefined;
        facts.push({
          kind: 'agent',
          key: `$app/${name}`,
          name,
          attributes: { framework: 'aws-bedrock-agents', guardrail: /guardrail_configuration/.test(b.body), terraform: tfRef },
          ...base,
          rel: 'contains',
          links: [
            { type: 'calls', to: { kind: 'provider', key: 'aws-bedrock' } },
            ...(m ? [{ type: 'uses-model' as const, to: { kind: 'model' as const, key: m.key } }] : []),
          ],
        });
        facts.push({ kind: 'provider', key: 'aws-bedrock', ...base, rel: 'calls' });
        if (m) facts.push({ kind: 'model', key: m.key, attributes: modelAttributes(m), ...base, rel: 'uses-model' });
        break;
      }
      case 'aws_bedrock_custom_model': {
        const name = tfAttr(b.body, 'custom_model_name') ?? b.name;
        const baseModel = tfAttr(b.body, 'base_model_identifier');
        const m = baseModel ? acceptModelId(baseModel.split('/').pop()!, ctx.identity) : undefined;
        facts.push({
          kind: 'model',
          id: `model:aws-bedrock/${name}`,
          key: `aws-bedrock/${name}`,
          attributes: { provider: 'aws-bedrock', surface: 'fine-tuned-in-house', terraform: tfRef },
          ...base,
          rel: 'uses-model',
          ...(m ? { links: [{ type: 'fine-tuned-from' as const, to: { kind: 'model' as const, key: m.key } }] } : {}),
        });
        facts.push({ kind: 'provider', key: 'aws-bedrock', ...base, rel: 'calls' });
        break;
      }
      case 'google_vertex_ai_endpoint':
      case 'google_vertex_ai_index_endpoint': {
        const network = tfAttr(b.body, 'network');
        const publicEnabled = tfAttr(b.body, 'public_endpoint_enabled');
        const psc = /private_service_connect_config\s*\{/.test(b.body);
        const exposure = network || psc ? 'private' : b.type === 'google_vertex_ai_index_endpoint' && publicEnabled !== 'true' ? 'private' : 'public';
        facts.push({
          kind: 'model-endpoint',
          key: `google-vertex-ai/${tfAttr(b.body, 'display_name') ?? tfAttr(b.body, 'name') ?? b.name}`,
          attributes: {
            provider: 'google-vertex-ai',
            platform: 'vertex-ai',
            region: tfAttr(b.body, 'location') ?? tfAttr(b.body, 'region'),
            exposure,
            authentication: 'iam',
            terraform: tfRef,
          },
          ...base,
          rel: 'contains',
          links: [{ type: 'hosted-by', to: { kind: 'provider', key: 'google-vertex-ai' } }],
        });
        facts.push({ kind: 'provider', key: 'google-vertex-ai', ...base });
        break;
      }
    }
  }
  for (const f of facts) if (f.attributes) for (const k of Object.keys(f.attributes)) if (f.attributes[k] === undefined) delete f.attributes[k];
  return { facts };
}

function imageFacts(image: string, line: number, ctx: StructuredContext, detail: string, service?: string): Fact[] {
  let ref = image
    .trim()
    .replace(/^docker\.io\//, '')
    .replace(/^library\//, '');
  let version: string | undefined;
  const at = ref.indexOf('@');
  if (at > 0) {
    version = ref.slice(at + 1);
    ref = ref.slice(0, at);
  }
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) {
    version = version ?? ref.slice(colon + 1);
    ref = ref.slice(0, colon);
  }
  const lower = ref.toLowerCase();
  const hit = ctx.catalog.runtimeImages.find((r) => lower === r.image || lower.startsWith(`${r.image}/`));
  if (!hit) return [];
  const pinned = Boolean(version && version !== 'latest' && !version.startsWith('$'));
  const attributes: Record<string, unknown> = { image: `${ref}${version ? (version.startsWith('sha256') ? `@${version}` : `:${version}`) : ''}`, pinned };
  const base = { line, basis: 'declared' as const, detail };
  if (hit.kind === 'vector-store') {
    const vs = ctx.catalog.vectorStores.find((v) => v.product === hit.product);
    return [
      {
        kind: 'vector-store',
        key: hit.product,
        name: vs?.name ?? hit.product,
        attributes: { product: hit.product, hosting: 'self-hosted', ...attributes },
        ...base,
        rel: 'retrieves-from',
      },
    ];
  }
  if (hit.kind === 'gateway')
    return [{ kind: 'gateway', key: hit.product, attributes: { product: hit.product, ...attributes }, ...base, rel: 'routes-through' }];
  return [
    {
      kind: 'model-endpoint',
      key: `$app/${service ?? hit.product}`,
      name: service ?? hit.product,
      attributes: { platform: hit.product, ...attributes },
      ...base,
      rel: 'calls',
    },
  ];
}

/** Reads a Dockerfile's base images. */
export function readDockerfile(text: string, ctx: StructuredContext): FileFacts {
  const facts: Fact[] = [];
  text.split('\n').forEach((l, i) => {
    const m = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/i.exec(l);
    if (m?.[1]) facts.push(...imageFacts(m[1], i + 1, ctx, 'container:dockerfile'));
  });
  return { facts };
}

/**
 * Reads images from compose files, Kubernetes manifests and other YAML; for model servers,
 * the model they serve (`--model`, `MODEL_ID`) and whether their port is published.
 */
export function readYamlImages(text: string, ctx: StructuredContext, compose: boolean): FileFacts {
  const facts: Fact[] = [];
  const lines = text.split('\n');
  let services: Record<string, { image?: string; ports?: unknown[]; command?: unknown; environment?: unknown }> = {};
  if (compose) {
    try {
      services = ((parseYaml(text) as { services?: typeof services } | null)?.services ?? {}) as typeof services;
    } catch (e) {
      return { facts: [], problems: [{ code: 'repo/compose-unparseable', message: `${ctx.rel}: ${(e as Error).message.split('\n')[0]}` }] };
    }
  }
  const byImage = new Map<string, string>();
  for (const [name, s] of Object.entries(services)) if (s && typeof s.image === 'string') byImage.set(s.image, name);
  lines.forEach((l, i) => {
    const m = /^\s*-?\s*image:\s*["']?([^\s"'#]+)/.exec(l);
    if (!m?.[1]) return;
    const service = byImage.get(m[1]);
    const found = imageFacts(m[1], i + 1, ctx, compose ? 'container:compose' : 'container:yaml', service);
    if (service && found[0]) {
      const s = services[service]!;
      const ports = (s.ports ?? []).map(String);
      if (ports.length)
        found[0].attributes = {
          ...found[0].attributes,
          exposure: ports.every((p) => p.startsWith('127.0.0.1:') || p.startsWith('localhost:')) ? 'local' : 'public',
        };
      const cmd = Array.isArray(s.command) ? s.command.map(String).join(' ') : typeof s.command === 'string' ? s.command : '';
      const env = Array.isArray(s.environment)
        ? s.environment.map(String).join(' ')
        : s.environment
          ? Object.entries(s.environment as object)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')
          : '';
      const served = /--model(?:[= ])\s*(\S+)/.exec(cmd)?.[1] ?? /\bMODEL(?:_ID|_NAME)?=(\S+)/.exec(env)?.[1];
      const model = served ? (acceptHfRepo(served, ctx.identity) ?? acceptModelId(served, ctx.identity)) : undefined;
      if (model && found[0].kind === 'model-endpoint') {
        facts.push({
          kind: 'model',
          key: model.key,
          attributes: modelAttributes(model, 'open-weight-self-hosted'),
          line: i + 1,
          basis: 'declared',
          detail: 'container:served-model',
          rel: 'uses-model',
          links: [{ type: 'served-by', to: { kind: 'model-endpoint', key: found[0].key } }],
        });
      }
    }
    facts.push(...found);
  });
  if (/^\s*model_list\s*:/m.test(text)) {
    facts.push({
      kind: 'gateway',
      key: 'litellm',
      attributes: { product: 'litellm', config: ctx.rel },
      line: lineOf(text, 'model_list'),
      basis: 'declared',
      detail: 'litellm:config',
      rel: 'routes-through',
    });
  }
  return { facts };
}

/** Reads an Ollama Modelfile's base model. */
export function readModelfile(text: string, ctx: StructuredContext): FileFacts {
  const facts: Fact[] = [];
  text.split('\n').forEach((l, i) => {
    const m = /^\s*FROM\s+(\S+)/i.exec(l);
    if (!m?.[1]) return;
    if (/\.(?:gguf|bin|safetensors)$/i.test(m[1]) || m[1].startsWith('.') || m[1].startsWith('/')) return;
    const model = acceptModelId(`ollama/${m[1]}`, ctx.identity);
    if (model)
      facts.push({
        kind: 'model',
        key: model.key,
        attributes: modelAttributes(model, 'open-weight-self-hosted'),
        line: i + 1,
        basis: 'declared',
        detail: 'ollama:modelfile',
        rel: 'uses-model',
      });
  });
  return { facts };
}

/** A model or dataset file recognised by its extension (never read). */
export function modelFileFacts(rel: string, size: number, catalog: DetectionCatalog): Fact[] {
  const lower = rel.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  const fmt = catalog.modelFormats.find((f) => base.endsWith(f.extension));
  if (!fmt) return [];
  if (fmt.extension === '.bin' && !/model|weights|adapter|ckpt|checkpoint|ggml/.test(base)) return [];
  if (fmt.extension === '.h5' && !/model|weights|keras|ckpt/.test(lower)) return [];
  if (fmt.kind === 'dataset') {
    return [
      {
        kind: 'dataset',
        key: `$app/${rel}`,
        name: rel,
        attributes: { format: fmt.format, location: rel, size: String(size) },
        line: 1,
        basis: 'inferred',
        detail: `file:${fmt.extension}`,
        rel: 'contains',
      },
    ];
  }
  return [
    {
      kind: 'model',
      id: `model:unknown/file:$app:${rel.replaceAll('/', ':')}`,
      key: `unknown/file:$app:${rel.replaceAll('/', ':')}`,
      name: rel,
      attributes: { format: fmt.format, pickle: fmt.pickle, location: rel, size: String(size), surface: 'open-weight-self-hosted' },
      line: 1,
      basis: 'inferred',
      detail: `file:${fmt.extension}`,
      rel: 'uses-model',
    },
  ];
}
