import type { Asset, Finding, Relationship } from '@aispm/core';
import type { EvidenceRef, FactorInput, FactorInputs } from './engine';

/** The part of an inventory the signals read: every asset and every relationship. `Inventory` satisfies it. */
export interface InventoryView {
  assets(): Asset[];
  relationships(): Relationship[];
}

/** Signals read from one asset (the asset-level factors of the default model). */
export const ASSET_SIGNALS = [
  'deploymentSurface',
  'dataExposure',
  'identityReach',
  'businessCriticality',
  'regulatoryTier',
  'governance',
  'providerConcentration',
] as const;
/** One of {@link ASSET_SIGNALS}. */
export type AssetSignal = (typeof ASSET_SIGNALS)[number];

/** Each signal's value vocabulary, least to most risky: a model factor reading the signal must declare these value ids. */
export const SIGNAL_VALUES: Record<string, readonly string[]> = {
  likelihood: ['low', 'medium', 'high'],
  impact: ['low', 'medium', 'high'],
  confidence: ['low', 'medium', 'high'],
  deploymentSurface: ['none', 'local', 'private', 'internal', 'public-authenticated', 'public-anonymous'],
  dataExposure: ['none', 'internal', 'confidential', 'regulated', 'special'],
  identityReach: ['none', 'few', 'many', 'external', 'anonymous'],
  businessCriticality: ['low', 'medium', 'high', 'critical'],
  regulatoryTier: ['minimal', 'limited', 'gpai', 'high-risk', 'prohibited'],
  toxicPath: ['none', 'member', 'path'],
  governance: ['complete', 'partial', 'minimal', 'absent'],
  exploitability: ['none', 'low', 'medium', 'high'],
  providerConcentration: ['none', 'low', 'medium', 'high'],
  exceptionState: ['accepted', 'deferred', 'none'],
};

const SURFACE_ORDER = SIGNAL_VALUES.deploymentSurface as readonly string[];
const CLASS_LEVEL: Record<string, number> = {
  public: 0,
  internal: 1,
  confidential: 2,
  'customer-content': 2,
  'source-code': 2,
  financial: 2,
  legal: 2,
  pii: 3,
  payment: 3,
  credentials: 3,
  phi: 4,
  biometric: 4,
  children: 4,
};
const REGULATED_SECTORS = new Set(['health', 'finance', 'insurance', 'employment', 'education', 'critical-infrastructure', 'law-enforcement', 'public-sector']);
const SURFACE_KINDS = new Set(['model-endpoint', 'application', 'agent', 'vector-store', 'gateway', 'mcp-server', 'saas-ai-feature']);
const CLOSED = new Set(['fixed', 'closed']);
const SYSTEM_KINDS = new Set(['application', 'agent', 'model-endpoint', 'saas-ai-feature']);
const USER_EDGES = new Set(['uses-model', 'calls', 'connects-to', 'retrieves-from', 'depends-on', 'routes-through', 'served-by', 'exposes-tool']);

const attrs = (a: Asset) => a.attributes as Record<string, unknown>;
/** JSON Pointers of the finding fields rule evidence names (one string each, not one per finding). */
const POINTERS: Record<string, string> = Object.fromEntries(['likelihood', 'impact', 'confidence', 'severity', 'state', 'assetIds'].map((k) => [k, `/${k}`]));

/** Signal values with their rationale and evidence, keyed by signal name. */
export type SignalSet = Record<string, FactorInput>;

/** Reads the default model's signals from an inventory and a set of findings. */
export interface SignalContext {
  /** The asset-level signals of one asset (cached). */
  assetSignals(assetId: string): SignalSet;
  /** Every signal of one finding: the rule's, the finding's and the worst of its assets'. */
  findingSignals(finding: Finding): FactorInputs;
  /**
   * The value ids alone of every signal of one finding (no rationale, no evidence), written into
   * `out` by signal name: the same values {@link SignalContext.findingSignals} gives, for scoring
   * many findings without building their explanations.
   */
  findingValues(finding: Finding, out: Record<string, string | undefined>): void;
  /** Open (not fixed or closed) findings on an asset. */
  findingsOn(assetId: string): Finding[];
  /** The asset with this id. */
  asset(assetId: string): Asset | undefined;
}

/**
 * Internal key of {@link BulkSignals} on a signal context (not exported from the package).
 *
 * @example
 * ```ts
 * const bulk = (ctx as SignalContext & { [BULK]?: BulkSignals })[BULK];
 * ```
 */
export const BULK: unique symbol = Symbol('aispm.scoring.bulk');

/**
 * Internal: what the scorer reads to score every finding of the context without per-finding
 * objects. Assets have dense indices (inventory assets first, then ids only findings name).
 *
 * @example
 * ```ts
 * const a = bulk.findingAsset[i]; // the dense index of finding i's asset, or -1
 * if (a >= 0) bulk.exploitability(i, a); // 'none' | 'low' | 'medium' | 'high'
 * ```
 */
export interface BulkSignals {
  /** Whether finding ids are unique (the per-asset counts below assume so). */
  uniqueIds: boolean;
  /** Per finding of the context: the dense index of its asset when it has exactly one, else -1. */
  findingAsset: Int32Array;
  /** Dense index → asset id. */
  assetIds: readonly string[];
  /** Dense index → asset (undefined for ids only findings name). */
  assets: ReadonlyArray<Asset | undefined>;
  assetCount: number;
  /** Dense index of an asset id, or -1. */
  indexOf(id: string): number;
  /** Open findings on asset `a`: finding indices `rows[rowStart[a] .. rowStart[a + 1])`, in finding order. */
  rowStart: Int32Array;
  rows: Int32Array;
  /** The likelihood, impact, confidence and exception-state values of a finding (as findingValues gives them). */
  ruleValues(f: Finding, out: Record<string, string | undefined>): void;
  /** The asset signals of asset `a` (dense index); computed afresh and not kept unless already kept (values are read once per asset). */
  assetSignalsOnce(a: number): SignalSet;
  /** findingSignals of finding `i` of the context, without looking it or its asset up. */
  signalsOf(i: number): FactorInputs;
  /**
   * The exploitability value of finding `i` with several assets (as findingValues gives it), from
   * the per-asset counts; `undefined` when one of its assets has no dense index.
   */
  exploitabilityOfPath(i: number): string | undefined;
  /** The toxic-path value of single-asset finding `i` on asset `a` (as findingValues gives it). */
  toxicPath(i: number, a: number): string;
  /** The exploitability value of single-asset finding `i` on asset `a` (as findingValues gives it). */
  exploitability(i: number, a: number): string;
}

/** The first finding of a list whose id is not `id`. */
function otherThan(list: readonly Finding[] | undefined, id: string | undefined): Finding | undefined {
  if (list) for (const g of list) if (g.id !== id) return g;
  return undefined;
}

function pick<T>(m: Map<string, T[]>, k: string): T[] {
  let v = m.get(k);
  if (!v) {
    v = [];
    m.set(k, v);
  }
  return v;
}

function edgeClasses(r: Relationship): string[] {
  const fromAttr = (r.attributes as { dataClasses?: unknown }).dataClasses;
  return [...r.dataClasses, ...(Array.isArray(fromAttr) ? (fromAttr as string[]) : [])];
}

/**
 * Builds the signal reader of the default model over an inventory and the findings of a run.
 * Indices are built once, so reading signals for many findings is cheap.
 *
 * @example
 * ```ts
 * const ctx = createSignalContext(inventory, findings);
 * ctx.findingSignals(findings[0]).deploymentSurface; // { value: 'public-anonymous', rationale: '…', evidence: [...] }
 * ```
 */
export function createSignalContext(inventory: InventoryView, findings: readonly Finding[]): SignalContext {
  // Assets by dense index: inventory assets first, then ids only findings name.
  const assetIndex = new Map<string, number>();
  const assetList: Array<Asset | undefined> = [];
  const assetIdList: string[] = [];
  for (const a of inventory.assets()) {
    const i = assetIndex.get(a.id);
    if (i === undefined) {
      assetIndex.set(a.id, assetList.length);
      assetList.push(a);
      assetIdList.push(a.id);
    } else assetList[i] = a;
  }
  const inventoryCount = assetList.length;
  const assetOf = (id: string): Asset | undefined => {
    const i = assetIndex.get(id);
    return i === undefined ? undefined : assetList[i];
  };
  const indexOfAsset = (id: string): number => {
    let i = assetIndex.get(id);
    if (i === undefined) {
      i = assetList.length;
      assetIndex.set(id, i);
      assetList.push(undefined);
      assetIdList.push(id);
    }
    return i;
  };
  const out = new Map<string, Relationship[]>();
  const inn = new Map<string, Relationship[]>();
  let anyInvoke = false;
  for (const r of inventory.relationships()) {
    pick(out, r.from).push(r);
    pick(inn, r.to).push(r);
    if (r.type === 'can-invoke') anyInvoke = true;
  }
  const findingById = new Map<string, Finding>();
  for (const f of findings) findingById.set(f.id, f);
  const uniqueIds = findingById.size === findings.length;
  // Open findings per asset, as compressed rows (finding order within an asset), with per-asset
  // counts of open findings, high/critical ones, medium ones and path findings.
  const nFindings = findings.length;
  const findingAsset = new Int32Array(nFindings).fill(-1);
  let pairF = new Int32Array(nFindings + 16);
  let pairA = new Int32Array(nFindings + 16);
  let nPairs = 0;
  const pair = (i: number, a: number) => {
    if (nPairs === pairF.length) {
      const nf = new Int32Array(2 * pairF.length);
      nf.set(pairF);
      pairF = nf;
      const na = new Int32Array(2 * pairA.length);
      na.set(pairA);
      pairA = na;
    }
    pairF[nPairs] = i;
    pairA[nPairs] = a;
    nPairs++;
  };
  for (let i = 0; i < nFindings; i++) {
    const f = findings[i] as Finding;
    const ids = f.assetIds;
    const open = !CLOSED.has(f.state);
    if (ids.length === 1) {
      const a = indexOfAsset(ids[0] as string);
      findingAsset[i] = a;
      if (open) pair(i, a);
    } else if (open) {
      // Each asset once, in first-occurrence order (as a Set iterates).
      for (let j = 0; j < ids.length; j++) if (ids.indexOf(ids[j] as string) === j) pair(i, indexOfAsset(ids[j] as string));
    }
  }
  const assetCount = assetList.length;
  const openTotal = new Int32Array(assetCount);
  const openHigh = new Int32Array(assetCount);
  const openMedium = new Int32Array(assetCount);
  const openPaths = new Int32Array(assetCount);
  for (let p = 0; p < nPairs; p++) {
    const a = pairA[p] as number;
    const f = findings[pairF[p] as number] as Finding;
    openTotal[a] = (openTotal[a] as number) + 1;
    if (f.severity === 'critical' || f.severity === 'high') openHigh[a] = (openHigh[a] as number) + 1;
    else if (f.severity === 'medium') openMedium[a] = (openMedium[a] as number) + 1;
    if (f.assetIds.length > 1) openPaths[a] = (openPaths[a] as number) + 1;
  }
  const rowStart = new Int32Array(assetCount + 1);
  for (let a = 0; a < assetCount; a++) rowStart[a + 1] = (rowStart[a] as number) + (openTotal[a] as number);
  const rows = new Int32Array(nPairs);
  {
    const fillAt = rowStart.slice(0, assetCount);
    for (let p = 0; p < nPairs; p++) {
      const a = pairA[p] as number;
      rows[fillAt[a] as number] = pairF[p] as number;
      fillAt[a] = (fillAt[a] as number) + 1;
    }
  }
  // Per-asset caches, filled in any order: allocated dense so they stay fast arrays.
  // (Pushed one by one: `new Array(n)` of a large n starts out as a dictionary.)
  const perAsset = <T>(): Array<T | undefined> => {
    const a: Array<T | undefined> = [];
    for (let i = 0; i < assetCount; i++) a.push(undefined);
    return a;
  };
  const onCache = perAsset<Finding[]>();
  const pathCache = perAsset<Finding[]>();
  const NONE: Finding[] = [];
  const findingsAt = (a: number): Finding[] => {
    if (a < 0 || a >= assetCount) return NONE;
    let v = onCache[a];
    if (!v) {
      v = [];
      for (let r = rowStart[a] as number; r < (rowStart[a + 1] as number); r++) v.push(findings[rows[r] as number] as Finding);
      onCache[a] = v;
    }
    return v;
  };
  const findingsOn = (id: string): Finding[] => {
    const v = findingsAt(assetIndex.get(id) ?? -1);
    return v === NONE ? [] : v;
  };
  const pathsAt = (a: number): Finding[] | undefined => {
    if (a < 0 || a >= assetCount || openPaths[a] === 0) return undefined;
    let v = pathCache[a];
    if (!v) {
      v = findingsAt(a).filter((f) => f.assetIds.length > 1);
      pathCache[a] = v;
    }
    return v;
  };
  const pathsOn = (id: string): Finding[] | undefined => pathsAt(assetIndex.get(id) ?? -1);
  const outOf = (id: string) => out.get(id) ?? [];
  const inOf = (id: string) => inn.get(id) ?? [];

  // Providers an asset depends on, with the edge or attribute that says so.
  const providersOf = (a: Asset): Array<{ provider: string; ev: EvidenceRef }> => {
    const res: Array<{ provider: string; ev: EvidenceRef }> = [];
    if (a.kind === 'provider') res.push({ provider: a.id, ev: { kind: 'attribute', ref: a.id, pointer: '/kind', observed: 'provider' } });
    const modelProvider = (m: Asset | undefined) => {
      const p = m && m.kind === 'model' ? (attrs(m).provider as string | undefined) : undefined;
      if (m && p) res.push({ provider: `provider:${p}`, ev: { kind: 'attribute', ref: m.id, pointer: '/attributes/provider', observed: p } });
    };
    modelProvider(a);
    for (const r of outOf(a.id)) {
      if ((r.type === 'calls' || r.type === 'hosted-by' || r.type === 'authenticates-to') && r.to.startsWith('provider:')) {
        res.push({ provider: r.to, ev: { kind: 'relationship', ref: r.id } });
      } else if (r.type === 'uses-model') modelProvider(assetOf(r.to));
    }
    return res;
  };
  const critOf = (a: Asset | undefined) => (a ? (attrs(a).businessCriticality as string | undefined) : undefined);
  const criticalSystems = (assetList.slice(0, inventoryCount) as Asset[]).filter(
    (a) => SYSTEM_KINDS.has(a.kind) && (critOf(a) === 'critical' || critOf(a) === 'high'),
  );
  const providerShare = new Map<string, number>();
  for (const s of criticalSystems) for (const p of new Set(providersOf(s).map((x) => x.provider))) providerShare.set(p, (providerShare.get(p) ?? 0) + 1);

  const surfaceOf = (a: Asset): FactorInput => {
    const at = attrs(a);
    const ev = (p: string): EvidenceRef => ({ kind: 'attribute', ref: a.id, pointer: `/attributes/${p}`, observed: at[p] });
    if (a.kind === 'model') {
      let best: FactorInput | undefined;
      for (const r of outOf(a.id)) {
        const e = r.type === 'served-by' ? assetOf(r.to) : undefined;
        if (!e) continue;
        const s = surfaceOf(e);
        if (s.value && (!best?.value || SURFACE_ORDER.indexOf(s.value) > SURFACE_ORDER.indexOf(best.value))) {
          best = { value: s.value, rationale: `served by ${e.id}: ${s.rationale}`, evidence: [{ kind: 'relationship', ref: r.id }, ...(s.evidence ?? [])] };
        }
      }
      return best ?? { value: 'none', rationale: 'a model with no serving endpoint recorded has no network surface of its own', evidence: [] };
    }
    if (!SURFACE_KINDS.has(a.kind)) return { value: 'none', rationale: `a ${a.kind} has no network surface of its own`, evidence: [] };
    const exposure = at.exposure as string | undefined;
    const auth = at.authentication as string | undefined;
    if (a.kind === 'mcp-server' && !exposure) {
      if (at.transport === 'stdio') return { value: 'local', rationale: 'stdio MCP server: runs as a local process', evidence: [ev('transport')] };
      return { value: undefined, rationale: 'MCP server transport/exposure not recorded', evidence: [] };
    }
    if (!exposure) return { value: undefined, rationale: 'exposure not recorded', evidence: [] };
    if (exposure === 'public') {
      if (!auth || auth === 'none' || auth === 'unknown') {
        return { value: 'public-anonymous', rationale: `public, authentication ${auth ?? 'not recorded'}`, evidence: [ev('exposure'), ev('authentication')] };
      }
      return { value: 'public-authenticated', rationale: `public, authenticated by ${auth}`, evidence: [ev('exposure'), ev('authentication')] };
    }
    return { value: exposure, rationale: `exposure ${exposure}`, evidence: [ev('exposure')] };
  };

  const dataOf = (a: Asset): FactorInput => {
    let level = -1;
    let why = '';
    const evidence: EvidenceRef[] = [];
    const seen = (classes: readonly string[], where: string, ev: EvidenceRef) => {
      if (classes.length === 0) return;
      evidence.push(ev);
      for (const c of classes) {
        const l = CLASS_LEVEL[c] ?? 1;
        if (l > level) {
          level = l;
          why = `${c} ${where}`;
        }
      }
    };
    seen(a.dataClasses, 'on the asset', { kind: 'attribute', ref: a.id, pointer: '/dataClasses', observed: a.dataClasses });
    let leaks: string | undefined;
    for (const r of inOf(a.id)) if (r.type === 'sends-data') seen(edgeClasses(r), `flows in from ${r.from}`, { kind: 'relationship', ref: r.id });
    for (const r of outOf(a.id)) {
      if (r.type === 'sends-data') {
        const cls = edgeClasses(r);
        seen(cls, `leaves to ${r.to}`, { kind: 'relationship', ref: r.id });
        const to = assetOf(r.to);
        if (to?.kind === 'provider' && attrs(to).processorAgreement !== true && cls.some((c) => (CLASS_LEVEL[c] ?? 1) >= 3)) {
          leaks = r.to;
          evidence.push({ kind: 'attribute', ref: to.id, pointer: '/attributes/processorAgreement', observed: attrs(to).processorAgreement });
        }
      } else if (r.type === 'trained-on' || r.type === 'fine-tuned-from') {
        const d = assetOf(r.to);
        if (d) seen(d.dataClasses, `in training data ${d.id}`, { kind: 'relationship', ref: r.id });
      } else if (r.type === 'retrieves-from') {
        const d = assetOf(r.to);
        if (d) seen(d.dataClasses, `retrieved at inference from ${d.id}`, { kind: 'relationship', ref: r.id });
      }
    }
    if (level < 0) return { value: undefined, rationale: 'no data class recorded on the asset or its data flows', evidence: [] };
    const values = SIGNAL_VALUES.dataExposure as readonly string[];
    if (leaks && level < 4) {
      return { value: values[level + 1], rationale: `${why}; regulated data leaves to ${leaks} without a processor agreement (one step up)`, evidence };
    }
    return { value: values[level], rationale: why, evidence };
  };

  const reachOf = (a: Asset): FactorInput => {
    const principals = new Map<string, EvidenceRef>();
    for (const r of inOf(a.id)) {
      if (r.type === 'can-invoke' || r.type === 'connects-to' || (r.type === 'calls' && assetOf(r.from)?.kind === 'agent'))
        principals.set(r.from, { kind: 'relationship', ref: r.id });
      if (r.type === 'authenticates-to')
        for (const h of inOf(r.from)) if (h.type === 'holds-credential') principals.set(h.from, { kind: 'relationship', ref: h.id });
    }
    const at = attrs(a);
    if (at.exposure === 'public' && (at.authentication === 'none' || at.authentication === undefined)) {
      return {
        value: 'anonymous',
        rationale: 'public with no authentication: anyone can invoke it',
        evidence: [{ kind: 'attribute', ref: a.id, pointer: '/attributes/authentication', observed: at.authentication }],
      };
    }
    if (principals.size === 0) {
      return anyInvoke
        ? { value: 'none', rationale: 'no principal is recorded as able to invoke it', evidence: [] }
        : { value: undefined, rationale: 'the inventory holds no can-invoke edges (no identity source was read)', evidence: [] };
    }
    let anonymous: string | undefined;
    let external: string | undefined;
    for (const id of principals.keys()) {
      const p = assetOf(id);
      const pa = p ? attrs(p) : {};
      if (pa.type === 'anonymous') anonymous ??= id;
      else if (pa.external === true || pa.type === 'external') external ??= id;
    }
    const evidence = [...principals.values()];
    if (anonymous) return { value: 'anonymous', rationale: `anonymous principal ${anonymous} can invoke it`, evidence };
    if (external) return { value: 'external', rationale: `external principal ${external} can invoke it (${principals.size} in all)`, evidence };
    return { value: principals.size > 3 ? 'many' : 'few', rationale: `${principals.size} internal principal(s) can invoke it`, evidence };
  };

  const inherited = (a: Asset, key: string): { v: string; from: Asset } | undefined => {
    const own = attrs(a)[key] as string | undefined;
    if (own) return { v: own, from: a };
    let best: { v: string; from: Asset } | undefined;
    for (const r of inOf(a.id)) {
      if (!USER_EDGES.has(r.type)) continue;
      const u = assetOf(r.from);
      const v = u ? (attrs(u)[key] as string | undefined) : undefined;
      if (u && v && (!best || rank(key, v) > rank(key, best.v))) best = { v, from: u };
    }
    return best;
  };
  const rank = (key: string, v: string) =>
    key === 'businessCriticality'
      ? ['low', 'medium', 'high', 'critical'].indexOf(v)
      : ['minimal-risk', 'limited-risk', 'undetermined', 'gpai', 'high-risk', 'gpai-systemic', 'prohibited'].indexOf(v);

  const criticalityOf = (a: Asset): FactorInput => {
    const c = inherited(a, 'businessCriticality');
    if (!c) return { value: undefined, rationale: 'business criticality not recorded on the asset or the systems using it', evidence: [] };
    const ev: EvidenceRef = { kind: 'attribute', ref: c.from.id, pointer: '/attributes/businessCriticality', observed: c.v };
    return { value: c.v, rationale: c.from === a ? `declared ${c.v}` : `inherited from ${c.from.id} (${c.v})`, evidence: [ev] };
  };

  const TIER: Record<string, string> = {
    prohibited: 'prohibited',
    'high-risk': 'high-risk',
    'gpai-systemic': 'high-risk',
    gpai: 'gpai',
    'limited-risk': 'limited',
    'minimal-risk': 'minimal',
  };
  const tierOf = (a: Asset): FactorInput => {
    const t = inherited(a, 'euAiActTier');
    const evidence: EvidenceRef[] = [];
    let value: string | undefined;
    let why = '';
    if (t && TIER[t.v]) {
      value = TIER[t.v];
      why = t.from === a ? `EU AI Act tier ${t.v}` : `EU AI Act tier ${t.v} inherited from ${t.from.id}`;
      evidence.push({ kind: 'attribute', ref: t.from.id, pointer: '/attributes/euAiActTier', observed: t.v });
    } else if (attrs(a).annexIIIArea) {
      value = 'high-risk';
      why = `Annex III area ${String(attrs(a).annexIIIArea)} implies high-risk`;
      evidence.push({ kind: 'attribute', ref: a.id, pointer: '/attributes/annexIIIArea', observed: attrs(a).annexIIIArea });
    }
    const sector = a.labels.sector;
    if (sector && REGULATED_SECTORS.has(sector)) {
      // One step up the ladder minimal → limited → high-risk (GPAI also goes to high-risk); high-risk and prohibited stay.
      const from = value ?? 'limited';
      const next = from === 'minimal' ? 'limited' : from === 'limited' || from === 'gpai' ? 'high-risk' : from;
      evidence.push({ kind: 'attribute', ref: a.id, pointer: '/labels/sector', observed: sector });
      return { value: next, rationale: `${why || 'tier not recorded (taken as limited)'}; regulated sector ${sector} raises it one step`, evidence };
    }
    if (!value) return { value: undefined, rationale: t ? `EU AI Act tier ${t.v}` : 'EU AI Act tier not recorded', evidence };
    return { value, rationale: why, evidence };
  };

  const governanceOf = (a: Asset): FactorInput => {
    const at = attrs(a);
    const checks: Array<[string, boolean, string]> = [['owner', Boolean(a.owner), '/owner']];
    const k = a.kind;
    if (k === 'provider' || k === 'application' || k === 'saas-ai-feature' || k === 'subscription')
      checks.push(['approval', at.approved === true, '/attributes/approved']);
    if (k === 'application' || k === 'agent' || k === 'model') checks.push(['purpose', Boolean(at.purpose), '/attributes/purpose']);
    if (k === 'application' || k === 'model')
      checks.push(['risk tier', Boolean((at.euAiActTier && at.euAiActTier !== 'undetermined') || at.riskTier), '/attributes/euAiActTier']);
    if (k === 'model') checks.push(['model card', at.modelCard === true || Boolean(at.modelCardUrl), '/attributes/modelCard']);
    if (k === 'provider') checks.push(['processor agreement', at.processorAgreement === true, '/attributes/processorAgreement']);
    const missing = checks.filter((c) => !c[1]);
    const evidence: EvidenceRef[] = missing.map((c) => ({
      kind: 'attribute',
      ref: a.id,
      pointer: c[2],
      observed: c[2] === '/owner' ? a.owner : at[c[2].split('/')[2] as string],
    }));
    const frac = missing.length / checks.length;
    const value = frac === 0 ? 'complete' : frac <= 1 / 3 ? 'partial' : frac < 1 ? 'minimal' : 'absent';
    const rationale =
      missing.length === 0
        ? `all ${checks.length} governance facts recorded`
        : `missing ${missing.map((c) => c[0]).join(', ')} (${missing.length} of ${checks.length})`;
    return { value, rationale, evidence };
  };

  const concentrationOf = (a: Asset): FactorInput => {
    const ps = providersOf(a);
    if (ps.length === 0) return { value: 'none', rationale: 'depends on no third-party provider', evidence: [] };
    const total = criticalSystems.length;
    let best = ps[0] as { provider: string; ev: EvidenceRef };
    let share = -1;
    for (const p of ps) {
      const s = total === 0 ? 0 : (providerShare.get(p.provider) ?? 0) / total;
      if (s > share) {
        share = s;
        best = p;
      }
    }
    const pct = Math.round(share * 100);
    const value = share > 0.5 ? 'high' : share >= 0.25 ? 'medium' : 'low';
    const rationale =
      total === 0
        ? `depends on ${best.provider}; no critical systems are recorded to compare against`
        : `${pct}% of ${total} critical systems depend on ${best.provider}`;
    return { value, rationale, evidence: [best.ev] };
  };

  const signalsAt = perAsset<SignalSet>();
  const cache = new Map<string, SignalSet>();
  const unknownAsset = (id: string): SignalSet => {
    const u: FactorInput = { value: undefined, rationale: `asset ${id} is not in the inventory`, evidence: [] };
    return Object.fromEntries(ASSET_SIGNALS.map((s) => [s, u]));
  };
  function assetSignals(id: string): SignalSet {
    return assetSignalsAt(assetIndex.get(id) ?? -1, id);
  }
  /** The asset signals of asset `at` (dense index, or -1 for an id without one) named `id`. */
  function assetSignalsAt(at: number, id: string, keep = true): SignalSet {
    const hit = at >= 0 ? signalsAt[at] : cache.get(id);
    if (hit) return hit;
    const a = at >= 0 ? assetList[at] : undefined;
    const s: SignalSet = a
      ? {
          deploymentSurface: surfaceOf(a),
          dataExposure: dataOf(a),
          identityReach: reachOf(a),
          businessCriticality: criticalityOf(a),
          regulatoryTier: tierOf(a),
          governance: governanceOf(a),
          providerConcentration: concentrationOf(a),
        }
      : unknownAsset(id);
    if (!keep) return s;
    if (at >= 0) signalsAt[at] = s;
    else cache.set(id, s);
    return s;
  }

  const sevLevel = (s: string) => (s === 'critical' || s === 'high' ? 'high' : s === 'medium' ? 'medium' : 'low');
  const ruleEv = (f: Finding, field: string, observed: unknown): EvidenceRef[] => [
    { kind: 'finding', ref: f.id, pointer: POINTERS[field] ?? `/${field}`, observed },
  ];

  // Rationale strings are shared between findings (fewer allocations for large runs).
  const levelsOf = (what: string) => Object.fromEntries(['low', 'medium', 'high'].map((l) => [l, `the rule declares ${what} ${l}`]));
  const derivedOf = (what: string) =>
    Object.fromEntries(['critical', 'high', 'medium', 'low', 'info'].map((s) => [s, `the rule declares no ${what}; derived from severity ${s}`]));
  const DECLARED: { likelihood: Record<string, string>; impact: Record<string, string>; confidence: Record<string, string> } = {
    likelihood: levelsOf('likelihood'),
    impact: levelsOf('impact'),
    confidence: levelsOf('confidence'),
  };
  const DERIVED: { likelihood: Record<string, string>; impact: Record<string, string> } = { likelihood: derivedOf('likelihood'), impact: derivedOf('impact') };
  const NO_CONFIDENCE: FactorInput = Object.freeze({ value: undefined, rationale: 'the rule declares no confidence', evidence: [] });
  const NO_PATH: FactorInput = Object.freeze({ value: 'none', rationale: 'no path finding includes its assets', evidence: [] });

  function findingSignals(f: Finding): FactorInputs {
    const only = f.assetIds.length === 1 ? (f.assetIds[0] as string) : undefined;
    return signalsFor(f, only === undefined ? -1 : (assetIndex.get(only) ?? -1), findingById.get(f.id));
  }

  /** findingSignals with the lookups done: `at` is the dense index of its single asset (or -1), `own` the context's finding with its id. */
  function signalsFor(f: Finding, at: number, own: Finding | undefined): FactorInputs {
    const inputs: FactorInputs = {
      likelihood: undefined,
      impact: undefined,
      confidence: undefined,
      deploymentSurface: undefined,
      dataExposure: undefined,
      identityReach: undefined,
      businessCriticality: undefined,
      regulatoryTier: undefined,
      governance: undefined,
      providerConcentration: undefined,
      toxicPath: undefined,
      exploitability: undefined,
      exceptionState: undefined,
    };
    inputs.likelihood = f.likelihood
      ? { value: f.likelihood, rationale: DECLARED.likelihood[f.likelihood] as string, evidence: ruleEv(f, 'likelihood', f.likelihood) }
      : { value: sevLevel(f.severity), rationale: DERIVED.likelihood[f.severity] as string, evidence: ruleEv(f, 'severity', f.severity) };
    inputs.impact = f.impact
      ? { value: f.impact, rationale: DECLARED.impact[f.impact] as string, evidence: ruleEv(f, 'impact', f.impact) }
      : { value: sevLevel(f.severity), rationale: DERIVED.impact[f.severity] as string, evidence: ruleEv(f, 'severity', f.severity) };
    inputs.confidence = f.confidence
      ? { value: f.confidence, rationale: DECLARED.confidence[f.confidence] as string, evidence: ruleEv(f, 'confidence', f.confidence) }
      : NO_CONFIDENCE;
    // Asset-level signals: the worst over the finding's assets counts.
    const only = f.assetIds.length === 1 ? (f.assetIds[0] as string) : undefined;
    if (only !== undefined) {
      const a = assetSignalsAt(at, only);
      inputs.deploymentSurface = a.deploymentSurface;
      inputs.dataExposure = a.dataExposure;
      inputs.identityReach = a.identityReach;
      inputs.businessCriticality = a.businessCriticality;
      inputs.regulatoryTier = a.regulatoryTier;
      inputs.governance = a.governance;
      inputs.providerConcentration = a.providerConcentration;
    } else {
      for (const s of ASSET_SIGNALS) {
        const order = SIGNAL_VALUES[s] as readonly string[];
        let best: FactorInput | undefined;
        let bestAt = '';
        for (const id of f.assetIds) {
          const v = assetSignals(id)[s] as FactorInput;
          if (!best || (v.value !== undefined && (best.value === undefined || order.indexOf(v.value) > order.indexOf(best.value)))) {
            best = v;
            bestAt = id;
          }
        }
        const b = best as FactorInput;
        inputs[s] = { ...b, rationale: `${bestAt}: ${b.rationale}` };
      }
    }
    // Toxic-combination membership: path findings are those with more than one asset id.
    if (f.assetIds.length > 1) {
      inputs.toxicPath = { value: 'path', rationale: `path rule over ${f.assetIds.length} assets`, evidence: ruleEv(f, 'assetIds', f.assetIds) };
    } else {
      const other = otherThan(pathsAt(at), f.id);
      inputs.toxicPath = other
        ? {
            value: 'member',
            rationale: `on path finding ${other.id} (${other.ruleId})`,
            evidence: [{ kind: 'finding', ref: other.id, pointer: '/assetIds', observed: other.assetIds }],
          }
        : NO_PATH;
    }
    inputs.exploitability = only === undefined ? exploitabilityOf(f.assetIds, f.id) : exploitabilityAt(at, f.id, own);
    inputs.exceptionState =
      f.state === 'accepted'
        ? { value: 'accepted', rationale: `accepted under exception ${f.exceptionId ?? '(id not recorded)'}`, evidence: ruleEv(f, 'state', f.state) }
        : f.state === 'deferred'
          ? { value: 'deferred', rationale: 'deferred with a re-evaluation trigger', evidence: ruleEv(f, 'state', f.state) }
          : { value: 'none', rationale: `state ${f.state}`, evidence: ruleEv(f, 'state', f.state) };
    return inputs;
  }

  function ruleValues(f: Finding, out: Record<string, string | undefined>): void {
    out.likelihood = f.likelihood ? f.likelihood : sevLevel(f.severity);
    out.impact = f.impact ? f.impact : sevLevel(f.severity);
    out.confidence = f.confidence ? f.confidence : undefined;
    out.exceptionState = f.state === 'accepted' ? 'accepted' : f.state === 'deferred' ? 'deferred' : 'none';
  }

  function findingValues(f: Finding, out: Record<string, string | undefined>): void {
    ruleValues(f, out);
    const ids = f.assetIds;
    if (ids.length === 1) {
      const at = assetIndex.get(ids[0] as string) ?? -1;
      const a = assetSignalsAt(at, ids[0] as string);
      out.deploymentSurface = a.deploymentSurface?.value;
      out.dataExposure = a.dataExposure?.value;
      out.identityReach = a.identityReach?.value;
      out.businessCriticality = a.businessCriticality?.value;
      out.regulatoryTier = a.regulatoryTier?.value;
      out.governance = a.governance?.value;
      out.providerConcentration = a.providerConcentration?.value;
      const paths = pathsAt(at);
      let member = false;
      if (paths)
        for (const p of paths)
          if (p.id !== f.id) {
            member = true;
            break;
          }
      out.toxicPath = member ? 'member' : 'none';
    } else {
      // The same worst-over-assets choice as findingSignals.
      for (const s of ASSET_SIGNALS) {
        const order = SIGNAL_VALUES[s] as readonly string[];
        let best: FactorInput | undefined;
        for (const id of ids) {
          const v = assetSignals(id)[s] as FactorInput;
          if (!best || (v.value !== undefined && (best.value === undefined || order.indexOf(v.value) > order.indexOf(best.value)))) best = v;
        }
        out[s] = best?.value;
      }
      out.toxicPath = ids.length > 1 ? 'path' : 'none';
    }
    out.exploitability = (
      ids.length === 1 ? exploitabilityAt(assetIndex.get(ids[0] as string) ?? -1, f.id, findingById.get(f.id)) : exploitabilityOf(ids, f.id)
    ).value;
  }

  interface Tally {
    total: number;
    highCount: number;
    highs: Finding[];
    mediumCount: number;
    mediums: Finding[];
    /** Results by the finding's severity class, for findings that are not one of the examples. */
    byClass: Record<string, FactorInput | undefined>;
    /** Results for the example findings themselves (at most four per asset). */
    byExample: Map<string, FactorInput> | undefined;
  }
  const tallies = perAsset<Tally>();
  const tallyOf = (id: string): Tally => tallyAt(assetIndex.get(id) ?? -1);
  const tallyAt = (a: number): Tally => {
    let t = a >= 0 ? tallies[a] : undefined;
    if (t) return t;
    t = { total: 0, highCount: 0, highs: [], mediumCount: 0, mediums: [], byClass: {}, byExample: undefined };
    const end = a >= 0 && a < assetCount ? (rowStart[a + 1] as number) : 0;
    for (let r = a >= 0 && a < assetCount ? (rowStart[a] as number) : 0; r < end; r++) {
      const g = findings[rows[r] as number] as Finding;
      t.total++;
      if (g.severity === 'critical' || g.severity === 'high') {
        t.highCount++;
        if (t.highs.length < 2) t.highs.push(g);
      } else if (g.severity === 'medium') {
        t.mediumCount++;
        if (t.mediums.length < 2) t.mediums.push(g);
      }
    }
    if (a >= 0) tallies[a] = t;
    return t;
  };
  const ev = (g: Finding): EvidenceRef => ({ kind: 'finding', ref: g.id, pointer: '/severity', observed: g.severity });
  const describe = (total: number, high: Finding | undefined, mediums: number, firstMedium: Finding | undefined): FactorInput => {
    if (total === 0) return { value: 'none', rationale: 'no other open finding on its assets', evidence: [] };
    if (high) return { value: 'high', rationale: `${total} other open finding(s), including ${high.severity} ${high.ruleId}`, evidence: [ev(high)] };
    if (mediums >= 3) return { value: 'high', rationale: `${mediums} other open medium findings`, evidence: [ev(firstMedium as Finding)] };
    if (firstMedium)
      return { value: 'medium', rationale: `${total} other open finding(s), including medium ${firstMedium.ruleId}`, evidence: [ev(firstMedium)] };
    return { value: 'low', rationale: `${total} other open low/info finding(s)`, evidence: [] };
  };

  /** Exploitability of a single-asset finding on asset `a` (dense index): per-asset tallies minus
   * the finding itself; the result is shared by every finding on the asset in the same position
   * (same severity class, not an example). */
  function exploitabilityAt(a: number, self: string | undefined, own: Finding | undefined): FactorInput {
    const t = tallyAt(a);
    const selfIn = own !== undefined && own.assetIds.length === 1 && !CLOSED.has(own.state);
    const cls = !selfIn ? 'x' : own.severity === 'critical' || own.severity === 'high' ? 'h' : own.severity === 'medium' ? 'm' : 'l';
    const example = selfIn && (t.highs.includes(own) || t.mediums.includes(own)) ? (self as string) : '';
    const hit = example === '' ? t.byClass[cls] : t.byExample?.get(example);
    if (hit) return hit;
    const high = t.highCount - (cls === 'h' ? 1 : 0) > 0 ? otherThan(t.highs, self) : undefined;
    const mediums = t.mediumCount - (cls === 'm' ? 1 : 0);
    const firstMedium = mediums > 0 ? otherThan(t.mediums, self) : undefined;
    const out = describe(t.total - (selfIn ? 1 : 0), high, mediums, firstMedium);
    if (example === '') t.byClass[cls] = out;
    else (t.byExample ??= new Map()).set(example, out);
    return out;
  }

  function exploitabilityOf(assetIds: readonly string[], self?: string): FactorInput {
    if (assetIds.length === 1)
      return exploitabilityAt(assetIndex.get(assetIds[0] as string) ?? -1, self, self === undefined ? undefined : findingById.get(self));
    if (uniqueIds) return unionOf(assetIds, self);
    const others = new Map<string, Finding>();
    for (const id of assetIds) for (const g of findingsOn(id)) if (g.id !== self) others.set(g.id, g);
    let high: Finding | undefined;
    let mediums = 0;
    let firstMedium: Finding | undefined;
    for (const g of others.values()) {
      if (g.severity === 'critical' || g.severity === 'high') high ??= g;
      else if (g.severity === 'medium') {
        mediums++;
        firstMedium ??= g;
      }
    }
    return describe(others.size, high, mediums, firstMedium);
  }

  // The other open findings on several assets, from the per-asset tallies: a finding on more than
  // one of the assets (a path finding) is counted once, and the finding itself not at all. The
  // first high and first medium are those the asset-by-asset, finding-by-finding walk meets
  // first, as in the walk above. Needs unique finding ids (otherwise the walk above is used).
  function unionOf(assetIds: readonly string[], self: string | undefined): FactorInput {
    const list = [...new Set(assetIds)];
    let total = 0;
    let mediums = 0;
    let high: Finding | undefined;
    let firstMedium: Finding | undefined;
    for (let i = 0; i < list.length; i++) {
      const id = list[i] as string;
      const t = tallyOf(id);
      total += t.total;
      mediums += t.mediumCount;
      high ??= otherThan(t.highs, self);
      firstMedium ??= otherThan(t.mediums, self);
      // Path findings also on an earlier asset of the list were counted there.
      if (i > 0)
        for (const p of pathsOn(id) ?? []) {
          let earlier = false;
          for (let j = 0; j < i && !earlier; j++) earlier = p.assetIds.includes(list[j] as string);
          if (!earlier) continue;
          total--;
          if (p.severity === 'medium') mediums--;
        }
    }
    const own = self === undefined ? undefined : findingById.get(self);
    if (own && !CLOSED.has(own.state) && own.assetIds.some((a) => list.includes(a))) {
      total--;
      if (own.severity === 'medium') mediums--;
    }
    return describe(total, high, mediums, firstMedium);
  }

  /** Value-only {@link unionOf} for finding `i` of the context (unique ids: the finding is its own `own`). */
  function exploitabilityOfPath(i: number): string | undefined {
    const f = findings[i] as Finding;
    const ids = f.assetIds;
    const list: number[] = [];
    for (let j = 0; j < ids.length; j++) {
      const a = assetIndex.get(ids[j] as string);
      if (a === undefined || a >= assetCount) return undefined;
      if (!list.includes(a)) list.push(a);
    }
    let total = 0;
    let highs = 0;
    let mediums = 0;
    for (let li = 0; li < list.length; li++) {
      const a = list[li] as number;
      total += openTotal[a] as number;
      highs += openHigh[a] as number;
      mediums += openMedium[a] as number;
      if (li === 0 || openPaths[a] === 0) continue;
      // Path findings also on an earlier asset of the list were counted there.
      for (const g of pathsAt(a) ?? NONE) {
        let earlier = false;
        for (let j = 0; j < li && !earlier; j++) earlier = g.assetIds.includes(assetIdList[list[j] as number] as string);
        if (!earlier) continue;
        total--;
        if (g.severity === 'critical' || g.severity === 'high') highs--;
        else if (g.severity === 'medium') mediums--;
      }
    }
    if (!CLOSED.has(f.state) && list.length > 0) {
      total--;
      if (f.severity === 'critical' || f.severity === 'high') highs--;
      else if (f.severity === 'medium') mediums--;
    }
    return total === 0 ? 'none' : highs > 0 || mediums >= 3 ? 'high' : mediums > 0 ? 'medium' : 'low';
  }

  // Value-only forms of toxicPath and exploitability for single-asset findings of the context,
  // from the per-asset counts (unique ids: the finding itself is the only one with its id).
  const bulk: BulkSignals = {
    uniqueIds,
    findingAsset,
    assetIds: assetIdList,
    assets: assetList,
    assetCount,
    indexOf: (id) => assetIndex.get(id) ?? -1,
    rowStart,
    rows,
    ruleValues,
    exploitabilityOfPath,
    assetSignalsOnce: (a) => assetSignalsAt(a, assetIdList[a] as string, false),
    signalsOf: (i) => {
      const f = findings[i] as Finding;
      return signalsFor(f, findingAsset[i] as number, uniqueIds ? f : findingById.get(f.id));
    },
    toxicPath: (_i, a) => ((openPaths[a] as number) > 0 ? 'member' : 'none'),
    exploitability: (i, a) => {
      const f = findings[i] as Finding;
      const self = CLOSED.has(f.state) ? 0 : 1;
      const sev = f.severity;
      const total = (openTotal[a] as number) - self;
      const highs = (openHigh[a] as number) - (self === 1 && (sev === 'critical' || sev === 'high') ? 1 : 0);
      const mediums = (openMedium[a] as number) - (self === 1 && sev === 'medium' ? 1 : 0);
      return total === 0 ? 'none' : highs > 0 || mediums >= 3 ? 'high' : mediums > 0 ? 'medium' : 'low';
    },
  };
  const context = { assetSignals, findingSignals, findingValues, findingsOn, asset: assetOf, [BULK]: bulk };
  return context;
}
