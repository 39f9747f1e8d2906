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
  /** Reports a progress line for the user (the scan's `progress` option; absent when quiet). */
  progress?: (line: string) => void;
}

/**
 * Reads one configured source and yields observations. A loader whose observations are built by
 * our own code and already in the schema's output form (its tests check that every one parses to
 * itself) says so with `trusted`; the pipeline then adds them without validating them again.
 */
export type SourceLoader = ((spec: SourceConfig, ctx: SourceContext) => AsyncIterable<Observation | ParsedObservation>) & {
  /** True when the observations for this source spec need no validation. */
  trusted?: (spec: SourceConfig) => boolean;
};
