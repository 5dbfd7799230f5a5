import type { Logger } from '@flow/platform';
import type { Execution } from '../engine/state.js';
import type { Transition } from './transitions.js';

/**
 * The log lines of a run's handling (README "Tracing and logs"): its start, its end and each
 * failed step at info and above, each transition at debug. Every line names the execution, its
 * flow and its correlation id (also when a sweep, not a request, moved it); the logger adds the
 * active span's trace and span ids.
 */
export interface RunLog {
  started: (execution: Execution) => void;
  transitioned: (before: Execution, after: Execution, events: readonly Transition[]) => void;
}

const FAILED_STEP = new Set(['FAILED', 'TIMED_OUT']);

export function createRunLog(logger: Logger): RunLog {
  const about = (execution: Execution) => ({ executionId: execution.id, orchestratedFlowId: execution.orchestratedFlowId, correlationId: execution.correlationId });
  return {
    started(execution) {
      logger.info({ ...about(execution), totalSteps: Object.keys(execution.steps).length, status: execution.status }, 'execution started');
    },
    transitioned(before, after, events) {
      logger.debug({ ...about(after), events: events.map((event) => event.type), version: after.version, status: after.status }, 'execution transition');
      for (const [stepId, step] of Object.entries(after.steps)) {
        if (FAILED_STEP.has(step.status) && before.steps[stepId]?.status !== step.status) {
          logger.warn({ ...about(after), stepId, status: step.status, attempts: step.attempts, error: step.error }, 'step failed');
        }
      }
      if (before.status === 'RUNNING' && after.status !== 'RUNNING') {
        const durationMs = after.finishedAt ? Date.parse(after.finishedAt) - Date.parse(after.startedAt) : undefined;
        logger.info({ ...about(after), status: after.status, durationMs }, 'execution ended');
      }
    },
  };
}
