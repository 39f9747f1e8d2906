import { getByPointer } from '@aispm/core';

/** The text that replaces a redacted value. */
export const REDACTED = '[REDACTED]';

/**
 * Patterns of values that look like secrets whatever field they sit in: provider API keys,
 * bearer tokens, cloud access keys, tokens in URLs (`patterns: false` turns these off and
 * redacts only the known values). A match keeps its first four characters
 * and loses the rest.
 */
export const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}/g,
  /\bsk-ant-[A-Za-z0-9_-]{16,}/g,
  /\bhf_[A-Za-z0-9]{20,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{30,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bAIza[0-9A-Za-z_-]{35}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bdapi[0-9a-f]{32}\b/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
];

const BEARER = /\b(Bearer|Basic|Token)\s+([A-Za-z0-9._~+/=-]{6,})/gi;
const URL_SECRET_PARAM = /([?&](?:[A-Za-z_-]*(?:token|key|secret|signature|password|sig|code|auth)[A-Za-z_-]*)=)([^&#\s"']+)/gi;
/** Pagination cursors are named like tokens but are not secrets. */
const PAGINATION = /(?:page|next|continuation|resume|sync)[_-]?token$/i;
const SECRET_KEY = /(?:^|[_-])(?:authorization|token|secret|password|passwd|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|cookie|session)s?$/i;

/** Redacts values in text, strings inside objects, and whole values under secret-looking keys. */
export interface Redactor {
  /** Redacts secrets inside a string. */
  text(value: string): string;
  /** Deep-copies a value, redacting strings and every value under a secret-looking key. */
  value<T>(value: T): T;
}

function keepFour(s: string): string {
  return s.length <= 4 ? REDACTED : `${s.slice(0, 4)}…${REDACTED}`;
}

function collect(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') {
    if (value.length >= 4) out.add(value);
  } else if (typeof value === 'number') {
    out.add(String(value));
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) collect(v, out);
  }
}

/**
 * Reads the secret values of a config: every string under each secret JSON Pointer.
 *
 * @example
 * ```ts
 * secretValues({ url: 'u', token: 'abcd1234' }, ['/token']); // ['abcd1234']
 * ```
 */
export function secretValues(config: unknown, pointers: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of pointers) {
    try {
      collect(getByPointer(config, p), out);
    } catch {
      // A secret field that is absent has nothing to redact.
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * Creates a redactor for a set of known secret values (from config fields the manifest marks as
 * secret) plus the built-in secret-looking patterns. Known secrets are replaced whole; pattern
 * matches keep their first four characters.
 *
 * @example
 * ```ts
 * const r = createRedactor(['s3cr3t-value']);
 * r.text('token=s3cr3t-value'); // 'token=[REDACTED]'
 * ```
 */
export function createRedactor(secrets: readonly string[] = [], options: { patterns?: boolean } = {}): Redactor {
  const patterns = options.patterns ?? true;
  const known = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  const text = (input: string): string => {
    let s = input;
    for (const k of known) if (s.includes(k)) s = s.split(k).join(REDACTED);
    if (!patterns) return s;
    s = s.replace(BEARER, (_m, scheme: string, tok: string) => (tok === REDACTED ? `${scheme} ${tok}` : `${scheme} ${keepFour(tok)}`));
    s = s.replace(URL_SECRET_PARAM, (m, head: string, v: string) => (PAGINATION.test(head.slice(1, -1)) ? m : `${head}${v.startsWith('[') ? v : REDACTED}`));
    for (const re of SECRET_PATTERNS) s = s.replace(re, (m) => keepFour(m));
    return s;
  };
  const value = <T>(input: T): T => {
    const walk = (v: unknown, key: string | undefined): unknown => {
      if (patterns && key !== undefined && SECRET_KEY.test(key) && !PAGINATION.test(key) && (typeof v === 'string' || typeof v === 'number')) return REDACTED;
      if (typeof v === 'string') return text(v);
      if (Array.isArray(v)) return v.map((x) => walk(x, undefined));
      if (v instanceof Error) return text(v.message);
      if (typeof v === 'object' && v !== null) {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
        return out;
      }
      return v;
    };
    return walk(input, undefined) as T;
  };
  return { text, value };
}
