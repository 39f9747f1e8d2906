import type { Finding } from '@aispm/core';
import { type AggregationOptions, aggregateScores } from './aggregate';
import { DEFAULT_RISK_MODEL } from './default-model';
import { bandOf, createEngine, type EvidenceRef, type Score } from './engine';
import type { BandName, ScoringModel } from './model';
import { ASSET_SIGNALS, createSignalContext, type InventoryView } from './signals';

/** A finding's score: the decomposition plus the finding it is about. */
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

/**
 * Builds the scorer of a run: reads the signals of the inventory once and scores findings with the
 * model, then aggregates them per asset.
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
  const labels = new Map(model.factors.map((f) => [f.signal ?? f.id, f]));

  function scoreFinding(f: Finding): FindingScore {
    const s = engine.score(ctx.findingSignals(f));
    return { subject: f.id, kind: 'finding', ruleId: f.ruleId, assetIds: f.assetIds, title: f.title, state: f.state, ...s };
  }

  function scoreAsset(assetId: string, findingScores?: ReadonlyMap<string, FindingScore>): AssetScore {
    const a = ctx.asset(assetId);
    const on = ctx.findingsOn(assetId);
    const scored = on.map((f) => findingScores?.get(f.id) ?? scoreFinding(f));
    const values = scored.filter((s) => s.value !== null).map((s) => s.value as number);
    const agg = aggregateScores(values, { scale: model.scale, ...options.aggregation });
    const signals = ctx.assetSignals(assetId);
    const context: ContextFactor[] = ASSET_SIGNALS.map((sig) => {
      const f = labels.get(sig);
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

  function scoreAll() {
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
