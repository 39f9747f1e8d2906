import {
  createPostureRecord,
  ENTITY_KINDS,
  type EntityKind,
  type EventInput,
  findingFingerprint,
  foldEvents,
  GENESIS_HASH,
  type PostureStore,
  RECORD_SCHEMA_VERSION,
  type RecordEvent,
  verifyChain,
  verifyJsonl,
} from '@aispm/core';
import { describe, expect, it } from 'vitest';
import { asset, day, rel, result, snapshot } from './fixtures';

/** A fresh, empty store for one test, and how to dispose of it. */
export type StoreFactory = () => Promise<{ store: PostureStore; cleanup: () => Promise<void> }>;

async function all(store: PostureStore, q = {}): Promise<RecordEvent[]> {
  const out: RecordEvent[] = [];
  for await (const e of store.events(q)) out.push(e);
  return out;
}

const fid = (rule: string, assets: string[]) => `fnd_${findingFingerprint(rule, assets).slice(0, 24)}`;

/** A `finding.opened` event for the finding `fnd_<i>`. */
const findingOpened = (i: number): EventInput => ({
  type: 'finding.opened',
  actor: 't',
  data: {
    finding: {
      id: `fnd_${i}`,
      fingerprint: String(i).padStart(64, '0'),
      ruleId: 'r1',
      ruleVersion: '1.0.0',
      assetIds: [`model:m${i % 300}`],
      title: 'test',
      message: 'test finding',
      severity: 'high',
      state: 'open',
      evidence: [],
      controls: [],
      firstSeen: '2026-11-01T00:00:00.000Z',
      lastSeen: '2026-11-01T00:00:00.000Z',
    },
  },
});

const note = (text: string, extra: Partial<EventInput> = {}): EventInput => ({ type: 'note.added', actor: 'tester', data: { text }, ...extra });

async function withStore(factory: StoreFactory, fn: (store: PostureStore) => Promise<void>): Promise<void> {
  const { store, cleanup } = await factory();
  try {
    await fn(store);
  } finally {
    await store.close();
    await cleanup();
  }
}

/** Materialised state must equal a fold of the log, entity by entity. */
export async function expectMaterialisedMatchesFold(store: PostureStore): Promise<void> {
  const folded = foldEvents(await all(store));
  const maps: Record<EntityKind, Map<string, unknown>> = {
    asset: folded.assets,
    relationship: folded.relationships,
    finding: folded.findings,
    exception: folded.exceptions,
    run: folded.runs,
    score: folded.scores,
  };
  for (const kind of ENTITY_KINDS) {
    const stored = await store.list(kind);
    const expected = [...maps[kind].entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, v]) => v);
    expect(stored, kind).toEqual(expected);
  }
}

/**
 * The conformance suite every {@link PostureStore} backend must pass. Memory is the reference.
 */
export function runStoreConformance(name: string, factory: StoreFactory): void {
  describe(`PostureStore conformance: ${name}`, () => {
    it('starts empty with the genesis head and a valid empty chain', () =>
      withStore(factory, async (store) => {
        expect(await store.head()).toEqual({ seq: 0, hash: GENESIS_HASH });
        expect(await all(store)).toEqual([]);
        expect(await store.schemaVersion()).toBe(RECORD_SCHEMA_VERSION);
        expect(await createPostureRecord({ store }).verify()).toEqual({ ok: true, count: 0, head: { seq: 0, hash: GENESIS_HASH } });
      }));

    it('appends batches with consecutive sequence numbers and a linked SHA-256 chain', () =>
      withStore(factory, async (store) => {
        const a = await store.append([note('one'), note('two', { reason: 'because' })], { now: day(1) });
        const b = await store.append([note('three', { at: '2026-11-03T10:00:00+02:00' })], { now: day(2) });
        expect(a.map((e) => e.seq)).toEqual([1, 2]);
        expect(b.map((e) => e.seq)).toEqual([3]);
        expect(a[0]?.prevHash).toBe(GENESIS_HASH);
        expect(a[1]?.prevHash).toBe(a[0]?.hash);
        expect(b[0]?.prevHash).toBe(a[1]?.hash);
        expect(b[0]?.at).toBe('2026-11-03T08:00:00.000Z');
        expect(a[1]?.reason).toBe('because');
        const read = await all(store);
        expect(read).toEqual([...a, ...b]);
        expect(verifyChain(read)).toEqual({ ok: true, count: 3, head: { seq: 3, hash: b[0]?.hash } });
        expect(await store.head()).toEqual({ seq: 3, hash: b[0]?.hash });
      }));

    it('rolls back a whole batch when one event conflicts', () =>
      withStore(factory, async (store) => {
        const record = createPostureRecord({ store });
        await record.recordRun({ inventory: snapshot([asset('model:a')]), results: [result('r1', ['model:a'])], now: day(1), runId: 'run-1' });
        const head = await store.head();
        const id = fid('r1', ['model:a']);
        await expect(
          store.append([note('before'), { type: 'finding.state-changed', actor: 't', reason: 'x', data: { id, from: 'fixed', to: 'closed' } }]),
        ).rejects.toMatchObject({ code: 'conflict' });
        await expect(store.append([{ type: 'run.started', actor: 't', data: { runId: 'run-1', versions: {} } }])).rejects.toMatchObject({ code: 'conflict' });
        expect(await store.head()).toEqual(head);
        expect((await store.get('finding', id))?.state).toBe('open');
      }));

    it('materialises the same state as a fold of the log, across runs, exceptions and scores', () =>
      withStore(factory, async (store) => {
        const record = createPostureRecord({ store });
        const inv1 = snapshot([asset('model:a', { version: '1' }), asset('application:b')], [rel('application:b', 'uses-model', 'model:a')]);
        await record.recordRun({
          inventory: inv1,
          results: [result('r1', ['model:a']), result('r2', ['application:b'], 'fail', 'low')],
          scores: [{ subject: 'model:a', kind: 'asset', value: 7, band: 'high', modelId: 'm@1' }],
          now: day(1),
          runId: 'run-1',
        });
        await record.grantException(
          { ruleId: 'r2', assetIds: ['application:b'], owner: 'team', basis: 'internal only', approver: 'ciso', expiresAt: day(10).toISOString() },
          { actor: 'ciso', reason: 'risk accepted', now: day(1.5) },
        );
        await record.recordRun({
          inventory: snapshot([asset('model:a', { version: '2' }), asset('application:b')]),
          results: [result('r2', ['application:b'], 'fail', 'low')],
          scores: [{ subject: 'model:a', kind: 'asset', value: 5, band: 'medium', modelId: 'm@1' }],
          now: day(2),
          runId: 'run-2',
        });
        await expectMaterialisedMatchesFold(store);
        expect((await store.list('finding', { states: ['fixed'] })).map((f) => f.ruleId)).toEqual(['r1']);
        expect((await store.list('finding', { states: ['accepted'], severities: ['low'] })).map((f) => f.ruleId)).toEqual(['r2']);
        expect(await store.list('finding', { ruleId: 'nope' })).toEqual([]);
        expect((await store.get('score', 'model:a'))?.band).toBe('medium');
        expect((await store.get('asset', 'model:a'))?.attributes).toEqual({ version: '2' });
        expect(await store.get('relationship', 'application:b|uses-model|model:a')).toBeUndefined();
        expect((await store.get('run', 'run-2'))?.summary?.fixed).toBe(1);
      }));

    it('answers event queries by sequence, time, run, type and subject', () =>
      withStore(factory, async (store) => {
        const record = createPostureRecord({ store });
        await store.append([note('n1')], { now: day(0) });
        await record.recordRun({ inventory: snapshot([asset('model:a')]), results: [result('r1', ['model:a'])], now: day(1), runId: 'run-1' });
        await record.addNote('about a', { actor: 'alice', subject: 'model:a', now: day(2) });
        const every = await all(store);
        expect((await all(store, { fromSeq: 2, toSeq: 3 })).map((e) => e.seq)).toEqual([2, 3]);
        expect((await all(store, { since: day(1).toISOString() })).map((e) => e.type)).toEqual(['note.added']);
        expect((await all(store, { until: day(0).toISOString() })).map((e) => e.seq)).toEqual([1]);
        expect((await all(store, { runId: 'run-1' })).map((e) => e.type)).toEqual(['run.started', 'asset.added', 'finding.opened', 'run.finished']);
        expect((await all(store, { types: ['asset.added', 'finding.opened'] })).length).toBe(2);
        expect((await all(store, { subjects: ['model:a'] })).map((e) => e.type)).toEqual(['asset.added', 'note.added']);
        expect(every.length).toBe(6);
      }));

    it('pages through more events than one read page, in order', () =>
      withStore(factory, async (store) => {
        const batch = Array.from({ length: 12_345 }, (_, i) => note(`n${i}`));
        await store.append(batch, { now: day(1) });
        const read = await all(store);
        expect(read.length).toBe(12_345);
        expect(read[12_344]?.data.text).toBe('n12344');
        expect(verifyChain(read).ok).toBe(true);
        const tail = await all(store, { fromSeq: 12_000 });
        expect(tail.length).toBe(346);
      }));

    it('appends a batch larger than one statement chunk: every event, one chain, state equal to the fold', () =>
      withStore(factory, async (store) => {
        // 7,003 events: findings opened in the first rows and moved on in the last ones, assets
        // added twice, so entities written early are read and written again later in the batch.
        const batch: EventInput[] = [];
        for (let i = 0; i < 1000; i++) batch.push(findingOpened(i));
        for (let i = 0; i < 5000; i++)
          batch.push(i % 2 === 0 ? { type: 'asset.added', actor: 't', data: { asset: asset(`model:m${i % 300}`, { v: i }) } } : note(`n${i}`));
        for (let i = 0; i < 1000; i++)
          batch.push({ type: 'finding.state-changed', actor: 't', reason: 'triage', data: { id: `fnd_${i}`, from: 'open', to: 'in-remediation' } });
        batch.push(note('last'), { type: 'asset.removed', actor: 't', data: { id: 'model:m7' } }, note('after removal'));
        const events = await store.append(batch, { now: day(1) });
        expect(events.map((e) => e.seq)).toEqual(batch.map((_, i) => i + 1));
        const read = await all(store);
        expect(read).toEqual(events);
        expect(verifyChain(read)).toMatchObject({ ok: true, count: 7003 });
        await expectMaterialisedMatchesFold(store);
        expect((await store.list('finding', { states: ['in-remediation'] })).length).toBe(1000);
        expect(await store.get('asset', 'model:m7')).toBeUndefined();
        expect((await store.get('asset', 'model:m8'))?.attributes).toEqual({ v: 4808 });
        // The next batch links to the last event of the large one.
        const [next] = await store.append([note('next')], { now: day(2) });
        expect(next).toMatchObject({ seq: 7004, prevHash: events[7002]?.hash });
      }));

    it('keeps control characters, separators and quotes in event and entity data', () =>
      withStore(factory, async (store) => {
        // NUL only inside data (stored as JSON text): PostgreSQL's text columns cannot hold it.
        const odd = 'a\u001eb\u001fc,d"e\\f\ng\u2028h\ud83d\ude00';
        const a = asset(`model:${odd}`, { note: odd, [odd]: [odd], nul: 'x\u0000y' }, { name: odd });
        const events = await store.append([{ type: 'asset.added', actor: odd, reason: odd, data: { asset: a } }, note(odd, { reason: odd })], { now: day(1) });
        expect(await store.get('asset', a.id)).toEqual(a);
        expect(await all(store)).toEqual(events);
        expect(verifyChain(await all(store)).ok).toBe(true);
        await expectMaterialisedMatchesFold(store);
      }));

    it('rolls back every chunk of a large batch when its last event conflicts', () =>
      withStore(factory, async (store) => {
        await store.append([findingOpened(0)], { now: day(1) });
        const head = await store.head();
        const notes = Array.from({ length: 6000 }, (_, i) => note(`n${i}`));
        // A transition from the wrong state, after 6,000 events already sent.
        await expect(
          store.append([
            findingOpened(1),
            ...notes,
            { type: 'finding.state-changed', actor: 't', reason: 'x', data: { id: 'fnd_0', from: 'fixed', to: 'closed' } },
          ]),
        ).rejects.toMatchObject({ code: 'conflict' });
        // A finding that already exists, opened again at the end of a large batch, after and
        // before new ones: the error names it, not one the batch itself created.
        const opened = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => findingOpened(from + i));
        await expect(store.append([...notes, ...opened(1, 21), findingOpened(0), ...opened(21, 40)])).rejects.toMatchObject({
          code: 'conflict',
          details: { id: 'fnd_0' },
        });
        expect(await store.head()).toEqual(head);
        expect((await all(store)).length).toBe(1);
        expect(await store.get('finding', 'fnd_1')).toBeUndefined();
        expect((await store.get('finding', 'fnd_0'))?.state).toBe('open');
        expect((await store.append([note('still appends')])).map((e) => e.seq)).toEqual([2]);
      }));

    it('exports JSONL that verifies standalone and folds to a past time', () =>
      withStore(factory, async (store) => {
        const record = createPostureRecord({ store });
        await record.recordRun({ inventory: snapshot([asset('model:a')]), results: [result('r1', ['model:a'])], now: day(1), runId: 'run-1' });
        await record.recordRun({ inventory: snapshot([asset('model:a'), asset('model:b')]), results: [], now: day(2), runId: 'run-2' });
        let text = '';
        for await (const line of record.exportJsonl()) text += line;
        const v = verifyJsonl(text);
        expect(v.ok).toBe(true);
        expect(v).toMatchObject({ count: (await store.head()).seq });
        const past = await record.stateAt({ time: day(1.5).toISOString() });
        expect([...past.assets.keys()]).toEqual(['model:a']);
        expect([...past.findings.values()].map((f) => f.state)).toEqual(['open']);
        const now = await record.stateAt({});
        expect([...now.findings.values()].map((f) => f.state)).toEqual(['fixed']);
      }));
  });
}
