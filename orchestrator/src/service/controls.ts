import { AppError, ErrorCode, isAppError, withSpan, type Logger, type Metrics } from '@flow/platform';
import type { Json } from '@flow/protocol';
import { applyControl, rerunOf, type ControlAction, type ControlEvent, type Refusal } from '../engine/controls.js';
import type { EngineOptions } from '../engine/state.js';
import type { ExecutionQuery } from '../store/executionFilter.js';
import type { ExecutionStore, StoredExecution } from '../store/executionStore.js';
import type { Starts } from './starts.js';
import type { Transitions } from './transitions.js';

export interface ControlsDeps {
  store: ExecutionStore;
  transitions: Transitions;
  starts: Pick<Starts, 'rerun'>;
  options: () => EngineOptions;
  logger: Logger;
  metrics: Metrics;
}

/** Bulk controls read the runs to act on a page at a time. */
const BULK_PAGE = 100;

/** The error a refused control answers: CONFLICT (or BAD_USER_INPUT) with the run's current status. */
const refusalError = (executionId: string, refusal: Refusal): AppError =>
  new AppError(ErrorCode[refusal.code], refusal.message, { details: { executionId, status: refusal.status } });

/**
 * An operator's run controls (docs/protocol.md, "Run controls"): stop, pause, resume and retry
 * are transitions of the run under its lock like any event; rerun starts a new run of its
 * pinned plan. Each is traced, logged and counted in `orchestrator_controls_total{action,outcome}`.
 */
export function createControls({ store, transitions, starts, options, logger, metrics }: ControlsDeps) {
  const counted = metrics.counter('orchestrator_controls_total', 'Run controls asked for, by action and outcome (applied, refused, not-found)', ['action', 'outcome']);
  /** Refusals decided under the lock, for the caller that asked (transitions.ts onRefused). */
  const refusals = new WeakMap<ControlEvent, Refusal>();

  async function existing(executionId: string): Promise<StoredExecution> {
    const execution = await store.get(executionId);
    if (!execution) throw AppError.notFound('Execution', executionId);
    return execution;
  }

  /** Counts, logs and traces one control; `run` answers the run it leaves. */
  async function observed(action: ControlAction | 'rerun', executionId: string, run: () => Promise<StoredExecution>): Promise<StoredExecution> {
    return withSpan('orchestrator.control', { 'flow.execution_id': executionId, 'flow.control': action }, async () => {
      try {
        const result = await run();
        counted.inc({ action, outcome: 'applied' });
        logger.info({ executionId, action, status: result.status, resultId: result.id }, `run control ${action} applied`);
        return result;
      } catch (error) {
        const outcome = isAppError(error) && error.code === ErrorCode.NOT_FOUND ? 'not-found' : 'refused';
        counted.inc({ action, outcome });
        logger.info({ executionId, action, reason: error instanceof Error ? error.message : String(error) }, `run control ${action} ${outcome}`);
        throw error;
      }
    });
  }

  async function control(executionId: string, action: ControlAction, stepIds?: readonly string[]): Promise<StoredExecution> {
    return observed(action, executionId, async () => {
      const event: ControlEvent = { type: 'Control', action, ...(stepIds ? { stepIds } : {}) };
      const current = await existing(executionId);
      // Checked before the store forgets that a retried run ended; decided again under the lock.
      const trial = applyControl(current, event, options());
      if (trial.refusal) throw refusalError(executionId, trial.refusal);
      if (action === 'retry') await store.reopen(executionId);
      const result = await transitions.transition(executionId, event);
      const refusal = refusals.get(event);
      if (refusal) throw refusalError(executionId, refusal);
      if (!result) throw AppError.notFound('Execution', executionId);
      return result;
    });
  }

  async function rerun(executionId: string, input: Json | undefined, correlationId: string): Promise<StoredExecution> {
    return observed('rerun', executionId, async () => {
      const decided = rerunOf(await existing(executionId), input);
      if ('code' in decided) throw refusalError(executionId, decided);
      return starts.rerun(decided, correlationId);
    });
  }

  /** Applies `action` to every run `filter` matches; those in a status it does not apply to are left as they are. */
  async function bulk(action: 'stop' | 'retry', filter: ExecutionQuery): Promise<{ matched: number; affected: number }> {
    let matched = 0;
    let affected = 0;
    for (let beforeId: string | undefined; ; ) {
      const page = await store.list({ ...filter, first: BULK_PAGE, ...(beforeId ? { beforeId } : {}) });
      matched += page.length;
      for (const execution of page) {
        const applied = await control(execution.id, action).then(() => true, (error: unknown) => {
          if (isAppError(error) && error.code !== ErrorCode.SERVICE_UNAVAILABLE) return false;
          throw error;
        });
        if (applied) affected += 1;
      }
      if (page.length < BULK_PAGE) return { matched, affected };
      beforeId = (page.at(-1) as StoredExecution).id;
    }
  }

  return { control, rerun, bulk, onRefused: (event: ControlEvent, refusal: Refusal) => refusals.set(event, refusal) };
}

export type Controls = ReturnType<typeof createControls>;
