import { currentSteps, pendingStep } from '../engine/engine.js';
import { terminalStepStatuses } from '../engine/state.js';
import type { StoredExecution } from '../store/executionStore.js';

/** An execution as GraphQL's OrchestrationStatus. */
export function toStatus(execution: StoredExecution) {
  return {
    executionId: execution.id,
    orchestratedFlowId: execution.orchestratedFlowId,
    flow: { __typename: 'OrchestratedFlow', id: execution.orchestratedFlowId },
    status: execution.status,
    startedAt: execution.startedAt,
    finishedAt: execution.finishedAt,
    completedSteps: execution.plan.steps.filter((step) => terminalStepStatuses.has(execution.steps[step.stepId]?.status ?? 'PENDING')).length,
    totalSteps: execution.plan.steps.length,
    currentSteps: currentSteps(execution),
    steps: execution.plan.steps.map((step) => {
      const state = execution.steps[step.stepId] ?? pendingStep();
      return { step: { __typename: 'Step', id: step.stepId }, ...state, attemptHistory: state.attemptHistory ?? [] };
    }),
    version: execution.version,
    rerunOf: execution.rerunOf ?? null,
  };
}
