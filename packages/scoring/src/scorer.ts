import type { Finding } from '@aispm/core';
import { type AggregationOptions, aggregateScores, aggregateValue } from './aggregate';
import { DEFAULT_RISK_MODEL } from './default-model';
import {
  bandOf,
  createEngine,
  type Engine,
  type EvidenceRef,
  type FactorOutcome,
  type LimitApplied,
  type PartOutcome,
  type Score,
  SHARED_SCORE,
  type SharedOutcomes,
  type SharedScore,
} from './engine';
import type { BandName, ScoringModel } from './model';
import { ASSET_SIGNALS, BULK, type BulkSignals, createSignalContext, type InventoryView, SIGNAL_VALUES, type SignalContext } from './signals';

/**
 * A finding's score: the decomposition plus the finding it is about.
 *
 * The scores {@link Scorer} returns hold the value, band and the finding's identity as plain
 * fields and build the rest of the decomposition (vector, parts, factors with rationale and
 * evidence, unknowns, caps and gates) when it is read, from the finding and the scorer's signal
 * indices; `JSON.stringify` gives the whole decomposition. Treat them as read-only, and do not
 * change a finding or the inventory while its scores are in use.
 */
export interface FindingScore extends Score {
  subject: string;
  kind: 'finding';
  /** Rule and assets, for display. */
  ruleId: string;
  assetIds: string[];
  title: string;
  state: Finding['state'];
}

/** One asset-level factor value, for the context section of an asset score. */
export interface ContextFactor {
  factor: string;
  label: string;
  value: string | null;
  valueLabel: string | null;
  known: boolean;
  rationale: string;
  evidence: EvidenceRef[];
}

/** An asset's score: the aggregation of its open findings' scores, with its context. */
export interface AssetScore {
  subject: string;
  kind: 'asset';
  assetKind: string;
  name: string;
  modelId: string;
  /** Aggregated value, or `null` when every finding's score was withheld. */
  value: number | null;
  reason?: string;
  band: BandName | 'withheld';
  scale: number;
  /** The aggregation formula and every finding's term. */
  aggregation: { formula: string; max: number; bump: number };
  findings: Array<{ id: string; ruleId: string; title: string; value: number | null; band: string; state: string; contribution: number }>;
  /** The asset-level factors as read for this asset (the context every finding on it shares). */
  context: ContextFactor[];
  calibrated: boolean;
}

/** Options of {@link createScorer}. */
export interface ScorerOptions {
  inventory: InventoryView;
  findings: readonly Finding[];
  /** The model (default {@link DEFAULT_RISK_MODEL}); it must read the default model's signals. */
  model?: ScoringModel;
  aggregation?: AggregationOptions;
}

/** Scores findings and assets of one run. */
export interface Scorer {
  readonly model: ScoringModel;
  scoreFinding(finding: Finding): FindingScore;
  scoreAsset(assetId: string, findingScores?: ReadonlyMap<string, FindingScore>): AssetScore;
  /** Scores every finding and every asset that has an open finding or is an AI system; both sorted by value, highest first. */
  scoreAll(): { findings: FindingScore[]; assets: AssetScore[] };
}

const AI_SYSTEMS = new Set(['application', 'agent', 'model-endpoint', 'model', 'mcp-server', 'saas-ai-feature']);

/**
 * Sorts scores by value, highest first (withheld last), then by subject for a stable order.
 *
 * @example
 * ```ts
 * const ranked = [...scores].sort(compareScores);
 * ```
 */
export function compareScores(a: { value: number | null; subject: string }, b: { value: number | null; subject: string }): number {
  const av = a.value ?? -1;
  const bv = b.value ?? -1;
  if (av !== bv) return bv - av;
  return a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0;
}

/** What every score of one scorer shares: the model, its engine, the signal reader, scratch space. */
interface ScorerState {
  model: ScoringModel;
  engine: Engine;
  ctx: SignalContext;
  labels: Map<string, ScoringModel['factors'][number]>;
  aggregation: AggregationOptions;
  /** Per factor, the signal its value is read from (as `engine.score` reads inputs). */
  keys: Array<string | undefined>;
  raw: Int16Array;
  values: Record<string, string | undefined>;
  scratch: Float64Array;
  /** The signal context's internal per-asset arrays. */
  bulk: BulkSignals | undefined;
  /** Per asset (dense index), the factor records its findings share. */
  slots: Array<SharedOutcomes | undefined>;
  /** One materialised decomposition, so that reading several fields of one score builds it once. */
  lastOwner: object | undefined;
  lastFull: unknown;
}

function fullFinding(st: ScorerState, f: Finding, i: number): FindingScore {
  const bulk = st.bulk;
  let s: Score;
  const a = i >= 0 && bulk ? (bulk.findingAsset[i] as number) : -1;
  if (bulk && a >= 0) {
    // Findings on one asset share the records of its asset-level factors.
    let slots = st.slots[a];
    if (!slots) {
      slots = { inputs: [], outcomes: [] };
      st.slots[a] = slots;
    }
    s = (st.engine as Engine & { [SHARED_SCORE]: SharedScore })[SHARED_SCORE](bulk.signalsOf(i), slots);
  } else s = st.engine.score(i >= 0 && bulk ? bulk.signalsOf(i) : st.ctx.findingSignals(f));
  return { subject: f.id, kind: 'finding', ruleId: f.ruleId, assetIds: f.assetIds, title: f.title, state: f.state, ...s };
}

/**
 * What the lazy finding and asset scores share: the value and band as fields, the model's facts
 * as getters, and one materialised decomposition per scorer (reading several fields of one score
 * builds it once).
 */
abstract class LazyScore<T extends { reason?: string }> {
  readonly value: number | null;
  readonly band: BandName | 'withheld';
  // A private field, not an own enumerable property: spreading or cloning a score must not copy
  // the scorer's state.
  readonly #st: ScorerState;

  constructor(st: ScorerState, value: number | null) {
    this.value = value;
    this.band = value === null ? 'withheld' : bandOf(value, st.model.bands);
    this.#st = st;
  }

  protected get st(): ScorerState {
    return this.#st;
  }

  /** Builds the whole decomposition. */
  protected abstract build(): T;

  protected full(): T {
    const st = this.st;
    if (st.lastOwner !== this) {
      st.lastFull = this.build();
      st.lastOwner = this;
    }
    return st.lastFull as T;
  }
  get modelId(): string {
    return this.st.model.id;
  }
  get scale(): number {
    return this.st.model.scale;
  }
  get calibrated(): boolean {
    return this.st.model.calibration !== undefined;
  }
  get reason(): string | undefined {
    return this.value === null ? this.full().reason : undefined;
  }
  /** The whole decomposition as a plain object (what `JSON.stringify` writes). */
  toJSON(): T {
    return this.full();
  }
}

/** A finding score whose decomposition is built when read (see {@link FindingScore}). */
class LazyFindingScore extends LazyScore<FindingScore> implements FindingScore {
  readonly subject: string;
  readonly kind = 'finding' as const;
  readonly ruleId: string;
  readonly assetIds: string[];
  readonly title: string;
  readonly state: Finding['state'];
  readonly #f: Finding;
  /** The finding's index in the scorer's findings, when known (-1 otherwise). */
  readonly #i: number;

  constructor(st: ScorerState, f: Finding, value: number | null, i = -1) {
    super(st, value);
    this.subject = f.id;
    this.ruleId = f.ruleId;
    this.assetIds = f.assetIds;
    this.title = f.title;
    this.state = f.state;
    this.#f = f;
    this.#i = i;
  }

  protected build(): FindingScore {
    return fullFinding(this.st, this.#f, this.#i);
  }
  get vector(): string {
    return this.full().vector;
  }
  get parts(): PartOutcome[] {
    return this.full().parts;
  }
  get factors(): FactorOutcome[] {
    return this.full().factors;
  }
  get unknowns(): Score['unknowns'] {
    return this.full().unknowns;
  }
  get limits(): LimitApplied[] {
    return this.full().limits;
  }
}

/** The scores of one batch ({@link Scorer.scoreAll}) by finding index, for building asset scores when read. */
interface Batch {
  scores: FindingScore[];
  bulk: BulkSignals;
}

function fullAsset(st: ScorerState, assetId: string, scored: FindingScore[]): AssetScore {
  const { ctx, model } = st;
  const a = ctx.asset(assetId);
  const values = scored.filter((s) => s.value !== null).map((s) => s.value as number);
  const agg = aggregateScores(values, { scale: model.scale, ...st.aggregation });
  const signals = ctx.assetSignals(assetId);
  const context: ContextFactor[] = ASSET_SIGNALS.map((sig) => {
    const f = st.labels.get(sig);
    const input = signals[sig];
    const v = input?.value !== undefined ? f?.values.find((x) => x.id === input.value) : undefined;
    return {
      factor: f?.id ?? sig,
      label: f?.label ?? sig,
      value: v?.id ?? null,
      valueLabel: v?.label ?? null,
      known: v !== undefined,
      rationale: input?.rationale ?? 'not read',
      evidence: input?.evidence ?? [],
    };
  });
  // Terms are matched back to findings by rank order of value.
  const order = [...scored].sort(compareScores);
  const contribution = new Map<string, number>();
  let t = 0;
  for (const s of order) {
    if (s.value === null) continue;
    contribution.set(s.subject, agg.terms[t]?.contribution ?? 0);
    t++;
  }
  const withheldAll = scored.length > 0 && values.length === 0;
  const out: AssetScore = {
    subject: assetId,
    kind: 'asset',
    assetKind: a?.kind ?? 'unknown',
    name: a?.name ?? assetId,
    modelId: model.id,
    value: withheldAll ? null : agg.value,
    band: withheldAll ? 'withheld' : bandOf(agg.value, model.bands),
    scale: model.scale,
    aggregation: { formula: agg.formula, max: agg.max, bump: agg.bump },
    findings: order.map((s) => ({
      id: s.subject,
      ruleId: s.ruleId,
      title: s.title,
      value: s.value,
      band: s.band,
      state: s.state,
      contribution: contribution.get(s.subject) ?? 0,
    })),
    context,
    calibrated: model.calibration !== undefined,
  };
  if (withheldAll) out.reason = 'every finding on the asset has a withheld score';
  return out;
}

/** An asset score whose finding list, context and aggregation terms are built when read. */
class LazyAssetScore extends LazyScore<AssetScore> implements AssetScore {
  readonly subject: string;
  readonly kind = 'asset' as const;
  readonly assetKind: string;
  readonly name: string;
  /** Where the finding scores come from: a map by finding id, or a batch and the asset's dense index. */
  readonly #scores: ReadonlyMap<string, FindingScore> | undefined;
  readonly #batch: Batch | undefined;
  readonly #at: number;

  constructor(
    st: ScorerState,
    assetId: string,
    value: number | null,
    scores: ReadonlyMap<string, FindingScore> | undefined,
    batch: Batch | undefined,
    at: number,
  ) {
    super(st, value);
    const a = batch ? batch.bulk.assets[at] : st.ctx.asset(assetId);
    this.subject = assetId;
    this.assetKind = a?.kind ?? 'unknown';
    this.name = a?.name ?? assetId;
    this.#scores = scores;
    this.#batch = batch;
    this.#at = at;
  }

  #scored(): FindingScore[] {
    const b = this.#batch;
    if (b) {
      const out: FindingScore[] = [];
      const { rowStart, rows } = b.bulk;
      for (let r = rowStart[this.#at] as number; r < (rowStart[this.#at + 1] as number); r++) out.push(b.scores[rows[r] as number] as FindingScore);
      return out;
    }
    return this.st.ctx.findingsOn(this.subject).map((f) => this.#scores?.get(f.id) ?? scoreFindingWith(this.st, f));
  }

  protected build(): AssetScore {
    return fullAsset(this.st, this.subject, this.#scored());
  }
  get aggregation(): AssetScore['aggregation'] {
    return this.full().aggregation;
  }
  get findings(): AssetScore['findings'] {
    return this.full().findings;
  }
  get context(): ContextFactor[] {
    return this.full().context;
  }
}

/** Scores one finding: its signal values only, then the engine's value; the rest waits until read. */
function scoreFindingWith(st: ScorerState, f: Finding, i = -1): FindingScore {
  const { raw, values, keys, engine } = st;
  st.ctx.findingValues(f, values);
  for (let k = 0; k < raw.length; k++) {
    const key = keys[k];
    raw[k] = key === undefined ? -1 : engine.indexOf(k, values[key]);
  }
  return new LazyFindingScore(st, f, engine.scoreValue(raw), i);
}

/**
 * The order of {@link compareScores} for scores with unique subjects: grouped by value (withheld
 * as -1), highest first, then each group sorted by subject.
 */
function rankByValue(scores: readonly FindingScore[], values: Float64Array): FindingScore[] {
  const groups = new Map<number, FindingScore[]>();
  for (let i = 0; i < scores.length; i++) {
    const v = values[i] as number;
    const k = Number.isNaN(v) ? -1 : v;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(scores[i] as FindingScore);
  }
  const out: FindingScore[] = [];
  for (const k of [...groups.keys()].sort((a, b) => b - a)) {
    const g = (groups.get(k) as FindingScore[]).sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
    for (const x of g) out.push(x);
  }
  return out;
}

/**
 * Builds the scorer of a run: reads the signals of the inventory once and scores findings with the
 * model, then aggregates them per asset. Scores hold their value and band; each one's full
 * decomposition is built when read (see {@link FindingScore}).
 *
 * @example
 * ```ts
 * const scorer = createScorer({ inventory, findings });
 * const { findings: ranked, assets } = scorer.scoreAll();
 * explainText(ranked[0]);
 * ```
 */
export function createScorer(options: ScorerOptions): Scorer {
  const model = options.model ?? DEFAULT_RISK_MODEL;
  const engine = createEngine(model);
  const ctx = createSignalContext(options.inventory, options.findings);
  // engine.score reads `inputs[factor id] ?? inputs[signal]`; findingSignals sets every signal.
  const keys = model.factors.map((f) =>
    Object.hasOwn(SIGNAL_VALUES, f.id) ? f.id : Object.hasOwn(SIGNAL_VALUES, f.signal ?? f.id) ? (f.signal ?? f.id) : undefined,
  );
  const st: ScorerState = {
    model,
    engine,
    ctx,
    labels: new Map(model.factors.map((f) => [f.signal ?? f.id, f])),
    aggregation: options.aggregation ?? {},
    keys,
    raw: new Int16Array(model.factors.length),
    values: Object.fromEntries(Object.keys(SIGNAL_VALUES).map((k) => [k, undefined])),
    scratch: new Float64Array(64),
    bulk: (ctx as SignalContext & { [BULK]?: BulkSignals })[BULK],
    slots: [],
    lastOwner: undefined,
    lastFull: undefined,
  }; // Dense from the start (filled in any order).
  for (let a = 0; a < (st.bulk?.assetCount ?? 0); a++) st.slots.push(undefined);

  const scoreFinding = (f: Finding): FindingScore => scoreFindingWith(st, f);
  const agg = { scale: model.scale, ...st.aggregation };
  /** The aggregate of `n` finding values in `st.scratch`; `null` when all of `on` findings were withheld. */
  const assetValue = (on: number, n: number): number | null => (on > 0 && n === 0 ? null : aggregateValue(st.scratch, n, agg));
  const room = (n: number) => {
    if (st.scratch.length < n) st.scratch = new Float64Array(Math.max(n, 2 * st.scratch.length));
  };

  function scoreAsset(assetId: string, findingScores?: ReadonlyMap<string, FindingScore>): AssetScore {
    // The value alone: the finding values on the asset, aggregated without building the terms.
    const on = ctx.findingsOn(assetId);
    room(on.length);
    let n = 0;
    for (const f of on) {
      const v = (findingScores?.get(f.id) ?? scoreFindingWith(st, f)).value;
      if (v !== null) st.scratch[n++] = v;
    }
    return new LazyAssetScore(st, assetId, assetValue(on.length, n), findingScores, undefined, -1);
  }

  // Factors by where their value comes from: an asset signal (a per-asset row) or the finding.
  const assetFactor = keys.map((k) => (k !== undefined && (ASSET_SIGNALS as readonly string[]).includes(k) ? k : undefined));
  const width = model.factors.length;

  /** Every finding of the run through per-asset rows of value indices and per-asset counts. */
  function scoreAllBulk(bulk: BulkSignals) {
    const all = options.findings;
    const n = all.length;
    const scores: FindingScore[] = new Array(n);
    const values = new Float64Array(n);
    // Per asset and asset-level factor: the factor's value index, and the signal value's place in
    // the signal's vocabulary (-2 unknown, -1 not in it) for the worst-over-assets choice of path findings.
    const assetRows = new Int16Array(bulk.assetCount * width).fill(-2);
    const vocabRows = new Int8Array(bulk.assetCount * width);
    const ensureRow = (a: number): number => {
      const base = a * width;
      if (assetRows[base] !== -2) return base;
      const signals = bulk.assetSignalsOnce(a);
      for (let k = 0; k < width; k++) {
        const sig = assetFactor[k];
        const v = sig === undefined ? undefined : signals[sig]?.value;
        assetRows[base + k] = sig === undefined ? -1 : engine.indexOf(k, v);
        vocabRows[base + k] = v === undefined ? -2 : (SIGNAL_VALUES[sig as string] as readonly string[]).indexOf(v);
      }
      return base;
    };
    const dense: number[] = [];
    /** Value indices of a path finding from the rows of its assets; false when it needs the general path. */
    const pathRaw = (i: number, f: Finding): boolean => {
      const ids = f.assetIds;
      if (ids.length < 2) return false;
      dense.length = 0;
      for (const id of ids) {
        const a = bulk.indexOf(id);
        if (a < 0) return false;
        dense.push(ensureRow(a));
      }
      const ex = bulk.exploitabilityOfPath(i);
      if (ex === undefined) return false;
      bulk.ruleValues(f, out);
      out.toxicPath = 'path';
      out.exploitability = ex;
      for (let k = 0; k < width; k++) {
        const key = keys[k];
        if (key === undefined) raw[k] = -1;
        else if (assetFactor[k] === undefined) raw[k] = engine.indexOf(k, out[key]);
        else {
          // The most risky known value over the assets, in their order (as findingValues chooses).
          let best = -9;
          for (const base of dense) {
            const c = vocabRows[base + k] as number;
            if (best === -9 || (c !== -2 && (best === -2 || c > best))) best = c;
          }
          if (best === -1) return false;
          raw[k] = best === -2 ? -1 : engine.indexOf(k, (SIGNAL_VALUES[key] as readonly string[])[best]);
        }
      }
      return true;
    };
    const { raw, values: out } = st;
    for (let i = 0; i < n; i++) {
      const f = all[i] as Finding;
      const a = bulk.findingAsset[i] as number;
      let s: FindingScore;
      if (a < 0) s = pathRaw(i, f) ? new LazyFindingScore(st, f, engine.scoreValue(raw), i) : scoreFindingWith(st, f, i);
      else {
        const base = ensureRow(a);
        bulk.ruleValues(f, out);
        out.toxicPath = bulk.toxicPath(i, a);
        out.exploitability = bulk.exploitability(i, a);
        for (let k = 0; k < width; k++) {
          const key = keys[k];
          raw[k] = key === undefined ? -1 : assetFactor[k] !== undefined ? (assetRows[base + k] as number) : engine.indexOf(k, out[key]);
        }
        s = new LazyFindingScore(st, f, engine.scoreValue(raw), i);
      }
      scores[i] = s;
      values[i] = s.value === null ? Number.NaN : s.value;
    }
    // Assets with an open finding, and every AI system.
    const batch: Batch = { scores, bulk };
    const pick = new Uint8Array(bulk.assetCount);
    const { rowStart, rows } = bulk;
    for (let a = 0; a < bulk.assetCount; a++) if ((rowStart[a + 1] as number) > (rowStart[a] as number)) pick[a] = 1;
    for (const x of options.inventory.assets()) if (AI_SYSTEMS.has(x.kind)) pick[bulk.indexOf(x.id)] = 1;
    const assets: AssetScore[] = [];
    for (let a = 0; a < bulk.assetCount; a++) {
      if (pick[a] === 0) continue;
      const from = rowStart[a] as number;
      const to = rowStart[a + 1] as number;
      room(to - from);
      let m = 0;
      for (let r = from; r < to; r++) {
        const v = values[rows[r] as number] as number;
        if (!Number.isNaN(v)) st.scratch[m++] = v;
      }
      assets.push(new LazyAssetScore(st, bulk.assetIds[a] as string, assetValue(to - from, m), undefined, batch, a));
    }
    // The batch keeps the scores by finding index; the caller gets them ranked.
    const ranked = rankByValue(scores, values);
    assets.sort(compareScores);
    return { findings: ranked, assets };
  }

  function scoreAll() {
    const bulk = st.bulk;
    if (bulk?.uniqueIds) return scoreAllBulk(bulk);
    const findings = options.findings.map(scoreFinding);
    const byId = new Map(findings.map((s) => [s.subject, s]));
    const ids = new Set<string>();
    for (const f of options.findings) if (f.state !== 'fixed' && f.state !== 'closed') for (const id of f.assetIds) ids.add(id);
    for (const a of options.inventory.assets()) if (AI_SYSTEMS.has(a.kind)) ids.add(a.id);
    const assets = [...ids].map((id) => scoreAsset(id, byId));
    findings.sort(compareScores);
    assets.sort(compareScores);
    return { findings, assets };
  }

  return { model, scoreFinding, scoreAsset, scoreAll };
}
