import { describe, expect, it } from 'vitest';
import type { ExecuteActivity, Json } from '@flow/protocol';
import { applyEvent, dueDeadlines, startExecution } from './engine.js';
import { buildPlan, findCycle } from './plan.js';
import type { EngineOptions, EntryCondition, Execution, StepStatus } from './state.js';

type Outcome = 'ok' | 'fail' | 'retry' | 'invalid' | 'silent';
interface GraphStep { id: string; when?: EntryCondition; next?: string[] }

function options(clock: { now: number }, counter = { n: 0 }): () => EngineOptions {
  return () => ({
    now: new Date(clock.now), newId: () => `id-${++counter.n}`, maxAttempts: 3, retryBaseMs: 100, retryMaxMs: 1_000, stepTimeoutMs: 60_000,
  });
}

/** Runs a graph to the end: each dispatched attempt meets the scripted outcome (default ok). */
function run(steps: GraphStep[], script: Record<string, Outcome[]> = {}, input: Json = { start: true }) {
  const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
  const opts = options(clock);
  const plan = buildPlan('flow', steps.map((s) => ({ id: s.id, processorId: `p-${s.id}`, entryCondition: s.when ?? 'PREVIOUS_SUCCESS', nextStepIds: s.next ?? [] })), new Map());
  let execution = startExecution({ id: 'exec', plan, input, correlationId: 'corr' }, opts());
  const seen = new Set<string>();
  const delays: number[] = [];
  for (let guard = 0; guard < 100; guard += 1) {
    const commands = execution.outbox.filter((c) => c.kind === 'dispatch' && !seen.has(c.id));
    if (commands.length === 0) {
      clock.now += 61_000;
      const due = dueDeadlines(execution, new Date(clock.now));
      if (due.length === 0) break;
      for (const event of due) execution = applyEvent(execution, event, opts()).execution;
      continue;
    }
    for (const command of commands) {
      seen.add(command.id);
      if (command.kind !== 'dispatch') continue;
      delays.push(command.delayMs);
      const message: ExecuteActivity = command.message;
      const outcome = script[message.stepId]?.[message.attempt - 1] ?? 'ok';
      if (outcome === 'silent') continue;
      const base = { schemaVersion: 1 as const, commandId: message.commandId, executionId: message.executionId, stepId: message.stepId, processorId: message.processorId, attempt: message.attempt, durationMs: 1, executedAt: 'now' };
      const event = outcome === 'ok'
        ? { ...base, type: 'ActivityExecuted' as const, output: { from: message.stepId, input: message.input } }
        : { ...base, type: 'ActivityFailed' as const, error: { message: `${outcome} at ${message.stepId}`, type: 'Error', retryable: outcome === 'retry' || outcome === 'invalid', validation: outcome === 'invalid' } };
      execution = applyEvent(execution, event, opts()).execution;
    }
  }
  return { execution, delays, opts, clock };
}

const statuses = (execution: Execution): Record<string, StepStatus> =>
  Object.fromEntries(Object.entries(execution.steps).map(([id, step]) => [id, step.status]));

describe('the orchestration engine', () => {
  const cases: Array<{ name: string; steps: GraphStep[]; script?: Record<string, Outcome[]>; expect: Record<string, StepStatus>; status: Execution['status'] }> = [
    { name: 'a linear flow', steps: [{ id: 'a', next: ['b'] }, { id: 'b', next: ['c'] }, { id: 'c' }], expect: { a: 'SUCCEEDED', b: 'SUCCEEDED', c: 'SUCCEEDED' }, status: 'COMPLETED' },
    { name: 'a fan-out', steps: [{ id: 'a', next: ['b', 'c'] }, { id: 'b' }, { id: 'c' }], expect: { a: 'SUCCEEDED', b: 'SUCCEEDED', c: 'SUCCEEDED' }, status: 'COMPLETED' },
    { name: 'a join', steps: [{ id: 'a', next: ['c'] }, { id: 'b', next: ['c'] }, { id: 'c' }], expect: { a: 'SUCCEEDED', b: 'SUCCEEDED', c: 'SUCCEEDED' }, status: 'COMPLETED' },
    { name: 'a PREVIOUS_FAILURE branch taken', steps: [{ id: 'a', next: ['ok', 'recover'] }, { id: 'ok' }, { id: 'recover', when: 'PREVIOUS_FAILURE' }],
      script: { a: ['fail'] }, expect: { a: 'FAILED', ok: 'SKIPPED', recover: 'SUCCEEDED' }, status: 'COMPLETED' },
    { name: 'a PREVIOUS_FAILURE branch not taken', steps: [{ id: 'a', next: ['ok', 'recover'] }, { id: 'ok' }, { id: 'recover', when: 'PREVIOUS_FAILURE' }],
      expect: { a: 'SUCCEEDED', ok: 'SUCCEEDED', recover: 'SKIPPED' }, status: 'COMPLETED' },
    { name: 'an unhandled failure', steps: [{ id: 'a', next: ['b'] }, { id: 'b' }], script: { a: ['fail'] }, expect: { a: 'FAILED', b: 'SKIPPED' }, status: 'FAILED' },
    { name: 'a NEVER step skipping its branch', steps: [{ id: 'a', next: ['b'] }, { id: 'b', when: 'NEVER', next: ['c'] }, { id: 'c', when: 'ALWAYS' }],
      expect: { a: 'SUCCEEDED', b: 'SKIPPED', c: 'SKIPPED' }, status: 'COMPLETED' },
    { name: 'an ALWAYS step after a failure', steps: [{ id: 'a', next: ['b'] }, { id: 'b', when: 'ALWAYS' }], script: { a: ['fail'] }, expect: { a: 'FAILED', b: 'SUCCEEDED' }, status: 'COMPLETED' },
    { name: 'entry conditions on entry steps', steps: [{ id: 'never', when: 'NEVER', next: ['after'] }, { id: 'onFailure', when: 'PREVIOUS_FAILURE' }, { id: 'always', when: 'ALWAYS' }, { id: 'after' }],
      expect: { never: 'SKIPPED', onFailure: 'SKIPPED', always: 'SUCCEEDED', after: 'SKIPPED' }, status: 'COMPLETED' },
    { name: 'a join after a skipped branch', steps: [{ id: 'a', next: ['b', 'c'] }, { id: 'b', when: 'PREVIOUS_FAILURE', next: ['d'] }, { id: 'c', next: ['d'] }, { id: 'd' }],
      expect: { a: 'SUCCEEDED', b: 'SKIPPED', c: 'SUCCEEDED', d: 'SUCCEEDED' }, status: 'COMPLETED' },
    { name: 'a PREVIOUS_SUCCESS join with one failed predecessor', steps: [{ id: 'a', next: ['c'] }, { id: 'b', next: ['c'] }, { id: 'c' }], script: { b: ['fail'] },
      expect: { a: 'SUCCEEDED', b: 'FAILED', c: 'SKIPPED' }, status: 'FAILED' },
    { name: 'a timed-out step handled by PREVIOUS_FAILURE', steps: [{ id: 'a', next: ['b'] }, { id: 'b', when: 'PREVIOUS_FAILURE' }], script: { a: ['silent'] },
      expect: { a: 'TIMED_OUT', b: 'SUCCEEDED' }, status: 'COMPLETED' },
  ];

  it.each(cases)('should run $name to $status', ({ steps, script, expect: expected, status }) => {
    const { execution } = run(steps, script);
    expect(statuses(execution)).toEqual(expected);
    expect(execution.status).toBe(status);
    expect(execution.finishedAt).not.toBeNull();
    expect(execution.nextDeadline).toBeNull();
  });

  it('should feed the start input to entry steps, one predecessor output as is, several keyed by step id', () => {
    const { execution } = run([{ id: 'a', next: ['b', 'c'] }, { id: 'b', next: ['d'] }, { id: 'c', next: ['d'] }, { id: 'd' }], {}, { n: 1 });
    const out = (id: string) => execution.steps[id]?.output;
    expect(execution.steps.a?.input).toEqual({ n: 1 });
    expect(execution.steps.b?.input).toEqual(out('a'));
    expect(execution.steps.d?.input).toEqual({ b: out('b'), c: out('c') });
  });

  it('should retry a retryable failure with exponential backoff and succeed on attempt 3', () => {
    const { execution, delays } = run([{ id: 'a' }], { a: ['retry', 'retry', 'ok'] });
    expect(execution.steps.a).toMatchObject({ status: 'SUCCEEDED', attempts: 3 });
    expect(delays).toEqual([0, 100, 200]);
    expect(execution.status).toBe('COMPLETED');
  });

  it.each([
    ['non-retryable', ['fail'], 1],
    ['validation', ['invalid'], 1],
    ['retryable until attempts run out', ['retry', 'retry', 'retry'], 3],
  ] as const)('should fail a step at once on a %s failure', (_name, outcomes, attempts) => {
    const { execution } = run([{ id: 'a' }], { a: [...outcomes] });
    expect(execution.steps.a).toMatchObject({ status: 'FAILED', attempts });
    expect(execution.status).toBe('FAILED');
  });

  it('should ignore late, duplicated and foreign events', () => {
    const clock = { now: 0 };
    const opts = options(clock);
    const plan = buildPlan('flow', [{ id: 'a', processorId: 'p', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [] }], new Map());
    const started = startExecution({ id: 'e', plan, input: null, correlationId: 'c' }, opts());
    const command = started.outbox.find((c) => c.kind === 'dispatch');
    if (command?.kind !== 'dispatch') throw new Error('no dispatch');
    const event = { type: 'ActivityExecuted' as const, schemaVersion: 1 as const, commandId: command.message.commandId, executionId: 'e', stepId: 'a', processorId: 'p', attempt: 1, durationMs: 1, executedAt: 'x', output: 1 };
    expect(applyEvent(started, { ...event, commandId: 'other' }, opts()).changed).toBe(false);
    const done = applyEvent(started, event, opts());
    expect(done.changed).toBe(true);
    expect(done.execution.version).toBe(started.version + 1);
    expect(applyEvent(done.execution, event, opts()).changed).toBe(false);
    clock.now += 120_000;
    expect(dueDeadlines(done.execution, new Date(clock.now))).toEqual([]);
  });

  it('should time out a step whose processor reports the deadline passed', () => {
    const clock = { now: 0 };
    const opts = options(clock);
    const plan = buildPlan('flow', [{ id: 'a', processorId: 'p', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [] }], new Map());
    const started = startExecution({ id: 'e', plan, input: null, correlationId: 'c' }, opts());
    const command = started.outbox.find((c) => c.kind === 'dispatch');
    if (command?.kind !== 'dispatch') throw new Error('no dispatch');
    const { execution } = applyEvent(started, {
      type: 'ActivityFailed', schemaVersion: 1, commandId: command.message.commandId, executionId: 'e', stepId: 'a', processorId: 'p', attempt: 1, durationMs: 5, executedAt: 'x',
      error: { message: 'deadline passed', type: 'DeadlinePassed', retryable: false, validation: false },
    }, opts());
    expect(execution.steps.a).toMatchObject({ status: 'TIMED_OUT', error: 'deadline passed' });
  });

  it('should time out a silent step at its deadline and ignore its late answer', () => {
    const { execution } = run([{ id: 'a' }], { a: ['silent'] });
    expect(execution.steps.a).toMatchObject({ status: 'TIMED_OUT', attempts: 1 });
    expect(execution.status).toBe('FAILED');
  });

  it('should stop: STOPPED, pending and running steps CANCELLED, unpublished commands dropped, later events ignored', () => {
    const clock = { now: 0 };
    const opts = options(clock);
    const plan = buildPlan('flow', [
      { id: 'a', processorId: 'p', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: ['b'] },
      { id: 'b', processorId: 'p', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [] },
    ], new Map());
    const started = startExecution({ id: 'e', plan, input: null, correlationId: 'c' }, opts());
    const { execution, changed } = applyEvent(started, { type: 'Stop' }, opts());
    expect(changed).toBe(true);
    expect(execution.status).toBe('STOPPED');
    expect(statuses(execution)).toEqual({ a: 'CANCELLED', b: 'CANCELLED' });
    expect(execution.outbox.every((c) => c.kind === 'status')).toBe(true);
    const last = execution.outbox.at(-1);
    expect(last?.kind === 'status' && last.message).toMatchObject({ status: 'STOPPED', version: execution.version });
    expect(applyEvent(execution, { type: 'Stop' }, opts()).changed).toBe(false);
  });

  it('should bump the version and announce the status on every transition', () => {
    const { execution } = run([{ id: 'a', next: ['b'] }, { id: 'b' }]);
    const announced = execution.outbox.flatMap((c) => (c.kind === 'status' ? [c.message] : []));
    expect(announced.map((m) => m.version)).toEqual([1, 2, 3]);
    expect(announced.map((m) => m.status)).toEqual(['RUNNING', 'RUNNING', 'COMPLETED']);
    expect(announced.at(-1)).toMatchObject({ completedSteps: 2, totalSteps: 2, currentSteps: [] });
  });

  it('should refuse a cycle, naming it, and next steps outside the workflow', () => {
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['b']]]))).toEqual(['b', 'c', 'b']);
    const step = (id: string, next: string[]) => ({ id, processorId: 'p', entryCondition: 'ALWAYS' as const, nextStepIds: next });
    expect(() => buildPlan('f', [step('a', ['b']), step('b', ['a'])], new Map())).toThrow('The workflow has a cycle: a -> b -> a');
    expect(() => buildPlan('f', [step('a', ['zzz'])], new Map())).toThrow('Next steps outside the workflow: a -> zzz');
  });
});
