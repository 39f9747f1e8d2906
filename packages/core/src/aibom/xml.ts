import { SaxesParser } from 'saxes';
import type { Issue } from '../errors';

/** One XML element: local name, namespace, attributes, child elements, text and its line. */
export interface XmlElement {
  /** Local name (without prefix). */
  name: string;
  /** Namespace URI ('' when none). */
  ns: string;
  /** Attributes by local name (a null-prototype object). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text content (trimmed when the element has child elements). */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

/** Limits applied while parsing XML. */
export interface XmlLimits {
  /** Maximum element nesting (default 256). */
  maxDepth?: number;
  /** Maximum number of elements (default 20,000,000). */
  maxElements?: number;
}

/**
 * Parses XML into a small element tree with line numbers. Document type declarations (and so
 * every custom entity, external entity and entity-expansion bomb) are refused; only the five
 * predefined entities and character references are accepted.
 *
 * @example
 * ```ts
 * const r = parseXml('<bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>');
 * if (r.ok) r.value.name; // 'bom'
 * ```
 */
export function parseXml(text: string, limits: XmlLimits = {}, file?: string): { ok: true; value: XmlElement } | { ok: false; issues: Issue[] } {
  const maxDepth = limits.maxDepth ?? 256;
  const maxElements = limits.maxElements ?? 20_000_000;
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let count = 0;
  const at = (code: string, message: string, line = parser.line, column = parser.column): Issue => ({
    code,
    message,
    path: '',
    line: line > 0 ? line : 1,
    ...(column > 0 ? { column } : {}),
    ...(file ? { file } : {}),
  });
  let refusal: Issue | undefined;
  class Refuse extends Error {}
  const refuse = (issue: Issue): never => {
    refusal = issue;
    throw new Refuse(issue.message);
  };
  parser.on('doctype', () => {
    refuse(at('xml/doctype-refused', 'document type declarations are refused (they allow external entities and entity-expansion bombs)'));
  });
  parser.on('opentag', (tag) => {
    count++;
    if (count > maxElements) refuse(at('xml/too-many-elements', `more than ${maxElements} elements`));
    if (stack.length >= maxDepth) refuse(at('xml/too-deep', `elements nested deeper than ${maxDepth} levels`));
    const attrs: Record<string, string> = Object.create(null);
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      attrs[a.local] = a.value;
    }
    const el: XmlElement = { name: tag.local, ns: tag.uri, attrs, children: [], text: '', line: parser.line };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  const onText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const el = stack.pop();
    if (el && el.children.length > 0) el.text = el.text.trim();
  });
  try {
    parser.write(text).close();
  } catch (e) {
    if (refusal) return { ok: false, issues: [refusal] };
    const msg = e instanceof Error ? e.message : String(e);
    // saxes messages look like "file:line:col: message"
    const m = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec(msg);
    const undefinedEntity = /undefined entity|entity/i.test(msg);
    return {
      ok: false,
      issues: [
        at(
          undefinedEntity ? 'xml/entity-refused' : 'xml/malformed',
          `${undefinedEntity ? 'custom entities are refused: ' : 'malformed XML: '}${m?.[3] ?? msg}`,
          m ? Number(m[1]) : parser.line,
          m ? Number(m[2]) : parser.column,
        ),
      ],
    };
  }
  if (!root) return { ok: false, issues: [at('xml/empty', 'no root element')] };
  return { ok: true, value: root };
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' };

/**
 * Escapes text for XML content or attribute values.
 *
 * @example
 * ```ts
 * escapeXml('a < b'); // 'a &lt; b'
 * ```
 */
export function escapeXml(s: string): string {
  // Drop characters XML 1.0 cannot carry.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing invalid XML characters on purpose
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"'\r\n\t]/g, (c) => ESC[c] as string);
}
