import type { ExecuteActivity, Json } from '@flow/protocol';
import { queueExecution } from '../admission.js';
import { applyEvent, startExecution } from '../engine.js';
import { applyControl, type ControlAction, type ControlDecision } from '../controls.js';
import { buildPlan } from '../plan.js';
import type { EngineOptions, EntryCondition, Execution, StepStatus } from '../state.js';

export interface GraphStep { id: string; when?: EntryCondition; next?: string[] }

/**
 * Drives the pure engine by hand in unit tests: starts a run of a small graph, answers the
 * commands it sends, and applies controls, keeping every decision's execution.
 */
export function createEngineDriver(steps: GraphStep[], input: Json = { start: true }, maxAttempts = 1, queued = false) {
  const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
  let counter = 0;
  const options = (): EngineOptions => ({
    now: new Date(clock.now), newId: () => `id-${++counter}`, maxAttempts, retryBaseMs: 100, retryMaxMs: 1_000, stepTimeoutMs: 60_000,
  });
  const plan = buildPlan('flow', steps.map((s) => ({ id: s.id, processorId: `p-${s.id}`, entryCondition: s.when ?? 'PREVIOUS_SUCCESS', nextStepIds: s.next ?? [] })), new Map());
  const start = { id: 'exec', plan, input, correlationId: 'corr' };
  // A queued run (beyond its flow's maxConcurrentRuns) until admitted.
  let execution: Execution = queued ? queueExecution(start, options()) : startExecution(start, options());
  const sent = new Set<string>();

  /** The commands sent and not yet answered through this driver, by step. */
  const pending = (): ExecuteActivity[] => execution.outbox.flatMap((c) => (c.kind === 'dispatch' && !sent.has(c.message.commandId) ? [c.message] : []));
  const commandOf = (stepId: string): ExecuteActivity => {
    const command = pending().filter((message) => message.stepId === stepId).at(-1);
    if (!command) throw new Error(`no command for ${stepId}`);
    return command;
  };

  return {
    get execution() {
      return execution;
    },
    set execution(next: Execution) {
      execution = next;
    },
    clock,
    options,
    /** Step ids with a command sent and not yet answered. */
    dispatched: (): string[] => pending().map((message) => message.stepId),
    commandOf,
    /** Answers the step's command: succeeds, or fails (retryable or not). */
    answer(stepId: string, outcome: 'ok' | 'fail' | 'retry' = 'ok'): Execution {
      const message = commandOf(stepId);
      sent.add(message.commandId);
      const base = { schemaVersion: 1 as const, commandId: message.commandId, executionId: message.executionId, stepId, processorId: message.processorId, attempt: message.attempt, durationMs: 1, executedAt: 'now' };
      const event = outcome === 'ok'
        ? { ...base, type: 'ActivityExecuted' as const, output: { from: stepId, attempt: message.attempt, input: message.input } }
        : { ...base, type: 'ActivityFailed' as const, error: { message: `${outcome} at ${stepId}`, type: 'Error', retryable: outcome === 'retry', validation: false } };
      execution = applyEvent(execution, event, options()).execution;
      return execution;
    },
    control(action: ControlAction, stepIds?: string[]): ControlDecision {
      const decision = applyControl(execution, { type: 'Control', action, ...(stepIds ? { stepIds } : {}) }, options());
      execution = decision.execution;
      return decision;
    },
    statuses: (): Record<string, StepStatus> => Object.fromEntries(Object.entries(execution.steps).map(([id, step]) => [id, step.status])),
  };
}

export type EngineDriver = ReturnType<typeof createEngineDriver>;
