/**
 * Matches a whole string against a glob: `*` matches any run of characters (possibly empty),
 * `?` exactly one, `\` escapes the next character; everything else is literal. The match is
 * anchored at both ends and runs in O(text × pattern) time at worst, with no backtracking
 * blow-up: rules never compile user text into a regular expression.
 *
 * @example
 * ```ts
 * globMatch('gpt-4o-*', 'gpt-4o-2024-08-06'); // true
 * globMatch('*.internal', 'api.example.com'); // false
 * globMatch('SK-*', 'sk-live', true); // true (ignoring case)
 * ```
 */
export function globMatch(pattern: string, text: string, ignoreCase = false): boolean {
  return compileGlob(pattern, ignoreCase)(text);
}

/**
 * Compiles a glob (see {@link globMatch}) once into a matcher function.
 *
 * @example
 * ```ts
 * const isGpt = compileGlob('gpt-*');
 * isGpt('gpt-4o'); // true
 * ```
 */
export function compileGlob(pattern: string, ignoreCase = false): (text: string) => boolean {
  const toks = tokenize(ignoreCase ? pattern.toLowerCase() : pattern);
  return (text) => run(toks, ignoreCase ? text.toLowerCase() : text);
}

function run(toks: Tok[], s: string): boolean {
  // Classic linear-backtrack wildcard matching: remember the last `*` and the text position it
  // resumed from; each retry advances that position, so total work is bounded by |s| × |toks|.
  let ti = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    const t = toks[ti];
    if (t !== undefined && t.kind !== 'star' && (t.kind === 'any' || t.ch === s[si])) {
      ti++;
      si++;
    } else if (t !== undefined && t.kind === 'star') {
      star = ti++;
      mark = si;
    } else if (star >= 0) {
      ti = star + 1;
      si = ++mark;
    } else return false;
  }
  while (ti < toks.length && toks[ti]?.kind === 'star') ti++;
  return ti === toks.length;
}

type Tok = { kind: 'star' } | { kind: 'any' } | { kind: 'lit'; ch: string };

function tokenize(p: string): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '\\' && i + 1 < p.length) out.push({ kind: 'lit', ch: p[++i] as string });
    else if (c === '*') {
      if (out[out.length - 1]?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === '?') out.push({ kind: 'any' });
    else out.push({ kind: 'lit', ch: c });
  }
  return out;
}
