import { fail, ok, type Result } from '../errors';
import type { FindingState } from '../model/findings';

/**
 * The finding lifecycle as data: for each state, the states it may move to.
 * `open → in-remediation → fixed → retest-pending → closed`; a fixed, retest-pending or closed
 * finding that fails again reopens; `accepted` only under a live exception; `deferred` only
 * with a re-evaluation date or trigger.
 *
 * @example
 * ```ts
 * FINDING_TRANSITIONS.open.includes('in-remediation'); // true
 * ```
 */
export const FINDING_TRANSITIONS: Readonly<Record<FindingState, readonly FindingState[]>> = {
  open: ['in-remediation', 'fixed', 'retest-pending', 'accepted', 'deferred'],
  'in-remediation': ['open', 'fixed', 'retest-pending', 'accepted', 'deferred'],
  fixed: ['retest-pending', 'closed', 'open'],
  'retest-pending': ['closed', 'open'],
  closed: ['open'],
  accepted: ['open', 'fixed', 'retest-pending'],
  deferred: ['open', 'in-remediation', 'fixed', 'retest-pending', 'accepted'],
};

/**
 * What a transition must carry besides the two states.
 *
 * @example
 * ```ts
 * transitionFinding('open', 'deferred', { actor: 'alice', reason: 'vendor fix', deferTrigger: 'vendor ships 2.0' });
 * ```
 */
export interface TransitionGuard {
  /** Who asks for it. Required. */
  actor: string;
  /** Why. Required. */
  reason: string;
  /** For `accepted`: the id of the live exception that covers the finding. */
  exceptionId?: string;
  /** For `accepted`: whether that exception is live (active, not expired) and covers the finding. */
  exceptionLive?: boolean;
  /** For `deferred`: the re-evaluation date (ISO 8601). */
  deferUntil?: string;
  /** For `deferred`: the re-evaluation trigger, in words. */
  deferTrigger?: string;
}

/**
 * The finding lifecycle state machine.
 *
 * @example
 * ```ts
 * FindingLifecycle.canTransition('closed', 'in-remediation'); // false
 * ```
 */
export const FindingLifecycle = {
  states: Object.keys(FINDING_TRANSITIONS) as FindingState[],
  /** Whether the state machine has an edge `from → to` (guards not checked). */
  canTransition(from: FindingState, to: FindingState): boolean {
    return FINDING_TRANSITIONS[from]?.includes(to) ?? false;
  },
  /** Whether a move to `open` from this state is a reopening. */
  isReopen(from: FindingState, to: FindingState): boolean {
    return to === 'open' && (from === 'fixed' || from === 'retest-pending' || from === 'closed' || from === 'accepted');
  },
} as const;

/**
 * Checks one transition against the state machine and its guards. An illegal transition gives an
 * issue with code `illegal-transition`; a missing actor, reason, exception or deferral gives
 * `transition/missing-guard`.
 *
 * @example
 * ```ts
 * const r = transitionFinding('open', 'deferred', { actor: 'alice', reason: 'vendor fix due', deferUntil: '2027-01-01' });
 * r.ok; // true
 * ```
 */
export function transitionFinding(
  from: FindingState,
  to: FindingState,
  guard: TransitionGuard,
): Result<{ from: FindingState; to: FindingState; reopen: boolean }> {
  if (from === to || !FindingLifecycle.canTransition(from, to)) {
    return fail([{ code: 'illegal-transition', message: `a finding cannot move from ${from} to ${to}`, path: '/state' }]);
  }
  if (!guard.actor?.trim()) return fail([{ code: 'transition/missing-guard', message: 'every transition needs an actor', path: '/actor' }]);
  if (!guard.reason?.trim()) return fail([{ code: 'transition/missing-guard', message: 'every transition needs a reason', path: '/reason' }]);
  if (to === 'accepted' && (!guard.exceptionId || guard.exceptionLive !== true)) {
    return fail([{ code: 'transition/missing-guard', message: 'a finding can be accepted only under a live exception that covers it', path: '/exceptionId' }]);
  }
  if (to === 'deferred') {
    const until = guard.deferUntil;
    if (!guard.deferTrigger?.trim() && (!until || Number.isNaN(Date.parse(until)))) {
      return fail([{ code: 'transition/missing-guard', message: 'a deferral needs a re-evaluation date or trigger', path: '/deferUntil' }]);
    }
  }
  return ok({ from, to, reopen: FindingLifecycle.isReopen(from, to) });
}
