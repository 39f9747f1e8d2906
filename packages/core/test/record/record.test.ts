import { AispmError, createMemoryStore, createPostureRecord, exceptionCovers, findingFingerprint, type PostureRecord, type RecordEvent } from '@aispm/core';
import { describe, expect, it } from 'vitest';
import { asset, day, rel, result, snapshot } from './helpers/fixtures';

const fid = (rule: string, assets: string[]) => `fnd_${findingFingerprint(rule, assets).slice(0, 24)}`;
const A = fid('r1', ['model:a']);
const B = fid('r2', ['application:b']);
const C = fid('r3', ['vector-store:c']);
const kinds = (events: RecordEvent[]) =>
  events.map((e) =>
    e.type.startsWith('finding.') || e.type.startsWith('exception.') ? `${e.type} ${e.subject ?? (e.data.ids as string[]).join(',')}` : e.type,
  );

async function threeRuns(record: PostureRecord) {
  const assets = [asset('model:a'), asset('application:b', { version: '1' }), asset('vector-store:c')];
  const run1 = await record.recordRun({
    inventory: snapshot(assets, [rel('application:b', 'uses-model', 'model:a')]),
    results: [result('r1', ['model:a']), result('r2', ['application:b']), result('r3', ['vector-store:c'])],
    versions: { rulePack: 'aispm-baseline@1.0.0' },
    now: day(1),
    runId: 'run-1',
    actor: 'ci',
  });
  const exc = await record.grantException(
    {
      ruleId: 'r3',
      assetIds: ['vector-store:c'],
      owner: 'data-team',
      basis: 'no personal data',
      approver: 'ciso',
      expiresAt: day(2.5).toISOString(),
      reviewTrigger: 'new data source',
    },
    { actor: 'ciso', reason: 'accepted at risk review', now: day(1.5) },
  );
  const run2 = await record.recordRun({
    inventory: snapshot([asset('model:a'), asset('application:b', { version: '2' }), asset('vector-store:c')], [rel('application:b', 'uses-model', 'model:a')]),
    results: [result('r1', ['model:a']), result('r2', ['application:b'], 'pass'), result('r3', ['vector-store:c'])],
    now: day(2),
    runId: 'run-2',
    actor: 'ci',
  });
  const run3 = await record.recordRun({
    inventory: snapshot([asset('model:a'), asset('application:b', { version: '2' }), asset('vector-store:c'), asset('agent:d')]),
    results: [result('r1', ['model:a'], 'pass'), result('r2', ['application:b']), result('r3', ['vector-store:c'])],
    now: day(3),
    runId: 'run-3',
    actor: 'ci',
  });
  return { run1, exc, run2, run3 };
}

describe('reconciliation across three runs', () => {
  it('opens, keeps, fixes, reopens, accepts and expires exactly as the runs say', async () => {
    const record = createPostureRecord({ store: createMemoryStore() });
    const { run1, exc, run2, run3 } = await threeRuns(record);

    expect(kinds(run1.events)).toEqual([
      'run.started',
      'asset.added',
      'asset.added',
      'asset.added',
      'relationship.added',
      ...[A, B, C].sort().map((id) => `finding.opened ${id}`),
      'run.finished',
    ]);
    expect(run1.summary).toMatchObject({ opened: 3, assetsAdded: 3, relationshipsAdded: 1 });
    expect(run1.findings.map((f) => f.state)).toEqual(['open', 'open', 'open']);

    expect(exc).toMatchObject({ status: 'active', assetIds: ['vector-store:c'], owner: 'data-team', approver: 'ciso', reviewTrigger: 'new data source' });
    const afterGrant = await record.stateAt({ time: day(1.75).toISOString() });
    expect(afterGrant.findings.get(C)).toMatchObject({ state: 'accepted', exceptionId: exc.id });

    expect(kinds(run2.events)).toEqual([
      'run.started',
      'asset.changed',
      `finding.seen ${[A, C].sort().join(',')}`,
      `finding.state-changed ${B}`,
      'run.finished',
    ]);
    expect(run2.events[1]?.data.changes).toEqual([{ field: '/attributes/version', before: '1', after: '2' }]);
    expect(run2.summary).toMatchObject({ stillFailing: 2, fixed: 1, assetsChanged: 1 });
    const afterRun2 = await record.stateAt({ seq: run2.events.at(-1)?.seq as number });
    expect(afterRun2.findings.get(A)?.lastSeen).toBe(day(2).toISOString());
    expect(afterRun2.findings.get(B)?.state).toBe('fixed');
    expect(afterRun2.findings.get(C)?.state).toBe('accepted');

    expect(kinds(run3.events)).toEqual([
      'run.started',
      `exception.expired ${exc.id}`,
      `finding.reopened ${C}`,
      'asset.added',
      'relationship.removed',
      `finding.reopened ${B}`,
      `finding.seen ${C}`,
      `finding.state-changed ${A}`,
      'run.finished',
    ]);
    expect(run3.summary).toMatchObject({ reopened: 1, stillFailing: 1, fixed: 1, exceptionsExpired: 1, assetsAdded: 1, relationshipsRemoved: 1 });
    const b = await record.finding(B);
    expect(b).toMatchObject({ state: 'open', reopenCount: 1, firstSeen: day(1).toISOString(), lastSeen: day(3).toISOString() });
    expect((await record.finding(C))?.state).toBe('open');
    expect((await record.finding(A))?.state).toBe('fixed');
    expect((await record.exceptions())[0]?.status).toBe('expired');

    // The finding's history is kept across its reopening.
    const hist = await record.history({ findingId: B });
    expect(hist.map((e) => `${e.type}:${e.runId}`)).toEqual(['finding.opened:run-1', 'finding.state-changed:run-2', 'finding.reopened:run-3']);
    expect(hist.map((e) => e.reason)).toEqual(['rule r2 failed', 'no longer failing in run run-2', 'rule r2 failed again']);
    expect(await record.verify()).toMatchObject({ ok: true });
  });

  it('never fixes a finding whose rule came back unknown or errored', async () => {
    const record = createPostureRecord({ store: createMemoryStore() });
    await record.recordRun({ inventory: snapshot([asset('model:a')]), results: [result('r1', ['model:a'])], now: day(1), runId: 'x1' });
    const r2 = await record.recordRun({ inventory: snapshot([asset('model:a')]), results: [result('r1', ['model:a'], 'unknown')], now: day(2), runId: 'x2' });
    expect(kinds(r2.events)).toEqual(['run.started', 'run.finished']);
    const r3 = await record.recordRun({ inventory: snapshot([asset('model:a')]), results: [result('r1', ['model:a'], 'error')], now: day(3), runId: 'x3' });
    expect(kinds(r3.events)).toEqual(['run.started', 'run.finished']);
    expect((await record.finding(A))?.state).toBe('open');
  });

  it('sends findings to retest-pending when a retest is required, then closes them when the retest passes', async () => {
    const record = createPostureRecord({ store: createMemoryStore() });
    await record.recordRun({ inventory: snapshot([asset('model:a')]), results: [result('r1', ['model:a'])], now: day(1), runId: 'y1' });
    await record.recordRun({ inventory: snapshot([asset('model:a')]), results: [], now: day(2), runId: 'y2', retestRequired: true });
    expect((await record.finding(A))?.state).toBe('retest-pending');
    const r3 = await record.recordRun({ inventory: snapshot([asset('model:a')]), results: [], now: day(3), runId: 'y3' });
    expect(r3.summary.closed).toBe(1);
    expect((await record.finding(A))?.state).toBe('closed');
  });

  it('opens a new failure already covered by a live exception as accepted', async () => {
    const record = createPostureRecord({ store: createMemoryStore() });
    await record.grantException(
      { id: 'exc-pre', ruleId: 'r1', assetIds: ['model:a'], owner: 'o', basis: 'b', approver: 'ap', expiresAt: day(30).toISOString() },
      { actor: 'ciso', reason: 'pre-approved', now: day(0) },
    );
    const r = await record.recordRun({ inventory: snapshot([asset('model:a')]), results: [result('r1', ['model:a'])], now: day(1), runId: 'z1' });
    expect(kinds(r.events).filter((k) => k.startsWith('finding'))).toEqual([`finding.opened ${A}`, `finding.state-changed ${A}`]);
    expect(r.findings[0]).toMatchObject({ state: 'accepted', exceptionId: 'exc-pre' });
  });

  it('records score changes only when value, band or model change', async () => {
    const record = createPostureRecord({ store: createMemoryStore() });
    const s = (value: number | null, band: string) => [{ subject: 'model:a', kind: 'asset' as const, value, band, modelId: 'm@1' }];
    const r1 = await record.recordRun({ inventory: snapshot([asset('model:a')]), scores: s(5, 'medium'), now: day(1), runId: 's1' });
    const r2 = await record.recordRun({ inventory: snapshot([asset('model:a')]), scores: s(5, 'medium'), now: day(2), runId: 's2' });
    const r3 = await record.recordRun({ inventory: snapshot([asset('model:a')]), scores: s(null, 'unknown'), now: day(3), runId: 's3' });
    expect([r1, r2, r3].map((r) => r.summary.scoresChanged)).toEqual([1, 0, 1]);
    expect(r3.events.find((e) => e.type === 'score.changed')?.data).toEqual({
      subject: 'model:a',
      kind: 'asset',
      modelId: 'm@1',
      before: { value: 5, band: 'medium' },
      after: { value: null, band: 'unknown' },
    });
  });
});

describe('exceptions', () => {
  it('match exact scope only: never substrings or patterns', () => {
    const x = { ruleId: 'r1', assetIds: ['model:a', 'model:b'] };
    expect(exceptionCovers(x, { ruleId: 'r1', assetIds: ['model:a'] })).toBe(true);
    expect(exceptionCovers(x, { ruleId: 'r1', assetIds: ['model:a', 'model:b'] })).toBe(true);
    expect(exceptionCovers(x, { ruleId: 'r1', assetIds: ['model:ab'] })).toBe(false);
    expect(exceptionCovers(x, { ruleId: 'r1', assetIds: ['model:'] })).toBe(false);
    expect(exceptionCovers(x, { ruleId: 'r1', assetIds: ['model:a', 'model:c'] })).toBe(false);
    expect(exceptionCovers(x, { ruleId: 'r1x', assetIds: ['model:a'] })).toBe(false);
    expect(exceptionCovers({ ruleId: 'r*', assetIds: ['*'] }, { ruleId: 'r1', assetIds: ['model:a'] })).toBe(false);
  });

  it('renewal is its own event; revocation and on-demand expiry reopen covered findings', async () => {
    const record = createPostureRecord({ store: createMemoryStore() });
    await record.recordRun({ inventory: snapshot([asset('model:a')]), results: [result('r1', ['model:a'])], now: day(1), runId: 'e1' });
    const x = await record.grantException(
      { ruleId: 'r1', assetIds: ['model:a'], owner: 'o', basis: 'b', approver: 'ap', expiresAt: day(5).toISOString() },
      { actor: 'ciso', reason: 'ok', now: day(1) },
    );
    const renewed = await record.renewException(x.id, day(10).toISOString(), { actor: 'ciso', reason: 'extended', approver: 'cto', now: day(4) });
    expect(renewed).toMatchObject({ expiresAt: day(10).toISOString(), renewals: 1, approver: 'cto', status: 'active' });
    expect(await record.expireExceptions({ actor: 'cron', now: day(6) })).toEqual([]);
    expect((await record.exceptions({ expiringWithinDays: 5, now: day(6) })).map((e) => e.id)).toEqual([x.id]);
    expect(await record.exceptions({ expiringWithinDays: 3, now: day(6) })).toEqual([]);
    const expired = await record.expireExceptions({ actor: 'cron', now: day(11) });
    expect(expired.map((e) => e.type)).toEqual(['exception.expired', 'finding.reopened']);
    expect((await record.finding(A))?.state).toBe('open');

    const y = await record.grantException(
      { ruleId: 'r1', assetIds: ['model:a'], owner: 'o', basis: 'b2', approver: 'ap', expiresAt: day(40).toISOString() },
      { actor: 'ciso', reason: 'again', now: day(12) },
    );
    expect((await record.finding(A))?.state).toBe('accepted');
    await record.revokeException(y.id, { actor: 'ciso', reason: 'no longer acceptable', now: day(13) });
    expect((await record.finding(A))?.state).toBe('open');
    const hist = await record.history({ exceptionId: y.id });
    expect(hist.map((e) => [e.type, e.actor, e.reason])).toEqual([
      ['exception.granted', 'ciso', 'again'],
      ['exception.revoked', 'ciso', 'no longer acceptable'],
    ]);
    await expect(record.revokeException(y.id, { actor: 'a', reason: 'b' })).rejects.toMatchObject({ code: 'illegal-transition' });
    await expect(
      record.grantException(
        { ruleId: 'r1', assetIds: [], owner: 'o', basis: 'b', approver: 'a', expiresAt: day(40).toISOString() },
        { actor: 'a', reason: 'r' },
      ),
    ).rejects.toMatchObject({ code: 'validation' });
  });
});

describe('manual transitions and queries', () => {
  it('records actor and reason, refuses illegal moves with a typed error', async () => {
    const record = createPostureRecord({ store: createMemoryStore() });
    await record.recordRun({ inventory: snapshot([asset('model:a')]), results: [result('r1', ['model:a'], 'fail', 'critical')], now: day(1), runId: 't1' });
    const f = await record.transition(A, 'in-remediation', { actor: 'bob', reason: 'ticket SEC-1', now: day(2) });
    expect(f).toMatchObject({ state: 'in-remediation', stateChangedAt: day(2).toISOString() });
    const err = await record.transition(A, 'closed', { actor: 'bob', reason: 'done' }).catch((e) => e);
    expect(AispmError.isInstance(err) && err.code).toBe('illegal-transition');
    await expect(record.transition(A, 'accepted', { actor: 'bob', reason: 'x', exceptionId: 'nope' })).rejects.toMatchObject({ code: 'usage' });
    await expect(record.transition('fnd_missing', 'fixed', { actor: 'bob', reason: 'x' })).rejects.toMatchObject({ code: 'not-found' });
    const d = await record.transition(A, 'deferred', { actor: 'bob', reason: 'vendor patch', deferUntil: '2026-11-05T00:00:00Z', now: day(2) });
    expect(d).toMatchObject({ state: 'deferred', deferUntil: '2026-11-05T00:00:00.000Z' });
    // The re-evaluation date passes: the next run reopens it for triage.
    const r = await record.recordRun({
      inventory: snapshot([asset('model:a')]),
      results: [result('r1', ['model:a'], 'fail', 'critical')],
      now: day(5),
      runId: 't2',
    });
    expect(r.findings[0]?.state).toBe('open');
    const last = (await record.history({ findingId: A })).filter((e) => e.type === 'finding.state-changed').at(-1);
    expect(last).toMatchObject({ reason: 're-evaluation date 2026-11-05T00:00:00.000Z reached', data: { from: 'deferred', to: 'open' } });

    expect((await record.findings({ severities: ['critical'], minAgeDays: 3, now: day(5) })).map((x) => x.id)).toEqual([A]);
    expect(await record.findings({ minAgeDays: 5, now: day(5) })).toEqual([]);
    expect((await record.findings({ assetId: 'model:a' })).length).toBe(1);
    expect(await record.findings({ assetId: 'model:' })).toEqual([]);
  });

  it('answers what changed since a time, grouped by run, and diffs two runs', async () => {
    const record = createPostureRecord({ store: createMemoryStore() });
    await threeRuns(record);
    await record.addNote('reviewed with audit', { actor: 'auditor', subject: 'model:a', now: day(4) });
    const groups = await record.changesSince(day(1.9).toISOString());
    expect(groups.map((g) => [g.runId ?? '(manual)', g.events.length])).toEqual([
      ['run-2', 5],
      ['run-3', 9],
      ['(manual)', 1],
    ]);
    const diff = await record.diffRuns('run-1', 'run-3');
    expect(diff.inventory.assets.added.map((a) => a.id)).toEqual(['agent:d']);
    expect(diff.inventory.assets.changed.map((c) => c.id)).toEqual(['application:b']);
    expect(diff.inventory.relationships.removed.length).toBe(1);
    expect(diff.findings.resolved.map((f) => f.id)).toEqual([A]);
    expect(diff.findings.changed).toEqual([{ id: A, from: 'open', to: 'fixed' }]);
    const runs = await record.runs();
    expect(runs.map((r) => [r.id, r.actor])).toEqual([
      ['run-1', 'ci'],
      ['run-2', 'ci'],
      ['run-3', 'ci'],
    ]);
    expect(runs[0]?.versions).toEqual({ rulePack: 'aispm-baseline@1.0.0' });
    const assetHistory = await record.history({ assetId: 'application:b' });
    expect(assetHistory.map((e) => e.type)).toEqual([
      'asset.added',
      'relationship.added',
      'finding.opened',
      'asset.changed',
      'finding.state-changed',
      'relationship.removed',
      'finding.reopened',
    ]);
  });
});

describe('concurrent runs', () => {
  it('a run reconciled from a stale view is retried, never opening a finding twice', async () => {
    const record = createPostureRecord({ store: createMemoryStore() });
    const input = { inventory: snapshot([asset('model:a')]), results: [result('r1', ['model:a'])] };
    const [x, y] = await Promise.all([record.recordRun({ ...input, now: day(1), runId: 'p1' }), record.recordRun({ ...input, now: day(1), runId: 'p2' })]);
    expect([x.summary.opened, y.summary.opened].sort()).toEqual([0, 1]);
    expect([x.summary.stillFailing, y.summary.stillFailing].sort()).toEqual([0, 1]);
    let opened = 0;
    for await (const e of record.store.events({ types: ['finding.opened'] })) opened += e.subject === A ? 1 : 0;
    expect(opened).toBe(1);
    expect(await record.verify()).toMatchObject({ ok: true });
  });
});
