import { type Asset, type Finding, type Relationship, SEVERITIES, type Severity, severityRank } from '@aispm/core';
import type { ScanResult } from '../scan-result';

/** An exception as the digest needs it (the posture record's exception entries fit). */
export interface DigestException {
  id: string;
  ruleId: string;
  assetIds: string[];
  owner: string;
  expiresAt: string;
  approver?: string;
  basis?: string;
  status?: string;
}

/** A past run as the digest needs it (the posture record's run entries fit). */
export interface DigestRun {
  id: string;
  startedAt: string;
  summary?: Record<string, number>;
}

/** A coverage report as the digest needs it (the frameworks package's coverage reports fit). */
export interface DigestCoverage {
  target: { kind: string; id: string; title: string };
  summary: { satisfied: number; gap: number; 'not-assessed': number; manual: number; total: number };
}

/** Inputs of {@link buildDigest}. */
export interface DigestOptions {
  /** The exception register; defaults to `result.extras.exceptions` when it has that shape. */
  exceptions?: DigestException[];
  /** Past runs, oldest first, for the trend; defaults to `result.extras.runs`. */
  runs?: DigestRun[];
  /** Coverage per framework or profile; defaults to `result.extras.coverage`. */
  coverage?: DigestCoverage[];
  /** The time "expiring soon" is measured from (default: the run's end). */
  now?: Date;
  /** Exceptions expiring within this many days are listed (default 30). */
  expiringWithinDays?: number;
  /** How many top risks to list (default 10). */
  topRisks?: number;
}

/** One factor of a score explanation, as shown to a reader. */
export interface DigestFactor {
  label: string;
  value: string;
  contribution: number;
  rationale: string;
}

/** One of the top risks. */
export interface DigestRisk {
  findingId: string;
  ruleId: string;
  title: string;
  message: string;
  severity: Severity;
  state: string;
  assetIds: string[];
  assetNames: string[];
  /** The risk score, or `null` when no score was computed or it was withheld. */
  score: number | null;
  /** Score band, or the severity when there is no score. */
  band: string;
  /** One line saying why it ranks here. */
  reason: string;
  /** The score decomposition, largest contribution first (empty without a score). */
  factors: DigestFactor[];
  controls: string[];
}

/** A shadow AI asset: used without being approved. */
export interface DigestShadow {
  id: string;
  kind: string;
  name: string;
  reason: string;
  seenBy: string[];
}

/** A flow of data to a third-party AI provider. */
export interface DigestFlow {
  from: string;
  fromName: string;
  provider: string;
  providerName: string;
  /** Gateway the flow passes through, when it does. */
  via?: string;
  dataClasses: string[];
  /** Whether a data processing agreement is recorded for the provider (undefined: unknown). */
  agreement?: boolean;
  approved?: boolean;
}

/** One provider with what reaches it. */
export interface DigestProvider {
  id: string;
  name: string;
  approved?: boolean;
  models: number;
  callers: number;
  dataClasses: string[];
}

/** An exception that expires soon (or has expired). */
export interface DigestExpiring {
  id: string;
  ruleId: string;
  assetIds: string[];
  owner: string;
  approver?: string;
  expiresAt: string;
  daysLeft: number;
}

/** One point of the trend over runs. */
export interface DigestTrendPoint {
  runId: string;
  at: string;
  assets?: number;
  findings?: number;
  open?: number;
}

/**
 * Everything the human-facing outputs (terminal summary, Markdown, HTML report) show, computed
 * once so they all show the same numbers.
 */
export interface PostureDigest {
  generatedAt: string;
  tool: { name: string; version: string };
  totals: {
    assets: number;
    relationships: number;
    /** Findings needing action: open, in remediation, retest pending or deferred. */
    activeFindings: number;
    acceptedFindings: number;
    resolvedFindings: number;
    shadowAi: number;
    thirdPartyFlows: number;
    unowned: number;
    diagnostics: number;
    sources: number;
    failedSources: number;
  };
  /** Active findings per severity (every severity listed). */
  bySeverity: Record<Severity, number>;
  byKind: Array<{ kind: string; count: number }>;
  bySurface: Array<{ surface: string; count: number }>;
  byProvider: DigestProvider[];
  byConnector: Array<{ connector: string; count: number }>;
  shadowAi: DigestShadow[];
  dataFlows: DigestFlow[];
  topRisks: DigestRisk[];
  coverage: DigestCoverage[];
  expiringExceptions: DigestExpiring[];
  trend: DigestTrendPoint[];
  unowned: Array<{ id: string; kind: string; name: string }>;
}

const ACTIVE = new Set(['open', 'in-remediation', 'retest-pending', 'deferred']);
const RESOLVED = new Set(['fixed', 'closed']);
const OWNED_KINDS = new Set([
  'application',
  'agent',
  'model',
  'model-endpoint',
  'mcp-server',
  'dataset',
  'vector-store',
  'gateway',
  'saas-ai-feature',
  'subscription',
  'credential',
]);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function connectors(a: { provenance: Array<{ connector: string }> }): string[] {
  return [...new Set(a.provenance.map((p) => p.connector))].sort();
}

function shadowReason(a: Asset): string | undefined {
  const attrs = a.attributes as Record<string, unknown>;
  if (a.labels.shadow === 'true') return 'labelled shadow';
  switch (a.kind) {
    case 'provider':
      return attrs.approved === true ? undefined : attrs.approved === false ? 'provider not approved' : 'provider not on the approved list';
    case 'saas-ai-feature':
      return attrs.approved === false && attrs.enabled !== false ? 'AI feature enabled without approval' : undefined;
    case 'subscription':
      return attrs.approved === false ? 'paid AI subscription without procurement approval' : undefined;
    case 'application':
    case 'agent':
    case 'model':
    case 'mcp-server':
      return attrs.approved === false ? `${a.kind} not approved` : undefined;
    default:
      return undefined;
  }
}

interface ScoreLike {
  subject?: string;
  kind?: string;
  value: number | null;
  band: string;
  factors?: Array<{
    label?: string;
    factor?: string;
    valueLabel?: string | null;
    value?: string | null;
    contribution?: number;
    rationale?: string;
    role?: string;
  }>;
}

function scoreIndex(scores: unknown[]): Map<string, ScoreLike> {
  const out = new Map<string, ScoreLike>();
  for (const s of scores) {
    if (!isObj(s) || typeof s.subject !== 'string' || !('value' in s) || typeof s.band !== 'string') continue;
    if (s.kind !== undefined && s.kind !== 'finding') continue;
    out.set(s.subject, s as unknown as ScoreLike);
  }
  return out;
}

function factorsOf(s: ScoreLike | undefined): DigestFactor[] {
  if (!s?.factors) return [];
  return s.factors
    .filter((f) => typeof f.contribution === 'number' && f.contribution !== 0)
    .map((f) => ({
      label: String(f.label ?? f.factor ?? ''),
      value: String(f.valueLabel ?? f.value ?? 'unknown'),
      contribution: Math.round((f.contribution as number) * 10) / 10,
      rationale: String(f.rationale ?? ''),
    }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.label < b.label ? -1 : 1));
}

function riskOf(f: Finding, score: ScoreLike | undefined, names: Map<string, string>): DigestRisk {
  const factors = factorsOf(score);
  const value = score && typeof score.value === 'number' ? score.value : null;
  // The rule's own likelihood and impact are in every score; the context factors say why this one ranks here.
  const context = factors.filter((x) => x.contribution > 0 && !/^(impact|likelihood|confidence)$/i.test(x.label));
  const top = (context.length ? context : factors).slice(0, 2).map((x) => `${x.label}: ${x.value}`);
  const basis = value !== null ? `${score?.band} ${value.toFixed(1)}` : `${f.severity} severity`;
  const lik = [f.likelihood ? `likelihood ${f.likelihood}` : '', f.impact ? `impact ${f.impact}` : ''].filter(Boolean);
  const reason = `${basis}${top.length ? ` (${top.join('; ')})` : lik.length ? ` (${lik.join(', ')})` : ''}: ${f.message === f.title ? f.title : f.message}`;
  return {
    findingId: f.id,
    ruleId: f.ruleId,
    title: f.title,
    message: f.message,
    severity: f.severity,
    state: f.state,
    assetIds: f.assetIds,
    assetNames: f.assetIds.map((id) => names.get(id) ?? id),
    score: value,
    band: value !== null ? String(score?.band) : f.severity,
    reason,
    factors,
    controls: f.controls,
  };
}

const LEVEL_RANK: Record<string, number> = { high: 3, medium: 2, low: 1 };

function compareRisk(a: DigestRisk & { f: Finding }, b: DigestRisk & { f: Finding }): number {
  if (a.score !== null || b.score !== null) {
    if (a.score === null) return 1;
    if (b.score === null) return -1;
    if (a.score !== b.score) return b.score - a.score;
  }
  const s = severityRank(b.severity) - severityRank(a.severity);
  if (s) return s;
  const l = (LEVEL_RANK[b.f.likelihood ?? ''] ?? 0) - (LEVEL_RANK[a.f.likelihood ?? ''] ?? 0);
  if (l) return l;
  return a.findingId < b.findingId ? -1 : a.findingId > b.findingId ? 1 : 0;
}

function asCoverage(v: unknown): DigestCoverage[] | undefined {
  const list = Array.isArray(v) ? v : isObj(v) ? Object.values(v) : undefined;
  if (!list) return undefined;
  const ok = list.filter((c): c is DigestCoverage => isObj(c) && isObj(c.target) && isObj(c.summary) && typeof c.summary.total === 'number');
  return ok.length ? ok : undefined;
}

function asExceptions(v: unknown): DigestException[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter((x): x is DigestException => isObj(x) && typeof x.id === 'string' && typeof x.expiresAt === 'string' && Array.isArray(x.assetIds));
}

function asRuns(v: unknown): DigestRun[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter((x): x is DigestRun => isObj(x) && typeof x.id === 'string' && typeof x.startedAt === 'string');
}

/**
 * Computes the {@link PostureDigest} of a scan result: counts by kind, surface, provider and
 * connector; shadow AI; flows of data to third-party providers (directly or through a gateway);
 * the top risks ranked by score (severity, then likelihood, when unscored) with a one-line
 * reason and the score decomposition; coverage per framework; exceptions expiring soon; the
 * trend over past runs; assets without an owner. Deterministic for the same inputs.
 *
 * @example
 * ```ts
 * const digest = buildDigest(toScanResult(run), { exceptions: await record.exceptions(), runs: await record.runs() });
 * digest.totals.shadowAi;
 * ```
 */
export function buildDigest(result: ScanResult, options: DigestOptions = {}): PostureDigest {
  const assets = result.inventory.assets as Asset[];
  const rels = result.inventory.relationships as Relationship[];
  const byId = new Map(assets.map((a) => [a.id, a]));
  const names = new Map(assets.map((a) => [a.id, a.name]));
  const now = options.now ?? new Date(result.run.finishedAt);
  const providers = assets.filter((a) => a.kind === 'provider');
  const providerIds = new Set(providers.map((p) => p.id));

  // Data flows to third parties: direct edges to providers, and edges into a gateway that calls providers.
  const flowMap = new Map<string, DigestFlow>();
  const gatewayCalls = new Map<string, Relationship[]>();
  for (const r of rels) {
    if (r.type === 'calls' && byId.get(r.from)?.kind === 'gateway' && providerIds.has(r.to)) gatewayCalls.set(r.from, [...(gatewayCalls.get(r.from) ?? []), r]);
  }
  const addFlow = (from: string, provider: string, classes: string[], via?: string) => {
    if (byId.get(from)?.kind === 'gateway') return;
    const key = `${from}\u0000${provider}\u0000${via ?? ''}`;
    const p = byId.get(provider);
    const pa = (p?.attributes ?? {}) as Record<string, unknown>;
    const prev = flowMap.get(key);
    const dataClasses = [...new Set([...(prev?.dataClasses ?? []), ...classes])].sort();
    flowMap.set(key, {
      from,
      fromName: names.get(from) ?? from,
      provider,
      providerName: names.get(provider) ?? provider,
      ...(via ? { via } : {}),
      dataClasses,
      ...(typeof pa.processorAgreement === 'boolean' ? { agreement: pa.processorAgreement } : {}),
      ...(typeof pa.approved === 'boolean' ? { approved: pa.approved } : {}),
    });
  };
  const intoGateway = new Map<string, { from: string; gateway: string; classes: Set<string> }>();
  for (const r of rels) {
    if (r.type !== 'sends-data' && r.type !== 'calls' && r.type !== 'routes-through') continue;
    const target = byId.get(r.to);
    if (providerIds.has(r.to)) addFlow(r.from, r.to, r.dataClasses);
    else if (target?.kind === 'gateway') {
      const key = `${r.from}\u0000${r.to}`;
      const entry = intoGateway.get(key) ?? { from: r.from, gateway: r.to, classes: new Set<string>() };
      for (const c of r.dataClasses) entry.classes.add(c);
      intoGateway.set(key, entry);
    }
  }
  // Through a gateway, a caller's data reaches the providers the gateway sends the same classes to
  // (or every provider behind it when neither side is classified).
  for (const { from, gateway, classes } of intoGateway.values()) {
    for (const g of gatewayCalls.get(gateway) ?? []) {
      if (classes.size === 0 && g.dataClasses.length === 0) addFlow(from, g.to, [], gateway);
      else {
        const shared = g.dataClasses.length === 0 ? [...classes] : g.dataClasses.filter((c) => classes.has(c));
        if (shared.length) addFlow(from, g.to, shared, gateway);
      }
    }
  }
  const dataFlows = [...flowMap.values()].sort((a, b) => (a.provider === b.provider ? (a.from < b.from ? -1 : 1) : a.provider < b.provider ? -1 : 1));

  const byProvider: DigestProvider[] = providers.map((p) => {
    const pa = p.attributes as Record<string, unknown>;
    const key = p.id.slice('provider:'.length);
    const modelCount = assets.filter(
      (a) => a.kind === 'model' && ((a.attributes as { provider?: string }).provider ?? a.id.slice('model:'.length).split('/')[0]) === key,
    ).length;
    const callers = new Set(dataFlows.filter((f) => f.provider === p.id).map((f) => f.from));
    for (const r of rels) if (r.to === p.id && r.type !== 'hosted-by' && byId.get(r.from)?.kind !== 'gateway') callers.add(r.from);
    const classes = new Set(dataFlows.filter((f) => f.provider === p.id).flatMap((f) => f.dataClasses));
    return {
      id: p.id,
      name: p.name,
      ...(typeof pa.approved === 'boolean' ? { approved: pa.approved } : {}),
      models: modelCount,
      callers: callers.size,
      dataClasses: [...classes].sort(),
    };
  });

  const shadowAi: DigestShadow[] = [];
  for (const a of assets) {
    const reason = shadowReason(a);
    if (reason) shadowAi.push({ id: a.id, kind: a.kind, name: a.name, reason, seenBy: connectors(a) });
  }

  const scores = scoreIndex(result.scores);
  const findings = result.findings as Finding[];
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (ACTIVE.has(f.state)) bySeverity[f.severity]++;
  const ranked = findings
    .filter((f) => ACTIVE.has(f.state))
    .map((f) => ({ ...riskOf(f, scores.get(f.id), names), f }))
    .sort(compareRisk)
    .slice(0, options.topRisks ?? 10)
    .map(({ f: _f, ...r }) => r);

  const exceptions = options.exceptions ?? asExceptions(result.extras.exceptions) ?? [];
  const within = options.expiringWithinDays ?? 30;
  const expiringExceptions = exceptions
    .filter((x) => x.status === undefined || x.status === 'active')
    .map((x) => ({ x, daysLeft: Math.floor((Date.parse(x.expiresAt) - now.getTime()) / 86_400_000) }))
    .filter(({ daysLeft }) => daysLeft <= within)
    .sort((a, b) => a.daysLeft - b.daysLeft || (a.x.id < b.x.id ? -1 : 1))
    .map(({ x, daysLeft }) => ({
      id: x.id,
      ruleId: x.ruleId,
      assetIds: x.assetIds,
      owner: x.owner,
      ...(x.approver ? { approver: x.approver } : {}),
      expiresAt: x.expiresAt,
      daysLeft,
    }));

  const runs = options.runs ?? asRuns(result.extras.runs) ?? [];
  const trend: DigestTrendPoint[] = runs.map((r) => {
    const s = r.summary ?? {};
    const p: DigestTrendPoint = { runId: r.id, at: r.startedAt };
    if (typeof s.assets === 'number') p.assets = s.assets;
    const f = s.findings ?? s.failing;
    if (typeof f === 'number') p.findings = f;
    if (typeof s.open === 'number') p.open = s.open;
    return p;
  });

  const unowned = assets.filter((a) => OWNED_KINDS.has(a.kind) && !a.owner).map((a) => ({ id: a.id, kind: a.kind, name: a.name }));
  const count = (m: Record<string, number>, key: string) =>
    Object.entries(m)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => ({ [key]: k, count: n }));

  return {
    generatedAt: result.run.finishedAt,
    tool: result.tool,
    totals: {
      assets: result.summary.assets,
      relationships: result.summary.relationships,
      activeFindings: findings.filter((f) => ACTIVE.has(f.state)).length,
      acceptedFindings: findings.filter((f) => f.state === 'accepted').length,
      resolvedFindings: findings.filter((f) => RESOLVED.has(f.state)).length,
      shadowAi: shadowAi.length,
      thirdPartyFlows: dataFlows.length,
      unowned: unowned.length,
      diagnostics: result.summary.diagnostics,
      sources: result.run.sources.length,
      failedSources: result.run.sources.filter((s) => s.status === 'error').length,
    },
    bySeverity,
    byKind: count(result.summary.byKind, 'kind') as Array<{ kind: string; count: number }>,
    bySurface: count(result.summary.bySurface, 'surface') as Array<{ surface: string; count: number }>,
    byProvider,
    byConnector: count(result.summary.byConnector, 'connector') as Array<{ connector: string; count: number }>,
    shadowAi,
    dataFlows,
    topRisks: ranked,
    coverage: options.coverage ?? asCoverage(result.extras.coverage) ?? [],
    expiringExceptions,
    trend,
    unowned,
  };
}
