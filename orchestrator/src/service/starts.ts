import { AppError, ErrorCode, type Cache, type Logger, type Metrics } from '@flow/platform';
import { v7 as uuidv7 } from 'uuid';
import { queueExecution } from '../engine/admission.js';
import { startExecution } from '../engine/engine.js';
import type { EngineOptions, Execution, Plan } from '../engine/state.js';
import { jsonBytes, type Json } from '@flow/protocol';
import type { ExecutionStore, StoredExecution } from '../store/executionStore.js';
import type { ExecutionLocks } from './executionLocks.js';
import type { FlowLimits } from './flowLimits.js';
import type { FlowReader } from './flowReader.js';
import { createLiveProcessors } from './heartbeats.js';
import { assertStartInput } from './startInput.js';
import type { Outbox } from './outbox.js';
import type { RunLog } from './runLog.js';

export interface Starts {
  /** Starts a run of the flow; resolves once its execution is stored. An input past STEP_OUTPUT_MAX_BYTES is refused (PAYLOAD_TOO_LARGE). */
  start: (orchestratedFlowId: string, input: Json, correlationId: string) => Promise<StoredExecution>;
  /** Starts a new run of a pinned plan (rerunExecution): not today's flow, the snapshot an earlier run kept. */
  rerun: (rerun: { plan: Plan; input: Json; rerunOf: string }, correlationId: string) => Promise<StoredExecution>;
  /** Resolves once the first publications of the starts already answered have ended. */
  settled(): Promise<void>;
}

export interface StartsDeps {
  store: ExecutionStore;
  cache: Cache;
  flows: FlowReader;
  locks: ExecutionLocks;
  outbox: Outbox;
  limits: FlowLimits;
  options: () => EngineOptions;
  logger: Logger;
  metrics: Metrics;
  /** The run's log lines (its start). */
  runLog: RunLog;
}

/** A start input is the entry steps' input: it has the bound of a step output. */
function assertInputSize(input: Json, maxBytes: number | undefined): void {
  if (maxBytes === undefined) return;
  const bytes = jsonBytes(input);
  if (bytes <= maxBytes) return;
  throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `The input is ${bytes} bytes, more than a run's input may be (${maxBytes}, STEP_OUTPUT_MAX_BYTES)`, {
    details: { bytes, maxBytes },
  });
}

/** Starts executions: reads and checks the flow, stores its execution, publishes its first commands. */
export function createStarts({ store, cache, flows, locks, outbox, limits, options, logger, metrics, runLog }: StartsDeps): Starts {
  const started = metrics.counter('orchestrator_executions_started_total', 'Executions started', []);
  const processors = createLiveProcessors(cache);
  /** The first publications of starts already answered (close waits for them). */
  const starting = new Set<Promise<void>>();

  return {
    async start(orchestratedFlowId: string, input: Json, correlationId: string): Promise<StoredExecution> {
      assertInputSize(input, options().limits?.stepOutputMaxBytes);
      const snapshot = await flows.read(orchestratedFlowId);
      assertStartInput(input, snapshot.entryInputSchemas ?? []);
      await processors.assertLive(snapshot.processorIds);
      const start = { id: uuidv7(), plan: snapshot.plan, input, correlationId };
      const make = (queued: boolean): Execution => (queued ? queueExecution(start, options()) : startExecution(start, options()));
      return limits.start(snapshot, make, launch);
    },

    // A rerun repeats a run that was admitted: it is not held to today's flow limit or input checks.
    async rerun({ plan, input, rerunOf }, correlationId) {
      assertInputSize(input, options().limits?.stepOutputMaxBytes);
      await processors.assertLive([...new Set(plan.steps.map((step) => step.processorId))]);
      return launch({ ...startExecution({ id: uuidv7(), plan, input, correlationId }, options()), rerunOf });
    },

    async settled() {
      await Promise.all(starting);
    },
  };

  /** Stores a new execution and publishes its first commands; resolves once it is stored. */
  function launch(execution: Execution): Promise<StoredExecution> {
    started.inc();
    // The answer goes once the execution is stored: from then on it runs whatever happens (a
    // publication that fails is retried by the sweep), so a caller never retries a start that
    // took place. The first commands go out under the lock all the same: the first step's
    // answer may arrive before this outbox is cleared.
    let answer!: (stored: StoredExecution) => void;
    const inserted = new Promise<StoredExecution>((resolve) => (answer = resolve));
    let stored = false;
    const run = locks.withLock(execution.id, async () => {
      const written = await store.insert(execution);
      stored = true;
      runLog.started(written);
      answer(written);
      return outbox.flush(written);
    });
    const publishing = run.then(
      () => undefined,
      (error: unknown) => {
        if (stored) logger.warn({ err: error, executionId: execution.id }, 'could not publish the first commands of a started execution; the sweep publishes them');
      },
    );
    starting.add(publishing);
    void publishing.finally(() => starting.delete(publishing));
    return Promise.race([inserted, run]);
  }
}
