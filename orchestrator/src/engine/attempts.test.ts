import { describe, expect, it } from 'vitest';
import { recordAttempt, recordAttempts } from './attempts.js';
import type { AttemptRecord, StepState } from './state.js';

const T0 = '2026-12-03T10:00:00.000Z';
const NOW = '2026-12-03T10:00:05.000Z';

const step = (fields: Partial<StepState>): StepState => ({
  status: 'PENDING', attempts: 0, commandId: null, input: null, output: null, error: null, startedAt: null, finishedAt: null, deadline: null, ...fields,
});
const open = (attempt: number): AttemptRecord => ({ attempt, startedAt: T0, finishedAt: null, outcome: 'RUNNING', error: null });

describe('the attempt history of a step (recordAttempt)', () => {
  it('should open the attempt a dispatch starts', () => {
    expect(recordAttempt(step({ status: 'RUNNING', attempts: 1 }), NOW).attemptHistory).toEqual([
      { attempt: 1, startedAt: NOW, finishedAt: null, outcome: 'RUNNING', error: null },
    ]);
  });

  it('should close the attempt in flight with the step\'s end when the same attempt ended', () => {
    const succeeded = recordAttempt(step({ status: 'SUCCEEDED', attempts: 1, attemptHistory: [open(1)] }), NOW);
    expect(succeeded.attemptHistory).toEqual([{ attempt: 1, startedAt: T0, finishedAt: NOW, outcome: 'SUCCEEDED', error: null }]);
    const failed = recordAttempt(step({ status: 'FAILED', attempts: 1, error: 'boom', attemptHistory: [open(1)] }), NOW);
    expect(failed.attemptHistory).toEqual([{ attempt: 1, startedAt: T0, finishedAt: NOW, outcome: 'FAILED', error: 'boom' }]);
  });

  it('should close a retried attempt as FAILED with its error and open the next one', () => {
    const retried = recordAttempt(step({ status: 'RUNNING', attempts: 2, error: 'flaky', attemptHistory: [open(1)] }), NOW);
    expect(retried.attemptHistory).toEqual([
      { attempt: 1, startedAt: T0, finishedAt: NOW, outcome: 'FAILED', error: 'flaky' },
      { attempt: 2, startedAt: NOW, finishedAt: null, outcome: 'RUNNING', error: null },
    ]);
  });

  it('should close as FAILED an attempt the step left for PENDING (a retry waiting out its backoff), opening none', () => {
    const waiting = recordAttempt(step({ status: 'PENDING', attempts: 1, error: 'flaky', attemptHistory: [open(1)] }), NOW);
    expect(waiting.attemptHistory).toEqual([{ attempt: 1, startedAt: T0, finishedAt: NOW, outcome: 'FAILED', error: 'flaky' }]);
  });

  it('should record an attempt decided and ended in one transition as started and finished at once', () => {
    const refused = recordAttempt(step({ status: 'FAILED', attempts: 1, error: 'PAYLOAD_TOO_LARGE' }), NOW);
    expect(refused.attemptHistory).toEqual([{ attempt: 1, startedAt: NOW, finishedAt: NOW, outcome: 'FAILED', error: 'PAYLOAD_TOO_LARGE' }]);
  });

  it('should answer the very same state when nothing is to record: a pending step, a running attempt already open, an ended one closed', () => {
    for (const state of [
      step({}),
      step({ status: 'PENDING', attempts: 1 }),
      step({ status: 'RUNNING', attempts: 1, attemptHistory: [open(1)] }),
      step({ status: 'SUCCEEDED', attempts: 1, attemptHistory: [{ ...open(1), finishedAt: NOW, outcome: 'SUCCEEDED' }] }),
    ]) {
      expect(recordAttempt(state, NOW)).toBe(state);
    }
  });
});

describe('the attempt histories of a run (recordAttempts)', () => {
  it('should answer the same steps object when no step changed, and new objects only for the steps that did', () => {
    const quiet = { a: step({ status: 'RUNNING', attempts: 1, attemptHistory: [open(1)] }), b: step({}) };
    expect(recordAttempts(quiet, NOW)).toBe(quiet);

    const busy = { ...quiet, c: step({ status: 'RUNNING', attempts: 1 }) };
    const recorded = recordAttempts(busy, NOW);
    expect(recorded).not.toBe(busy);
    expect(recorded.a).toBe(busy.a);
    expect(recorded.b).toBe(busy.b);
    expect(recorded.c?.attemptHistory).toEqual([{ attempt: 1, startedAt: NOW, finishedAt: null, outcome: 'RUNNING', error: null }]);
  });
});
