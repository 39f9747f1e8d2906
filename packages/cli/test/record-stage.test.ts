import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StageContext } from '@aispm/cli';
import { createIdentityResolver, createInventory, createPostureRecord, createSqliteStore, findingFromResult, type RuleResult } from '@aispm/core';
import { describe, expect, it } from 'vitest';
import { recordStage } from '../src/stages/record';

const at = (d: number) => new Date(Date.parse('2026-11-01T00:00:00.000Z') + d * 86_400_000);

function ctx(dir: string, opts: { day: number; failing: string[]; record?: unknown; exceptions?: unknown; scores?: unknown[] }): StageContext {
  const inventory = createInventory({ identity: createIdentityResolver(), validate: false });
  for (const key of ['gpt-4o', 'claude-3-5-sonnet']) {
    const r = inventory.add({
      type: 'asset',
      asset: { kind: 'model', key },
      provenance: { connector: 'test', observedAt: at(opts.day).toISOString(), locator: {}, basis: 'declared' },
    } as never);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
  }
  const ids = inventory.assets().map((a) => a.id);
  const results: RuleResult[] = opts.failing.map((ruleId) => ({
    ruleId,
    ruleVersion: '1.0.0',
    status: 'fail',
    assetIds: [ids[0] as string],
    severity: 'high',
    message: `${ruleId} failed`,
    evidence: [],
    controls: [],
  }));
  const config = { version: 1, sources: [], output: {}, rules: [], baseDir: dir, ...(opts.exceptions !== undefined ? { exceptions: opts.exceptions } : {}) };
  return {
    options: { sources: [{ type: 'observations' }], baseDir: dir, config: config as never, now: at(opts.day), stageOptions: { record: opts.record, cwd: dir } },
    inventory,
    diagnostics: [],
    results,
    findings: results.map((r) => findingFromResult(r, at(opts.day).toISOString())),
    scores: opts.scores ?? [],
    extras: {},
  };
}

describe('record stage', () => {
  it('appends each run to .aispm/posture.db under the config folder and reconciles the findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-record-stage-'));
    const c1 = ctx(dir, {
      day: 1,
      failing: ['aispm:a', 'aispm:b'],
      scores: [{ subject: 'x', kind: 'asset', value: 3, band: 'low', modelId: 'm@1' }, { bogus: true }],
    });
    await recordStage(c1);
    const path = join(dir, '.aispm', 'posture.db');
    expect(existsSync(path)).toBe(true);
    expect(c1.extras.record).toMatchObject({
      enabled: true,
      location: path,
      backend: 'sqlite',
      summary: { opened: 2, assetsAdded: 2, scoresChanged: 1 },
      head: { seq: 7 },
    });
    expect(c1.findings.map((f) => f.state)).toEqual(['open', 'open']);

    const c2 = ctx(dir, { day: 2, failing: ['aispm:b'] });
    await recordStage(c2);
    expect(c2.extras.record).toMatchObject({ summary: { stillFailing: 1, fixed: 1, opened: 0 } });
    expect(c2.findings.map((f) => [f.ruleId, f.state])).toEqual([['aispm:b', 'open']]);
    const c3 = ctx(dir, { day: 3, failing: ['aispm:a', 'aispm:b'] });
    await recordStage(c3);
    expect(c3.extras.record).toMatchObject({ summary: { reopened: 1, stillFailing: 1 } });
    expect(c3.findings.map((f) => [f.ruleId, f.state, f.firstSeen]).sort()).toEqual([
      ['aispm:a', 'open', at(1).toISOString()],
      ['aispm:b', 'open', at(1).toISOString()],
    ]);
    expect(c2.diagnostics).toEqual([]);
    const store = createSqliteStore({ path });
    const record = createPostureRecord({ store });
    expect((await record.runs()).length).toBe(3);
    expect(await record.verify()).toMatchObject({ ok: true, count: (c3.extras.record as { head: { seq: number } }).head.seq });
    await store.close();
  });

  it('writes nothing for --no-record, and honours an explicit path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-record-stage-'));
    const c = ctx(dir, { day: 1, failing: ['aispm:a'], record: false });
    await recordStage(c);
    expect(c.extras.record).toEqual({ enabled: false });
    expect(existsSync(join(dir, '.aispm'))).toBe(false);
    expect(c.findings[0]?.state).toBe('open');
    const c2 = ctx(dir, { day: 1, failing: ['aispm:a'], record: 'elsewhere/rec.db' });
    await recordStage(c2);
    expect(existsSync(join(dir, 'elsewhere', 'rec.db'))).toBe(true);
  });

  it('grants exceptions declared in the config once, and reports bad ones with a pointer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-record-stage-'));
    const exceptions = [
      {
        id: 'exc-a',
        ruleId: 'aispm:a',
        assetIds: ['model:anthropic/claude-3-5-sonnet'],
        owner: 'ml',
        basis: 'sandbox only',
        approver: 'ciso',
        expiresAt: '2027-06-01T00:00:00Z',
        reason: 'risk review 12',
      },
      { ruleId: 'aispm:b', assetIds: [], owner: 'ml', basis: 'x', approver: 'y', expiresAt: '2027-06-01T00:00:00Z' },
    ];
    const c1 = ctx(dir, { day: 1, failing: ['aispm:a'], exceptions });
    await recordStage(c1);
    expect(c1.findings.map((f) => [f.state, f.exceptionId])).toEqual([['accepted', 'exc-a']]);
    expect(c1.diagnostics).toEqual([
      { code: 'config/exception-too_small', message: expect.stringContaining('exception 1'), path: '/exceptions/1/assetIds', severity: 'error' },
    ]);
    const c2 = ctx(dir, { day: 2, failing: ['aispm:a'], exceptions: exceptions.slice(0, 1) });
    await recordStage(c2);
    expect(c2.diagnostics).toEqual([]);
    const store = createSqliteStore({ path: join(dir, '.aispm', 'posture.db') });
    const hist = await createPostureRecord({ store }).history({ exceptionId: 'exc-a' });
    expect(hist.map((e) => [e.type, e.actor, e.reason])).toEqual([['exception.granted', 'ciso', 'risk review 12']]);
    await store.close();
  });

  it('runs inside the scan pipeline and leaves the run id in extras', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-record-stage-'));
    writeFileSync(
      join(dir, 'obs.jsonl'),
      `${JSON.stringify({ type: 'asset', asset: { kind: 'model', key: 'gpt-4o' }, provenance: { connector: 'gw', observedAt: '2026-11-01T00:00:00Z' } })}\n`,
    );
    const { runScan } = await import('@aispm/cli');
    const run = await runScan({ sources: [{ type: 'observations', path: 'obs.jsonl' }], baseDir: dir, now: at(1), stageOptions: { cwd: dir } });
    expect(run.diagnostics.filter((d) => d.code.startsWith('stage/record'))).toEqual([]);
    expect(run.extras.record).toMatchObject({
      enabled: true,
      runId: expect.stringMatching(/^run_20261102T000000Z_[0-9a-f]{8}$/),
      location: join(dir, '.aispm', 'posture.db'),
    });
  });
});
