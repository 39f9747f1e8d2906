// @aispm/scoring: transparent risk models, their decompositions and explanations.
// This list is written by hand: every export is deliberate.

export type { Aggregation, AggregationOptions, AggregationTerm } from './aggregate';
export { aggregateScores, aggregateValue } from './aggregate';
export type { BandFit, CalibrationInput, CalibrationResult, SlaDays } from './calibrate';
export { applyCalibration, calibrate } from './calibrate';
export type { Cvss4Metric, Cvss4MetricValue, Cvss4Vector } from './cvss4';
export { CVSS4_METRICS, cvssSeverity, parseCvss4 } from './cvss4';
export { DEFAULT_RISK_MODEL } from './default-model';
export type { Engine, EvidenceRef, FactorInput, FactorInputs, FactorOutcome, LimitApplied, PartOutcome, Score } from './engine';
export { bandOf, createEngine, parseVector } from './engine';
export type { Explainable } from './explain';
export { explainMarkdown, explainText } from './explain';
export type { BandName, Bands, Cap, CompositionPart, Condition, Factor, FactorValue, Gate, ScoringModel, ScoringModelInput, UnknownTreatment } from './model';
export {
  BAND_NAMES,
  BandsSchema,
  CapSchema,
  CompositionPartSchema,
  ConditionSchema,
  defineModel,
  FactorSchema,
  FactorValueSchema,
  GateSchema,
  loadModel,
  ModelIdSchema,
  ScoringModelSchema,
  scoringModelJsonSchema,
  UNKNOWN_TREATMENTS,
  validateModel,
} from './model';
export type { AivssInput, AivssScore, OwaspRiskRating } from './owasp';
export { AIVSS_FACTORS, OWASP_RR_FACTORS, scoreAivss, scoreOwaspRiskRating } from './owasp';
export type { FrameworkPosture, Portfolio, PortfolioChange, PortfolioInput, RankedEntry } from './portfolio';
export { comparePortfolios, computePortfolio, frameworkOf, PORTFOLIO_FORMULA, SEVERITY_WEIGHTS } from './portfolio';
export type { Profile, ProfileInput } from './profile';
export { applyProfile, ProfileSchema } from './profile';
export type { AssetScore, ContextFactor, FindingScore, Scorer, ScorerOptions } from './scorer';
export { compareScores, createScorer } from './scorer';
export type { AssetSignal, InventoryView, SignalContext, SignalSet } from './signals';
export { ASSET_SIGNALS, createSignalContext, SIGNAL_VALUES } from './signals';
