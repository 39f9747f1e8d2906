import type { Issue } from '../errors';
import type { IdentityResolver } from '../identity/resolver';
import type { Observation } from '../model/observation';

/** The BOM encodings aispm reads. */
export type BomFormat = 'cyclonedx-json' | 'cyclonedx-xml' | 'spdx-2-json' | 'spdx-3-jsonld';

/** Options of the BOM readers. */
export interface BomReadOptions {
  /** File name shown in provenance and issues. */
  file?: string;
  /** Observation time used when the document carries no creation time (default: now). */
  now?: Date | string;
  /** Connector id written into provenance (default `aibom`). */
  connector?: string;
  /** Identity resolver used to normalise natural keys (default: built-in tables). */
  identity?: IdentityResolver;
  /** Maximum nesting of the document: JSON deeper than this is refused (default: no limit, as parsing does not recurse and the mapper bounds its own depth); XML default 256. */
  maxDepth?: number;
  /** Maximum document length in characters (default 1,000,000,000). */
  maxLength?: number;
}

/** A BOM read into inventory observations. */
export interface BomReadResult {
  format: BomFormat;
  /** Spec version the document declares (`1.6`, `SPDX-2.3`, `3.0.1`). */
  specVersion: string;
  /** Serial number, document namespace or creation-info id of the document. */
  documentId?: string;
  /** Observations, ready for `inventory.addAll`. */
  observations: Observation[];
  /** Non-fatal problems: the document was read around them. */
  issues: Issue[];
}

/** Options of the BOM writers. */
export interface BomWriteOptions {
  /** Creation time written into the document (default: the latest `lastSeen` in the inventory, for determinism). */
  timestamp?: string;
  /** Serial number / document id (default: derived from the content hash, so it is deterministic). */
  serialNumber?: string;
  /** Name of the tool recorded as the author of the BOM (default `aispm`). */
  toolName?: string;
  /** Version of the tool (default `0.1.0`). */
  toolVersion?: string;
  /** Name of the subject (the estate the inventory describes), used for the document name. */
  name?: string;
}
