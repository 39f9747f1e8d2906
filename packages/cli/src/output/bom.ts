import { writeCycloneDx, writeSpdx3 } from '@aispm/core';
import type { ScanRun } from '../pipeline';

/**
 * Renders the run's inventory as a CycloneDX 1.6 JSON BOM (`--format cyclonedx`).
 *
 * @example
 * ```ts
 * const text = renderCycloneDx(run);
 * ```
 */
export function renderCycloneDx(run: ScanRun): string {
  return writeCycloneDx(run.inventory, { specVersion: '1.6', timestamp: run.startedAt });
}

/** Renders the run's inventory as a CycloneDX 1.6 XML BOM (`--format cyclonedx-xml`). */
export function renderCycloneDxXml(run: ScanRun): string {
  return writeCycloneDx(run.inventory, { specVersion: '1.6', encoding: 'xml', timestamp: run.startedAt });
}

/** Renders the run's inventory as SPDX 3.0.1 JSON-LD with the AI and Dataset profiles (`--format spdx`). */
export function renderSpdx(run: ScanRun): string {
  return writeSpdx3(run.inventory, { timestamp: run.startedAt });
}
