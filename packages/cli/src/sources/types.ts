import type { IdentityResolver, Issue, Observation, ParsedObservation } from '@aispm/core';
import type { SourceConfig } from '../config';

/** What a source loader gets from the pipeline. */
export interface SourceContext {
  /** Folder that relative paths resolve against. */
  baseDir: string;
  /** The time of the run. */
  now: Date;
  /** Identity resolver of the run. */
  identity: IdentityResolver;
  /** Where the loader reports problems; a problem never stops the run. */
  diagnostics: Issue[];
  /** Cancels the run. */
  signal?: AbortSignal;
}

/** Reads one configured source and yields observations. */
export type SourceLoader = (spec: SourceConfig, ctx: SourceContext) => AsyncIterable<Observation | ParsedObservation>;
