import { createHash } from 'node:crypto';
import type { Inventory } from '../inventory/inventory';
import type { InventorySnapshot } from '../inventory/snapshot';
import type { Asset, Relationship } from '../model/asset';
import type { AssetKind } from '../model/vocab';
import { canonicalJson } from '../util/canonical-json';
import { AISPM_PROP } from './common';
import type { BomWriteOptions } from './types';

/** What a writer accepts: an inventory, a snapshot, or any selection of assets and relationships. */
export type BomSubject = Inventory | InventorySnapshot | { assets: Asset[]; relationships: Relationship[] };

/** Normalises a {@link BomSubject} into sorted assets and the relationships that leave them. */
export function selection(subject: BomSubject): { assets: Asset[]; relationships: Relationship[] } {
  const raw =
    typeof (subject as Inventory).snapshot === 'function' ? (subject as Inventory).snapshot() : (subject as { assets: Asset[]; relationships: Relationship[] });
  const assets = [...raw.assets].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = new Set(assets.map((a) => a.id));
  const relationships = [...raw.relationships].filter((r) => ids.has(r.from)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { assets, relationships };
}

/** Service-shaped kinds (CycloneDX `services`). */
export const SERVICE_KINDS = new Set<AssetKind>(['provider', 'model-endpoint', 'saas-ai-feature']);

/** CycloneDX component type used for each component-shaped kind. */
export const COMPONENT_TYPE: Partial<Record<AssetKind, string>> = {
  model: 'machine-learning-model',
  dataset: 'data',
  library: 'library',
  application: 'application',
  agent: 'application',
  'mcp-server': 'application',
  tool: 'application',
  gateway: 'application',
  'vector-store': 'platform',
  prompt: 'file',
  identity: 'platform',
  subscription: 'platform',
  credential: 'platform',
};

/** The aispm dialect properties of one asset: kind, owner, labels, data classes, attributes, relationships. */
export function dialectProperties(asset: Asset, rels: Relationship[]): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [{ name: AISPM_PROP.kind, value: asset.kind }];
  if (asset.owner) out.push({ name: AISPM_PROP.owner, value: asset.owner });
  for (const k of Object.keys(asset.labels).sort()) out.push({ name: `${AISPM_PROP.label}${k}`, value: asset.labels[k] as string });
  for (const d of asset.dataClasses) out.push({ name: AISPM_PROP.dataClass, value: d });
  out.push({ name: AISPM_PROP.attributes, value: canonicalJson(asset.attributes) });
  for (const r of rels) {
    const v: Record<string, unknown> = { to: r.to, type: r.type };
    if (Object.keys(r.attributes).length) v.attributes = r.attributes;
    if (r.dataClasses.length) v.dataClasses = r.dataClasses;
    out.push({ name: AISPM_PROP.relationship, value: canonicalJson(v) });
  }
  return out;
}

/** Deterministic creation time: the option, else the latest `lastSeen`, else the epoch. */
export function creationTime(assets: Asset[], options: BomWriteOptions): string {
  if (options.timestamp) return new Date(options.timestamp).toISOString().replace(/\.\d{3}Z$/, 'Z');
  let t = '';
  for (const a of assets) if (a.lastSeen > t) t = a.lastSeen;
  return (t ? new Date(t) : new Date(0)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A UUID derived from the content, so the same inventory always gets the same serial number. */
export function contentUuid(content: unknown): string {
  const h = createHash('sha256').update(canonicalJson(content)).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/** Outgoing relationships by asset id. */
export function outgoing(relationships: Relationship[]): Map<string, Relationship[]> {
  const m = new Map<string, Relationship[]>();
  for (const r of relationships) {
    const l = m.get(r.from) ?? [];
    l.push(r);
    m.set(r.from, l);
  }
  return m;
}
