/**
 * Serialises a value as JSON with object keys sorted at every depth, so the same data always
 * gives the same bytes. `undefined` properties are omitted, as in `JSON.stringify`.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown, indent?: number): string {
  const sorted = sortKeysDeep(value);
  return indent === undefined ? JSON.stringify(sorted) : JSON.stringify(sorted, null, indent);
}

/**
 * Returns a deep copy of `value` whose object keys are sorted. Arrays keep their order.
 *
 * @example
 * ```ts
 * Object.keys(sortKeysDeep({ b: 1, a: 2 })); // ['a', 'b']
 * ```
 */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => sortKeysDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeysDeep(v);
    }
    return out as T;
  }
  return value;
}
