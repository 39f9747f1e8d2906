import type { AssetKind, IdentityResolver, Observation, ObservedAsset } from '@aispm/core';
import type { Fact, FileFacts } from './facts';

/** How observations are assembled from per-file facts. */
export interface AssembleOptions {
  /** Natural key of the root application. */
  rootKey: string;
  /** Normalised repository key, when the tree is a git checkout with a remote. */
  repository?: string;
  /** Folder name of the root. */
  rootName: string;
  connector: string;
  observedAt: string;
  identity: IdentityResolver;
  /** Most locations kept per asset and application (default 25). */
  maxLocations?: number;
}

interface App {
  dir: string;
  key: string;
  name: string;
  languages: Set<string>;
  used: boolean;
}

/**
 * Turns per-file facts into observations: one application per repository (or per package of a
 * monorepo whose root declares workspaces), each fact an asset with file:line provenance, and
 * the edges from the application and between assets.
 *
 * @example
 * ```ts
 * const obs = assembleObservations(files, { rootKey: 'acme-bot', rootName: 'acme-bot', connector: 'repo', observedAt: now, identity: defaultIdentity });
 * ```
 */
export function assembleObservations(files: Map<string, FileFacts>, o: AssembleOptions): Observation[] {
  const rels = [...files.keys()].sort();
  const workspace = rels.some((r) => !r.includes('/') && files.get(r)!.workspace);
  const apps: App[] = [{ dir: '', key: o.rootKey, name: o.rootName, languages: new Set(), used: false }];
  if (workspace) {
    for (const r of rels) {
      const ff = files.get(r)!;
      const slash = r.lastIndexOf('/');
      if (!ff.manifest || slash < 0) continue;
      const dir = r.slice(0, slash);
      if (apps.some((a) => a.dir === dir)) continue;
      apps.push({ dir, key: `${o.rootKey}/${dir}`, name: ff.packageName?.name ?? dir, languages: new Set(), used: false });
    }
  }
  apps.sort((a, b) => b.dir.length - a.dir.length);
  const appOf = (rel: string) => apps.find((a) => a.dir === '' || rel === a.dir || rel.startsWith(`${a.dir}/`))!;
  const out: Observation[] = [];
  const seen = new Set<string>();
  const locations = new Map<string, number>();
  const max = o.maxLocations ?? 25;
  const sub = (s: string, app: App) => s.replaceAll('$app', app.key);
  const ref = (kind: AssetKind, key: string) => ({ kind, key });
  for (const rel of rels) {
    const ff = files.get(rel)!;
    const app = appOf(rel);
    if (ff.language) app.languages.add(ff.language);
    if (!ff.facts.length) continue;
    app.used = true;
    const facts = [...ff.facts].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    for (const f of facts) emit(f, rel, app);
  }
  function provenance(f: Fact, rel: string, app: App) {
    const locator: Record<string, unknown> = { file: rel };
    if (f.line) locator.line = f.line;
    if (f.column) locator.column = f.column;
    return { connector: o.connector, locator, observedAt: o.observedAt, basis: f.basis, source: app.key, detail: f.detail };
  }
  function emit(f: Fact, rel: string, app: App) {
    const key = sub(f.key, app);
    const id = f.id ? sub(f.id, app) : undefined;
    const dedupe = `${f.kind}|${id ?? key}|${rel}|${f.line}|${f.rel ?? ''}`;
    if (seen.has(dedupe)) return;
    seen.add(dedupe);
    const assetKey = `${f.kind}|${id ?? key}|${app.key}`;
    const count = (locations.get(assetKey) ?? 0) + 1;
    locations.set(assetKey, count);
    if (count > max) return;
    const prov = provenance(f, rel, app);
    const asset: Record<string, unknown> = { kind: f.kind };
    if (id) asset.id = id;
    else asset.key = key;
    if (f.name) asset.name = f.name;
    if (f.attributes && Object.keys(f.attributes).length) asset.attributes = f.attributes;
    out.push({ type: 'asset', asset: asset as ObservedAsset, provenance: prov } as Observation);
    const self = id ?? ref(f.kind, key);
    if (f.rel) {
      const relationship: Record<string, unknown> = { type: f.rel, from: ref('application', app.key), to: self };
      if (f.relAttributes) relationship.attributes = f.relAttributes;
      out.push({ type: 'relationship', relationship, provenance: prov } as Observation);
    }
    for (const l of f.links ?? []) {
      const other = ref(l.to.kind, sub(l.to.key, app));
      const relationship: Record<string, unknown> = { type: l.type, from: l.reverse ? other : self, to: l.reverse ? self : other };
      if (l.attributes) relationship.attributes = l.attributes;
      out.push({ type: 'relationship', relationship, provenance: prov } as Observation);
    }
  }
  const appObs: Observation[] = [];
  for (const a of [...apps].sort((x, y) => (x.dir < y.dir ? -1 : 1))) {
    if (!a.used) continue;
    const attributes: Record<string, unknown> = {};
    if (o.repository) attributes.repository = o.repository;
    if (a.dir) attributes.path = a.dir;
    if (a.languages.size) attributes.languages = [...a.languages].sort();
    appObs.push({
      type: 'asset',
      asset: { kind: 'application', key: a.key, name: a.name, attributes },
      provenance: {
        connector: o.connector,
        locator: { file: a.dir || '.' },
        observedAt: o.observedAt,
        basis: 'declared',
        source: o.rootKey,
        detail: 'repository',
      },
    });
  }
  return [...appObs, ...out];
}
