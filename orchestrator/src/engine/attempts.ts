import type { AttemptRecord, StepState } from './state.js';

/**
 * Brings one step's attempt history up to date with its state, at the end of a transition:
 * the open attempt closes when the step left it (a retry's next attempt, or an end), and the
 * attempt now in flight opens. Answers the same object when nothing changed.
 */
export function recordAttempt(state: StepState, now: string): StepState {
  const history = state.attemptHistory ?? [];
  let next = history;
  const last = history.at(-1);
  if (last && last.finishedAt === null && (state.status !== 'RUNNING' || state.attempts !== last.attempt)) {
    // A step that left its attempt without ending it (retried, or held by a pause) failed that attempt.
    const outcome = state.status === 'RUNNING' || state.status === 'PENDING' ? 'FAILED' : state.status;
    next = [...history.slice(0, -1), { ...last, finishedAt: now, outcome, error: state.error }];
  }
  const recorded = next.at(-1)?.attempt ?? 0;
  if (state.attempts > recorded && state.status === 'RUNNING') {
    next = [...next, { attempt: state.attempts, startedAt: now, finishedAt: null, outcome: 'RUNNING', error: null }];
  } else if (state.attempts > recorded && state.status !== 'PENDING') {
    // Decided and ended within one transition (a command too large to send).
    next = [...next, { attempt: state.attempts, startedAt: now, finishedAt: now, outcome: state.status, error: state.error }];
  }
  return next === history ? state : { ...state, attemptHistory: next };
}

/** recordAttempt over every step; unchanged steps keep their objects (the store's patches diff them). */
export function recordAttempts(steps: Record<string, StepState>, now: string): Record<string, StepState> {
  let changed = false;
  const entries = Object.entries(steps).map(([id, state]) => {
    const recorded = recordAttempt(state, now);
    changed ||= recorded !== state;
    return [id, recorded] as const;
  });
  return changed ? Object.fromEntries(entries) : steps;
}

export type { AttemptRecord };
