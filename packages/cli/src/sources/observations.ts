import { parseObservationText } from '@aispm/core';
import { readSourceFiles } from './files';
import type { SourceLoader } from './types';

const OBSERVATION_FILE = /\.(jsonl|ndjson|json)$/i;

/**
 * The `observations` source: reads JSON or JSON Lines files of observation envelopes (a file, or
 * every `.json`/`.jsonl` file under a folder). Each bad line or record is a diagnostic with file,
 * line and JSON Pointer; the rest is read.
 */
export const loadObservations: SourceLoader = async function* (spec, ctx) {
  for await (const { shown, text } of readSourceFiles(spec, ctx, OBSERVATION_FILE, 'observations')) {
    const { observations, issues } = parseObservationText(text, { file: shown });
    ctx.diagnostics.push(...issues);
    yield* observations;
  }
};
