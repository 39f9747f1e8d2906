/**
 * A byte-level Aho-Corasick automaton compiled to a dense DFA (256 transitions per state),
 * case-insensitive for ASCII letters. It is the multi-literal prefilter V8's regex engine lacks:
 * one pass over a file's bytes says which literals occur and where.
 */
export interface Automaton {
  /** Number of states. */
  states: number;
  /** `delta[state * 256 + byte]` is the next state. */
  delta: Int32Array;
  /** Literals ending at each state (CSR): `outList[outStart[s] .. outStart[s + 1])`. */
  outStart: Int32Array;
  outList: Int32Array;
}

const lowerByte = (b: number) => (b >= 65 && b <= 90 ? b + 32 : b);

/**
 * Builds the automaton of a list of literals (matched case-insensitively for ASCII letters).
 *
 * @example
 * ```ts
 * const a = buildAutomaton(['sk-ant-', 'AIza']);
 * a.states > 1; // true
 * ```
 */
export function buildAutomaton(literals: readonly string[]): Automaton {
  const goto: Array<Map<number, number>> = [new Map()];
  const own: number[][] = [[]];
  literals.forEach((lit, id) => {
    const bytes = Buffer.from(lit, 'utf8');
    let s = 0;
    for (const raw of bytes) {
      const b = lowerByte(raw);
      let next = goto[s]!.get(b);
      if (next === undefined) {
        next = goto.length;
        goto.push(new Map());
        own.push([]);
        goto[s]!.set(b, next);
      }
      s = next;
    }
    own[s]!.push(id);
  });
  const n = goto.length;
  const fail = new Int32Array(n);
  const delta = new Int32Array(n * 256);
  const out: number[][] = own.map((o) => [...o]);
  const order: number[] = [];
  // Root transitions.
  for (let b = 0; b < 256; b++) {
    const t = goto[0]!.get(lowerByte(b));
    delta[b] = t ?? 0;
    if (t !== undefined && lowerByte(b) === b) {
      fail[t] = 0;
      order.push(t);
    }
  }
  for (let qi = 0; qi < order.length; qi++) {
    const s = order[qi]!;
    const f = fail[s]!;
    if (out[f]!.length) out[s] = [...out[s]!, ...out[f]!];
    for (let b = 0; b < 256; b++) {
      const lb = lowerByte(b);
      const t = goto[s]!.get(lb);
      if (t !== undefined) {
        delta[s * 256 + b] = t;
        if (lb === b) {
          fail[t] = delta[f * 256 + b]!;
          order.push(t);
        }
      } else {
        delta[s * 256 + b] = delta[f * 256 + b]!;
      }
    }
  }
  const outStart = new Int32Array(n + 1);
  let total = 0;
  for (let s = 0; s < n; s++) {
    outStart[s] = total;
    total += out[s]!.length;
  }
  outStart[n] = total;
  const outList = new Int32Array(total);
  let k = 0;
  for (let s = 0; s < n; s++) for (const id of out[s]!) outList[k++] = id;
  return { states: n, delta, outStart, outList };
}

/**
 * Every literal occurrence in `bytes` as `[literalId, endOffset]` pairs (test helper and
 * reference implementation of the kernel's inner loop).
 *
 * @example
 * ```ts
 * findLiterals(buildAutomaton(['ab']), Buffer.from('xAB')); // [[0, 2]]
 * ```
 */
export function findLiterals(a: Automaton, bytes: Uint8Array): Array<[number, number]> {
  const hits: Array<[number, number]> = [];
  let s = 0;
  for (let i = 0; i < bytes.length; i++) {
    s = a.delta[(s << 8) | bytes[i]!]!;
    for (let k = a.outStart[s]!; k < a.outStart[s + 1]!; k++) hits.push([a.outList[k]!, i]);
  }
  return hits;
}
