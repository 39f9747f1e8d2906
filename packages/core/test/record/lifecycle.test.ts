import { FINDING_STATES, FindingLifecycle, type FindingState, transitionFinding } from '@aispm/core';
import { describe, expect, it } from 'vitest';

// The legal edges, written out independently of the implementation's table.
const LEGAL = new Set([
  'open>in-remediation',
  'open>fixed',
  'open>retest-pending',
  'open>accepted',
  'open>deferred',
  'in-remediation>open',
  'in-remediation>fixed',
  'in-remediation>retest-pending',
  'in-remediation>accepted',
  'in-remediation>deferred',
  'fixed>retest-pending',
  'fixed>closed',
  'fixed>open',
  'retest-pending>closed',
  'retest-pending>open',
  'closed>open',
  'accepted>open',
  'accepted>fixed',
  'accepted>retest-pending',
  'deferred>open',
  'deferred>in-remediation',
  'deferred>fixed',
  'deferred>retest-pending',
  'deferred>accepted',
]);

const guard = (to: FindingState) => ({
  actor: 'alice',
  reason: 'triage',
  ...(to === 'accepted' ? { exceptionId: 'exc_1', exceptionLive: true } : {}),
  ...(to === 'deferred' ? { deferUntil: '2027-01-01T00:00:00Z' } : {}),
});

describe('finding lifecycle', () => {
  const pairs = FINDING_STATES.flatMap((from) => FINDING_STATES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s is legal exactly when the lifecycle allows it', (from, to) => {
    const r = transitionFinding(from, to, guard(to));
    const legal = LEGAL.has(`${from}>${to}`);
    expect(r.ok).toBe(legal);
    expect(FindingLifecycle.canTransition(from, to)).toBe(legal);
    if (!r.ok) expect(r.issues).toEqual([{ code: 'illegal-transition', message: `a finding cannot move from ${from} to ${to}`, path: '/state' }]);
    else expect(r.value).toEqual({ from, to, reopen: to === 'open' && ['fixed', 'retest-pending', 'closed', 'accepted'].includes(from) });
  });

  it('requires an actor and a reason on every transition', () => {
    expect(transitionFinding('open', 'fixed', { actor: '', reason: 'x' })).toMatchObject({
      ok: false,
      issues: [{ code: 'transition/missing-guard', path: '/actor' }],
    });
    expect(transitionFinding('open', 'fixed', { actor: 'a', reason: ' ' })).toMatchObject({
      ok: false,
      issues: [{ code: 'transition/missing-guard', path: '/reason' }],
    });
  });

  it('accepts only under a live exception', () => {
    expect(transitionFinding('open', 'accepted', { actor: 'a', reason: 'r' })).toMatchObject({ ok: false, issues: [{ path: '/exceptionId' }] });
    expect(transitionFinding('open', 'accepted', { actor: 'a', reason: 'r', exceptionId: 'exc_1', exceptionLive: false })).toMatchObject({ ok: false });
    expect(transitionFinding('open', 'accepted', { actor: 'a', reason: 'r', exceptionId: 'exc_1', exceptionLive: true }).ok).toBe(true);
  });

  it('defers only with a re-evaluation date or trigger', () => {
    expect(transitionFinding('open', 'deferred', { actor: 'a', reason: 'r' })).toMatchObject({ ok: false, issues: [{ path: '/deferUntil' }] });
    expect(transitionFinding('open', 'deferred', { actor: 'a', reason: 'r', deferUntil: 'next tuesday' }).ok).toBe(false);
    expect(transitionFinding('open', 'deferred', { actor: 'a', reason: 'r', deferTrigger: 'vendor ships 2.0' }).ok).toBe(true);
    expect(transitionFinding('open', 'deferred', { actor: 'a', reason: 'r', deferUntil: '2027-01-01' }).ok).toBe(true);
  });
});
