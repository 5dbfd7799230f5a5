import { describe, expect, it } from 'vitest';
import type { ExecuteActivity } from '@flow/protocol';
import { applyEvent, dueDeadlines, startExecution } from './engine.js';
import { buildPlan, stepPolicyOf, type StepDefinition } from './plan.js';
import { backoff, policyOf } from './policy.js';
import type { EngineOptions, Execution } from './state.js';

// Per-step retry and timeout policies (docs/protocol.md "Step policies") and heartbeats.

const T0 = Date.parse('2026-01-01T00:00:00Z');
const GLOBAL = { maxAttempts: 3, retryBaseMs: 100, retryMaxMs: 1_000, stepTimeoutMs: 60_000 };

function runOf(policy: Partial<StepDefinition> = {}) {
  const clock = { now: T0 };
  let ids = 0;
  const opts = (): EngineOptions => ({ now: new Date(clock.now), newId: () => `id-${++ids}`, ...GLOBAL });
  const plan = buildPlan('flow', [{ id: 'a', processorId: 'p-a', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [], ...policy }], new Map());
  let execution: Execution = startExecution({ id: 'exec', plan, input: { n: 1 }, correlationId: 'corr' }, opts());
  const last = (): { message: ExecuteActivity; delayMs: number } => {
    const dispatch = execution.outbox.filter((c) => c.kind === 'dispatch').at(-1);
    if (dispatch?.kind !== 'dispatch') throw new Error('nothing dispatched');
    return dispatch;
  };
  const current = () => {
    const { commandId, executionId, stepId, processorId, attempt } = last().message;
    return { schemaVersion: 1 as const, commandId, executionId, stepId, processorId, attempt };
  };
  const apply = (event: Parameters<typeof applyEvent>[1]) => {
    const decision = applyEvent(execution, event, opts());
    execution = decision.execution;
    return decision;
  };
  return {
    clock,
    get execution() {
      return execution;
    },
    last,
    fail: (error: { retryable?: boolean; type?: string } = {}) =>
      apply({ ...current(), type: 'ActivityFailed', durationMs: 1, executedAt: 'x', error: { message: 'broke', type: 'Error', retryable: true, validation: false, ...error } }),
    heartbeat: () => apply({ ...current(), type: 'ActivityHeartbeat', sentAt: 'x' }),
    timeOut: () => {
      const [due] = dueDeadlines(execution, new Date(clock.now));
      if (!due) throw new Error('no deadline due');
      return apply(due);
    },
  };
}

describe('step policies in the engine', () => {
  it('should fail a step with maxAttempts 1 at its first retryable failure, while the global default retries', () => {
    const strict = runOf({ maxAttempts: 1 });
    strict.fail();
    expect(strict.execution.steps.a).toMatchObject({ status: 'FAILED', attempts: 1, error: 'broke' });
    expect(strict.execution.status).toBe('FAILED');
    const lenient = runOf();
    lenient.fail();
    expect(lenient.execution.steps.a).toMatchObject({ status: 'RUNNING', attempts: 2 });
  });

  it('should retry up to the step\'s own maxAttempts', () => {
    const run = runOf({ maxAttempts: 5 });
    for (let attempt = 1; attempt < 5; attempt += 1) run.fail();
    expect(run.execution.steps.a).toMatchObject({ status: 'RUNNING', attempts: 5 });
    run.fail();
    expect(run.execution.steps.a).toMatchObject({ status: 'FAILED', attempts: 5 });
  });

  it('should wait the step\'s own backoff, doubled per attempt and capped', () => {
    const run = runOf({ maxAttempts: 4, retryBackoffMs: 500, retryBackoffMaxMs: 800 });
    run.fail();
    expect(run.last().delayMs).toBe(500);
    run.fail();
    expect(run.last().delayMs).toBe(800);
  });

  it('should give each attempt the step\'s own timeout, and tell the processor', () => {
    const run = runOf({ timeoutMs: 5_000 });
    expect(run.last().message).toMatchObject({ deadline: new Date(T0 + 5_000).toISOString(), timeoutMs: 5_000 });
    expect(run.execution.nextDeadline).toBe(new Date(T0 + 5_000).toISOString());
    run.fail();
    // The retry's deadline counts its backoff, then the step's timeout.
    expect(run.last().message.deadline).toBe(new Date(T0 + 100 + 5_000).toISOString());
  });

  it('should time a step out without retrying it by default', () => {
    const run = runOf({ timeoutMs: 1_000 });
    run.clock.now += 1_000;
    run.timeOut();
    expect(run.execution.steps.a).toMatchObject({ status: 'TIMED_OUT', attempts: 1, error: 'No answer by the deadline of attempt 1' });
  });

  it('should retry a timed-out attempt with retryOnTimeout while attempts are left, then time the step out', () => {
    const run = runOf({ timeoutMs: 1_000, retryOnTimeout: true, maxAttempts: 2 });
    run.clock.now += 1_000;
    run.timeOut();
    expect(run.execution.steps.a).toMatchObject({ status: 'RUNNING', attempts: 2, error: 'No answer by the deadline of attempt 1' });
    expect(run.last()).toMatchObject({ delayMs: 100, message: { attempt: 2 } });
    run.clock.now += 1_100;
    run.timeOut();
    expect(run.execution.steps.a).toMatchObject({ status: 'TIMED_OUT', attempts: 2 });
    expect(run.execution.status).toBe('FAILED');
  });

  it('should retry a processor\'s DeadlinePassed with retryOnTimeout, and not without it', () => {
    const retried = runOf({ retryOnTimeout: true });
    retried.fail({ type: 'DeadlinePassed', retryable: false });
    expect(retried.execution.steps.a).toMatchObject({ status: 'RUNNING', attempts: 2, error: 'broke' });
    const kept = runOf();
    kept.fail({ type: 'DeadlinePassed', retryable: true });
    expect(kept.execution.steps.a).toMatchObject({ status: 'TIMED_OUT', attempts: 1 });
  });

  it('should not retry a non-retryable failure, even with retryOnTimeout', () => {
    const run = runOf({ retryOnTimeout: true });
    run.fail({ retryable: false });
    expect(run.execution.steps.a).toMatchObject({ status: 'FAILED', attempts: 1 });
  });

  it('should move the deadline of the attempt to a full timeout after each heartbeat', () => {
    const run = runOf({ timeoutMs: 1_000 });
    run.clock.now += 900;
    const decision = run.heartbeat();
    expect(decision.changed).toBe(true);
    expect(run.execution.steps.a).toMatchObject({ status: 'RUNNING', deadline: new Date(T0 + 1_900).toISOString() });
    expect(run.execution.nextDeadline).toBe(new Date(T0 + 1_900).toISOString());
    run.clock.now += 900;
    expect(dueDeadlines(run.execution, new Date(run.clock.now))).toEqual([]);
    run.clock.now += 100;
    run.timeOut();
    expect(run.execution.steps.a?.status).toBe('TIMED_OUT');
  });

  it('should ignore a heartbeat of another command, as any stale event', () => {
    const run = runOf();
    const { commandId, executionId, stepId, processorId } = run.last().message;
    const before = run.execution;
    const decision = applyEvent(before, { type: 'ActivityHeartbeat', schemaVersion: 1, commandId: 'other', executionId, stepId, processorId, attempt: 1, sentAt: 'x' }, {
      now: new Date(T0 + 10), newId: () => 'n', ...GLOBAL,
    });
    expect(decision).toEqual({ execution: before, changed: false, ignored: 'other-command' });
    expect(commandId).not.toBe('other');
  });
});

describe('stepPolicyOf and policyOf', () => {
  const base: StepDefinition = { id: 'a', processorId: 'p', entryCondition: 'ALWAYS', nextStepIds: [] };

  it('should pin only the fields a step sets', () => {
    expect(stepPolicyOf(base)).toBeUndefined();
    expect(stepPolicyOf({ ...base, maxAttempts: null, timeoutMs: null, retryBackoffMs: null, retryBackoffMaxMs: null, retryOnTimeout: false })).toBeUndefined();
    expect(stepPolicyOf({ ...base, maxAttempts: 1, retryBackoffMs: 0, retryOnTimeout: true })).toEqual({ maxAttempts: 1, retryBackoffMs: 0, retryOnTimeout: true });
    expect(buildPlan('f', [base], new Map()).steps[0]).not.toHaveProperty('policy');
    expect(buildPlan('f', [{ ...base, timeoutMs: 200 }], new Map()).steps[0]?.policy).toEqual({ timeoutMs: 200 });
  });

  it('should fill what a step leaves open from the global settings', () => {
    const options = { now: new Date(T0), newId: () => 'n', ...GLOBAL };
    const planned = buildPlan('f', [base], new Map()).steps[0];
    if (!planned) throw new Error('no step');
    expect(policyOf(planned, options)).toEqual({ maxAttempts: 3, retryBackoffMs: 100, retryBackoffMaxMs: 1_000, timeoutMs: 60_000, retryOnTimeout: false });
    const own = { ...planned, policy: { maxAttempts: 1, retryBackoffMs: 7, retryBackoffMaxMs: 9, timeoutMs: 300, retryOnTimeout: true } };
    expect(policyOf(own, options)).toEqual(own.policy);
    expect([1, 2, 3].map((attempt) => backoff(attempt, policyOf(own, options)))).toEqual([7, 9, 9]);
  });
});
