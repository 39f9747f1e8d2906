import type { Result } from '../errors';
import { readCycloneDx } from './cyclonedx-read';
import { detectBomFormat } from './detect';
import { readSpdx } from './spdx-read';
import type { BomReadOptions, BomReadResult } from './types';

export { CYCLONEDX_READ_VERSIONS, readCycloneDx } from './cyclonedx-read';
export type { CycloneDxWriteOptions, CycloneDxWriteVersion } from './cyclonedx-write';
export { writeCycloneDx } from './cyclonedx-write';
export type { DetectedBom } from './detect';
export { detectBomFormat } from './detect';
export { readSpdx } from './spdx-read';
export { writeSpdx3 } from './spdx-write';
export type { BomSubject } from './subject';
export type { BomFormat, BomReadOptions, BomReadResult, BomWriteOptions } from './types';
export type { BomValidation, ValidateBomOptions } from './validate';
export { validateBom } from './validate';

/**
 * Reads any supported BOM (CycloneDX JSON/XML 1.4–1.7, SPDX 2.3 JSON, SPDX 3.0.x JSON-LD),
 * detecting the format from the content.
 *
 * @example
 * ```ts
 * const r = readBom(await readFile('model.cdx.xml', 'utf8'), { file: 'model.cdx.xml' });
 * if (r.ok) inventory.addAll(r.value.observations);
 * ```
 */
export function readBom(input: string | object, options: BomReadOptions = {}): Result<BomReadResult> {
  const d = detectBomFormat(input);
  if (!d) {
    // Let the JSON reader explain malformed input precisely.
    const r = typeof input === 'string' && input.trimStart().startsWith('<') ? readCycloneDx(input, options) : readSpdx(input, options);
    if (!r.ok) return r;
    return {
      ok: false,
      issues: [{ code: 'bom/unknown-format', message: 'not a CycloneDX or SPDX document', path: '', ...(options.file ? { file: options.file } : {}) }],
    };
  }
  return d.format.startsWith('cyclonedx') ? readCycloneDx(input, options) : readSpdx(input, options);
}
