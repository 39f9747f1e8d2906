/** A position in a text: 0-based offset, 1-based line and column. */
export interface TextPosition {
  offset: number;
  line: number;
  column: number;
}

/**
 * Converts a 0-based offset in `text` into a 1-based line and column.
 *
 * @example
 * ```ts
 * positionAt('a\nbc', 3); // { offset: 3, line: 2, column: 2 }
 * ```
 */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let last = -1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { offset, line, column: offset - last };
}

/** A JSON syntax error with its position. */
export interface JsonSyntaxError {
  message: string;
  position: TextPosition;
}

class Stop extends Error {
  constructor(
    readonly at: number,
    readonly why: string,
  ) {
    super(why);
  }
}

/**
 * Walks JSON text without building values. Reports the first syntax error (with line and
 * column), and the position of the value at `pointer` when it exists. Used to place schema issues
 * and syntax errors in a file; the fast path still uses `JSON.parse`.
 *
 * @example
 * ```ts
 * locateJson('[\n {"a": 1}\n]', '/0/a').found?.line; // 2
 * locateJson('{"a": tru}').error?.message; // 'invalid literal'
 * ```
 */
export function locateJson(text: string, pointer?: string): { error?: JsonSyntaxError; found?: TextPosition } {
  const target =
    pointer === undefined
      ? undefined
      : pointer === ''
        ? []
        : pointer
            .slice(1)
            .split('/')
            .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let i = 0;
  let found: number | undefined;
  const path: string[] = [];
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const check = () => {
    if (target && found === undefined && path.length === target.length && path.every((p, k) => p === target[k])) found = i;
  };
  const str = (): string => {
    const start = ++i;
    let out = '';
    let seg = start;
    for (;;) {
      if (i >= text.length) throw new Stop(start - 1, 'unterminated string');
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(seg, i);
        i++;
        return out;
      }
      if (c < 32) throw new Stop(i, 'control character in string');
      if (c === 92) {
        out += text.slice(seg, i);
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i, 'invalid unicode escape');
          out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          out += e;
          i += 2;
        } else throw new Stop(i, 'invalid escape');
        seg = i;
        continue;
      }
      i++;
    }
  };
  const value = (depth: number): void => {
    if (depth > 10_000) throw new Stop(i, 'nesting too deep');
    ws();
    check();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new Stop(i, 'expected a double-quoted property name');
        const key = str();
        ws();
        if (text[i] !== ':') throw new Stop(i, "expected ':' after property name");
        i++;
        path.push(key);
        value(depth + 1);
        path.pop();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        throw new Stop(i, "expected ',' or '}' after property value");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        path.push(String(n));
        value(depth + 1);
        path.pop();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        throw new Stop(i, "expected ',' or ']' after array element");
      }
    }
    if (c === '"') {
      str();
      return;
    }
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!lit) throw new Stop(i, i >= text.length ? 'unexpected end of input' : 'invalid literal');
    i += lit[0].length;
  };
  try {
    value(0);
    ws();
    if (i < text.length) throw new Stop(i, 'unexpected text after the JSON value');
  } catch (e) {
    if (e instanceof Stop) {
      const out: { error?: JsonSyntaxError; found?: TextPosition } = { error: { message: e.why, position: positionAt(text, e.at) } };
      if (found !== undefined) out.found = positionAt(text, found);
      return out;
    }
    throw e;
  }
  return found === undefined ? {} : { found: positionAt(text, found) };
}
