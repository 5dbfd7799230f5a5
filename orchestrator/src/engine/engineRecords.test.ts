import { describe, expect, it } from 'vitest';
import type { ActivityError, AssignedEntity, ExecuteActivity, Json, OrchestrationStatusChanged } from '@flow/protocol';
import { applyEvent, dueDeadlines, startExecution } from './engine.js';
import { buildPlan, type StepDefinition } from './plan.js';
import type { EngineOptions, EntryCondition, Execution } from './state.js';

// What the engine stores and emits, attempt by attempt (engine.test.ts covers which steps run).

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (ms: number): string => new Date(T0 + ms).toISOString();
const TIMEOUT = 60_000;

function engine() {
  const clock = { now: T0 };
  let ids = 0;
  const opts = (): EngineOptions => ({
    now: new Date(clock.now), newId: () => `id-${++ids}`, maxAttempts: 3, retryBaseMs: 100, retryMaxMs: 1_000, stepTimeoutMs: TIMEOUT,
  });
  const start = (steps: StepDefinition[], input: Json = { start: true }, entities = new Map<string, AssignedEntity[]>()): Execution =>
    startExecution({ id: 'exec', plan: buildPlan('flow', steps, entities), input, correlationId: 'corr' }, opts());
  return { clock, opts, start };
}

const step = (id: string, next: string[] = [], when: EntryCondition = 'PREVIOUS_SUCCESS'): StepDefinition =>
  ({ id, processorId: `p-${id}`, entryCondition: when, nextStepIds: next });

const dispatches = (execution: Execution, stepId: string): ExecuteActivity[] =>
  execution.outbox.flatMap((c) => (c.kind === 'dispatch' && c.message.stepId === stepId ? [c.message] : []));

function command(execution: Execution, stepId: string): ExecuteActivity {
  const last = dispatches(execution, stepId).at(-1);
  if (!last) throw new Error(`no dispatch of ${stepId}`);
  return last;
}

const announced = (execution: Execution): OrchestrationStatusChanged[] =>
  execution.outbox.flatMap((c) => (c.kind === 'status' ? [c.message] : []));

function outcome(execution: Execution, stepId: string) {
  const { commandId, processorId, attempt } = command(execution, stepId);
  return { schemaVersion: 1 as const, commandId, executionId: execution.id, stepId, processorId, attempt, durationMs: 1, executedAt: 'x' };
}

const succeeded = (execution: Execution, stepId: string, output: Json) => ({ ...outcome(execution, stepId), type: 'ActivityExecuted' as const, output });
const failed = (execution: Execution, stepId: string, error: Partial<ActivityError> = {}) => ({
  ...outcome(execution, stepId), type: 'ActivityFailed' as const,
  error: { message: `${stepId} broke`, type: 'Error', retryable: false, validation: false, ...error },
});

describe('what the engine records', () => {
  it('should start a run with its identity, input and first dispatch, announced as version 1', () => {
    const { start } = engine();
    const execution = start([step('a', ['b']), step('b')], { n: 1 });
    expect(execution).toMatchObject({
      id: 'exec', orchestratedFlowId: 'flow', status: 'RUNNING', version: 1, input: { n: 1 }, correlationId: 'corr', startedAt: at(0), finishedAt: null,
    });
    expect(announced(execution)).toEqual([{
      type: 'OrchestrationStatusChanged', schemaVersion: 1, executionId: 'exec', orchestratedFlowId: 'flow', version: 1, status: 'RUNNING',
      completedSteps: 0, totalSteps: 2, currentSteps: ['a'], changedAt: at(0),
    }]);
  });

  it('should dispatch an attempt with everything the processor needs and a deadline one step timeout ahead', () => {
    const { start } = engine();
    const entities: AssignedEntity[] = [{ type: 'ADDRESS', entity: { id: 'addr-1', city: 'Oslo' }, schemaDefinition: '{"type":"object"}' }];
    const execution = start([step('a')], { n: 1 }, new Map([['a', entities]]));
    const [dispatch] = execution.outbox.filter((c) => c.kind === 'dispatch');
    expect(dispatch).toMatchObject({ kind: 'dispatch', delayMs: 0 });
    const message = command(execution, 'a');
    expect(message).toEqual({
      type: 'ExecuteActivity', schemaVersion: 1, commandId: message.commandId, executionId: 'exec', orchestratedFlowId: 'flow', stepId: 'a',
      processorId: 'p-a', attempt: 1, input: { n: 1 }, entities, correlationId: 'corr', createdAt: at(0), deadline: at(TIMEOUT), timeoutMs: TIMEOUT,
    });
    expect(dispatch?.id).not.toBe(message.commandId);
    expect(execution.steps.a).toEqual({
      status: 'RUNNING', attempts: 1, commandId: message.commandId, input: { n: 1 }, output: null, error: null,
      startedAt: at(0), finishedAt: null, deadline: at(TIMEOUT),
      attemptHistory: [{ attempt: 1, startedAt: at(0), finishedAt: null, outcome: 'RUNNING', error: null }],
    });
    expect(execution.nextDeadline).toBe(at(TIMEOUT));
  });

  it("should keep a succeeded step's output for its successors", () => {
    const { clock, opts, start } = engine();
    const started = start([step('a', ['b']), step('b')]);
    clock.now += 5_000;
    const { execution } = applyEvent(started, succeeded(started, 'a', { total: 42 }), opts());
    expect(execution.steps.a).toMatchObject({ status: 'SUCCEEDED', output: { total: 42 }, commandId: null, deadline: null, finishedAt: at(5_000) });
    expect(execution.steps.b?.input).toEqual({ total: 42 });
    expect(command(execution, 'b').input).toEqual({ total: 42 });
  });

  it('should retry from the same input after the backoff, keep the first start and report the change', () => {
    const { clock, opts, start } = engine();
    const started = start([step('a')], { n: 1 });
    clock.now += 10_000;
    const decision = applyEvent(started, failed(started, 'a', { retryable: true, message: 'busy' }), opts());
    expect(decision.changed).toBe(true);
    const retried = decision.execution;
    expect(retried.outbox.at(-2)).toMatchObject({ kind: 'dispatch', delayMs: 100 });
    expect(command(retried, 'a')).toMatchObject({ attempt: 2, input: { n: 1 }, createdAt: at(10_000), deadline: at(10_000 + 100 + TIMEOUT) });
    expect(retried.steps.a).toMatchObject({
      status: 'RUNNING', attempts: 2, input: { n: 1 }, error: 'busy', startedAt: at(0), deadline: at(10_000 + 100 + TIMEOUT),
      commandId: command(retried, 'a').commandId,
    });
    expect(retried.version).toBe(started.version + 1);
    expect(announced(retried).at(-1)).toMatchObject({ version: 2, status: 'RUNNING', currentSteps: ['a'] });
  });

  it('should keep the earliest deadline of the running steps as the next deadline, and none once none runs', () => {
    const { clock, opts, start } = engine();
    let execution = start([step('a'), step('b')]);
    clock.now += 10_000;
    execution = applyEvent(execution, failed(execution, 'a', { retryable: true }), opts()).execution;
    expect(execution.nextDeadline).toBe(at(TIMEOUT));
    clock.now += 10_000;
    execution = applyEvent(execution, failed(execution, 'b', { retryable: true }), opts()).execution;
    expect(execution.nextDeadline).toBe(at(10_000 + 100 + TIMEOUT));
    execution = applyEvent(execution, succeeded(execution, 'a', 1), opts()).execution;
    expect(execution.nextDeadline).toBe(at(20_000 + 100 + TIMEOUT));
    execution = applyEvent(execution, succeeded(execution, 'b', 2), opts()).execution;
    expect(execution.nextDeadline).toBeNull();
  });

  it('should report a running step due only once its deadline is reached', () => {
    const { start } = engine();
    const execution = start([step('a')]);
    expect(dueDeadlines(execution, new Date(T0 + TIMEOUT - 1))).toEqual([]);
    expect(dueDeadlines(execution, new Date(T0 + TIMEOUT))).toEqual([{
      type: 'StepDeadlineReached', schemaVersion: 1, commandId: command(execution, 'a').commandId, executionId: 'exec', stepId: 'a', attempt: 1,
    }]);
  });

  it('should time a step out at its deadline, recording why', () => {
    const { clock, opts, start } = engine();
    const started = start([step('a')]);
    clock.now += TIMEOUT;
    const [due] = dueDeadlines(started, new Date(clock.now));
    if (!due) throw new Error('nothing due');
    const { execution } = applyEvent(started, due, opts());
    expect(execution.steps.a).toMatchObject({ status: 'TIMED_OUT', commandId: null, deadline: null, finishedAt: at(TIMEOUT) });
    expect(execution.steps.a?.error).toEqual(expect.stringMatching(/\S/));
    expect(execution).toMatchObject({ status: 'FAILED', finishedAt: at(TIMEOUT), nextDeadline: null });
  });

  it('should leave succeeded and failed steps as they are when the run is stopped', () => {
    const { clock, opts, start } = engine();
    let execution = start([step('a', ['b']), step('b', [], 'ALWAYS'), step('x')]);
    execution = applyEvent(execution, succeeded(execution, 'a', { kept: true }), opts()).execution;
    execution = applyEvent(execution, failed(execution, 'x'), opts()).execution;
    const before = execution;
    clock.now += 1_000;
    execution = applyEvent(execution, { type: 'Stop' }, opts()).execution;
    expect(execution.steps.a).toEqual(before.steps.a);
    expect(execution.steps.x).toEqual(before.steps.x);
    expect(execution.steps.b).toMatchObject({ status: 'CANCELLED', commandId: null, deadline: null, finishedAt: at(1_000) });
    expect(execution).toMatchObject({ status: 'STOPPED', finishedAt: at(1_000), nextDeadline: null });
    // The announcements not yet published still go out, the stop's last.
    expect(announced(execution).map((m) => [m.version, m.status])).toEqual([[1, 'RUNNING'], [2, 'RUNNING'], [3, 'RUNNING'], [4, 'STOPPED']]);
    expect(announced(execution).at(-1)).toMatchObject({ completedSteps: 3, currentSteps: [] });
  });

  it("should record why a step failed, keeping the input it failed on", () => {
    const { opts, start } = engine();
    const started = start([step('a')], { n: 1 });
    const { execution } = applyEvent(started, failed(started, 'a', { message: 'disk full' }), opts());
    expect(execution.steps.a).toMatchObject({ status: 'FAILED', error: 'disk full', input: { n: 1 }, output: null });
  });

  it('should ignore an event for a step the run does not have', () => {
    const { opts, start } = engine();
    const started = start([step('a')]);
    const decision = applyEvent(started, { ...succeeded(started, 'a', 1), stepId: 'ghost' }, opts());
    expect(decision).toEqual({ execution: started, changed: false, ignored: 'unknown-step' });
  });
});

describe('what joins receive', () => {
  it('should give a join after a skipped branch the output of the one predecessor that ran', () => {
    const { opts, start } = engine();
    let execution = start([step('a', ['b', 'c']), step('b', ['d'], 'PREVIOUS_FAILURE'), step('c', ['d']), step('d')]);
    execution = applyEvent(execution, succeeded(execution, 'a', 'from a'), opts()).execution;
    execution = applyEvent(execution, succeeded(execution, 'c', { from: 'c' }), opts()).execution;
    expect(execution.steps.b?.status).toBe('SKIPPED');
    expect(command(execution, 'd').input).toEqual({ from: 'c' });
  });

  it('should run a PREVIOUS_FAILURE join after one failed and one succeeded predecessor, with both keyed by step', () => {
    const { opts, start } = engine();
    let execution = start([step('a', ['c']), step('b', ['c']), step('c', [], 'PREVIOUS_FAILURE')]);
    execution = applyEvent(execution, failed(execution, 'a'), opts()).execution;
    execution = applyEvent(execution, succeeded(execution, 'b', { from: 'b' }), opts()).execution;
    expect(execution.steps.c?.status).toBe('RUNNING');
    expect(command(execution, 'c').input).toEqual({ a: null, b: { from: 'b' } });
    execution = applyEvent(execution, succeeded(execution, 'c', 'recovered'), opts()).execution;
    expect(execution.status).toBe('COMPLETED');
  });

  it('should dispatch a join once when a skipped branch leads to it too', () => {
    const { opts, start } = engine();
    let execution = start([step('a', ['b', 'd']), step('b', ['d'], 'NEVER'), step('d', [], 'ALWAYS')]);
    execution = applyEvent(execution, succeeded(execution, 'a', 1), opts()).execution;
    expect(dispatches(execution, 'd')).toHaveLength(1);
    expect(command(execution, 'd').input).toBe(1);
  });

  it('should complete a run at once when every entry step is skipped', () => {
    const { start } = engine();
    const execution = start([step('a', ['b'], 'NEVER'), step('b', [], 'ALWAYS')]);
    expect(execution).toMatchObject({ status: 'COMPLETED', finishedAt: at(0), nextDeadline: null });
    expect(execution.steps.b).toMatchObject({ status: 'SKIPPED', finishedAt: at(0) });
    expect(execution.outbox.map((c) => c.kind)).toEqual(['status']);
  });
});
