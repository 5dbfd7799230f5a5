import { describe, expect, it } from 'vitest';
import { applyControl } from './controls.js';
import type { Json } from '@flow/protocol';
import { queueExecution } from './admission.js';
import { dueDeadlines, applyEvent, startExecution } from './engine.js';
import { buildPlan } from './plan.js';
import type { EngineOptions, Execution } from './state.js';
import { createEngineDriver } from './testing/engineDriver.js';

describe('pause and resume', () => {
  it('should record a running step\'s result while paused, hold the next step, and send it on resume', () => {
    const driver = createEngineDriver([{ id: 'a', next: ['b'] }, { id: 'b', next: ['c'] }, { id: 'c' }]);
    driver.control('pause');
    driver.answer('a');
    expect(driver.execution.status).toBe('PAUSED');
    expect(driver.statuses()).toEqual({ a: 'SUCCEEDED', b: 'PENDING', c: 'PENDING' });
    expect(driver.dispatched()).toEqual([]);
    expect(driver.execution.held).toEqual([{ stepId: 'b', attempt: 1, input: driver.execution.steps.a?.output, delayMs: 0 }]);
    const announced = driver.execution.outbox.at(-1);
    expect(announced?.kind === 'status' && announced.message).toMatchObject({ status: 'PAUSED', completedSteps: 1, currentSteps: [] });
    driver.control('resume');
    expect(driver.execution.held).toBeUndefined();
    expect(driver.commandOf('b')).toMatchObject({ attempt: 1, input: driver.execution.steps.a?.output });
    driver.answer('b');
    driver.answer('c');
    expect(driver.execution.status).toBe('COMPLETED');
  });

  it('should hold a retry decided while paused and send it with its backoff on resume', () => {
    const driver = createEngineDriver([{ id: 'a' }], { n: 1 }, 3);
    driver.control('pause');
    driver.answer('a', 'retry');
    expect(driver.execution.steps.a).toMatchObject({ status: 'PENDING', attempts: 1, error: 'retry at a', commandId: null, deadline: null });
    expect(driver.execution.nextDeadline).toBeNull();
    driver.control('resume');
    const resent = driver.execution.outbox.find((c) => c.kind === 'dispatch' && c.message.attempt === 2);
    expect(resent?.kind === 'dispatch' && resent.delayMs).toBe(100);
    driver.answer('a');
    expect(driver.execution.steps.a?.attemptHistory?.map((record) => [record.attempt, record.outcome, record.error])).toEqual([[1, 'FAILED', 'retry at a'], [2, 'SUCCEEDED', null]]);
  });

  it('should end a paused run whose last running step ends with nothing held', () => {
    const driver = createEngineDriver([{ id: 'a' }]);
    driver.control('pause');
    driver.answer('a');
    expect(driver.execution.status).toBe('COMPLETED');
  });

  it('should time out a paused run\'s running step at its deadline', () => {
    const driver = createEngineDriver([{ id: 'a' }]);
    driver.control('pause');
    const [due] = dueDeadlines(driver.execution, new Date(driver.clock.now + 61_000));
    driver.execution = applyEvent(driver.execution, due!, driver.options()).execution;
    expect(driver.execution.steps.a?.status).toBe('TIMED_OUT');
  });

  it('should stop a paused run: held steps CANCELLED, nothing sent', () => {
    const driver = createEngineDriver([{ id: 'a', next: ['b'] }, { id: 'b' }]);
    driver.control('pause');
    driver.answer('a');
    driver.control('stop');
    expect(driver.execution.status).toBe('STOPPED');
    expect(driver.statuses()).toEqual({ a: 'SUCCEEDED', b: 'CANCELLED' });
    expect(driver.execution.held).toBeUndefined();
    expect(driver.dispatched()).toEqual([]);
  });
});

describe('retry', () => {
  it('should attempt a failed second step again with its input, keeping the first step\'s output and attempts', () => {
    const driver = createEngineDriver([{ id: 'a', next: ['b'] }, { id: 'b' }]);
    driver.answer('a');
    const input = driver.commandOf('b').input;
    driver.answer('b', 'fail');
    expect(driver.execution.status).toBe('FAILED');
    const output = driver.execution.steps.a?.output;
    driver.control('retry');
    expect(driver.execution).toMatchObject({ status: 'RUNNING', finishedAt: null });
    expect(driver.dispatched()).toEqual(['b']);
    expect(driver.commandOf('b')).toMatchObject({ attempt: 2, input });
    driver.answer('b');
    expect(driver.execution.status).toBe('COMPLETED');
    expect(driver.execution.steps.a).toMatchObject({ status: 'SUCCEEDED', attempts: 1, output });
    const history = driver.execution.steps.b?.attemptHistory ?? [];
    expect(history.map((record) => [record.attempt, record.outcome, record.error])).toEqual([[1, 'FAILED', 'fail at b'], [2, 'SUCCEEDED', null]]);
    expect(history.every((record) => record.startedAt && record.finishedAt)).toBe(true);
  });

  it('should re-evaluate the steps after a retried step and feed them its new output', () => {
    const driver = createEngineDriver([{ id: 'a', next: ['b'] }, { id: 'b', next: ['c'] }, { id: 'c' }, { id: 'd', when: 'NEVER' }]);
    driver.answer('a');
    driver.answer('b', 'fail');
    expect(driver.statuses()).toEqual({ a: 'SUCCEEDED', b: 'FAILED', c: 'SKIPPED', d: 'SKIPPED' });
    driver.control('retry');
    expect(driver.statuses()).toEqual({ a: 'SUCCEEDED', b: 'RUNNING', c: 'PENDING', d: 'SKIPPED' });
    driver.answer('b');
    expect(driver.commandOf('c')).toMatchObject({ attempt: 1, input: driver.execution.steps.b?.output });
    driver.answer('c');
    expect(driver.execution.status).toBe('COMPLETED');
  });

  it('should let a failed step wait for the failed step before it, its error cleared, and attempt it after', () => {
    const driver = createEngineDriver([{ id: 'a', next: ['b'] }, { id: 'b', when: 'ALWAYS' }]);
    driver.answer('a', 'fail');
    driver.answer('b', 'fail');
    driver.control('retry');
    expect(driver.dispatched()).toEqual(['a']);
    expect(driver.execution.steps.b).toMatchObject({ status: 'PENDING', error: null, finishedAt: null, attempts: 1 });
    driver.answer('a');
    expect(driver.commandOf('b')).toMatchObject({ attempt: 2, input: driver.execution.steps.a?.output });
  });

  it('should retry only the named steps, and end FAILED while another failure stays unhandled', () => {
    const driver = createEngineDriver([{ id: 'a' }, { id: 'c' }]);
    driver.answer('a', 'fail');
    driver.answer('c', 'fail');
    driver.control('retry', ['a']);
    expect(driver.dispatched()).toEqual(['a']);
    driver.answer('a');
    expect(driver.statuses()).toEqual({ a: 'SUCCEEDED', c: 'FAILED' });
    expect(driver.execution.status).toBe('FAILED');
  });

  it('should retry a stopped run: the cancelled step again, the step it feeds once it answers', () => {
    const driver = createEngineDriver([{ id: 'a', next: ['b'] }, { id: 'b' }], { n: 2 });
    driver.control('stop');
    driver.control('retry');
    expect(driver.commandOf('a')).toMatchObject({ attempt: 2, input: { n: 2 } });
    expect(driver.statuses()).toEqual({ a: 'RUNNING', b: 'PENDING' });
    driver.answer('a');
    expect(driver.commandOf('b')).toMatchObject({ attempt: 1 });
    expect(driver.execution.steps.a?.attemptHistory?.map((record) => record.outcome)).toEqual(['CANCELLED', 'SUCCEEDED']);
  });

  it('should dispatch a held step cancelled by a stop when retried, and skip one whose condition no longer holds', () => {
    const run = (when: 'PREVIOUS_SUCCESS' | 'PREVIOUS_FAILURE') => {
      const driver = createEngineDriver([{ id: 'a', next: ['c'] }, { id: 'b', next: ['c'] }, { id: 'c', when }]);
      driver.answer('a');
      driver.control('stop');
      driver.control('retry', ['c']);
      return driver;
    };
    const runs = run('PREVIOUS_SUCCESS');
    expect(runs.commandOf('c')).toMatchObject({ attempt: 1, input: runs.execution.steps.a?.output });
    const skips = run('PREVIOUS_FAILURE');
    expect(skips.statuses()).toEqual({ a: 'SUCCEEDED', b: 'CANCELLED', c: 'SKIPPED' });
    // A cancelled step is no failure (docs/protocol.md, "End").
    expect(skips.execution.status).toBe('COMPLETED');
  });

  it('should keep an attempt decided and failed within one transition in the history', () => {
    const driver = createEngineDriver([{ id: 'a', next: ['c'] }, { id: 'b', next: ['c'] }, { id: 'c' }]);
    driver.answer('a');
    driver.control('stop');
    const limited = { ...driver.options(), limits: { stepOutputMaxBytes: 1_000, messageMaxBytes: 10, executionMaxBytes: 1_000 } };
    const { execution } = applyControl(driver.execution, { type: 'Control', action: 'retry', stepIds: ['c'] }, limited);
    expect(execution.status).toBe('FAILED');
    expect(execution.steps.c?.attemptHistory).toEqual([
      { attempt: 1, startedAt: limited.now.toISOString(), finishedAt: limited.now.toISOString(), outcome: 'FAILED', error: expect.stringMatching(/^PAYLOAD_TOO_LARGE: /) as unknown },
    ]);
  });
});

describe('controls whose dispatch is refused as too large', () => {
  // Room for any answer, but not for a command carrying the 900-character output onwards.
  const limits = { stepOutputMaxBytes: 100_000, messageMaxBytes: 1_000, executionMaxBytes: 100_000 };
  let n = 0;
  const options = (): EngineOptions => ({ now: new Date(0), newId: () => `big-${++n}`, maxAttempts: 1, retryBaseMs: 100, retryMaxMs: 1_000, stepTimeoutMs: 60_000, limits });
  const plan = (steps: Array<{ id: string; next?: string[] }>) =>
    buildPlan('flow', steps.map((s) => ({ id: s.id, processorId: `p-${s.id}`, entryCondition: 'PREVIOUS_SUCCESS' as const, nextStepIds: s.next ?? [] })), new Map());
  const answered = (execution: Execution, stepId: string, output: Json): Execution => {
    const command = execution.outbox.filter((c) => c.kind === 'dispatch' && c.message.stepId === stepId).at(-1);
    if (command?.kind !== 'dispatch') throw new Error(`no command for ${stepId}`);
    const { commandId, executionId, processorId, attempt } = command.message;
    return applyEvent(execution, { type: 'ActivityExecuted', schemaVersion: 1, commandId, executionId, stepId, processorId, attempt, durationMs: 1, executedAt: 'x', output }, options()).execution;
  };

  it('should fail a held step on resume when its command is too large, and end the run from there', () => {
    let execution = startExecution({ id: 'e', plan: plan([{ id: 'a', next: ['b'] }, { id: 'b', next: ['c'] }, { id: 'c' }]), input: {}, correlationId: 'c' }, options());
    execution = applyControl(execution, { type: 'Control', action: 'pause' }, options()).execution;
    execution = answered(execution, 'a', { text: 'x'.repeat(900) });
    expect(execution.held?.map((held) => held.stepId)).toEqual(['b']);
    execution = applyControl(execution, { type: 'Control', action: 'resume' }, options()).execution;
    expect(execution.steps.b).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(execution.steps.b?.error).toContain('PAYLOAD_TOO_LARGE');
    expect(execution.steps.c?.status).toBe('SKIPPED');
    expect(execution.status).toBe('FAILED');
  });

  it('should fail a retried step that never ran when its first command is too large, and end the run from there', () => {
    // Queued beyond its flow's limit, then stopped: its entry step was never sent, and the run input cannot be.
    const queued = queueExecution({ id: 'q', plan: plan([{ id: 'a', next: ['b'] }, { id: 'b' }]), input: { text: 'x'.repeat(900) }, correlationId: 'c' }, options());
    const stopped = applyEvent(queued, { type: 'Stop' }, options()).execution;
    expect(stopped.status).toBe('STOPPED');
    expect(stopped.steps.a).toMatchObject({ status: 'CANCELLED', attempts: 0 });
    const retried = applyControl(stopped, { type: 'Control', action: 'retry', stepIds: ['a'] }, options()).execution;
    expect(retried.steps.a).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(retried.steps.a?.error).toContain('PAYLOAD_TOO_LARGE');
    expect(retried.steps.b?.status).toBe('SKIPPED');
    expect(retried.status).toBe('FAILED');
  });

  it('should refuse again, not send a null input, when a step refused as too large is retried', () => {
    let execution = startExecution({ id: 'r', plan: plan([{ id: 'a', next: ['b'] }, { id: 'b' }]), input: {}, correlationId: 'c' }, options());
    execution = answered(execution, 'a', { text: 'x'.repeat(900) });
    expect(execution.steps.b).toMatchObject({ status: 'FAILED', attempts: 1, input: null });
    expect(execution.status).toBe('FAILED');
    const retried = applyControl(execution, { type: 'Control', action: 'retry', stepIds: ['b'] }, options()).execution;
    expect(retried.outbox.filter((c) => c.kind === 'dispatch' && c.message.stepId === 'b')).toEqual([]);
    expect(retried.steps.b).toMatchObject({ status: 'FAILED', attempts: 2, input: null });
    expect(retried.steps.b?.error).toContain('PAYLOAD_TOO_LARGE');
    expect(retried.status).toBe('FAILED');
  });

  it('should send a retried step refused as too large once its input fits, computed from its predecessors', () => {
    let execution = startExecution({ id: 's', plan: plan([{ id: 'a', next: ['b'] }, { id: 'b' }]), input: {}, correlationId: 'c' }, options());
    execution = answered(execution, 'a', { text: 'x'.repeat(900) });
    // The operator raised the message limit: the same command now fits.
    const roomier = { ...options(), limits: { ...limits, messageMaxBytes: 10_000 } };
    const retried = applyControl(execution, { type: 'Control', action: 'retry', stepIds: ['b'] }, roomier).execution;
    const resent = retried.outbox.find((c) => c.kind === 'dispatch' && c.message.stepId === 'b');
    expect(resent?.kind === 'dispatch' && resent.message).toMatchObject({ attempt: 2, input: { text: 'x'.repeat(900) } });
    expect(retried.steps.b).toMatchObject({ status: 'RUNNING', attempts: 2, input: { text: 'x'.repeat(900) } });
  });

  it('should keep a step that succeeded after a failed one (PREVIOUS_FAILURE) when the failed one is retried', () => {
    // y fails with nothing to handle it, so the run ends FAILED and may be retried.
    const driver = createEngineDriver([{ id: 'a', next: ['b'] }, { id: 'b', when: 'PREVIOUS_FAILURE' }, { id: 'y' }]);
    driver.answer('a', 'fail');
    driver.answer('y', 'fail');
    driver.answer('b');
    const output = driver.execution.steps.b?.output;
    expect(driver.execution.status).toBe('FAILED');
    expect(driver.statuses()).toEqual({ a: 'FAILED', b: 'SUCCEEDED', y: 'FAILED' });
    driver.control('retry', ['a']);
    expect(driver.statuses()).toEqual({ a: 'RUNNING', b: 'SUCCEEDED', y: 'FAILED' });
    expect(driver.execution.steps.b).toMatchObject({ attempts: 1, output });
  });

  it('should announce a pause, a resume and a retry with their status change and nothing else', () => {
    const driver = createEngineDriver([{ id: 'a' }]);
    for (const action of ['pause', 'resume'] as const) {
      const before = driver.execution.outbox.length;
      driver.control(action);
      expect(driver.execution.outbox.slice(before).map((command) => command.kind)).toEqual(['status']);
    }
  });
});
