import { createHash } from 'node:crypto';
import { AispmError } from '../errors';
import { diffSnapshots, type InventoryDiff } from '../inventory/diff';
import type { InventorySnapshot } from '../inventory/snapshot';
import type { Finding, FindingState, RuleResult, Severity } from '../model/findings';
import { canonicalJson } from '../util/canonical-json';
import { type ChainVerification, createChainVerifier, eventToJsonl } from './chain';
import type { EventInput, RecordEvent } from './events';
import { type ExceptionGrant, ExceptionGrantSchema, exceptionCovers, exceptionId, isExceptionLive } from './exceptions';
import { transitionFinding } from './lifecycle';
import { acceptCovered, type RunSummary, reconcileRun, type ScoreInput } from './reconcile';
import { type ExceptionEntry, emptyState, foldEvents, type PostureState, type RecordedFinding, type RunEntry } from './state';
import type { PostureStore } from './store';

/**
 * Who does something, why, and when (defaults to now).
 *
 * @example
 * ```ts
 * await record.revokeException('exc_1', { actor: 'ciso', reason: 'endpoint made public' });
 * ```
 */
export interface ActionContext {
  actor: string;
  reason: string;
  now?: Date;
}

/**
 * Input of {@link PostureRecord.recordRun}.
 *
 * @example
 * ```ts
 * await record.recordRun({ inventory: inv.snapshot(), results, scores, versions: { rulePack: 'aispm-baseline@1.2.0' } });
 * ```
 */
export interface RunInput {
  /** The run's inventory snapshot. */
  inventory: InventorySnapshot;
  /** Rule results of the run. */
  results?: readonly RuleResult[];
  /** Failing findings of the run. */
  findings?: readonly Finding[];
  /** Scores of the run. */
  scores?: readonly ScoreInput[];
  /** Connector, rule-pack, catalog and scoring-model versions. */
  versions?: Record<string, unknown>;
  /** Who ran it (default `aispm`). */
  actor?: string;
  /** Time of the run (default now). */
  now?: Date;
  /** A run id (default derived from the time and the inputs). */
  runId?: string;
  /** Send findings that stop failing to `retest-pending` instead of `fixed`. */
  retestRequired?: boolean;
}

/**
 * The outcome of {@link PostureRecord.recordRun}.
 *
 * @example
 * ```ts
 * const { runId, summary, findings } = await record.recordRun({ inventory, results });
 * ```
 */
export interface RunOutcome {
  runId: string;
  events: RecordEvent[];
  summary: RunSummary;
  /** Every finding the run touched (failing now, or moved by it), with its lifecycle state. */
  findings: RecordedFinding[];
}

/**
 * Filters of {@link PostureRecord.findings}.
 *
 * @example
 * ```ts
 * await record.findings({ states: ['open'], severities: ['critical', 'high'], minAgeDays: 30 });
 * ```
 */
export interface FindingQuery {
  states?: FindingState[];
  severities?: Severity[];
  ruleId?: string;
  /** Only findings on this asset (exact id). */
  assetId?: string;
  /** Only findings first seen at least this many days before `now`. */
  minAgeDays?: number;
  now?: Date;
}

/**
 * Events of one run (or of actions outside runs), for "what changed and why".
 *
 * @example
 * ```ts
 * for (const g of await record.changesSince('2026-11-01')) console.log(g.runId ?? 'manual', g.events.length);
 * ```
 */
export interface ChangeGroup {
  /** The run id, or undefined for actions outside a run (transitions, exceptions, notes). */
  runId?: string;
  events: RecordEvent[];
}

/**
 * What changed between two runs.
 *
 * @example
 * ```ts
 * const d: RunDiff = await record.diffRuns('run_a', 'run_b');
 * d.findings.opened.length;
 * ```
 */
export interface RunDiff {
  from: string;
  to: string;
  inventory: InventoryDiff;
  findings: {
    opened: RecordedFinding[];
    resolved: RecordedFinding[];
    changed: Array<{ id: string; from: FindingState; to: FindingState }>;
  };
}

/**
 * The posture record: an append-only, hash-chained log with the state folded from it.
 *
 * @example
 * ```ts
 * const record = createPostureRecord({ store: createMemoryStore() });
 * const run = await record.recordRun({ inventory: inv.snapshot(), results });
 * const open = await record.findings({ states: ['open'] });
 * ```
 */
export interface PostureRecord {
  readonly store: PostureStore;
  /** Reconciles a run with the record and appends its events in one transaction. */
  recordRun(input: RunInput): Promise<RunOutcome>;
  /** Moves a finding through its lifecycle; an illegal transition throws `illegal-transition`. */
  transition(
    findingId: string,
    to: FindingState,
    ctx: ActionContext & { deferUntil?: string; deferTrigger?: string; exceptionId?: string },
  ): Promise<RecordedFinding>;
  /** Grants an exception; covered findings move to `accepted`. */
  grantException(grant: ExceptionGrant, ctx: ActionContext): Promise<ExceptionEntry>;
  /** Renews an exception to a new expiry. */
  renewException(id: string, expiresAt: string, ctx: ActionContext & { approver?: string; basis?: string }): Promise<ExceptionEntry>;
  /** Revokes an exception; the findings it covered reopen. */
  revokeException(id: string, ctx: ActionContext): Promise<ExceptionEntry>;
  /** Expires every exception past its expiry (findings reopen); returns the events appended. */
  expireExceptions(ctx: { actor: string; now?: Date }): Promise<RecordEvent[]>;
  /** Adds a note, optionally about one entity. */
  addNote(text: string, ctx: { actor: string; subject?: string; reason?: string; now?: Date }): Promise<RecordEvent>;
  /** Records that a framework mapping changed. */
  recordFrameworkRemap(data: Record<string, unknown>, ctx: ActionContext): Promise<RecordEvent>;
  /** Current findings, filtered. */
  findings(query?: FindingQuery): Promise<RecordedFinding[]>;
  /** One finding. */
  finding(id: string): Promise<RecordedFinding | undefined>;
  /** The exception register, optionally only live ones expiring within N days. */
  exceptions(query?: { status?: ExceptionEntry['status']; expiringWithinDays?: number; now?: Date }): Promise<ExceptionEntry[]>;
  /** Every run, oldest first. */
  runs(): Promise<RunEntry[]>;
  /** Events after `since`, grouped by run, in order. */
  changesSince(since: string): Promise<ChangeGroup[]>;
  /** History of one entity: a finding, an asset (with its findings), an exception or a run. */
  history(of: { findingId?: string; assetId?: string; exceptionId?: string; runId?: string; since?: string }): Promise<RecordEvent[]>;
  /** The posture at a past time or sequence number (a fold of the log). */
  stateAt(at: { time?: string; seq?: number }): Promise<PostureState>;
  /** What changed between the end of one run and the end of another. */
  diffRuns(fromRunId: string, toRunId: string): Promise<RunDiff>;
  /** Walks the whole chain; reports the first broken sequence number. */
  verify(options?: { expectedHead?: { seq: number; hash: string } }): Promise<ChainVerification>;
  /** The log as JSONL lines (one canonical event per line). */
  exportJsonl(): AsyncIterable<string>;
}

function defaultRunId(at: string, input: RunInput): string {
  const stamp = at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const h = createHash('sha256')
    .update(canonicalJson({ at, results: input.results ?? [], findings: (input.findings ?? []).map((f) => f.id), n: input.inventory.assets.length }))
    .digest('hex');
  return `run_${stamp}_${h.slice(0, 8)}`;
}

/**
 * Creates a posture record over a store.
 *
 * @example
 * ```ts
 * const record = createPostureRecord({ store: createSqliteStore({ path: '.aispm/posture.db' }) });
 * const v = await record.verify();
 * ```
 */
export function createPostureRecord(options: { store: PostureStore }): PostureRecord {
  const { store } = options;

  const withRetry = async <T>(fn: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (attempt < 4 && AispmError.isInstance(e) && e.code === 'conflict' && !e.message.includes('already exists')) continue;
        throw e;
      }
    }
  };

  const requireFinding = async (id: string) => {
    const f = await store.get('finding', id);
    if (!f) throw new AispmError('not-found', `no finding ${id} in the record`, { details: { id } });
    return f;
  };
  const requireException = async (id: string) => {
    const x = await store.get('exception', id);
    if (!x) throw new AispmError('not-found', `no exception ${id} in the record`, { details: { id } });
    return x;
  };
  const reopenCovered = async (x: ExceptionEntry, actor: string, at: string, why: string): Promise<EventInput[]> => {
    const accepted = await store.list('finding', { states: ['accepted'] });
    return accepted
      .filter((f) => f.exceptionId === x.id)
      .map((f) => ({ type: 'finding.reopened' as const, actor, at, reason: why, data: { id: f.id, from: 'accepted', to: 'open' } }));
  };

  const record: PostureRecord = {
    store,
    async recordRun(input) {
      const at = (input.now ?? new Date()).toISOString();
      const runId = input.runId ?? defaultRunId(at, input);
      return withRetry(async () => {
        const [assets, relationships, findings, exceptions, scores] = await Promise.all([
          store.list('asset'),
          store.list('relationship'),
          store.list('finding'),
          store.list('exception'),
          store.list('score'),
        ]);
        const { events: inputs, summary } = reconcileRun({
          runId,
          at,
          actor: input.actor ?? 'aispm',
          previous: { assets, relationships, findings, exceptions, scores },
          inventory: input.inventory,
          ...(input.results ? { results: input.results } : {}),
          ...(input.findings ? { findings: input.findings } : {}),
          ...(input.scores ? { scores: input.scores } : {}),
          ...(input.versions ? { versions: input.versions } : {}),
          ...(input.retestRequired !== undefined ? { retestRequired: input.retestRequired } : {}),
        });
        const events = await store.append(inputs, { now: new Date(at) });
        const ids = new Set<string>();
        for (const e of events) {
          if (e.type === 'finding.seen') for (const id of e.data.ids as string[]) ids.add(id);
          else if (e.type.startsWith('finding.') && e.subject) ids.add(e.subject);
        }
        const touched = (await Promise.all([...ids].sort().map((id) => store.get('finding', id)))).filter((f): f is RecordedFinding => f !== undefined);
        return { runId, events, summary, findings: touched };
      });
    },
    async transition(findingId, to, ctx) {
      return withRetry(async () => {
        const f = await requireFinding(findingId);
        let live = false;
        if (to === 'accepted') {
          if (ctx.exceptionId) {
            const x = await store.get('exception', ctx.exceptionId);
            live = !!x && isExceptionLive(x, (ctx.now ?? new Date()).toISOString()) && exceptionCovers(x, f);
          }
        }
        const r = transitionFinding(f.state, to, { ...ctx, exceptionLive: live });
        if (!r.ok) {
          const issue = r.issues[0];
          throw new AispmError(issue?.code === 'illegal-transition' ? 'illegal-transition' : 'usage', `finding ${findingId}: ${issue?.message}`, {
            details: { findingId, from: f.state, to, issues: r.issues },
          });
        }
        const data: Record<string, unknown> = { id: findingId, from: f.state, to };
        if (to === 'accepted') data.exceptionId = ctx.exceptionId;
        if (to === 'deferred') {
          if (ctx.deferUntil) data.deferUntil = new Date(ctx.deferUntil).toISOString();
          if (ctx.deferTrigger) data.deferTrigger = ctx.deferTrigger;
        }
        const type = r.value.reopen ? 'finding.reopened' : 'finding.state-changed';
        await store.append([{ type, actor: ctx.actor, reason: ctx.reason, data }], ctx.now ? { now: ctx.now } : undefined);
        return requireFinding(findingId);
      });
    },
    async grantException(grant, ctx) {
      const parsed = ExceptionGrantSchema.safeParse(grant);
      if (!parsed.success) {
        const msgs = parsed.error.issues.map((i) => `/${i.path.join('/')}: ${i.message}`).join('; ');
        throw new AispmError('validation', `invalid exception: ${msgs}`, { details: { issues: parsed.error.issues } });
      }
      if (!ctx.actor?.trim() || !ctx.reason?.trim()) throw new AispmError('usage', 'granting an exception needs an actor and a reason');
      const g = parsed.data;
      const at = (ctx.now ?? new Date()).toISOString();
      const grantedAt = g.grantedAt ? new Date(g.grantedAt).toISOString() : at;
      const assetIds = [...new Set(g.assetIds)].sort();
      const x: Omit<ExceptionEntry, 'status' | 'renewals' | 'updatedAt'> = {
        id: g.id ?? exceptionId(g.ruleId, assetIds, grantedAt),
        ruleId: g.ruleId,
        assetIds,
        owner: g.owner,
        basis: g.basis,
        approver: g.approver,
        grantedAt,
        expiresAt: new Date(g.expiresAt).toISOString(),
        ...(g.reviewTrigger ? { reviewTrigger: g.reviewTrigger } : {}),
      };
      if (Date.parse(x.expiresAt) <= Date.parse(at)) throw new AispmError('usage', `exception ${x.id} would already be expired (${x.expiresAt})`);
      return withRetry(async () => {
        const findings = await store.list('finding');
        const entry = { ...x, status: 'active', renewals: 0, updatedAt: at } as ExceptionEntry;
        await store.append(
          [
            { type: 'exception.granted', actor: ctx.actor, reason: ctx.reason, at, data: { exception: x } },
            ...acceptCovered(entry, findings, { actor: ctx.actor, at }),
          ],
          { now: new Date(at) },
        );
        return requireException(x.id);
      });
    },
    async renewException(id, expiresAt, ctx) {
      const at = (ctx.now ?? new Date()).toISOString();
      const x = await requireException(id);
      if (x.status === 'revoked') throw new AispmError('illegal-transition', `exception ${id} was revoked; grant a new one`);
      const exp = new Date(expiresAt);
      if (Number.isNaN(exp.getTime()) || exp.getTime() <= Date.parse(at)) throw new AispmError('usage', `renewal needs a future expiry, got "${expiresAt}"`);
      return withRetry(async () => {
        const data: Record<string, unknown> = { id, expiresAt: exp.toISOString() };
        if (ctx.approver) data.approver = ctx.approver;
        if (ctx.basis) data.basis = ctx.basis;
        const inputs: EventInput[] = [{ type: 'exception.renewed', actor: ctx.actor, reason: ctx.reason, at, data }];
        const findings = await store.list('finding');
        inputs.push(...acceptCovered({ ...x, expiresAt: exp.toISOString(), status: 'active' }, findings, { actor: ctx.actor, at }));
        await store.append(inputs, { now: new Date(at) });
        return requireException(id);
      });
    },
    async revokeException(id, ctx) {
      const at = (ctx.now ?? new Date()).toISOString();
      return withRetry(async () => {
        const x = await requireException(id);
        if (x.status !== 'active') throw new AispmError('illegal-transition', `exception ${id} is ${x.status}, not active`);
        const inputs: EventInput[] = [{ type: 'exception.revoked', actor: ctx.actor, reason: ctx.reason, at, data: { id } }];
        inputs.push(...(await reopenCovered(x, ctx.actor, at, `exception ${id} revoked`)));
        await store.append(inputs, { now: new Date(at) });
        return requireException(id);
      });
    },
    async expireExceptions(ctx) {
      const at = (ctx.now ?? new Date()).toISOString();
      return withRetry(async () => {
        const inputs: EventInput[] = [];
        for (const x of await store.list('exception')) {
          if (x.status !== 'active' || Date.parse(x.expiresAt) > Date.parse(at)) continue;
          inputs.push({ type: 'exception.expired', actor: ctx.actor, reason: `expired at ${x.expiresAt}`, at, data: { id: x.id } });
          inputs.push(...(await reopenCovered(x, ctx.actor, at, `exception ${x.id} expired`)));
        }
        return inputs.length ? store.append(inputs, { now: new Date(at) }) : [];
      });
    },
    async addNote(text, ctx) {
      const data: Record<string, unknown> = { text };
      if (ctx.subject) data.subject = ctx.subject;
      const input: EventInput = { type: 'note.added', actor: ctx.actor, data };
      if (ctx.reason) input.reason = ctx.reason;
      const [e] = await store.append([input], ctx.now ? { now: ctx.now } : undefined);
      return e as RecordEvent;
    },
    async recordFrameworkRemap(data, ctx) {
      const [e] = await store.append([{ type: 'framework.remapped', actor: ctx.actor, reason: ctx.reason, data }], ctx.now ? { now: ctx.now } : undefined);
      return e as RecordEvent;
    },
    async findings(q = {}) {
      let list = await store.list('finding', {
        ...(q.states ? { states: q.states } : {}),
        ...(q.severities ? { severities: q.severities } : {}),
        ...(q.ruleId !== undefined ? { ruleId: q.ruleId } : {}),
      });
      if (q.assetId !== undefined) list = list.filter((f) => f.assetIds.includes(q.assetId as string));
      if (q.minAgeDays !== undefined) {
        const cutoff = (q.now ?? new Date()).getTime() - q.minAgeDays * 86_400_000;
        list = list.filter((f) => Date.parse(f.firstSeen) <= cutoff);
      }
      return list;
    },
    finding: (id) => store.get('finding', id),
    async exceptions(q = {}) {
      let list = await store.list('exception');
      if (q.status) list = list.filter((x) => x.status === q.status);
      if (q.expiringWithinDays !== undefined) {
        const now = (q.now ?? new Date()).getTime();
        const until = now + q.expiringWithinDays * 86_400_000;
        list = list.filter((x) => x.status === 'active' && Date.parse(x.expiresAt) > now && Date.parse(x.expiresAt) <= until);
        list.sort((a, b) => (a.expiresAt < b.expiresAt ? -1 : a.expiresAt > b.expiresAt ? 1 : 0));
      }
      return list;
    },
    async runs() {
      const runs = await store.list('run');
      return runs.sort((a, b) => a.firstSeq - b.firstSeq);
    },
    async changesSince(since) {
      const groups: ChangeGroup[] = [];
      for await (const e of store.events({ since: new Date(since).toISOString() })) {
        const last = groups[groups.length - 1];
        if (last && last.runId === e.runId) last.events.push(e);
        else groups.push({ ...(e.runId !== undefined ? { runId: e.runId } : {}), events: [e] });
      }
      return groups;
    },
    async history(of) {
      const since = of.since ? new Date(of.since).toISOString() : undefined;
      const out: RecordEvent[] = [];
      if (of.runId) {
        for await (const e of store.events({ runId: of.runId, ...(since ? { since } : {}) })) out.push(e);
        return out;
      }
      if (of.assetId) {
        // One pass: the asset's events, its relationships' and its findings' (including removed ones).
        const asset = of.assetId;
        const related = new Set<string>([asset]);
        if (of.findingId) related.add(of.findingId);
        if (of.exceptionId) related.add(of.exceptionId);
        for await (const e of store.events(since ? { since } : {})) {
          const d = e.data as Record<string, { from?: string; to?: string; assetIds?: string[]; id?: string } | string[] | undefined>;
          const r = (d.relationship ?? undefined) as { from?: string; to?: string; id?: string } | undefined;
          const f = (d.finding ?? undefined) as { assetIds?: string[]; id?: string } | undefined;
          if (r && (r.from === asset || r.to === asset) && r.id) related.add(r.id);
          if (f?.assetIds?.includes(asset) && f.id) related.add(f.id);
          if ((e.subject !== undefined && related.has(e.subject)) || (e.type === 'finding.seen' && (d.ids as string[]).some((id) => related.has(id)))) {
            out.push(e);
          }
        }
        return out;
      }
      const subjects = [of.findingId, of.exceptionId].filter((x): x is string => x !== undefined);
      if (subjects.length === 0) throw new AispmError('usage', 'history needs a finding, asset, exception or run id');
      for await (const e of store.events({ subjects, ...(since ? { since } : {}) })) out.push(e);
      if (of.findingId) {
        // `finding.seen` events name many findings and carry no subject: add those naming this one.
        for await (const e of store.events({ types: ['finding.seen'], ...(since ? { since } : {}) })) {
          if ((e.data.ids as string[]).includes(of.findingId)) out.push(e);
        }
        out.sort((a, b) => a.seq - b.seq);
      }
      return out;
    },
    async stateAt(at) {
      const q = { ...(at.time ? { until: new Date(at.time).toISOString() } : {}), ...(at.seq !== undefined ? { toSeq: at.seq } : {}) };
      const state = emptyState();
      const batch: RecordEvent[] = [];
      for await (const e of store.events(q)) {
        batch.push(e);
        if (batch.length >= 10_000) foldEvents(batch.splice(0), state);
      }
      foldEvents(batch, state);
      return state;
    },
    async diffRuns(fromRunId, toRunId) {
      const a = await store.get('run', fromRunId);
      const b = await store.get('run', toRunId);
      if (!a) throw new AispmError('not-found', `no run ${fromRunId} in the record`);
      if (!b) throw new AispmError('not-found', `no run ${toRunId} in the record`);
      const sa = await record.stateAt({ seq: a.lastSeq ?? a.firstSeq });
      const sb = await record.stateAt({ seq: b.lastSeq ?? b.firstSeq });
      const snap = (s: PostureState): InventorySnapshot => ({
        schemaVersion: 1,
        assets: [...s.assets.values()].sort((x, y) => (x.id < y.id ? -1 : 1)),
        relationships: [...s.relationships.values()].sort((x, y) => (x.id < y.id ? -1 : 1)),
      });
      const live = (f: RecordedFinding) => f.state !== 'fixed' && f.state !== 'closed';
      const opened: RecordedFinding[] = [];
      const resolved: RecordedFinding[] = [];
      const changed: RunDiff['findings']['changed'] = [];
      const ids = [...new Set([...sa.findings.keys(), ...sb.findings.keys()])].sort();
      for (const id of ids) {
        const fa = sa.findings.get(id);
        const fb = sb.findings.get(id);
        if (fb && live(fb) && (!fa || !live(fa))) opened.push(fb);
        else if (fa && live(fa) && fb && !live(fb)) resolved.push(fb);
        if (fa && fb && fa.state !== fb.state) changed.push({ id, from: fa.state, to: fb.state });
      }
      return { from: fromRunId, to: toRunId, inventory: diffSnapshots(snap(sa), snap(sb)), findings: { opened, resolved, changed } };
    },
    async verify(opts) {
      const v = createChainVerifier();
      for await (const e of store.events()) if (!v.push(e)) break;
      return v.result(opts?.expectedHead);
    },
    async *exportJsonl() {
      for await (const e of store.events()) yield eventToJsonl(e);
    },
  };
  return record;
}
