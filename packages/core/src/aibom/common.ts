import parseSpdxExpression from 'spdx-expression-parse';
import type { Issue } from '../errors';
import { defaultIdentity, type IdentityResolver } from '../identity/resolver';
import type { Observation } from '../model/observation';
import type { Locator, ProvenanceInput } from '../model/provenance';
import { ASSET_KINDS, type AssetKind, DATA_CLASSES, type DataClass, RELATIONSHIP_TYPES, type RelationshipType } from '../model/vocab';
import type { BomReadOptions } from './types';

/** Property names of the aispm dialect written into BOMs so a round trip keeps every field. */
export const AISPM_PROP = {
  kind: 'aispm:kind',
  owner: 'aispm:owner',
  label: 'aispm:label:',
  dataClass: 'aispm:data-class',
  attributes: 'aispm:attributes',
  relationship: 'aispm:relationship',
} as const;

export const isKind = (v: unknown): v is AssetKind => typeof v === 'string' && (ASSET_KINDS as readonly string[]).includes(v);
export const isRelType = (v: unknown): v is RelationshipType => typeof v === 'string' && (RELATIONSHIP_TYPES as readonly string[]).includes(v);

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => {
  if (typeof v !== 'string' || v === '') return undefined;
  // A printable ASCII first character settles it without trimming.
  const c = v.charCodeAt(0);
  return (c > 32 && c < 127) || v.trim() !== '' ? v : undefined;
};
const EMPTY: readonly unknown[] = Object.freeze([]);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : (EMPTY as unknown[]));

/** Escapes one JSON Pointer segment. */
export const seg = (s: string | number) => String(s).replace(/~/g, '~0').replace(/\//g, '~1');

const DATA_CLASS_SYNONYMS: Record<string, DataClass> = {
  pii: 'pii',
  personal: 'pii',
  'personal-data': 'pii',
  'personally-identifiable-information': 'pii',
  phi: 'phi',
  health: 'phi',
  'protected-health-information': 'phi',
  pci: 'payment',
  payment: 'payment',
  'cardholder-data': 'payment',
  credentials: 'credentials',
  secrets: 'credentials',
  'source-code': 'source-code',
  confidential: 'confidential',
  restricted: 'confidential',
  secret: 'confidential',
  'customer-content': 'customer-content',
  internal: 'internal',
  public: 'public',
  biometric: 'biometric',
  children: 'children',
  financial: 'financial',
  legal: 'legal',
};

/** Maps a free-text data classification (`PII`, `Personal data`, `PCI`) onto an aispm data class. */
export function toDataClass(raw: unknown): DataClass | undefined {
  if (typeof raw !== 'string') return undefined;
  const k = raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const hit = DATA_CLASS_SYNONYMS[k];
  if (hit) return hit;
  return (DATA_CLASSES as readonly string[]).includes(k) ? (k as DataClass) : undefined;
}

/** Whether a string is a valid SPDX licence expression. */
export function isSpdxExpression(expr: string): boolean {
  let v = LICENSE_CACHE.get(expr);
  if (v === undefined) {
    try {
      parseSpdxExpression(expr);
      v = true;
    } catch {
      v = false;
    }
    if (LICENSE_CACHE.size > 10_000) LICENSE_CACHE.clear();
    LICENSE_CACHE.set(expr, v);
  }
  return v;
}

const LICENSE_CACHE = new Map<string, boolean>();

/** Copies plain JSON data, dropping prototype-pollution keys and bounding depth. */
export function plain(v: unknown, depth = 0): unknown {
  if (depth > 64) return undefined;
  if (typeof v !== 'object') return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
  if (v === null) return v;
  if (Array.isArray(v)) {
    // Sized up front (a pushed array reserves spare room); trimmed if entries were dropped.
    const out: unknown[] = new Array(v.length);
    let n = 0;
    for (let i = 0; i < v.length; i++) {
      const p = plain(v[i], depth + 1);
      if (p !== undefined) out[n++] = p;
    }
    if (n < v.length) out.length = n;
    return out;
  }
  const out: Record<string, unknown> = {};
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    const p = plain((v as Record<string, unknown>)[k], depth + 1);
    if (p !== undefined) out[k] = p;
  }
  return out;
}

/** Shared state of one read: provenance building, issues, identity. */
export class ReadContext {
  readonly observations: Observation[] = [];
  readonly issues: Issue[] = [];
  readonly identity: IdentityResolver;
  readonly connector: string;
  observedAt: string;
  source: string | undefined;
  constructor(
    readonly options: BomReadOptions,
    readonly detail: string,
  ) {
    this.identity = options.identity ?? defaultIdentity;
    this.connector = options.connector ?? 'aibom';
    const now = options.now === undefined ? new Date() : new Date(options.now);
    this.observedAt = Number.isNaN(now.getTime()) ? new Date().toISOString() : now.toISOString();
  }
  /** Uses a document timestamp as observation time when it is a valid date. */
  setTime(ts: unknown): void {
    if (typeof ts !== 'string') return;
    const d = new Date(ts);
    if (!Number.isNaN(d.getTime()) && /^\d{4}-\d{2}-\d{2}T/.test(ts)) this.observedAt = d.toISOString();
  }
  prov(locator: Locator): ProvenanceInput {
    if (this.options.file) locator.file = this.options.file;
    // One literal per shape: every provenance of a read shares a hidden class.
    return this.source
      ? { connector: this.connector, locator, observedAt: this.observedAt, basis: 'declared', detail: this.detail, source: this.source }
      : { connector: this.connector, locator, observedAt: this.observedAt, basis: 'declared', detail: this.detail };
  }
  issue(code: string, message: string, path: string, extra: Partial<Issue> = {}): void {
    this.issues.push({ code, message, path, severity: 'warning', ...(this.options.file ? { file: this.options.file } : {}), ...extra });
  }
  /** Resolves a natural key to an asset id, or reports why it cannot. */
  assetId(kind: AssetKind, key: string, path: string): string | undefined {
    try {
      return this.identity.assetId(kind, key);
    } catch (e) {
      this.issue('bom/invalid-identity', `cannot build an id for ${kind} "${key}": ${(e as Error).message}`, path);
      return undefined;
    }
  }
  /** Normalises a ready id (`kind:key`). */
  normaliseId(id: string, path: string): string | undefined {
    const colon = id.indexOf(':');
    const kind = id.slice(0, colon);
    if (colon <= 0 || !isKind(kind)) return undefined;
    return this.assetId(kind, id.slice(colon + 1), path);
  }
}
