import { describe, expect, it } from 'vitest';
import type { ExecutionStatus } from '@flow/protocol';
import { applyControl, rerunOf, type ControlAction } from './controls.js';
import type { StepStatus } from './state.js';
import { createEngineDriver, type EngineDriver } from './testing/engineDriver.js';

const executionStatuses: ExecutionStatus[] = ['QUEUED', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'STOPPED'];
const stepStatuses: StepStatus[] = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED', 'TIMED_OUT'];

/** A run of a -> b in the given status, reached through the engine itself. */
function runIn(status: ExecutionStatus): EngineDriver {
  const driver = createEngineDriver([{ id: 'a', next: ['b'] }, { id: 'b' }], { start: true }, 1, status === 'QUEUED');
  if (status === 'PAUSED') driver.control('pause');
  if (status === 'STOPPED') driver.control('stop');
  if (status === 'FAILED') driver.answer('a', 'fail');
  if (status === 'COMPLETED') {
    driver.answer('a');
    driver.answer('b');
  }
  expect(driver.execution.status).toBe(status);
  return driver;
}

/** What each control makes of a run in each status: the new status, or CONFLICT. */
const table: Record<ControlAction, Record<ExecutionStatus, ExecutionStatus | 'CONFLICT'>> = {
  stop: { QUEUED: 'STOPPED', RUNNING: 'STOPPED', PAUSED: 'STOPPED', COMPLETED: 'CONFLICT', FAILED: 'CONFLICT', STOPPED: 'CONFLICT' },
  pause: { QUEUED: 'CONFLICT', RUNNING: 'PAUSED', PAUSED: 'CONFLICT', COMPLETED: 'CONFLICT', FAILED: 'CONFLICT', STOPPED: 'CONFLICT' },
  resume: { QUEUED: 'CONFLICT', RUNNING: 'CONFLICT', PAUSED: 'RUNNING', COMPLETED: 'CONFLICT', FAILED: 'CONFLICT', STOPPED: 'CONFLICT' },
  retry: { QUEUED: 'CONFLICT', RUNNING: 'CONFLICT', PAUSED: 'CONFLICT', COMPLETED: 'CONFLICT', FAILED: 'RUNNING', STOPPED: 'RUNNING' },
};
const cells = Object.entries(table).flatMap(([action, row]) => executionStatuses.map((from) => ({ action: action as ControlAction, from, to: row[from] })));

describe('run controls against every execution status', () => {
  it.each(cells)('should make $action of a $from run $to', ({ action, from, to }) => {
    const driver = runIn(from);
    const before = driver.execution;
    const decision = driver.control(action);
    if (to === 'CONFLICT') {
      expect(decision.changed).toBe(false);
      expect(decision.refusal).toEqual({ code: 'CONFLICT', status: from, message: `Execution exec is ${from}: ${action} is not possible` });
      expect(decision.execution).toBe(before);
      return;
    }
    expect(decision.refusal).toBeUndefined();
    expect(decision.changed).toBe(true);
    expect(decision.execution.status).toBe(to);
    expect(decision.execution.version).toBe(before.version + 1);
    const announced = decision.execution.outbox.at(-1);
    expect(announced?.kind === 'status' && announced.message).toMatchObject({ status: to, version: before.version + 1 });
  });

  it.each(executionStatuses.map((from) => ({ from, allowed: ['COMPLETED', 'FAILED', 'STOPPED'].includes(from) })))(
    'should allow a rerun of a $from run: $allowed',
    ({ from, allowed }) => {
      const { execution } = runIn(from);
      const rerun = rerunOf(execution, undefined);
      if (!allowed) {
        expect(rerun).toEqual({ code: 'CONFLICT', status: from, message: `Execution exec is ${from}: rerun is not possible` });
        return;
      }
      expect(rerun).toEqual({ plan: execution.plan, input: { start: true }, rerunOf: 'exec' });
      expect(rerunOf(execution, { other: 1 })).toMatchObject({ input: { other: 1 } });
      expect(rerunOf(execution, null)).toMatchObject({ input: null });
    },
  );
});

/** A run of entry steps a and c (a -> b) with c forced into `status`, the run in `runStatus`. */
function withStep(runStatus: 'FAILED' | 'RUNNING', status: StepStatus): EngineDriver {
  const driver = createEngineDriver([{ id: 'a', next: ['b'] }, { id: 'b' }, { id: 'c' }]);
  if (runStatus === 'FAILED') driver.answer('a', 'fail');
  const c = driver.execution.steps.c;
  driver.execution = { ...driver.execution, status: runStatus, steps: { ...driver.execution.steps, c: { ...c!, status, attempts: 1, input: { start: true } } } };
  return driver;
}

describe('run controls against every step status', () => {
  it.each(stepStatuses.map((status) => ({ status, allowed: ['FAILED', 'TIMED_OUT', 'CANCELLED'].includes(status) })))(
    'should retry a named $status step: $allowed',
    ({ status, allowed }) => {
      const driver = withStep('FAILED', status);
      const decision = driver.control('retry', ['c']);
      if (!allowed) {
        expect(decision.refusal).toEqual({ code: 'CONFLICT', status: 'FAILED', message: `Step c is ${status}: only FAILED, TIMED_OUT and CANCELLED steps are retried` });
        expect(decision.changed).toBe(false);
        return;
      }
      expect(decision.execution.status).toBe('RUNNING');
      expect(driver.commandOf('c')).toMatchObject({ attempt: 2, input: { start: true } });
      expect(driver.statuses()).toMatchObject({ a: 'FAILED', b: 'SKIPPED', c: 'RUNNING' });
    },
  );

  it.each(stepStatuses.map((status) => ({ status, after: status === 'PENDING' || status === 'RUNNING' ? 'CANCELLED' : status })))(
    'should leave a $status step $after when stopping',
    ({ status, after }) => {
      const driver = withStep('RUNNING', status);
      driver.control('stop');
      expect(driver.statuses().c).toBe(after);
    },
  );

  it.each(stepStatuses)('should leave a %s step as it is when pausing and resuming', (status) => {
    const driver = withStep('RUNNING', status);
    driver.control('pause');
    expect(driver.statuses().c).toBe(status);
    driver.control('resume');
    expect(driver.statuses().c).toBe(status);
  });

  it('should refuse a retry naming no step or an unknown one', () => {
    const driver = runIn('FAILED');
    expect(driver.control('retry', []).refusal).toEqual({ code: 'BAD_USER_INPUT', status: 'FAILED', message: 'Name at least one step to retry' });
    expect(driver.control('retry', ['zzz']).refusal).toEqual({ code: 'BAD_USER_INPUT', status: 'FAILED', message: 'Step zzz is not a step of execution exec' });
    expect(applyControl(driver.execution, { type: 'Control', action: 'retry', stepIds: ['a', 'a'] }, driver.options()).changed).toBe(true);
  });
});
