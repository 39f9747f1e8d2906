import type { AssetKind, FactBasis, RelationshipType } from '@aispm/core';

/** A reference to another asset from a fact's edge; `$app` in a key is replaced by the application key. */
export interface FactRef {
  kind: AssetKind;
  key: string;
}

/**
 * What the scanner learned from one place in one file: an asset, how the application relates to
 * it, and edges from it. Facts are plain JSON (they are cached); keys may contain `$app`, which
 * is replaced by the key of the application the file belongs to.
 */
export interface Fact {
  kind: AssetKind;
  key: string;
  name?: string;
  attributes?: Record<string, unknown>;
  line?: number;
  column?: number;
  basis: FactBasis;
  /** The rule or pattern that produced the fact. */
  detail: string;
  /** Edge from the application to this asset. */
  rel?: RelationshipType;
  /** Attributes of the application edge. */
  relAttributes?: Record<string, unknown>;
  /** Edges from this asset to others. */
  links?: Array<{ type: RelationshipType; to: FactRef; reverse?: boolean; attributes?: Record<string, unknown> }>;
  /** A ready asset id (used instead of `key` for assets without a natural key, such as model files). */
  id?: string;
}

/** Facts of one file plus what it says about the repository layout. */
export interface FileFacts {
  facts: Fact[];
  /** Language of the file, when it is code. */
  language?: string;
  /** The file declares workspaces (a monorepo root). */
  workspace?: boolean;
  /** The file is a package manifest (its folder can be an application of a monorepo). */
  manifest?: boolean;
  /** Package name declared by a manifest. */
  packageName?: { ecosystem: string; name: string };
  /** Problems found while reading the file (bad JSON, TOML, ...). */
  problems?: Array<{ code: string; message: string; line?: number; pointer?: string }>;
  /** Why the file was not analysed (binary, minified). */
  skipped?: string;
}
