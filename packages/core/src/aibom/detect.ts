import type { BomFormat } from './types';

/** What {@link detectBomFormat} found. */
export interface DetectedBom {
  format: BomFormat;
  /** Declared spec version, when it could be read cheaply. */
  specVersion?: string;
}

/**
 * Detects the BOM format of a document from its content (never from the file name alone):
 * CycloneDX JSON or XML, SPDX 2.x JSON or SPDX 3 JSON-LD. Returns `undefined` for anything else.
 *
 * @example
 * ```ts
 * detectBomFormat('{"bomFormat":"CycloneDX","specVersion":"1.6"}'); // { format: 'cyclonedx-json', specVersion: '1.6' }
 * ```
 */
export function detectBomFormat(input: string | object): DetectedBom | undefined {
  if (typeof input === 'object' && input !== null) {
    const o = input as Record<string, unknown>;
    if (o.bomFormat === 'CycloneDX') return { format: 'cyclonedx-json', ...(typeof o.specVersion === 'string' ? { specVersion: o.specVersion } : {}) };
    if (typeof o.spdxVersion === 'string') return { format: 'spdx-2-json', specVersion: o.spdxVersion };
    if ('@graph' in o || (typeof o['@context'] === 'string' && o['@context'].includes('spdx'))) return { format: 'spdx-3-jsonld' };
    return undefined;
  }
  const head = input
    .slice(0, 65_536)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('<')) {
    const ns = /xmlns(?::\w+)?\s*=\s*["']http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)["']/.exec(head);
    if (ns) return { format: 'cyclonedx-xml', ...(ns[1] ? { specVersion: ns[1] } : {}) };
    if (/<(\w+:)?bom[\s>]/.test(head)) return { format: 'cyclonedx-xml' };
    return undefined;
  }
  if (!head.startsWith('{')) return undefined;
  if (/"bomFormat"\s*:\s*"CycloneDX"/.test(head) || (input.length > head.length && /"bomFormat"\s*:\s*"CycloneDX"/.test(input))) {
    const v = /"specVersion"\s*:\s*"([^"]*)"/.exec(head);
    return { format: 'cyclonedx-json', ...(v?.[1] ? { specVersion: v[1] } : {}) };
  }
  const spdx2 = /"spdxVersion"\s*:\s*"([^"]*)"/.exec(head);
  if (spdx2?.[1]) return { format: 'spdx-2-json', specVersion: spdx2[1] };
  if (/"@context"\s*:\s*(?:"[^"]*spdx[^"]*"|\[)/i.test(head) || /"@graph"\s*:/.test(head)) {
    const v = /"specVersion"\s*:\s*"(3[^"]*)"/.exec(input.length < 2_000_000 ? input : head);
    return { format: 'spdx-3-jsonld', ...(v?.[1] ? { specVersion: v[1] } : {}) };
  }
  return undefined;
}
