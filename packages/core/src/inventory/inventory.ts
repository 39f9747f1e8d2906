import { AispmError, type Issue, type Result } from '../errors';
import { defaultIdentity, type IdentityResolver } from '../identity/resolver';
import type { Asset, Conflict, Relationship } from '../model/asset';
import { type Observation, ObservationSchema, type ParsedObservation } from '../model/observation';
import type { Provenance } from '../model/provenance';
import type { AssetKind, DataClass, RelationshipType } from '../model/vocab';
import { canonicalJson, sortKeysDeep } from '../util/canonical-json';
import { toJsonPointer } from '../util/json-pointer';
import { provenanceKey } from './merge-rules';
import { type InventorySnapshot, SNAPSHOT_SCHEMA_VERSION } from './snapshot';

/** A provenance entry with its merge-rule keys computed once. */
interface Fact {
  p: Provenance;
  /** 32-bit FNV-1a hash of provenanceKey(p): equal provenance has an equal hash. */
  h: number;
  /** Basis rank: declared 3, inferred 2, unresolved 1. */
  r: number;
  /** observedAt in epoch milliseconds. */
  t: number;
}

function keysSorted(o: object): boolean {
  let prev = '';
  for (const k in o) {
    if (k < prev) return false;
    prev = k;
  }
  return true;
}

/** The provenance as key-sorted plain data; reuses the object when it already is (the common case). */
function sortedProvenance(p: Provenance): Provenance {
  return keysSorted(p) && (p.locator === undefined || keysSorted(p.locator)) ? p : sortKeysDeep(p);
}

interface Candidate {
  /** Canonical JSON of the value. */
  c: string;
  v: unknown;
  f: Fact;
}

const RANK: Record<string, number> = { declared: 3, inferred: 2, unresolved: 1 };

/** The documented merge rule (see `compareFacts`), on precomputed keys. Negative when `a` wins. */
function cmp(a: Fact, ac: string, b: Fact, bc: string): number {
  if (a.r !== b.r) return b.r - a.r;
  if (a.t !== b.t) return b.t - a.t;
  if (a !== b) {
    const ka = provenanceKey(a.p);
    const kb = provenanceKey(b.p);
    if (ka !== kb) return ka < kb ? -1 : 1;
  }
  return ac < bc ? -1 : ac > bc ? 1 : 0;
}

function canonical(value: unknown): string {
  return value === null || typeof value !== 'object' ? JSON.stringify(value) : canonicalJson(value);
}

interface EntityState {
  id: string;
  /** Distinct provenance entries; small arrays stay arrays, `provIndex` is added past 8 entries. */
  provs: Fact[];
  provIndex: Map<number, Fact[]> | undefined;
  /** Field pointer → candidates (one per distinct value, each with its best provenance). Created on first use. */
  fields: Map<string, Candidate[]> | undefined;
  dataClasses: Set<DataClass> | undefined;
  firstSeen: string;
  lastSeen: string;
  cache: unknown;
}

interface AssetState extends EntityState {
  kind: AssetKind;
  defaultName: string;
}

interface EdgeState extends EntityState {
  type: RelationshipType;
  from: string;
  to: string;
}

/** Options for {@link createInventory}. */
export interface InventoryOptions {
  /** Identity resolver; defaults to the built-in tables. */
  identity?: IdentityResolver;
  /** Validate observations against the schema (default `true`). Disable only for trusted, pre-validated input. */
  validate?: boolean;
}

/** A filter for {@link Inventory.assets}. */
export interface AssetQuery {
  kind?: AssetKind | AssetKind[];
  /** Every label listed must be present with this value (`true` means any value). */
  labels?: Record<string, string | true>;
  /** Every attribute listed must equal this value (compared as canonical JSON); `true` means present. */
  attributes?: Record<string, unknown>;
  /** Assets holding this data class. */
  dataClass?: DataClass;
  /** Assets whose provenance includes this connector. */
  connector?: string;
  /** An arbitrary predicate, applied last. */
  where?: (asset: Asset) => boolean;
}

/** A filter for {@link Inventory.relationships}. */
export interface RelationshipQuery {
  type?: RelationshipType | RelationshipType[];
  from?: string;
  to?: string;
}

/** Direction of travel along edges. */
export type Direction = 'out' | 'in' | 'both';

/** One neighbour of an asset. */
export interface Neighbour {
  relationship: Relationship;
  /** The asset at the other end, or `undefined` when the edge points to an asset never observed. */
  asset: Asset | undefined;
  direction: 'out' | 'in';
}

/** One hop of a path pattern. */
export interface PathHop {
  /** Edge types allowed for this hop (any when absent). */
  types?: RelationshipType[];
  /** Direction of travel (default `out`). */
  direction?: Direction;
  /** Kinds the asset reached by this hop may have (any when absent). */
  kinds?: AssetKind[];
  /** Further predicate on the asset reached. */
  where?: (asset: Asset) => boolean;
}

/** A path query: a start and a list of hops. */
export interface PathQuery {
  /** Start asset id, or a selector of start assets. */
  from: string | AssetQuery;
  hops: PathHop[];
  /** Stop after this many paths (default 10,000). */
  limit?: number;
}

/** A path found by {@link Inventory.paths}: the assets visited and the edges taken. */
export interface GraphPath {
  assets: string[];
  relationships: string[];
}

/** Options for {@link Inventory.reachable}. */
export interface ReachableOptions {
  types?: RelationshipType[];
  direction?: Direction;
  maxHops: number;
  kinds?: AssetKind[];
}

/** Result of adding one observation. */
export interface AddOutcome {
  /** The id of the asset or relationship the observation merged into. */
  id: string;
  /** Whether the id did not exist before. */
  created: boolean;
}

/**
 * The merged inventory graph. The same asset seen by several sources is one asset holding every
 * provenance entry; conflicting values resolve by the documented rule (see `compareFacts`) and the
 * losing values are kept as conflicts.
 */
export interface Inventory {
  /** The identity resolver used to compute ids. */
  readonly identity: IdentityResolver;
  /** Number of assets. */
  readonly size: number;
  /** Number of relationships. */
  readonly relationshipCount: number;
  /** Merges one observation. Invalid input returns issues and changes nothing. */
  add(observation: Observation | ParsedObservation): Result<AddOutcome>;
  /** Merges many observations; returns the issues of those that were rejected, each with its index. */
  addAll(observations: Iterable<Observation | ParsedObservation>): Array<Issue & { index: number }>;
  /** The asset with this id. */
  get(id: string): Asset | undefined;
  /** Whether an asset with this id exists. */
  has(id: string): boolean;
  /** The relationship with this id. */
  getRelationship(id: string): Relationship | undefined;
  /** Assets matching a query, sorted by id. */
  assets(query?: AssetQuery): Asset[];
  /** Relationships matching a query, sorted by id. */
  relationships(query?: RelationshipQuery): Relationship[];
  /** Neighbours of an asset over edges of the given types and direction, sorted by edge id. */
  neighbours(id: string, options?: { types?: RelationshipType[]; direction?: Direction; kinds?: AssetKind[] }): Neighbour[];
  /** Paths that follow a hop pattern; bounded by the number of hops and `limit`. */
  paths(query: PathQuery): GraphPath[];
  /** Asset ids reachable within `maxHops`, with their distance. */
  reachable(id: string, options: ReachableOptions): Map<string, number>;
  /** Relationships whose `from` or `to` names an asset that was never observed. */
  danglingRelationships(): Relationship[];
  /** Plain, key-sorted data: byte-identical (as canonical JSON) for the same inputs in any order. */
  snapshot(): InventorySnapshot;
}

function indexFact(index: Map<number, Fact[]>, f: Fact): void {
  const list = index.get(f.h);
  if (list) list.push(f);
  else index.set(f.h, [f]);
}

/** 32-bit FNV-1a over the UTF-16 code units of a string. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function addCandidate(state: EntityState, field: string, value: unknown, fact: Fact): void {
  const c = canonical(value);
  if (!state.fields) state.fields = new Map();
  let list = state.fields.get(field);
  if (!list) {
    list = [];
    state.fields.set(field, list);
  }
  let existing: Candidate | undefined;
  for (const x of list) {
    if (x.c === c) {
      existing = x;
      break;
    }
  }
  if (!existing) list.push({ c, v: value === null || typeof value !== 'object' ? value : sortKeysDeep(value), f: fact });
  else if (cmp(fact, c, existing.f, c) < 0) existing.f = fact;
}

function makeFact(prov: Provenance): Fact {
  const p = sortedProvenance(prov);
  return { p, h: fnv1a(provenanceKey(p)), r: RANK[p.basis] ?? 0, t: Date.parse(p.observedAt) };
}

function touch(state: EntityState, fact: Fact): Fact {
  let known: Fact | undefined;
  const candidates = state.provIndex ? (state.provIndex.get(fact.h) ?? []) : state.provs;
  for (const f of candidates) {
    if (f.h === fact.h && provenanceKey(f.p) === provenanceKey(fact.p)) {
      known = f;
      break;
    }
  }
  if (known) return known;
  state.provs.push(fact);
  if (state.provIndex) indexFact(state.provIndex, fact);
  else if (state.provs.length > 8) {
    state.provIndex = new Map();
    for (const f of state.provs) indexFact(state.provIndex, f);
  }
  const at = fact.p.observedAt;
  if (!state.firstSeen || at < state.firstSeen) state.firstSeen = at;
  if (!state.lastSeen || at > state.lastSeen) state.lastSeen = at;
  return fact;
}

interface Materialised {
  provenance: Provenance[];
  fieldSources: Record<string, number>;
  conflicts: Conflict[];
  winners: Map<string, unknown>;
}

function materialise(state: EntityState): Materialised {
  const entries = state.provs.map((f) => [provenanceKey(f.p), f] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const indexOf = new Map<Fact, number>();
  entries.forEach(([, f], i) => {
    indexOf.set(f, i);
  });
  const provenance = entries.map(([, f]) => f.p);
  const fieldSources: Record<string, number> = {};
  const conflicts: Conflict[] = [];
  const winners = new Map<string, unknown>();
  const fields = state.fields ?? new Map<string, Candidate[]>();
  for (const field of [...fields.keys()].sort()) {
    const list = [...(fields.get(field) as Candidate[])].sort((a, b) => cmp(a.f, a.c, b.f, b.c));
    const [win, ...losers] = list;
    if (!win) continue;
    winners.set(field, win.v);
    fieldSources[field] = indexOf.get(win.f) ?? 0;
    for (const l of losers) conflicts.push({ field, provenance: l.f.p, value: l.v });
  }
  return { provenance, fieldSources, conflicts, winners };
}

function unflatten(winners: Map<string, unknown>, prefix: string): Record<string, unknown> {
  // `winners` iterates in sorted field order, so keys come out sorted; values are already key-sorted.
  const out: Record<string, unknown> = {};
  const p = `/${prefix}/`;
  for (const [field, v] of winners) {
    if (field.startsWith(p)) out[field.slice(p.length).replace(/~1/g, '/').replace(/~0/g, '~')] = v;
  }
  return out;
}

function defaultName(kind: AssetKind, key: string, identity: IdentityResolver): string {
  if (kind === 'provider') return identity.providerName(key) ?? key;
  if (kind === 'model') return key.slice(key.indexOf('/') + 1);
  if (kind === 'library' || kind === 'mcp-server') return key.slice(key.indexOf('/') + 1);
  if (kind === 'application' && key.startsWith('git/')) return key.slice(key.lastIndexOf('/') + 1);
  return key;
}

/** Attributes implied by an asset's natural key (model version, package purl, ...). */
function keyAttributes(kind: AssetKind, rawKey: string, identity: IdentityResolver): Record<string, unknown> {
  switch (kind) {
    case 'model': {
      const m = identity.parseModelId(rawKey);
      const out: Record<string, unknown> = { provider: m.provider };
      if (m.family) out.family = m.family;
      if (m.version) out.version = m.version;
      if (m.huggingfaceRepo) out.huggingfaceRepo = m.huggingfaceRepo;
      return out;
    }
    case 'library': {
      const m = /^(npm|pypi|maven|golang|nuget|cargo|gem)\/(.+)$/.exec(rawKey.trim());
      if (!m?.[1] || !m[2]) return {};
      const p = identity.packageIdentity(m[1] as 'npm', m[2]);
      return { ecosystem: p.ecosystem, package: p.name, purl: p.purl };
    }
    case 'mcp-server': {
      const key = identity.normalizeKey('mcp-server', rawKey);
      const m = /^(npm|pypi|oci|url|cmd)\//.exec(key);
      // A plain name (no registry prefix) implies nothing.
      if (!m?.[1]) return {};
      const registry = m[1];
      const out: Record<string, unknown> = { registry };
      if (registry === 'npm' || registry === 'pypi' || registry === 'oci') out.package = key.slice(registry.length + 1);
      return out;
    }
    case 'application': {
      const key = identity.normalizeKey('application', rawKey);
      return key.startsWith('git/') ? { repository: key.slice(4) } : {};
    }
    default:
      return {};
  }
}

/**
 * Creates an empty inventory.
 *
 * @example
 * ```ts
 * const inv = createInventory();
 * inv.add({ type: 'asset', asset: { kind: 'model', key: 'gpt-4o-2024-08-06' }, provenance: { connector: 'repo', observedAt: '2026-01-01T00:00:00Z' } });
 * inv.get('model:openai/gpt-4o')?.attributes; // { family: 'gpt-4o', provider: 'openai', version: '2024-08-06' }
 * ```
 */
export function createInventory(options: InventoryOptions = {}): Inventory {
  const identity = options.identity ?? defaultIdentity;
  const validate = options.validate ?? true;
  const assets = new Map<string, AssetState>();
  const edges = new Map<string, EdgeState>();
  const byKind = new Map<AssetKind, Set<string>>();
  // Edge ids by endpoint; an edge id is added once, when the edge is created.
  const outIndex = new Map<string, string[]>();
  const inIndex = new Map<string, string[]>();

  function resolveRef(ref: string | { kind: AssetKind; key: string }): string {
    if (typeof ref === 'string') {
      const colon = ref.indexOf(':');
      const kind = ref.slice(0, colon) as AssetKind;
      return `${kind}:${identity.normalizeKey(kind, ref.slice(colon + 1))}`;
    }
    return identity.assetId(ref.kind, ref.key);
  }

  function mergeAsset(obs: Extract<ParsedObservation, { type: 'asset' }>): AddOutcome {
    const a = obs.asset;
    const rawKey = a.key ?? (a.id ? a.id.slice(a.id.indexOf(':') + 1) : undefined);
    if (!rawKey) throw new AispmError('validation', 'an observed asset needs a key or an id', { details: { path: '/asset/key' } });
    if (a.id && !a.key && !a.id.startsWith(`${a.kind}:`)) {
      throw new AispmError('validation', `asset id ${JSON.stringify(a.id)} does not start with its kind "${a.kind}:"`, { details: { path: '/asset/id' } });
    }
    const key = identity.normalizeKey(a.kind, rawKey);
    const id = `${a.kind}:${key}`;
    let state = assets.get(id);
    const created = !state;
    if (!state) {
      state = {
        id,
        provs: [],
        provIndex: undefined,
        fields: undefined,
        dataClasses: undefined,
        firstSeen: '',
        lastSeen: '',
        cache: undefined,
        kind: a.kind,
        defaultName: defaultName(a.kind, key, identity),
      };
      assets.set(id, state);
      let set = byKind.get(a.kind);
      if (!set) byKind.set(a.kind, (set = new Set()));
      set.add(id);
    }
    const prov = touch(state, makeFact(obs.provenance));
    state.cache = undefined;
    if (a.name) addCandidate(state, '/name', a.name, prov);
    if (a.owner) addCandidate(state, '/owner', a.owner, prov);
    for (const [k, v] of Object.entries(a.labels ?? {})) addCandidate(state, toJsonPointer(['labels', k]), v, prov);
    // Attributes implied by a natural key (a model's version, a package's purl); a ready id implies none.
    const implied = a.key ? keyAttributes(a.kind, a.key, identity) : {};
    const given = (a.attributes ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(implied)) if (!(k in given)) addCandidate(state, toJsonPointer(['attributes', k]), v, prov);
    for (const [k, v] of Object.entries(given)) if (v !== undefined) addCandidate(state, toJsonPointer(['attributes', k]), v, prov);
    if (a.dataClasses?.length) {
      if (!state.dataClasses) state.dataClasses = new Set();
      for (const d of a.dataClasses) state.dataClasses.add(d);
    }
    return { id, created };
  }

  function mergeEdge(obs: Extract<ParsedObservation, { type: 'relationship' }>): AddOutcome {
    const r = obs.relationship;
    const from = resolveRef(r.from);
    const to = resolveRef(r.to);
    const id = `${r.type}:${from}->${to}`;
    let state = edges.get(id);
    const created = !state;
    if (!state) {
      state = {
        id,
        provs: [],
        provIndex: undefined,
        fields: undefined,
        dataClasses: undefined,
        firstSeen: '',
        lastSeen: '',
        cache: undefined,
        type: r.type,
        from,
        to,
      };
      edges.set(id, state);
      const o = outIndex.get(from);
      if (o) o.push(id);
      else outIndex.set(from, [id]);
      const i = inIndex.get(to);
      if (i) i.push(id);
      else inIndex.set(to, [id]);
    }
    const prov = touch(state, makeFact(obs.provenance));
    state.cache = undefined;
    for (const [k, v] of Object.entries(r.attributes ?? {})) if (v !== undefined) addCandidate(state, toJsonPointer(['attributes', k]), v, prov);
    if (r.dataClasses?.length) {
      if (!state.dataClasses) state.dataClasses = new Set();
      for (const d of r.dataClasses) state.dataClasses.add(d);
    }
    return { id, created };
  }

  function add(observation: Observation | ParsedObservation): Result<AddOutcome> {
    let parsed: ParsedObservation;
    if (validate) {
      const r = ObservationSchema.safeParse(observation);
      if (!r.success) {
        return {
          ok: false,
          issues: r.error.issues.map((i) => ({
            code: `schema/${i.code}`,
            message: i.message,
            path: toJsonPointer(i.path as PropertyKey[] as Array<string | number>),
          })),
        };
      }
      parsed = r.data;
    } else {
      parsed = observation as ParsedObservation;
    }
    try {
      return { ok: true, value: parsed.type === 'asset' ? mergeAsset(parsed) : mergeEdge(parsed) };
    } catch (e) {
      if (AispmError.isInstance(e) && e.code === 'validation') {
        const path = typeof e.details.path === 'string' ? e.details.path : parsed.type === 'asset' ? '/asset/key' : '/relationship';
        return { ok: false, issues: [{ code: 'invalid-identity', message: e.message, path }] };
      }
      throw e;
    }
  }

  function buildAsset(state: AssetState): Asset {
    if (state.cache) return state.cache as Asset;
    const m = materialise(state);
    const owner = m.winners.get('/owner') as string | undefined;
    // Keys in sorted order, so the object is key-sorted without a deep copy.
    const asset: Record<string, unknown> = {
      attributes: unflatten(m.winners, 'attributes'),
      conflicts: m.conflicts,
      dataClasses: state.dataClasses ? [...state.dataClasses].sort() : [],
      fieldSources: m.fieldSources,
      firstSeen: state.firstSeen,
      id: state.id,
      kind: state.kind,
      labels: unflatten(m.winners, 'labels'),
      lastSeen: state.lastSeen,
      name: (m.winners.get('/name') as string | undefined) ?? state.defaultName,
    };
    if (owner !== undefined) asset.owner = owner;
    asset.provenance = m.provenance;
    state.cache = asset;
    return asset as Asset;
  }

  function buildEdge(state: EdgeState): Relationship {
    if (state.cache) return state.cache as Relationship;
    const m = materialise(state);
    const rel: Relationship = {
      attributes: unflatten(m.winners, 'attributes'),
      conflicts: m.conflicts,
      dataClasses: state.dataClasses ? [...state.dataClasses].sort() : [],
      fieldSources: m.fieldSources,
      firstSeen: state.firstSeen,
      from: state.from,
      id: state.id,
      lastSeen: state.lastSeen,
      provenance: m.provenance,
      to: state.to,
      type: state.type,
    };
    state.cache = rel;
    return rel;
  }

  function matches(asset: Asset, q: AssetQuery): boolean {
    if (q.labels) {
      for (const [k, v] of Object.entries(q.labels)) {
        const have = asset.labels[k];
        if (have === undefined || (v !== true && have !== v)) return false;
      }
    }
    if (q.attributes) {
      const attrs = asset.attributes as Record<string, unknown>;
      for (const [k, v] of Object.entries(q.attributes)) {
        if (!(k in attrs)) return false;
        if (v !== true && canonicalJson(attrs[k]) !== canonicalJson(v)) return false;
      }
    }
    if (q.dataClass && !asset.dataClasses.includes(q.dataClass)) return false;
    if (q.connector && !asset.provenance.some((p) => p.connector === q.connector)) return false;
    if (q.where && !q.where(asset)) return false;
    return true;
  }

  function queryAssets(q: AssetQuery = {}): Asset[] {
    let ids: Iterable<string>;
    if (q.kind) {
      const kinds = Array.isArray(q.kind) ? q.kind : [q.kind];
      ids = kinds.flatMap((k) => [...(byKind.get(k) ?? [])]);
    } else ids = assets.keys();
    const out: Asset[] = [];
    for (const id of [...ids].sort()) {
      const a = buildAsset(assets.get(id) as AssetState);
      if (matches(a, q)) out.push(a);
    }
    return out;
  }

  function edgeIds(id: string, direction: Direction): Array<[string, 'out' | 'in']> {
    const out: Array<[string, 'out' | 'in']> = [];
    if (direction !== 'in') for (const e of outIndex.get(id) ?? []) out.push([e, 'out']);
    if (direction !== 'out') for (const e of inIndex.get(id) ?? []) out.push([e, 'in']);
    return out;
  }

  function neighbours(id: string, o: { types?: RelationshipType[]; direction?: Direction; kinds?: AssetKind[] } = {}): Neighbour[] {
    const result: Neighbour[] = [];
    for (const [eid, dir] of edgeIds(id, o.direction ?? 'out')) {
      const e = edges.get(eid) as EdgeState;
      if (o.types && !o.types.includes(e.type)) continue;
      const other = dir === 'out' ? e.to : e.from;
      const st = assets.get(other);
      if (o.kinds && (!st || !o.kinds.includes(st.kind))) continue;
      result.push({ relationship: buildEdge(e), asset: st ? buildAsset(st) : undefined, direction: dir });
    }
    return result.sort((a, b) => (a.relationship.id < b.relationship.id ? -1 : a.relationship.id > b.relationship.id ? 1 : a.direction < b.direction ? -1 : 1));
  }

  function paths(q: PathQuery): GraphPath[] {
    const limit = q.limit ?? 10_000;
    const starts = typeof q.from === 'string' ? (assets.has(q.from) ? [q.from] : []) : queryAssets(q.from).map((a) => a.id);
    const found: GraphPath[] = [];
    const walk = (hop: number, ids: string[], rels: string[]): void => {
      if (found.length >= limit) return;
      if (hop === q.hops.length) {
        found.push({ assets: [...ids], relationships: [...rels] });
        return;
      }
      const h = q.hops[hop] as PathHop;
      const here = ids[ids.length - 1] as string;
      for (const n of neighbours(here, { ...(h.types ? { types: h.types } : {}), direction: h.direction ?? 'out', ...(h.kinds ? { kinds: h.kinds } : {}) })) {
        if (!n.asset || ids.includes(n.asset.id)) continue;
        if (h.where && !h.where(n.asset)) continue;
        ids.push(n.asset.id);
        rels.push(n.relationship.id);
        walk(hop + 1, ids, rels);
        ids.pop();
        rels.pop();
        if (found.length >= limit) return;
      }
    };
    for (const s of starts) walk(0, [s], []);
    return found;
  }

  function reachable(id: string, o: ReachableOptions): Map<string, number> {
    const dist = new Map<string, number>([[id, 0]]);
    let frontier = [id];
    for (let d = 1; d <= o.maxHops && frontier.length > 0; d++) {
      const next: string[] = [];
      for (const cur of frontier) {
        for (const [eid, dir] of edgeIds(cur, o.direction ?? 'out')) {
          const e = edges.get(eid) as EdgeState;
          if (o.types && !o.types.includes(e.type)) continue;
          const other = dir === 'out' ? e.to : e.from;
          if (dist.has(other)) continue;
          const st = assets.get(other);
          if (o.kinds && (!st || !o.kinds.includes(st.kind))) continue;
          dist.set(other, d);
          next.push(other);
        }
      }
      frontier = next;
    }
    dist.delete(id);
    return dist;
  }

  const inv: Inventory = {
    identity,
    get size() {
      return assets.size;
    },
    get relationshipCount() {
      return edges.size;
    },
    add,
    addAll(observations) {
      const issues: Array<Issue & { index: number }> = [];
      let index = 0;
      for (const o of observations) {
        const r = add(o);
        if (!r.ok) for (const i of r.issues) issues.push({ ...i, index });
        index++;
      }
      return issues;
    },
    get(id) {
      const s = assets.get(id);
      return s ? buildAsset(s) : undefined;
    },
    has: (id) => assets.has(id),
    getRelationship(id) {
      const s = edges.get(id);
      return s ? buildEdge(s) : undefined;
    },
    assets: queryAssets,
    relationships(q = {}) {
      const types = q.type ? (Array.isArray(q.type) ? q.type : [q.type]) : undefined;
      let ids: Iterable<string> = edges.keys();
      if (q.from) ids = outIndex.get(q.from) ?? [];
      else if (q.to) ids = inIndex.get(q.to) ?? [];
      const out: Relationship[] = [];
      for (const id of [...ids].sort()) {
        const e = edges.get(id) as EdgeState;
        if (types && !types.includes(e.type)) continue;
        if (q.to && e.to !== q.to) continue;
        out.push(buildEdge(e));
      }
      return out;
    },
    neighbours,
    paths,
    reachable,
    danglingRelationships() {
      return inv.relationships().filter((r) => !assets.has(r.from) || !assets.has(r.to));
    },
    snapshot() {
      return {
        assets: queryAssets(),
        relationships: inv.relationships(),
        schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      } as InventorySnapshot;
    },
  };
  return inv;
}

/**
 * Restores an inventory from a snapshot. Merge state (every provenance entry, the source of each
 * winning value, and each recorded conflict) is rebuilt, so `snapshot()` of the result equals the
 * input and further observations merge exactly as they would have into the original.
 *
 * @example
 * ```ts
 * const copy = fromSnapshot(inv.snapshot());
 * canonicalJson(copy.snapshot()) === canonicalJson(inv.snapshot()); // true
 * ```
 */
export function fromSnapshot(snapshot: InventorySnapshot, options: InventoryOptions = {}): Inventory {
  if (snapshot.schemaVersion !== SNAPSHOT_SCHEMA_VERSION) {
    throw new AispmError('validation', `unsupported snapshot schemaVersion ${String(snapshot.schemaVersion)}`);
  }
  const inv = createInventory({ ...options, validate: false });
  const replay = (entity: Asset | Relationship, emit: (prov: Provenance, fields: Array<[string, unknown]>, first: boolean) => void) => {
    const perProv = new Map<number, Array<[string, unknown]>>();
    const push = (i: number, f: [string, unknown]) => {
      const list = perProv.get(i) ?? [];
      list.push(f);
      perProv.set(i, list);
    };
    for (const [field, idx] of Object.entries(entity.fieldSources)) push(idx, [field, readField(entity, field)]);
    entity.provenance.forEach((p, i) => {
      emit(p, perProv.get(i) ?? [], i === 0);
    });
    for (const c of entity.conflicts) emit(c.provenance, [[c.field, c.value]], false);
  };
  for (const a of snapshot.assets) {
    replay(a, (prov, fields, first) => {
      const obs: Record<string, unknown> = { kind: a.kind, id: a.id, attributes: {} as Record<string, unknown>, labels: {} as Record<string, string> };
      for (const [f, v] of fields) assignField(obs, f, v);
      if (first && a.dataClasses.length) obs.dataClasses = a.dataClasses;
      inv.add({ type: 'asset', asset: obs as never, provenance: prov });
    });
  }
  for (const r of snapshot.relationships) {
    replay(r, (prov, fields, first) => {
      const rel: Record<string, unknown> = { type: r.type, from: r.from, to: r.to, attributes: {} as Record<string, unknown> };
      for (const [f, v] of fields) assignField(rel, f, v);
      if (first && r.dataClasses.length) rel.dataClasses = r.dataClasses;
      inv.add({ type: 'relationship', relationship: rel as never, provenance: prov });
    });
  }
  return inv;
}

function readField(entity: Asset | Relationship, field: string): unknown {
  if (field === '/name') return (entity as Asset).name;
  if (field === '/owner') return (entity as Asset).owner;
  const [, group, ...rest] = field.split('/');
  const key = rest.join('/').replace(/~1/g, '/').replace(/~0/g, '~');
  const bag = (entity as unknown as Record<string, Record<string, unknown>>)[group as string] ?? {};
  return bag[key];
}

function assignField(target: Record<string, unknown>, field: string, value: unknown): void {
  if (field === '/name' || field === '/owner') {
    target[field.slice(1)] = value;
    return;
  }
  const [, group, ...rest] = field.split('/');
  const key = rest.join('/').replace(/~1/g, '/').replace(/~0/g, '~');
  const bag = (target[group as string] ?? {}) as Record<string, unknown>;
  bag[key] = value;
  target[group as string] = bag;
}
