import { diffSnapshots } from '../inventory/diff';
import type { InventorySnapshot } from '../inventory/snapshot';
import type { Asset, Relationship } from '../model/asset';
import { type Finding, type FindingState, findingFingerprint, findingFromResult, type RuleResult } from '../model/findings';
import type { EventInput } from './events';
import { coveringException, exceptionCovers } from './exceptions';
import { FindingLifecycle } from './lifecycle';
import type { ExceptionEntry, RecordedFinding, ScoreEntry } from './state';

/**
 * A score of a finding or asset produced by a run's scoring stage.
 *
 * @example
 * ```ts
 * const s: ScoreInput = { subject: 'model:openai/gpt-4o', kind: 'asset', value: 7.2, band: 'high', modelId: 'aispm:risk@1.0.0' };
 * ```
 */
export interface ScoreInput {
  /** Finding id or asset id. */
  subject: string;
  kind: 'finding' | 'asset';
  value: number | null;
  band: string;
  modelId: string;
}

/**
 * What the record held before the run.
 *
 * @example
 * ```ts
 * const previous: PreviousState = { assets: [], relationships: [], findings: [], exceptions: [] };
 * ```
 */
export interface PreviousState {
  assets: Asset[];
  relationships: Relationship[];
  findings: RecordedFinding[];
  exceptions: ExceptionEntry[];
  scores?: ScoreEntry[];
}

/**
 * Input of {@link reconcileRun}.
 *
 * @example
 * ```ts
 * reconcileRun({ runId: 'run_1', at: new Date().toISOString(), actor: 'ci', previous, inventory: inv.snapshot(), results });
 * ```
 */
export interface ReconcileInput {
  runId: string;
  /** Time of the run (ISO 8601). */
  at: string;
  actor: string;
  previous: PreviousState;
  /** The run's inventory. */
  inventory: InventorySnapshot;
  /** Rule results of the run: failures open or keep findings; `unknown`/`error` leave a finding as it is. */
  results?: readonly RuleResult[];
  /** Failing findings of the run (as the baseline stage builds them), in addition to failing results. */
  findings?: readonly Finding[];
  /** Scores of the run. */
  scores?: readonly ScoreInput[];
  /** Versions of connectors, rule packs, catalogs and scoring models used. */
  versions?: Record<string, unknown>;
  /** Send findings that stop failing to `retest-pending` instead of `fixed`. */
  retestRequired?: boolean | ((f: RecordedFinding) => boolean);
}

/**
 * Counts of what a run changed.
 *
 * @example
 * ```ts
 * const { summary } = await record.recordRun({ inventory, results });
 * summary.reopened; // findings that failed again
 * ```
 */
export interface RunSummary {
  opened: number;
  stillFailing: number;
  reopened: number;
  fixed: number;
  retestPending: number;
  closed: number;
  accepted: number;
  exceptionsExpired: number;
  assetsAdded: number;
  assetsChanged: number;
  assetsRemoved: number;
  relationshipsAdded: number;
  relationshipsChanged: number;
  relationshipsRemoved: number;
  scoresChanged: number;
}

const ACTIVE: ReadonlySet<FindingState> = new Set(['open', 'in-remediation', 'accepted', 'deferred']);

/**
 * Computes exactly the events that describe a run's change against the record: run started;
 * expired exceptions (and the findings they covered reopening); deferrals whose date passed;
 * assets and relationships added, changed (with the field diff) or removed; new failures opening
 * findings (accepted at once when a live exception covers them); failures seen again; fixed or
 * closed findings failing again reopening with their history; findings no longer failing moving
 * to `fixed` (or `retest-pending`, or from `retest-pending` to `closed`); score changes; run
 * finished with a summary. Pure: nothing is written.
 *
 * @example
 * ```ts
 * const { events, summary } = reconcileRun({ runId, at, actor: 'ci', previous, inventory: inv.snapshot(), results });
 * await store.append(events);
 * ```
 */
export function reconcileRun(input: ReconcileInput): { events: EventInput[]; summary: RunSummary } {
  const { runId, at, actor } = input;
  const events: EventInput[] = [];
  const summary: RunSummary = {
    opened: 0,
    stillFailing: 0,
    reopened: 0,
    fixed: 0,
    retestPending: 0,
    closed: 0,
    accepted: 0,
    exceptionsExpired: 0,
    assetsAdded: 0,
    assetsChanged: 0,
    assetsRemoved: 0,
    relationshipsAdded: 0,
    relationshipsChanged: 0,
    relationshipsRemoved: 0,
    scoresChanged: 0,
  };
  const push = (type: EventInput['type'], data: Record<string, unknown>, reason?: string) => {
    const e: EventInput = { type, actor, at, runId, data };
    if (reason !== undefined) e.reason = reason;
    events.push(e);
  };
  const state = new Map<string, FindingState>(input.previous.findings.map((f) => [f.id, f.state]));
  const move = (id: string, to: FindingState, reason: string, extra: Record<string, unknown> = {}) => {
    const from = state.get(id) as FindingState;
    const type = FindingLifecycle.isReopen(from, to) ? 'finding.reopened' : 'finding.state-changed';
    push(type, { id, from, to, ...extra }, reason);
    state.set(id, to);
  };

  push('run.started', { runId, versions: input.versions ?? {} }, 'scan run');

  // Exceptions that expired: the findings they covered reopen.
  const live: ExceptionEntry[] = [];
  for (const x of [...input.previous.exceptions].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (x.status !== 'active') continue;
    if (Date.parse(x.expiresAt) <= Date.parse(at)) {
      push('exception.expired', { id: x.id }, `expired at ${x.expiresAt}`);
      summary.exceptionsExpired++;
      for (const f of input.previous.findings) {
        if (state.get(f.id) === 'accepted' && f.exceptionId === x.id) move(f.id, 'open', `exception ${x.id} expired`);
      }
    } else live.push(x);
  }
  // Deferrals whose re-evaluation date has come.
  for (const f of input.previous.findings) {
    if (state.get(f.id) === 'deferred' && f.deferUntil && Date.parse(f.deferUntil) <= Date.parse(at)) {
      move(f.id, 'open', `re-evaluation date ${f.deferUntil} reached`);
    }
  }

  // Inventory drift.
  const before: InventorySnapshot = { schemaVersion: 1, assets: input.previous.assets, relationships: input.previous.relationships };
  const d = diffSnapshots(before, input.inventory);
  const assetsNow = new Map(input.inventory.assets.map((a) => [a.id, a]));
  const relsNow = new Map(input.inventory.relationships.map((r) => [r.id, r]));
  for (const a of d.assets.added) push('asset.added', { asset: a });
  for (const c of d.assets.changed) push('asset.changed', { id: c.id, changes: c.changes, asset: assetsNow.get(c.id) as Asset });
  for (const a of d.assets.removed) push('asset.removed', { id: a.id }, 'no longer observed');
  for (const r of d.relationships.added) push('relationship.added', { relationship: r });
  for (const c of d.relationships.changed) push('relationship.changed', { id: c.id, changes: c.changes, relationship: relsNow.get(c.id) as Relationship });
  for (const r of d.relationships.removed) push('relationship.removed', { id: r.id }, 'no longer observed');
  summary.assetsAdded = d.assets.added.length;
  summary.assetsChanged = d.assets.changed.length;
  summary.assetsRemoved = d.assets.removed.length;
  summary.relationshipsAdded = d.relationships.added.length;
  summary.relationshipsChanged = d.relationships.changed.length;
  summary.relationshipsRemoved = d.relationships.removed.length;

  // Findings.
  const failing = new Map<string, Finding>();
  for (const f of input.findings ?? []) failing.set(f.id, f);
  const inconclusive = new Set<string>();
  for (const r of input.results ?? []) {
    if (r.status === 'fail') {
      const f = findingFromResult(r, at);
      if (!failing.has(f.id)) failing.set(f.id, f);
    } else if (r.status === 'unknown' || r.status === 'error') {
      inconclusive.add(`fnd_${findingFingerprint(r.ruleId, r.assetIds, r.scope).slice(0, 24)}`);
    }
  }
  const seen: string[] = [];
  for (const id of [...failing.keys()].sort()) {
    const f = failing.get(id) as Finding;
    const cur = state.get(id);
    const cover = coveringException(live, f, at);
    if (cur === undefined) {
      const opened: Finding = { ...f, state: 'open', firstSeen: at, lastSeen: at };
      delete opened.exceptionId;
      push('finding.opened', { finding: opened }, `rule ${f.ruleId} failed`);
      state.set(id, 'open');
      summary.opened++;
    } else if (cur === 'fixed' || cur === 'retest-pending' || cur === 'closed') {
      move(id, 'open', `rule ${f.ruleId} failed again`);
      summary.reopened++;
    } else {
      seen.push(id);
      summary.stillFailing++;
    }
    const now = state.get(id) as FindingState;
    if (cover && (now === 'open' || now === 'in-remediation')) {
      move(id, 'accepted', `covered by exception ${cover.id}`, { exceptionId: cover.id });
      summary.accepted++;
    }
  }
  if (seen.length > 0) push('finding.seen', { ids: seen });

  const retest = input.retestRequired ?? false;
  for (const f of [...input.previous.findings].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (failing.has(f.id) || inconclusive.has(f.id)) continue;
    const cur = state.get(f.id) as FindingState;
    if (ACTIVE.has(cur)) {
      const needsRetest = typeof retest === 'function' ? retest(f) : retest;
      move(f.id, needsRetest ? 'retest-pending' : 'fixed', `no longer failing in run ${runId}`);
      if (needsRetest) summary.retestPending++;
      else summary.fixed++;
    } else if (cur === 'retest-pending') {
      move(f.id, 'closed', `retest passed in run ${runId}`);
      summary.closed++;
    }
  }

  // Scores.
  const prevScores = new Map((input.previous.scores ?? []).map((s) => [s.subject, s]));
  for (const s of [...(input.scores ?? [])].sort((a, b) => (a.subject < b.subject ? -1 : 1))) {
    const p = prevScores.get(s.subject);
    if (p && p.value === s.value && p.band === s.band && p.modelId === s.modelId) continue;
    push('score.changed', {
      subject: s.subject,
      kind: s.kind,
      modelId: s.modelId,
      before: p ? { value: p.value, band: p.band } : null,
      after: { value: s.value, band: s.band },
    });
    summary.scoresChanged++;
  }

  push('run.finished', { runId, summary: { ...summary } });
  return { events, summary };
}

/**
 * The events that granting an exception implies for current findings: each covered finding in
 * `open`, `in-remediation` or `deferred` moves to `accepted`.
 *
 * @example
 * ```ts
 * const moves = acceptCovered(exception, findings, { actor: 'ciso', at });
 * ```
 */
export function acceptCovered(x: ExceptionEntry, findings: readonly RecordedFinding[], ctx: { actor: string; at: string }): EventInput[] {
  const out: EventInput[] = [];
  for (const f of findings) {
    if (!(f.state === 'open' || f.state === 'in-remediation' || f.state === 'deferred') || !exceptionCovers(x, f)) continue;
    out.push({
      type: 'finding.state-changed',
      actor: ctx.actor,
      at: ctx.at,
      reason: `covered by exception ${x.id}`,
      data: { id: f.id, from: f.state, to: 'accepted', exceptionId: x.id },
    });
  }
  return out;
}
