import type { Asset, Relationship } from '../model/asset';
import { canonicalJson } from '../util/canonical-json';
import { toJsonPointer } from '../util/json-pointer';
import type { InventorySnapshot } from './snapshot';

/** One field whose value differs between two versions of an entity. */
export interface FieldChange {
  /** JSON Pointer of the field: `/name`, `/owner`, `/attributes/version`, `/labels/team`, `/dataClasses`. */
  field: string;
  /** Value before (absent when the field was added). */
  before?: unknown;
  /** Value after (absent when the field was removed). */
  after?: unknown;
}

/** An entity present in both snapshots whose content differs. */
export interface EntityChange {
  id: string;
  changes: FieldChange[];
}

/** Added, removed and changed entities of one type. */
export interface EntityDiff<T> {
  added: T[];
  removed: T[];
  changed: EntityChange[];
}

/** The difference between two inventory snapshots. */
export interface InventoryDiff {
  assets: EntityDiff<Asset>;
  relationships: EntityDiff<Relationship>;
}

/**
 * Compares the content of an asset or relationship (name, owner, labels, attributes, data classes
 * and, for edges, endpoints). Provenance and times are not content: they change on every run.
 */
function compareEntities(a: Asset | Relationship, b: Asset | Relationship): FieldChange[] {
  const flat = (e: Asset | Relationship): Map<string, unknown> => {
    const m = new Map<string, unknown>();
    if ('name' in e) m.set('/name', e.name);
    if ('owner' in e && e.owner !== undefined) m.set('/owner', e.owner);
    if ('labels' in e) for (const [k, v] of Object.entries(e.labels)) m.set(toJsonPointer(['labels', k]), v);
    for (const [k, v] of Object.entries(e.attributes as Record<string, unknown>)) m.set(toJsonPointer(['attributes', k]), v);
    m.set('/dataClasses', e.dataClasses);
    return m;
  };
  const fa = flat(a);
  const fb = flat(b);
  const fields = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  const changes: FieldChange[] = [];
  for (const f of fields) {
    const has0 = fa.has(f);
    const has1 = fb.has(f);
    if (has0 && has1 && canonicalJson(fa.get(f)) === canonicalJson(fb.get(f))) continue;
    const c: FieldChange = { field: f };
    if (has0) c.before = fa.get(f);
    if (has1) c.after = fb.get(f);
    changes.push(c);
  }
  return changes;
}

function diffEntities<T extends Asset | Relationship>(before: T[], after: T[]): EntityDiff<T> {
  const a = new Map(before.map((e) => [e.id, e]));
  const b = new Map(after.map((e) => [e.id, e]));
  const out: EntityDiff<T> = { added: [], removed: [], changed: [] };
  for (const [id, e] of b) if (!a.has(id)) out.added.push(e);
  for (const [id, e] of a) {
    const other = b.get(id);
    if (!other) {
      out.removed.push(e);
      continue;
    }
    const changes = compareEntities(e, other);
    if (changes.length) out.changed.push({ id, changes });
  }
  const byId = (x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  out.added.sort(byId);
  out.removed.sort(byId);
  out.changed.sort(byId);
  return out;
}

/**
 * Lists the assets and relationships added, removed and changed between two snapshots, naming
 * each changed field with its old and new value.
 *
 * @example
 * ```ts
 * const d = diffSnapshots(lastQuarter, today);
 * for (const c of d.assets.changed) console.log(c.id, c.changes.map((x) => x.field));
 * ```
 */
export function diffSnapshots(before: InventorySnapshot, after: InventorySnapshot): InventoryDiff {
  return {
    assets: diffEntities(before.assets, after.assets),
    relationships: diffEntities(before.relationships, after.relationships),
  };
}

/**
 * True when a diff has no additions, removals or changes.
 *
 * @example
 * ```ts
 * isEmptyDiff(diffSnapshots(s, s)); // true
 * ```
 */
export function isEmptyDiff(d: InventoryDiff): boolean {
  return (
    d.assets.added.length +
      d.assets.removed.length +
      d.assets.changed.length +
      d.relationships.added.length +
      d.relationships.removed.length +
      d.relationships.changed.length ===
    0
  );
}
