import { type Issue, ok, type Result, toJsonPointer } from '@aispm/core';
import { analyseRegex } from '../repo/regex-safety';
import { AGENT_FRAMEWORKS, MODEL_FORMATS, RUNTIME_IMAGES, VECTOR_STORES } from './frameworks';
import { KEY_FORMATS } from './keys';
import { SDK_PACKAGES } from './packages';
import { CLIENT_SYMBOLS, MODEL_PREFIXES, PROVIDER_HOSTS } from './providers';
import { type CatalogExtension, type DetectionCatalog, DetectionCatalogSchema } from './schema';

/**
 * Version of the built-in detection catalog (year.month.patch).
 *
 * @example
 * ```ts
 * CATALOG_VERSION; // '2026.11.0'
 * ```
 */
export const CATALOG_VERSION = '2026.11.0';

/**
 * The built-in detection catalog: providers and hosts, SDK packages per ecosystem, key formats,
 * client constructors, agent frameworks, vector stores, runtime images, model formats and model
 * id prefixes.
 *
 * @example
 * ```ts
 * DEFAULT_CATALOG.keyFormats.length; // 27
 * ```
 */
export const DEFAULT_CATALOG: DetectionCatalog = {
  // The built-in data is checked against DetectionCatalogSchema by the test suite (parsing it
  // gives back this very catalog), so it is not parsed again at every start; only the schema's
  // defaults are filled in here.
  version: CATALOG_VERSION,
  providers: PROVIDER_HOSTS.map((p) => ({ ...p, envVars: p.envVars ?? [], kind: p.kind ?? 'provider' })),
  packages: SDK_PACKAGES.map((p) => ({ ...p, imports: p.imports ?? [] })),
  keyFormats: KEY_FORMATS.map((k) => ({ ...k, flags: k.flags ?? '' })),
  clients: CLIENT_SYMBOLS,
  agentFrameworks: AGENT_FRAMEWORKS.map((f) => ({ ...f, toolDecorators: f.toolDecorators ?? [] })),
  vectorStores: VECTOR_STORES.map((v) => ({ ...v, hosts: v.hosts ?? [] })),
  runtimeImages: RUNTIME_IMAGES,
  modelFormats: MODEL_FORMATS.map((m) => ({ ...m, pickle: m.pickle ?? false })),
  modelPrefixes: MODEL_PREFIXES,
};

/**
 * Adds user entries to a catalog (user entries come first, so they win where detection picks the
 * first match). Bad entries come back as issues with a JSON pointer into the extension.
 *
 * @example
 * ```ts
 * const r = extendCatalog(DEFAULT_CATALOG, { packages: [{ ecosystem: 'npm', name: '@acme/llm', imports: ['@acme/llm'], category: 'ai-sdk', provider: 'acme' }] });
 * if (r.ok) scanRepository(dir, { catalog: r.value });
 * ```
 */
export function extendCatalog(base: DetectionCatalog, extension: CatalogExtension): Result<DetectionCatalog> {
  const merged = {
    version: `${base.version}+user`,
    providers: [...(extension.providers ?? []), ...base.providers],
    packages: [...(extension.packages ?? []), ...base.packages],
    keyFormats: [...(extension.keyFormats ?? []), ...base.keyFormats],
    clients: [...(extension.clients ?? []), ...base.clients],
    agentFrameworks: [...(extension.agentFrameworks ?? []), ...base.agentFrameworks],
    vectorStores: [...(extension.vectorStores ?? []), ...base.vectorStores],
    runtimeImages: [...(extension.runtimeImages ?? []), ...base.runtimeImages],
    modelFormats: [...(extension.modelFormats ?? []), ...base.modelFormats],
    modelPrefixes: [...(extension.modelPrefixes ?? []), ...base.modelPrefixes],
  };
  const parsed = DetectionCatalogSchema.safeParse(merged);
  if (parsed.success) {
    const issues = checkPatterns(parsed.data);
    return issues.length ? { ok: false, issues } : ok(parsed.data);
  }
  const issues: Issue[] = parsed.error.issues.map((i) => ({
    code: `catalog/${i.code}`,
    message: i.message,
    path: toJsonPointer(i.path as Array<string | number>),
  }));
  return { ok: false, issues };
}

function checkPatterns(c: DetectionCatalog): Issue[] {
  const out: Issue[] = [];
  c.keyFormats.forEach((k, i) => {
    try {
      new RegExp(k.pattern, k.flags);
    } catch (e) {
      out.push({ code: 'catalog/bad-pattern', message: `key format ${k.id}: ${(e as Error).message}`, path: `/keyFormats/${i}/pattern` });
      return;
    }
    for (const h of analyseRegex(k.pattern)) {
      out.push({ code: 'catalog/unsafe-pattern', message: `key format ${k.id}: ${h.message}`, path: `/keyFormats/${i}/pattern` });
    }
  });
  return out;
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/**
 * Renders the catalog as a Markdown reference page (the source of `docs/reference/catalogs-detection.md`).
 *
 * @example
 * ```ts
 * writeFileSync('catalogs-detection.md', renderCatalogMarkdown(DEFAULT_CATALOG));
 * ```
 */
export function renderCatalogMarkdown(c: DetectionCatalog): string {
  const lines: string[] = [];
  lines.push('# Detection catalogs', '');
  lines.push(`Generated from the built-in detection catalog, version \`${c.version}\`. Do not edit by hand: run the catalog docs script.`, '');
  lines.push('Extend any list from your configuration (`options.catalog` of the `repo` source); user entries are tried first.', '');
  lines.push('## Providers and hosts', '', '| provider | kind | hosts | environment variables |', '|---|---|---|---|');
  for (const p of c.providers)
    lines.push(`| ${p.provider} | ${p.kind} | ${p.hosts.map((h) => `\`${h}\``).join(', ')} | ${p.envVars.map((v) => `\`${v}\``).join(', ')} |`);
  lines.push('', '## SDK packages', '', '| ecosystem | package | category | imports | provider / store / framework |', '|---|---|---|---|---|');
  for (const p of c.packages) {
    lines.push(
      `| ${p.ecosystem} | \`${p.name}\` | ${p.category} | ${p.imports.map((i) => `\`${i}\``).join(', ')} | ${[p.provider, p.vectorStore, p.agentFramework, p.gateway].filter(Boolean).join(', ')} |`,
    );
  }
  lines.push('', '## Hard-coded key formats', '', 'Only the first four characters of a match and a keyed fingerprint are ever kept.', '');
  lines.push('| id | provider | description | required literals |', '|---|---|---|---|');
  for (const k of c.keyFormats) lines.push(`| ${k.id} | ${k.provider} | ${cell(k.description)} | ${k.literals.map((l) => `\`${l}\``).join(', ')} |`);
  lines.push('', '## Client constructors', '', '| symbol | provider |', '|---|---|');
  for (const s of c.clients) lines.push(`| \`${s.symbol}\` | ${s.provider} |`);
  lines.push('', '## Agent frameworks', '', '| id | name | agent constructors | tool declarations |', '|---|---|---|---|');
  for (const f of c.agentFrameworks)
    lines.push(`| ${f.id} | ${f.name} | ${f.constructors.map((x) => `\`${x}\``).join(', ')} | ${f.toolDecorators.map((x) => `\`${cell(x)}\``).join(', ')} |`);
  lines.push('', '## Vector stores', '', '| product | name | hosting | hosts |', '|---|---|---|---|');
  for (const v of c.vectorStores) lines.push(`| ${v.product} | ${v.name} | ${v.hosting} | ${v.hosts.map((h) => `\`${h}\``).join(', ')} |`);
  lines.push('', '## Runtime images', '', '| image | kind | product |', '|---|---|---|');
  for (const r of c.runtimeImages) lines.push(`| \`${r.image}\` | ${r.kind} | ${r.product} |`);
  lines.push('', '## Model and dataset files', '', '| extension | format | kind | pickle-based |', '|---|---|---|---|');
  for (const f of c.modelFormats) lines.push(`| \`${f.extension}\` | ${f.format} | ${f.kind} | ${f.pickle ? 'yes' : 'no'} |`);
  lines.push('', '## Model identifier prefixes', '', '| prefix | provider |', '|---|---|');
  for (const m of c.modelPrefixes) lines.push(`| \`${m.prefix}\` | ${m.provider} |`);
  lines.push('');
  return lines.join('\n');
}

export type {
  AgentFramework,
  CatalogExtension,
  DetectionCatalog,
  KeyFormat,
  ProviderHost,
  RuntimeImage,
  SdkPackage,
} from './schema';
export { DetectionCatalogSchema } from './schema';
