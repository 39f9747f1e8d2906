/**
 * The matching kernel: one pass of the Aho-Corasick DFA over a file's bytes, then the regexes of
 * the patterns whose literals occur, on those lines only. It is written without imports or
 * outside references so that worker threads can run the very same code (it is sent to them as
 * source text).
 */

/** What the kernel needs: the automaton, which patterns each literal belongs to, and the regexes. */
export interface KernelSpec {
  /** Row width of `rows` is `1 << shift`. */
  shift: number;
  /** Byte class of each byte. */
  classOf: Uint8Array;
  /** The automaton's transitions as row offsets, literal-ending states negated (see `Automaton.rows`). */
  rows: Int32Array;
  outStart: Int32Array;
  outList: Int32Array;
  /** Patterns of each literal (CSR). */
  litPatStart: Int32Array;
  litPatList: Int32Array;
  patterns: Array<{ source: string; flags: string }>;
  /** Longest line window (bytes) handed to a regex around a literal hit. */
  maxLine: number;
}

/** One regex match: pattern index, 1-based line and column, the match and its groups. */
export interface KernelHit {
  p: number;
  line: number;
  col: number;
  m: string[];
}

/** Scans one buffer. */
export type KernelScan = (buf: Buffer) => KernelHit[];

/**
 * Builds the scan function of a {@link KernelSpec}.
 *
 * @example
 * ```ts
 * const scan = createKernel(spec);
 * const hits = scan(readFileSync('app.py'));
 * ```
 */
export function createKernel(spec: KernelSpec): KernelScan {
  const rows = spec.rows;
  const shift = spec.shift;
  const classOf = spec.classOf;
  const outStart = spec.outStart;
  const outList = spec.outList;
  const litPatStart = spec.litPatStart;
  const litPatList = spec.litPatList;
  const maxLine = spec.maxLine;
  const P = spec.patterns.length;
  const regexes = spec.patterns.map((p) => new RegExp(p.source, p.flags.includes('g') ? p.flags : `${p.flags}g`));
  const lastLine = new Int32Array(P);
  return function scan(buf) {
    const n = buf.length;
    let row = 0;
    let candP: number[] | null = null;
    let candStart: number[] = [];
    let candEnd: number[] = [];
    let lineStart = -1;
    let lineEnd = -1;
    for (let i = 0; i < n; i++) {
      const v = rows[row | classOf[buf[i]!]!]!;
      if (v >= 0) {
        row = v;
        continue;
      }
      row = -v - 1;
      const s = row >> shift;
      if (candP === null) {
        candP = [];
        candStart = [];
        candEnd = [];
        lastLine.fill(-1);
      }
      if (i >= lineEnd) {
        let a = i;
        while (a > 0 && buf[a - 1] !== 10) a--;
        let b = i;
        while (b < n && buf[b] !== 10) b++;
        lineStart = a;
        lineEnd = b;
      }
      let ws = lineStart;
      let we = lineEnd;
      if (we - ws > maxLine) {
        ws = Math.max(lineStart, i - (maxLine >> 1));
        we = Math.min(lineEnd, i + (maxLine >> 1));
      }
      for (let k = outStart[s]!; k < outStart[s + 1]!; k++) {
        const lit = outList[k]!;
        for (let q = litPatStart[lit]!; q < litPatStart[lit + 1]!; q++) {
          const p = litPatList[q]!;
          if (lastLine[p] === ws) continue;
          lastLine[p] = ws;
          candP.push(p);
          candStart.push(ws);
          candEnd.push(we);
        }
      }
    }
    const hits: KernelHit[] = [];
    if (candP === null) return hits;
    let lineNo = 1;
    let pos = 0;
    let textStart = -1;
    let textEnd = -1;
    let text = '';
    let textLineStart = 0;
    for (let c = 0; c < candP.length; c++) {
      const ws = candStart[c]!;
      const we = candEnd[c]!;
      while (pos < ws) {
        if (buf[pos] === 10) lineNo++;
        pos++;
      }
      if (ws !== textStart || we !== textEnd) {
        textStart = ws;
        textEnd = we;
        text = buf.toString('utf8', ws, we);
        let ls = ws;
        while (ls > 0 && buf[ls - 1] !== 10) ls--;
        textLineStart = ws - ls;
      }
      const re = regexes[candP[c]!]!;
      re.lastIndex = 0;
      let m: RegExpExecArray | null = re.exec(text);
      while (m !== null) {
        const groups: string[] = [];
        for (let g = 0; g < m.length; g++) groups.push(m[g] ?? '');
        hits.push({ p: candP[c]!, line: lineNo, col: textLineStart + m.index + 1, m: groups });
        if (m[0].length === 0) re.lastIndex++;
        m = re.exec(text);
      }
    }
    return hits;
  };
}

/**
 * Source text of {@link createKernel} that a worker can evaluate (with a shim for the name
 * helper some TypeScript loaders insert).
 */
export const KERNEL_SOURCE = `var __name = function (f) { return f; };\n${createKernel.toString()}`;

/** What a scan of one file's bytes gives back. */
export interface FileScanResult {
  status: 'ok' | 'binary' | 'minified' | 'unreadable';
  hits: KernelHit[];
  /** The decoded text, when a hit needs it (agents, MCP servers, tools). */
  text?: string;
  error?: string;
}

/**
 * Reads and scans one file: binary files (a NUL byte near the start) and minified bundles are
 * skipped, UTF-16 files are converted, and the kernel runs on the bytes. The decoded text comes
 * back when a hit needs it, or always with `alwaysText` (structured files, which are parsed). Like
 * {@link createKernel} it references nothing outside itself (workers run its source).
 */
export function scanFileWith(
  scan: KernelScan,
  needsText: Uint8Array,
  readFile: (path: string) => Uint8Array,
  abs: string,
  isScript: boolean,
  alwaysText = false,
): FileScanResult {
  let buf: Buffer;
  try {
    buf = readFile(abs) as Buffer;
  } catch (e) {
    return { status: 'unreadable', hits: [], error: (e as { code?: string }).code ?? String(e) };
  }
  const B = buf.constructor as unknown as { from(s: string, enc: string): typeof buf };
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    let s: string;
    if (buf[0] === 0xff) s = buf.toString('utf16le', 2, buf.length);
    else {
      const swapped = B.from(buf.toString('latin1', 2, buf.length), 'latin1');
      for (let i = 0; i + 1 < swapped.length; i += 2) {
        const t = swapped[i]!;
        swapped[i] = swapped[i + 1]!;
        swapped[i + 1] = t;
      }
      s = swapped.toString('utf16le', 0, swapped.length);
    }
    buf = B.from(s, 'utf8');
  } else {
    // `indexOf` on the bytes is a native search, far cheaper than a loop here.
    const probe = Math.min(buf.length, 8000);
    if (buf.subarray(0, probe).indexOf(0) !== -1) return { status: 'binary', hits: [] };
  }
  if (isScript && buf.length > 20000) {
    // Stops counting as soon as there are enough lines not to be a bundle.
    const enough = buf.length / 1000;
    let nl = 0;
    for (let at = buf.indexOf(10); at !== -1 && nl < enough; at = buf.indexOf(10, at + 1)) nl++;
    if (nl < enough) return { status: 'minified', hits: [] };
  }
  const hits = scan(buf);
  let wantText = alwaysText;
  for (let i = 0; i < hits.length && !wantText; i++) if (needsText[hits[i]!.p] === 1) wantText = true;
  return wantText ? { status: 'ok', hits, text: buf.toString('utf8', 0, buf.length) } : { status: 'ok', hits };
}

/** Source text of {@link scanFileWith} for workers. */
export const SCAN_FILE_SOURCE = scanFileWith.toString();
