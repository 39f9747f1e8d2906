import type { Direction, Inventory } from '../inventory/inventory';
import type { Asset, Relationship } from '../model/asset';
import type { Evidence } from '../model/findings';
import type { Provenance } from '../model/provenance';
import type { AssetKind, RelationshipType } from '../model/vocab';
import { canonicalJson } from '../util/canonical-json';
import { parseJsonPointer } from '../util/json-pointer';
import { compileGlob } from './pattern';
import type { Comparison, Condition, CountSpec, JsonValue, NeighbourPredicate } from './schema';

/** Three-valued truth: false, true, unknown. */
export const F = 0;
export const T = 1;
export const U = 2;
export type Tri = typeof F | typeof T | typeof U;

/** What a compiled condition reads besides its entity. */
export interface EvalEnv {
  inventory: Inventory;
  /** Epoch milliseconds of "now". */
  now: number;
  /** Per-run cache of neighbour look-ups. */
  reachCache: Map<string, Reached[]>;
  /**
   * Adjacency read in one pass over the inventory's relationships (`bulk`), or asked of
   * `inventory.neighbours()` asset by asset (`lazy`). Built on first use.
   */
  adjacency: 'bulk' | 'lazy';
  bulk?: { out: Map<string, Reached[]>; in: Map<string, Reached[]> };
}

const NONE: Reached[] = [];

function bulkIndex(env: EvalEnv): NonNullable<EvalEnv['bulk']> {
  if (env.bulk) return env.bulk;
  const out = new Map<string, Reached[]>();
  const inn = new Map<string, Reached[]>();
  const assets = new Map<string, Asset | undefined>();
  const assetOf = (id: string) => {
    if (!assets.has(id)) assets.set(id, env.inventory.get(id));
    return assets.get(id);
  };
  // relationships() comes sorted by edge id: each list is in the order neighbours() gives.
  for (const rel of env.inventory.relationships()) {
    if (rel.from === rel.to) continue;
    const rels = [rel.id];
    let o = out.get(rel.from);
    if (!o) out.set(rel.from, (o = []));
    o.push({ id: rel.to, asset: assetOf(rel.to), rel, via: NONE as unknown as string[], rels });
    let i = inn.get(rel.to);
    if (!i) inn.set(rel.to, (i = []));
    i.push({ id: rel.from, asset: assetOf(rel.from), rel, via: NONE as unknown as string[], rels });
  }
  env.bulk = { out, in: inn };
  return env.bulk;
}

/** A neighbour reached by a relationship predicate or path step. */
export interface Reached {
  id: string;
  asset: Asset | undefined;
  rel: Relationship;
  /** Assets passed through on the way (multi-hop), excluding start and end. */
  via: string[];
  rels: string[];
}

type Entity = Asset | Relationship;

/** A compiled condition node: evaluates, and explains the facts behind an outcome. */
export interface CNode {
  ev(e: Entity, env: EvalEnv): Tri;
  explain(e: Entity, env: EvalEnv, want: Tri, out: Evidence[]): void;
}

export function and(a: Tri, b: Tri): Tri {
  if (a === F || b === F) return F;
  if (a === U || b === U) return U;
  return T;
}

/** The provenance of the fact at `pointer`: the entity's `fieldSources` indexes `provenance`. */
export function provenanceOf(e: Entity, pointer: string): Provenance[] {
  const fs = e.fieldSources;
  let p = pointer;
  while (p.length > 0) {
    const idx = fs[p];
    if (idx !== undefined) {
      const prov = e.provenance[idx];
      return prov ? [prov] : [];
    }
    const cut = p.lastIndexOf('/');
    p = cut <= 0 ? '' : p.slice(0, cut);
  }
  return e.provenance;
}

/** Builds one evidence entry for a field of an asset or relationship. */
export function evidenceFor(e: Entity, pointer: string, expected?: string, message?: string, segs?: readonly string[]): Evidence {
  const observed = readField(e, segs ?? parseJsonPointer(pointer));
  const ev: Evidence = { assetId: e.id, pointer, observed, provenance: provenanceOf(e, pointer) };
  if (expected !== undefined) ev.expected = expected;
  if (message !== undefined) ev.message = message;
  return ev;
}

function readField(e: Entity, segs: readonly string[]): unknown {
  let cur: unknown = e;
  for (const s of segs) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      const i = Number(s);
      if (!Number.isInteger(i)) return undefined;
      cur = cur[i];
    } else {
      if (!Object.hasOwn(cur, s)) return undefined;
      cur = (cur as Record<string, unknown>)[s];
    }
  }
  return cur;
}

function eqJson(a: unknown, b: JsonValue, bc: string | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return false;
  return canonicalJson(a) === bc;
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

function leaf(c: Comparison): CNode {
  const pointer = c.field;
  const segs = parseJsonPointer(pointer);
  let test: (v: unknown) => Tri;
  let expected: string;
  if ('exists' in c) {
    const want = c.exists;
    expected = want ? 'present' : 'absent';
    return {
      ev: (e) => ((readField(e, segs) !== undefined) === want ? T : F),
      explain: (e, _env, _want, out) => {
        out.push(evidenceFor(e, pointer, expected, undefined, segs));
      },
    };
  }
  if ('eq' in c) {
    const x = c.eq;
    const xc = typeof x === 'object' && x !== null ? canonicalJson(x) : undefined;
    expected = `equal to ${describe(x)}`;
    test = (v) => (eqJson(v, x, xc) ? T : F);
  } else if ('ne' in c) {
    const x = c.ne;
    const xc = typeof x === 'object' && x !== null ? canonicalJson(x) : undefined;
    expected = `not equal to ${describe(x)}`;
    test = (v) => (eqJson(v, x, xc) ? F : T);
  } else if ('gt' in c || 'gte' in c || 'lt' in c || 'lte' in c) {
    const [op, x] = 'gt' in c ? ['>', c.gt] : 'gte' in c ? ['>=', c.gte] : 'lt' in c ? ['<', c.lt] : ['<=', c.lte];
    expected = `${op} ${describe(x)}`;
    test = (v) => {
      if (typeof v !== typeof x || (typeof v !== 'number' && typeof v !== 'string')) return F;
      const a = v as number | string;
      const ok = op === '>' ? a > x : op === '>=' ? a >= x : op === '<' ? a < x : a <= x;
      return ok ? T : F;
    };
  } else if ('in' in c) {
    const list = c.in.map((x) => [x, typeof x === 'object' && x !== null ? canonicalJson(x) : undefined] as const);
    expected = `one of ${describe(c.in)}`;
    test = (v) => (list.some(([x, xc]) => eqJson(v, x, xc)) ? T : F);
  } else if ('contains' in c || 'containsAny' in c) {
    const xs = 'contains' in c ? [c.contains] : c.containsAny;
    const list = xs.map((x) => [x, typeof x === 'object' && x !== null ? canonicalJson(x) : undefined] as const);
    expected = 'contains' in c ? `contains ${describe(c.contains)}` : `contains any of ${describe(c.containsAny)}`;
    test = (v) => {
      if (Array.isArray(v)) return list.some(([x, xc]) => v.some((el) => eqJson(el, x, xc))) ? T : F;
      if (typeof v === 'string') return list.some(([x]) => typeof x === 'string' && v.includes(x)) ? T : F;
      return F;
    };
  } else if ('matches' in c) {
    const pats = Array.isArray(c.matches) ? c.matches : [c.matches];
    const globs = pats.map((p) => compileGlob(p, c.ignoreCase === true));
    expected = `matches ${pats.map((p) => JSON.stringify(p)).join(' or ')}`;
    test = (v) => {
      if (typeof v === 'string') return globs.some((g) => g(v)) ? T : F;
      if (Array.isArray(v)) return v.some((el) => typeof el === 'string' && globs.some((g) => g(el))) ? T : F;
      return F;
    };
  } else {
    const days = c.olderThanDays;
    const expectedAge = `a date older than ${days} days`;
    const node: CNode = {
      ev: (e, env) => {
        const v = readField(e, segs);
        if (v === undefined || v === null) return U;
        if (typeof v !== 'string') return F;
        const t = Date.parse(v);
        if (Number.isNaN(t)) return U;
        return env.now - t > days * 86_400_000 ? T : F;
      },
      explain: (e, _env, _want, out) => {
        out.push(evidenceFor(e, pointer, expectedAge, undefined, segs));
      },
    };
    return node;
  }
  return {
    ev: (e) => {
      const v = readField(e, segs);
      if (v === undefined) return U;
      return test(v);
    },
    explain: (e, _env, want, out) => {
      out.push(evidenceFor(e, pointer, expected, want === U ? 'missing' : undefined, segs));
    },
  };
}

/** Every edge at an asset in one direction, read once per run from the inventory's indexes. */
function adjacent(env: EvalEnv, id: string, direction: Direction): Reached[] {
  if (env.adjacency === 'bulk' && direction !== 'both') return bulkIndex(env)[direction].get(id) ?? NONE;
  const key = `${id}\u0000${direction}`;
  let out = env.reachCache.get(key);
  if (!out && env.adjacency === 'bulk') {
    // Both directions: merge, ordered as neighbours() orders them (edge id, then in before out).
    const idx = bulkIndex(env);
    const both = [...(idx.in.get(id) ?? NONE).map((n) => [n, 'in'] as const), ...(idx.out.get(id) ?? NONE).map((n) => [n, 'out'] as const)];
    both.sort((a, b) => (a[0].rel.id < b[0].rel.id ? -1 : a[0].rel.id > b[0].rel.id ? 1 : a[1] < b[1] ? -1 : 1));
    out = both.map(([n]) => n);
    env.reachCache.set(key, out);
  }
  if (!out) {
    out = [];
    for (const n of env.inventory.neighbours(id, { direction })) {
      const other = n.direction === 'out' ? n.relationship.to : n.relationship.from;
      if (other === id) continue;
      out.push({ id: other, asset: n.asset, rel: n.relationship, via: [], rels: [n.relationship.id] });
    }
    env.reachCache.set(key, out);
  }
  return out;
}

function typed(env: EvalEnv, id: string, types: RelationshipType[] | undefined, direction: Direction): Reached[] {
  const all = adjacent(env, id, direction);
  if (!types || all.length === 0) return all;
  let allMatch = true;
  for (const n of all) {
    if (!types.includes(n.rel.type)) {
      allMatch = false;
      break;
    }
  }
  if (allMatch) return all;
  const out: Reached[] = [];
  for (const n of all) if (types.includes(n.rel.type)) out.push(n);
  return out;
}

/** Finds the neighbours a predicate or path step reaches, using the inventory's indexes. */
export function reach(
  env: EvalEnv,
  from: string,
  types: RelationshipType[] | undefined,
  direction: Direction,
  minHops: number,
  maxHops: number,
  exclude?: ReadonlySet<string>,
): Reached[] {
  let out: Reached[];
  if (maxHops === 1) out = typed(env, from, types, direction);
  else {
    const key = `${from}\u0000${types?.join(',') ?? '*'}\u0000${direction}\u0000${minHops}\u0000${maxHops}`;
    const cached = env.reachCache.get(key);
    if (cached) out = cached;
    else {
      // Simple walks of minHops..maxHops edges; each end asset is reported once, on its first
      // walk (neighbours come sorted by edge id, so "first" is deterministic).
      const found: Reached[] = [];
      const seen = new Set<string>();
      const walk = (cur: string, depth: number, via: string[], rels: string[], visited: Set<string>) => {
        for (const n of typed(env, cur, types, direction)) {
          if (visited.has(n.id)) continue;
          const d = depth + 1;
          const nextRels = [...rels, n.rel.id];
          if (d >= minHops && !seen.has(n.id)) {
            seen.add(n.id);
            found.push({ id: n.id, asset: n.asset, rel: n.rel, via, rels: nextRels });
          }
          if (d < maxHops) {
            visited.add(n.id);
            walk(n.id, d, [...via, n.id], nextRels, visited);
            visited.delete(n.id);
          }
        }
      };
      walk(from, 0, [], [], new Set([from]));
      env.reachCache.set(key, found);
      out = found;
    }
  }
  if (!exclude || out.length === 0) return out;
  let hit = false;
  for (const n of out) {
    if (exclude.has(n.id)) {
      hit = true;
      break;
    }
  }
  if (!hit) return out;
  const kept: Reached[] = [];
  for (const n of out) if (!exclude.has(n.id)) kept.push(n);
  return kept;
}

/** The kind of an asset id (`<kind>:<key>`). */
export function kindOfId(id: string): AssetKind {
  return id.slice(0, id.indexOf(':')) as AssetKind;
}

/** Evaluates a neighbour's `where`/`edge` conditions. A never-observed neighbour is unknown. */
export function neighbourTruth(n: Reached, where: CNode | undefined, edge: CNode | undefined, env: EvalEnv): Tri {
  let t: Tri = T;
  if (edge) t = edge.ev(n.rel, env);
  if (t === F) return F;
  if (where) t = and(t, n.asset ? where.ev(n.asset, env) : U);
  return t;
}

function countTruth(spec: CountSpec, yes: number, maybe: number): Tri {
  let r: Tri = T;
  if (spec.gte !== undefined) r = and(r, yes >= spec.gte ? T : yes + maybe < spec.gte ? F : U);
  if (spec.lte !== undefined) r = and(r, yes + maybe <= spec.lte ? T : yes > spec.lte ? F : U);
  if (spec.eq !== undefined) r = and(r, yes === spec.eq && maybe === 0 ? T : yes > spec.eq || yes + maybe < spec.eq ? F : U);
  return r;
}

function describeNeighbours(p: NeighbourPredicate): string {
  const c = p.count ?? { gte: 1 };
  const n =
    c.eq !== undefined
      ? `exactly ${c.eq}`
      : [c.gte !== undefined ? `at least ${c.gte}` : '', c.lte !== undefined ? `at most ${c.lte}` : ''].filter(Boolean).join(' and ');
  const kinds = p.kinds ? ` ${p.kinds.join('/')}` : '';
  const over = p.types ? ` over ${p.types.join('/')}` : '';
  const hops = (p.maxHops ?? 1) > 1 ? ` within ${p.maxHops} hops` : '';
  return `${n}${kinds} neighbour(s)${over} (${p.direction ?? 'out'})${hops}${p.where || p.edge ? ' satisfying the condition' : ''}`;
}

function neighboursNode(p: NeighbourPredicate): CNode {
  const where = p.where ? compileCondition(p.where) : undefined;
  const edge = p.edge ? compileCondition(p.edge) : undefined;
  const kinds = p.kinds ? new Set<string>(p.kinds) : undefined;
  const count = p.count ?? { gte: 1 };
  const dir = p.direction ?? 'out';
  const hops = p.maxHops ?? 1;
  const expected = describeNeighbours(p);
  const tally = (e: Entity, env: EvalEnv) => {
    const yes: Reached[] = [];
    const maybe: Reached[] = [];
    for (const n of reach(env, e.id, p.types, dir, 1, hops)) {
      if (kinds && !kinds.has(n.asset ? n.asset.kind : kindOfId(n.id))) continue;
      const t = neighbourTruth(n, where, edge, env);
      if (t === T) yes.push(n);
      else if (t === U) maybe.push(n);
    }
    return { yes, maybe };
  };
  return {
    ev(e, env) {
      let yes = 0;
      let maybe = 0;
      for (const n of reach(env, e.id, p.types, dir, 1, hops)) {
        if (kinds && !kinds.has(n.asset ? n.asset.kind : kindOfId(n.id))) continue;
        const t = neighbourTruth(n, where, edge, env);
        if (t === T) yes++;
        else if (t === U) maybe++;
      }
      return countTruth(count, yes, maybe);
    },
    explain(e, env, want, out) {
      const { yes, maybe } = tally(e, env);
      out.push({
        assetId: e.id,
        pointer: '',
        observed: { matching: yes.map((n) => n.id), undetermined: maybe.map((n) => n.id) },
        expected,
        provenance: [],
      });
      const pick = want === U ? maybe : yes;
      for (const n of pick.slice(0, 5)) {
        out.push({ assetId: n.rel.id, pointer: '/type', observed: n.rel.type, message: `edge to ${n.id}`, provenance: n.rel.provenance });
        if (where && n.asset) where.explain(n.asset, env, want === U ? U : T, out);
      }
    },
  };
}

/**
 * Compiles a condition tree into an evaluator. Conditions are validated beforehand (see
 * {@link ConditionSchema}); an unrecognised node throws.
 */
export function compileCondition(c: Condition): CNode {
  if ('all' in c) {
    const kids = c.all.map(compileCondition);
    return {
      ev(e, env) {
        let r: Tri = T;
        for (const k of kids) {
          const t = k.ev(e, env);
          if (t === F) return F;
          if (t === U) r = U;
        }
        return r;
      },
      explain(e, env, want, out) {
        for (const k of kids) {
          const t = k.ev(e, env);
          if (want === T || t === want) k.explain(e, env, t, out);
        }
      },
    };
  }
  if ('any' in c) {
    const kids = c.any.map(compileCondition);
    return {
      ev(e, env) {
        let r: Tri = F;
        for (const k of kids) {
          const t = k.ev(e, env);
          if (t === T) return T;
          if (t === U) r = U;
        }
        return r;
      },
      explain(e, env, want, out) {
        for (const k of kids) {
          const t = k.ev(e, env);
          if (want === F || t === want) k.explain(e, env, t, out);
        }
      },
    };
  }
  if ('not' in c) {
    const k = compileCondition(c.not);
    return {
      ev(e, env) {
        const t = k.ev(e, env);
        return t === U ? U : t === T ? F : T;
      },
      explain(e, env, want, out) {
        k.explain(e, env, want === U ? U : want === T ? F : T, out);
      },
    };
  }
  if ('neighbours' in c) return neighboursNode(c.neighbours);
  if ('field' in c) return leaf(c);
  throw new Error(`not a condition: ${JSON.stringify(c)}`);
}
