/**
 * Encodes path segments as an RFC 6901 JSON Pointer.
 *
 * @example
 * ```ts
 * toJsonPointer(['attributes', 'a/b', 0]); // '/attributes/a~1b/0'
 * ```
 */
export function toJsonPointer(segments: ReadonlyArray<string | number | symbol>): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Decodes an RFC 6901 JSON Pointer into its segments.
 *
 * @example
 * ```ts
 * parseJsonPointer('/attributes/a~1b'); // ['attributes', 'a/b']
 * ```
 */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Reads the value a JSON Pointer designates, or `undefined` when it does not exist.
 *
 * @example
 * ```ts
 * getByPointer({ a: [1, 2] }, '/a/1'); // 2
 * ```
 */
export function getByPointer(doc: unknown, pointer: string): unknown {
  let cur: unknown = doc;
  for (const seg of parseJsonPointer(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.hasOwn(cur as object, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}
