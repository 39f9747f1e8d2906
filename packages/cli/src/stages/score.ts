import { compareScores, computePortfolio, createScorer, type Portfolio } from '@aispm/scoring';
import type { StageContext } from '../pipeline';

/**
 * The scoring stage: scores every finding and every asset with an open finding (and every AI
 * system) with the default model, puts the scores in `ctx.scores` (finding scores first, each
 * highest first; each item carries `subject`, `kind`, `value`, `band`, `modelId` and its whole
 * decomposition), sorts `ctx.findings` by score, highest first, and puts the portfolio view in
 * `ctx.extras.portfolio`. A previous portfolio passed as `stageOptions.previousPortfolio` adds the
 * period-over-period change.
 *
 * @example
 * ```ts
 * await scoreStage(ctx);
 * ctx.scores[0]; // { subject: 'fnd_…', kind: 'finding', value: 8.9, band: 'high', modelId: 'aispm:default-risk@1.0.0', … }
 * ```
 */
export async function scoreStage(ctx: StageContext): Promise<void> {
  const scorer = createScorer({ inventory: ctx.inventory, findings: ctx.findings });
  const { findings, assets } = scorer.scoreAll();
  const byId = new Map(findings.map((s) => [s.subject, s]));
  ctx.findings = [...ctx.findings].sort((a, b) => {
    const sa = byId.get(a.id);
    const sb = byId.get(b.id);
    return compareScores({ value: sa?.value ?? null, subject: a.id }, { value: sb?.value ?? null, subject: b.id });
  });
  ctx.scores = [...findings, ...assets];
  const previous = ctx.options.stageOptions?.previousPortfolio as Portfolio | undefined;
  ctx.extras.portfolio = computePortfolio({
    modelId: scorer.model.id,
    results: ctx.results,
    findings: ctx.findings,
    findingScores: findings,
    assetScores: assets,
    ...(previous ? { previous } : {}),
  });
}
