import type { Json } from '@flow/protocol';
import { pendingStep, startExecution } from './engine.js';
import type { EngineOptions, Execution, Plan } from './state.js';

/**
 * A start beyond its flow's maxConcurrentRuns (onLimit QUEUE): an execution that waits, QUEUED,
 * with every step PENDING and nothing dispatched; announced as version 1 like any new run.
 */
export function queueExecution(start: { id: string; plan: Plan; input: Json; correlationId: string }, options: EngineOptions): Execution {
  const { orchestratedFlowId } = start.plan;
  const changedAt = options.now.toISOString();
  return {
    id: start.id, orchestratedFlowId, status: 'QUEUED', version: 1, input: start.input,
    correlationId: start.correlationId, startedAt: changedAt, finishedAt: null, plan: start.plan,
    steps: Object.fromEntries(start.plan.steps.map((step) => [step.stepId, pendingStep()])),
    // Nothing runs yet: no current step.
    outbox: [{
      kind: 'status', id: options.newId(),
      message: {
        type: 'OrchestrationStatusChanged', schemaVersion: 1, executionId: start.id, orchestratedFlowId,
        version: 1, status: 'QUEUED', completedSteps: 0, totalSteps: start.plan.steps.length, currentSteps: [], changedAt,
      },
    }],
    nextDeadline: null,
  };
}

/**
 * A QUEUED execution let in: it starts now as a new run would (its entry steps dispatched,
 * `startedAt` now), keeping its id, input and pinned plan, the version counting on. Any other
 * execution is answered unchanged.
 */
export function admitExecution(queued: Execution, options: EngineOptions): Execution {
  if (queued.status !== 'QUEUED') return queued;
  const { id, plan, input, correlationId, version } = queued;
  return startExecution({ id, plan, input, correlationId, version }, options);
}
