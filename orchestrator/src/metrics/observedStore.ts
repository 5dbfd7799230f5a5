import { durationBuckets, type Metrics } from '@flow/platform';
import { endedStatuses, terminalStepStatuses, type Execution } from '../engine/state.js';
import type { ExecutionStore, StoredExecution } from '../store/executionStore.js';

const seconds = (from: string | null, to: string | null): number | undefined => {
  if (!from || !to) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? Math.max(0, ms) / 1_000 : undefined;
};

/**
 * The store with durations observed on the one write that makes each transition: every
 * transition is written exactly once (the revision check lets one writer win), so however many
 * orchestrator instances run, each execution and each step is observed once, by the instance
 * that finished it.
 *
 * - `orchestrator_execution_duration_seconds{status}`: start to COMPLETED / FAILED / STOPPED.
 * - `orchestrator_step_duration_seconds{status}`: a step's first dispatch to its final status
 *   (queue wait, retries and handling included; the processor's own time is
 *   `processor_activity_duration_seconds`).
 */
export function observeStore(store: ExecutionStore, metrics: Metrics): ExecutionStore {
  const executions = metrics.histogram('orchestrator_execution_duration_seconds', 'Execution run time, start to final status, by final status', ['status'], durationBuckets);
  const steps = metrics.histogram('orchestrator_step_duration_seconds', 'Step run time, first dispatch to final status, by final status', ['status'], durationBuckets);
  const observe = (written: Execution, before: StoredExecution): void => {
    if (!endedStatuses.has(before.status) && endedStatuses.has(written.status)) {
      const duration = seconds(written.startedAt, written.finishedAt ?? new Date().toISOString());
      if (duration !== undefined) executions.observe({ status: written.status }, duration);
    }
    for (const [stepId, step] of Object.entries(written.steps)) {
      const previous = before.steps[stepId];
      if (!terminalStepStatuses.has(step.status) || (previous && terminalStepStatuses.has(previous.status))) continue;
      const duration = seconds(step.startedAt, step.finishedAt);
      if (duration !== undefined) steps.observe({ status: step.status }, duration);
    }
  };
  return {
    ...store,
    async replace(execution, expected) {
      const written = await store.replace(execution, expected);
      if (written) observe(written, expected);
      return written;
    },
  };
}
