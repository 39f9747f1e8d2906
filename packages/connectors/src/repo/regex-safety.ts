/** A reason a regular expression may backtrack catastrophically. */
export interface RegexHazard {
  /** Offset in the source where the risky quantifier is. */
  index: number;
  message: string;
}

interface Frame {
  start: number;
  /** The group holds an unbounded quantifier (`*`, `+`, `{n,}`). */
  unbounded: boolean;
  /** The group holds any quantifier that repeats more than once. */
  repeats: boolean;
}

/**
 * A static check for catastrophic backtracking: it reports nested quantifiers where an inner
 * repetition is unbounded and the outer one repeats, or the outer one is unbounded and the inner
 * one repeats (`(a+)+`, `(\w*)*`, `(?:x{1,9})+`), and unbounded repetition of an alternation
 * whose branches can both match the same text is left to the nested rule. Bounded nesting such
 * as `(?:[a-z]{1,40}/){0,2}` is accepted: its cost is polynomial with a small bound.
 *
 * @example
 * ```ts
 * analyseRegex('(a+)+$').length; // 1
 * analyseRegex('sk-[A-Za-z0-9]{20,40}').length; // 0
 * ```
 */
export function analyseRegex(source: string): RegexHazard[] {
  const hazards: RegexHazard[] = [];
  const stack: Frame[] = [{ start: 0, unbounded: false, repeats: false }];
  let i = 0;
  // What the last atom was: a group (with its frame) or a simple atom.
  let lastGroup: Frame | null = null;
  const readQuantifier = (at: number): { max: number; len: number } | undefined => {
    const c = source[at];
    if (c === '*' || c === '+') return { max: Number.POSITIVE_INFINITY, len: source[at + 1] === '?' || source[at + 1] === '+' ? 2 : 1 };
    if (c === '?') return { max: 1, len: source[at + 1] === '?' ? 2 : 1 };
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}\??/.exec(source.slice(at));
      if (!m) return undefined;
      const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
      return { max, len: m[0].length };
    }
    return undefined;
  };
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\') {
      i += 2;
      lastGroup = null;
    } else if (c === '[') {
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      lastGroup = null;
    } else if (c === '(') {
      stack.push({ start: i, unbounded: false, repeats: false });
      i++;
      if (source[i] === '?') {
        i++;
        if (source[i] === '<' && source[i + 1] !== '=' && source[i + 1] !== '!') while (i < source.length && source[i] !== '>') i++;
        i++;
      }
      lastGroup = null;
      continue;
    } else if (c === ')') {
      const frame = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      parent.unbounded ||= frame.unbounded;
      parent.repeats ||= frame.repeats;
      lastGroup = frame;
      i++;
    } else {
      i++;
      lastGroup = null;
    }
    const q = readQuantifier(i);
    if (!q) continue;
    const parent = stack[stack.length - 1]!;
    if (lastGroup && q.max > 1) {
      if (lastGroup.unbounded || (q.max === Number.POSITIVE_INFINITY && lastGroup.repeats)) {
        hazards.push({ index: i, message: `nested quantifier at ${i}: a repeated group (from ${lastGroup.start}) holds a repetition` });
      }
    }
    if (q.max === Number.POSITIVE_INFINITY) parent.unbounded = true;
    if (q.max > 1) parent.repeats = true;
    i += q.len;
    lastGroup = null;
  }
  return hazards;
}
