import type { Ecosystem, IdentityResolver } from '@aispm/core';
import type { DetectionCatalog, SdkPackage } from '../catalogs/index';
import type { Fact, FileFacts } from './facts';
import { parseToml, parseYaml } from './lazy-deps';

/** Base names of manifest and lock files, with their reader. */
const MANIFEST_NAMES: Record<string, string> = {
  'package.json': 'npm',
  'package-lock.json': 'npm-lock',
  'npm-shrinkwrap.json': 'npm-lock',
  'yarn.lock': 'yarn-lock',
  'pnpm-lock.yaml': 'pnpm-lock',
  'pyproject.toml': 'pyproject',
  Pipfile: 'pipfile',
  'Pipfile.lock': 'pipfile-lock',
  'setup.cfg': 'setup-cfg',
  'setup.py': 'setup-py',
  'environment.yml': 'conda',
  'environment.yaml': 'conda',
  'go.mod': 'gomod',
  'pom.xml': 'pom',
  'build.gradle': 'gradle',
  'build.gradle.kts': 'gradle',
  'packages.config': 'nuget-config',
  'Directory.Packages.props': 'csproj',
  'Cargo.toml': 'cargo',
  'Cargo.lock': 'cargo-lock',
  Gemfile: 'gemfile',
  'Gemfile.lock': 'gemfile-lock',
  'pnpm-workspace.yaml': 'pnpm-workspace',
  'lerna.json': 'lerna',
  'go.work': 'gowork',
};

/**
 * Which manifest reader applies to a file, if any.
 *
 * @example
 * ```ts
 * manifestType('api/requirements-dev.txt'); // 'requirements'
 * ```
 */
export function manifestType(rel: string): string | undefined {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  // An own property only: a file named `constructor` or `toString` is not a manifest.
  if (Object.hasOwn(MANIFEST_NAMES, base)) return MANIFEST_NAMES[base];
  // The pattern tests below only for the suffixes they can match (most files have none of them).
  const tail = base.slice(-8).toLowerCase();
  if (tail.endsWith('.txt') || tail.endsWith('.in')) {
    if (/^requirements[\w.-]*\.(?:txt|in)$/i.test(base) || /(?:^|\/)requirements\/[\w.-]+\.(?:txt|in)$/i.test(rel) || base === 'constraints.txt')
      return 'requirements';
    return undefined;
  }
  if (tail.endsWith('proj') && /\.(?:cs|fs|vb)proj$/i.test(base)) return 'csproj';
  if (base.endsWith('.gemspec')) return 'gemspec';
  return undefined;
}

/** Looks packages up by ecosystem and normalised name. */
export function createPackageLookup(catalog: DetectionCatalog, identity: IdentityResolver) {
  const map = new Map<string, SdkPackage>();
  for (const p of catalog.packages) {
    const key = identity.packageIdentity(p.ecosystem, p.name).key;
    if (!map.has(key)) map.set(key, p);
  }
  return (eco: Ecosystem, name: string): SdkPackage | undefined => {
    try {
      return map.get(identity.packageIdentity(eco, name).key);
    } catch {
      return undefined;
    }
  };
}

interface Dep {
  eco: Ecosystem;
  name: string;
  version?: string;
  line?: number;
  scope?: string;
}

const lineOf = (text: string, needle: string, from = 0): number | undefined => {
  const i = text.indexOf(needle, from);
  if (i < 0) return undefined;
  let n = 1;
  for (let k = 0; k < i; k++) if (text.charCodeAt(k) === 10) n++;
  return n;
};

function linesOf(text: string) {
  return text.split(/\r?\n/);
}

function pep508(spec: string): { name: string; version?: string } | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(\(?\s*(?:===|==|~=|>=|<=|!=|>|<)[^;#]*)?/.exec(spec);
  if (!m?.[1]) return undefined;
  const version = m[2]?.replace(/[()\s]/g, '').trim();
  return version ? { name: m[1], version } : { name: m[1] };
}

const isPinned = (eco: Ecosystem, v?: string) => {
  if (!v) return false;
  if (eco === 'pypi') return /^===?[^,*]+$/.test(v);
  if (eco === 'npm') return /^\d+\.\d+\.\d+(?:[-+][\w.]+)?$/.test(v);
  if (eco === 'golang' || eco === 'cargo' || eco === 'maven' || eco === 'nuget') return /^=?\d+(?:\.\d+)*(?:[-+][\w.]+)?$/.test(v);
  if (eco === 'gem') return /^=?\s*\d+(?:\.\d+)*$/.test(v);
  return false;
};

/**
 * Reads a manifest or lock file and turns the AI packages it declares into library facts (with
 * the provider, vector store and gateway they imply). Syntax problems become `problems`, never
 * exceptions.
 *
 * @example
 * ```ts
 * const ff = readManifest('requirements.txt', 'openai==1.40.0\n', catalog, identity);
 * ff.facts[0].key; // 'pypi/openai'
 * ```
 */
export function readManifest(rel: string, text: string, catalog: DetectionCatalog, identity: IdentityResolver): FileFacts {
  const type = manifestType(rel) ?? '';
  const out: FileFacts = { facts: [], manifest: true };
  const problems: NonNullable<FileFacts['problems']> = [];
  const deps: Dep[] = [];
  try {
    switch (type) {
      case 'npm': {
        const j = JSON.parse(text) as Record<string, unknown>;
        if (typeof j.name === 'string') out.packageName = { ecosystem: 'npm', name: j.name };
        if (j.workspaces) out.workspace = true;
        for (const scope of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
          const d = j[scope];
          if (d && typeof d === 'object')
            for (const [name, v] of Object.entries(d as Record<string, string>))
              deps.push({ eco: 'npm', name, version: String(v), line: lineOf(text, `"${name}"`), scope });
        }
        break;
      }
      case 'npm-lock': {
        out.manifest = false;
        const j = JSON.parse(text) as { packages?: Record<string, { version?: string }>; dependencies?: Record<string, { version?: string }> };
        for (const [path, info] of Object.entries(j.packages ?? {})) {
          const i = path.lastIndexOf('node_modules/');
          if (i < 0) continue;
          const name = path.slice(i + 13);
          deps.push({ eco: 'npm', name, version: info.version, line: lineOf(text, `"${path}"`), scope: 'lock' });
        }
        if (!j.packages)
          for (const [name, info] of Object.entries(j.dependencies ?? {}))
            deps.push({ eco: 'npm', name, version: info.version, line: lineOf(text, `"${name}"`), scope: 'lock' });
        break;
      }
      case 'yarn-lock':
      case 'pnpm-lock': {
        out.manifest = false;
        const ls = linesOf(text);
        ls.forEach((l, i) => {
          const m = type === 'yarn-lock' ? /^"?(@?[^@\s"]+)@/.exec(l) : /^\s{2}'?\/?(@?[^@\s']+)@(\d[^:'(]*)/.exec(l);
          if (!m?.[1]) return;
          let version = type === 'pnpm-lock' ? m[2] : undefined;
          if (!version) for (let k = i + 1; k < Math.min(ls.length, i + 4); k++) version = /^\s+version:?\s+"?([^"\s]+)"?/.exec(ls[k]!)?.[1] ?? version;
          deps.push({ eco: 'npm', name: m[1], version, line: i + 1, scope: 'lock' });
        });
        break;
      }
      case 'requirements': {
        linesOf(text).forEach((l, i) => {
          const s = l.replace(/\s#.*$/, '').trim();
          if (!s || s.startsWith('#') || s.startsWith('-') || /^[a-z+]+:\/\//i.test(s)) return;
          const d = pep508(s);
          if (d) deps.push({ eco: 'pypi', ...d, line: i + 1 });
        });
        break;
      }
      case 'pyproject':
      case 'pipfile': {
        // biome-ignore lint/suspicious/noExplicitAny: a TOML document is untyped; every field is checked where it is read.
        const t = parseToml(text) as Record<string, any>;
        const project = t.project ?? {};
        const poetry = t.tool?.poetry ?? {};
        if (typeof project.name === 'string') out.packageName = { ecosystem: 'pypi', name: project.name };
        else if (typeof poetry.name === 'string') out.packageName = { ecosystem: 'pypi', name: poetry.name };
        if (t.tool?.uv?.workspace) out.workspace = true;
        const addSpec = (s: unknown) => {
          if (typeof s !== 'string') return;
          const d = pep508(s);
          if (d) deps.push({ eco: 'pypi', ...d, line: lineOf(text, d.name) });
        };
        const addTable = (tbl: unknown) => {
          if (!tbl || typeof tbl !== 'object') return;
          for (const [name, v] of Object.entries(tbl as Record<string, unknown>)) {
            if (name.toLowerCase() === 'python') continue;
            const version =
              typeof v === 'string' ? v : typeof (v as { version?: unknown })?.version === 'string' ? (v as { version: string }).version : undefined;
            deps.push({ eco: 'pypi', name, ...(version && version !== '*' ? { version } : {}), line: lineOf(text, name) });
          }
        };
        (project.dependencies ?? []).forEach(addSpec);
        for (const group of Object.values(project['optional-dependencies'] ?? {})) (group as unknown[]).forEach(addSpec);
        for (const group of Object.values(t['dependency-groups'] ?? {})) (group as unknown[]).forEach(addSpec);
        addTable(poetry.dependencies);
        addTable(poetry['dev-dependencies']);
        for (const g of Object.values(poetry.group ?? {})) addTable((g as { dependencies?: unknown }).dependencies);
        addTable(t.packages);
        addTable(t['dev-packages']);
        break;
      }
      case 'pipfile-lock': {
        out.manifest = false;
        const j = JSON.parse(text) as Record<string, Record<string, { version?: string }>>;
        for (const section of ['default', 'develop']) {
          for (const [name, info] of Object.entries(j[section] ?? {}))
            deps.push({ eco: 'pypi', name, version: info.version, line: lineOf(text, `"${name}"`), scope: 'lock' });
        }
        break;
      }
      case 'setup-cfg': {
        const ls = linesOf(text);
        let inReq = false;
        ls.forEach((l, i) => {
          if (/^\s*install_requires\s*=/.test(l)) {
            inReq = true;
            const rest = l.split('=').slice(1).join('=').trim();
            if (rest) {
              const d = pep508(rest);
              if (d) deps.push({ eco: 'pypi', ...d, line: i + 1 });
            }
            return;
          }
          if (inReq) {
            if (/^\S/.test(l) || /^\s*\[/.test(l)) {
              inReq = false;
              return;
            }
            const d = pep508(l.trim());
            if (d) deps.push({ eco: 'pypi', ...d, line: i + 1 });
          }
        });
        break;
      }
      case 'setup-py': {
        const m = /install_requires\s*=\s*\[([\s\S]*?)\]/.exec(text);
        if (m?.[1]) {
          for (const s of m[1].matchAll(/["']([^"']+)["']/g)) {
            const d = pep508(s[1]!);
            if (d) deps.push({ eco: 'pypi', ...d, line: lineOf(text, s[0]!) });
          }
        }
        break;
      }
      case 'conda': {
        const y = parseYaml(text) as { dependencies?: unknown[] } | null;
        for (const d of y?.dependencies ?? []) {
          if (typeof d === 'string') {
            const m = /^([A-Za-z0-9_.-]+)\s*(?:[=<>!~]=?\s*([^\s=]+))?/.exec(d);
            if (m?.[1]) deps.push({ eco: 'pypi', name: m[1], ...(m[2] ? { version: m[2] } : {}), line: lineOf(text, d) });
          } else if (d && typeof d === 'object' && Array.isArray((d as { pip?: unknown }).pip)) {
            for (const s of (d as { pip: unknown[] }).pip) {
              const p = typeof s === 'string' ? pep508(s) : undefined;
              if (p) deps.push({ eco: 'pypi', ...p, line: lineOf(text, s as string) });
            }
          }
        }
        break;
      }
      case 'gomod': {
        const ls = linesOf(text);
        let block = false;
        ls.forEach((l, i) => {
          const mod = /^module\s+(\S+)/.exec(l);
          if (mod?.[1]) out.packageName = { ecosystem: 'golang', name: mod[1] };
          if (/^require\s*\($/.test(l.trim())) block = true;
          else if (block && l.trim() === ')') block = false;
          const m = block ? /^\s*(\S+)\s+(v\S+)/.exec(l) : /^require\s+(\S+)\s+(v\S+)/.exec(l);
          if (m?.[1]) deps.push({ eco: 'golang', name: m[1], version: m[2], line: i + 1 });
        });
        break;
      }
      case 'gowork':
      case 'pnpm-workspace':
      case 'lerna':
        out.workspace = true;
        out.manifest = false;
        break;
      case 'pom': {
        for (const m of text.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
          const body = m[1]!;
          const g = /<groupId>\s*([^<\s]+)\s*<\/groupId>/.exec(body)?.[1];
          const a = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(body)?.[1];
          const v = /<version>\s*([^<\s]+)\s*<\/version>/.exec(body)?.[1];
          if (g && a) deps.push({ eco: 'maven', name: `${g}:${a}`, ...(v ? { version: v } : {}), line: lineOf(text, `<artifactId>${a}</artifactId>`) });
        }
        if (/<modules>/.test(text)) out.workspace = true;
        break;
      }
      case 'gradle': {
        linesOf(text).forEach((l, i) => {
          const m =
            /\b(?:implementation|api|compileOnly|runtimeOnly|testImplementation|kapt)\s*\(?\s*(?:platform\s*\(\s*)?["']([\w.-]+):([\w.-]+)(?::([\w.${}-]+))?["']/.exec(
              l,
            );
          if (m?.[1] && m[2]) deps.push({ eco: 'maven', name: `${m[1]}:${m[2]}`, ...(m[3] ? { version: m[3] } : {}), line: i + 1 });
        });
        break;
      }
      case 'csproj':
      case 'nuget-config': {
        linesOf(text).forEach((l, i) => {
          const m =
            /<(?:PackageReference|PackageVersion)\s+(?:Include|Update)="([^"]+)"(?:\s+Version="([^"]+)")?/.exec(l) ??
            /<package\s+id="([^"]+)"\s+version="([^"]+)"/.exec(l);
          if (m?.[1]) deps.push({ eco: 'nuget', name: m[1], ...(m[2] ? { version: m[2] } : {}), line: i + 1 });
        });
        break;
      }
      case 'cargo': {
        // biome-ignore lint/suspicious/noExplicitAny: a TOML document is untyped; every field is checked where it is read.
        const t = parseToml(text) as Record<string, any>;
        if (t.workspace) out.workspace = true;
        if (typeof t.package?.name === 'string') out.packageName = { ecosystem: 'cargo', name: t.package.name };
        for (const section of [t.dependencies, t['dev-dependencies'], t.workspace?.dependencies]) {
          for (const [name, v] of Object.entries((section ?? {}) as Record<string, unknown>)) {
            const version =
              typeof v === 'string' ? v : typeof (v as { version?: unknown })?.version === 'string' ? (v as { version: string }).version : undefined;
            deps.push({ eco: 'cargo', name, ...(version ? { version } : {}), line: lineOf(text, name) });
          }
        }
        break;
      }
      case 'cargo-lock': {
        out.manifest = false;
        for (const m of text.matchAll(/\[\[package\]\]\s*\nname\s*=\s*"([^"]+)"\s*\nversion\s*=\s*"([^"]+)"/g)) {
          deps.push({ eco: 'cargo', name: m[1]!, version: m[2]!, line: lineOf(text, m[0]!), scope: 'lock' });
        }
        break;
      }
      case 'gemfile':
      case 'gemspec': {
        linesOf(text).forEach((l, i) => {
          const m = /^\s*(?:gem|s(?:pec)?\.add_(?:runtime_|development_)?dependency)\s*\(?\s*["']([^"']+)["'](?:\s*,\s*["']([^"']+)["'])?/.exec(l);
          if (m?.[1]) deps.push({ eco: 'gem', name: m[1], ...(m[2] ? { version: m[2] } : {}), line: i + 1 });
        });
        break;
      }
      case 'gemfile-lock': {
        out.manifest = false;
        linesOf(text).forEach((l, i) => {
          const m = /^ {4}([A-Za-z0-9_.-]+) \(([^)]+)\)$/.exec(l);
          if (m?.[1]) deps.push({ eco: 'gem', name: m[1], version: m[2], line: i + 1, scope: 'lock' });
        });
        break;
      }
    }
  } catch (e) {
    const msg = (e as Error).message;
    const line = Number(/line (\d+)/i.exec(msg)?.[1]) || undefined;
    problems.push({ code: 'repo/manifest-unparseable', message: `${rel}: cannot parse ${type} manifest: ${msg.split('\n')[0]}`, ...(line ? { line } : {}) });
  }
  const lookup = createPackageLookup(catalog, identity);
  const seen = new Set<string>();
  for (const d of deps) {
    const pkg = lookup(d.eco, d.name);
    if (!pkg) continue;
    const id = identity.packageIdentity(d.eco, d.name, d.scope === 'lock' ? d.version : undefined);
    if (seen.has(id.key)) continue;
    seen.add(id.key);
    const version = d.version?.replace(/^[=]{1,3}/, '');
    const attributes: Record<string, unknown> = {
      ecosystem: d.eco,
      package: id.name,
      purl: identity.packageIdentity(d.eco, d.name).purl,
      category: pkg.category,
    };
    if (version) {
      attributes.version = version;
      attributes.pinned = d.scope === 'lock' || isPinned(d.eco, d.version);
    }
    if (d.scope === 'devDependencies') attributes.development = true;
    const base = { line: d.line ?? 1, basis: 'declared' as const, detail: `manifest:${type}` };
    out.facts.push({ kind: 'library', key: id.key, name: d.name, attributes, ...base, rel: 'depends-on' });
    const inferred = { ...base, basis: 'inferred' as const };
    if (pkg.provider) out.facts.push({ kind: 'provider', key: pkg.provider, ...inferred, rel: 'calls' });
    if (pkg.vectorStore) {
      const vs = catalog.vectorStores.find((v) => v.product === pkg.vectorStore);
      out.facts.push({
        kind: 'vector-store',
        key: pkg.vectorStore,
        name: vs?.name ?? pkg.vectorStore,
        attributes: { product: pkg.vectorStore, ...(vs ? { hosting: vs.hosting } : {}) },
        ...inferred,
        rel: 'retrieves-from',
      });
    }
    if (pkg.gateway) out.facts.push({ kind: 'gateway', key: pkg.gateway, attributes: { product: pkg.gateway }, ...inferred, rel: 'routes-through' });
  }
  if (problems.length) out.problems = problems;
  return out;
}

export type { Fact };
