import { describe, expect, it } from 'vitest';
import { admitExecution, queueExecution } from './admission.js';
import { applyEvent } from './engine.js';
import { buildPlan } from './plan.js';
import type { EngineOptions } from './state.js';

const at = (ms: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + ms);
let ids = 0;
const options = (ms: number): EngineOptions => ({ now: at(ms), newId: () => `id-${++ids}`, maxAttempts: 3, retryBaseMs: 100, retryMaxMs: 1_000, stepTimeoutMs: 60_000 });
const plan = buildPlan('flow', [
  { id: 'a', processorId: 'p-a', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: ['b'] },
  { id: 'b', processorId: 'p-b', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [] },
], new Map());
const queued = () => queueExecution({ id: 'exec', plan, input: { n: 1 }, correlationId: 'corr' }, options(0));

describe('queued executions', () => {
  it('should wait QUEUED with every step PENDING, nothing dispatched, announced as version 1', () => {
    const execution = queued();
    expect(execution).toMatchObject({ id: 'exec', status: 'QUEUED', version: 1, input: { n: 1 }, startedAt: at(0).toISOString(), finishedAt: null, nextDeadline: null });
    expect(Object.values(execution.steps).map((step) => step.status)).toEqual(['PENDING', 'PENDING']);
    expect(execution.outbox).toEqual([{
      kind: 'status', id: expect.any(String),
      message: {
        type: 'OrchestrationStatusChanged', schemaVersion: 1, executionId: 'exec', orchestratedFlowId: 'flow', version: 1, status: 'QUEUED',
        completedSteps: 0, totalSteps: 2, currentSteps: [], changedAt: at(0).toISOString(),
      },
    }]);
  });

  it('should start when admitted: entry steps dispatched, startedAt then, the version counting on', () => {
    const admitted = admitExecution({ ...queued(), outbox: [] }, options(5_000));
    expect(admitted).toMatchObject({ id: 'exec', status: 'RUNNING', version: 2, startedAt: at(5_000).toISOString(), input: { n: 1 } });
    expect(admitted.steps.a).toMatchObject({ status: 'RUNNING', attempts: 1, input: { n: 1 } });
    expect(admitted.outbox.map((command) => command.kind)).toEqual(['dispatch', 'status']);
    expect(admitted.outbox[1]).toMatchObject({ message: { status: 'RUNNING', version: 2, currentSteps: ['a'] } });
  });

  it('should leave an execution that is not QUEUED as it is', () => {
    const running = admitExecution(queued(), options(1));
    expect(admitExecution(running, options(2))).toBe(running);
  });

  it('should stop a queued execution, cancelling its steps, and apply nothing else to it', () => {
    const stopped = applyEvent(queued(), { type: 'Stop' }, options(10));
    expect(stopped.changed).toBe(true);
    expect(stopped.execution).toMatchObject({ status: 'STOPPED', version: 2, finishedAt: at(10).toISOString() });
    expect(Object.values(stopped.execution.steps).map((step) => step.status)).toEqual(['CANCELLED', 'CANCELLED']);
    const deadline = { type: 'StepDeadlineReached' as const, schemaVersion: 1 as const, commandId: 'c', executionId: 'exec', stepId: 'a', attempt: 1 };
    expect(applyEvent(queued(), deadline, options(10))).toMatchObject({ changed: false, ignored: 'ended' });
  });
});
