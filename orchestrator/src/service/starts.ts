import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, ErrorCode, type Cache, type Logger, type Metrics } from '@flow/platform';
import { v7 as uuidv7 } from 'uuid';
import { queueExecution } from '../engine/admission.js';
import { startExecution } from '../engine/engine.js';
import type { EngineOptions, Execution, Plan } from '../engine/state.js';
import { jsonBytes, type Json } from '@flow/protocol';
import type { ExecutionStore, StoredExecution } from '../store/executionStore.js';
import type { StartKeyClaim, StartKeys } from '../store/startKeys.js';
import type { ExecutionLocks } from './executionLocks.js';
import type { FlowLimits } from './flowLimits.js';
import type { FlowReader } from './flowReader.js';
import { createLiveProcessors } from './heartbeats.js';
import { assertStartInput } from './startInput.js';
import type { Outbox } from './outbox.js';
import type { RunLog } from './runLog.js';

export interface Starts {
  /**
   * Starts a run of the flow; resolves once its execution is stored. An input past
   * STEP_OUTPUT_MAX_BYTES is refused (PAYLOAD_TOO_LARGE). With an idempotency key, a start the
   * key already made within the window is answered instead of a new run (startKeys.ts).
   */
  start: (orchestratedFlowId: string, input: Json, correlationId: string, idempotencyKey?: string) => Promise<StoredExecution>;
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
  /** The idempotency keys of starts, and how long a key names its start (ORCHESTRATOR_IDEMPOTENCY_WINDOW_MS). */
  keys: StartKeys;
  idempotencyWindowMs: number;
}

/** How long a start waits for the run another start with its key is making, before answering SERVICE_UNAVAILABLE. */
const KEY_WAIT_MS = 10_000;
/** A key whose run was never stored this long after it was taken (its start's process died) is taken over. */
const KEY_ORPHAN_MS = 60_000;

/** Idempotency keys are caller-made: printable ASCII, as HTTP headers carry them. */
function assertIdempotencyKey(key: string): void {
  if (key.length === 0 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw AppError.badInput([{ field: 'idempotencyKey', constraint: 'format', message: 'idempotencyKey must be 1 to 255 printable ASCII characters without spaces' }]);
  }
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
export function createStarts({ store, cache, flows, locks, outbox, limits, options, logger, metrics, runLog, keys, idempotencyWindowMs }: StartsDeps): Starts {
  const started = metrics.counter('orchestrator_executions_started_total', 'Executions started', []);
  const replayed = metrics.counter('orchestrator_start_replays_total', 'Starts answered with the run an earlier start with the same idempotency key made', []);
  const processors = createLiveProcessors(cache);
  /** The first publications of starts already answered (close waits for them). */
  const starting = new Set<Promise<void>>();

  return {
    async start(orchestratedFlowId, input, correlationId, idempotencyKey) {
      assertInputSize(input, options().limits?.stepOutputMaxBytes);
      if (idempotencyKey === undefined) return startNew(uuidv7(), orchestratedFlowId, input, correlationId);
      assertIdempotencyKey(idempotencyKey);
      const claim: StartKeyClaim = {
        key: `${orchestratedFlowId}:${idempotencyKey}`, executionId: uuidv7(), at: Date.now(),
        inputDigest: createHash('sha256').update(JSON.stringify(input)).digest('base64url'),
      };
      const earlier = await runOfKey(claim, idempotencyKey);
      if (earlier) {
        replayed.inc();
        return earlier;
      }
      try {
        return await startNew(claim.executionId, orchestratedFlowId, input, correlationId);
      } catch (error) {
        // Refused or failed before its run was stored: the key is free for the caller's retry.
        // (When the store cannot tell, the key stays taken: a retry takes it over as orphaned.)
        const stored = await store.get(claim.executionId).catch(() => undefined);
        if (stored === null) await keys.release(claim).catch(() => undefined);
        throw error;
      }
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

  async function startNew(id: string, orchestratedFlowId: string, input: Json, correlationId: string): Promise<StoredExecution> {
    const snapshot = await flows.read(orchestratedFlowId);
    assertStartInput(input, snapshot.entryInputSchemas ?? []);
    await processors.assertLive(snapshot.processorIds);
    const start = { id, plan: snapshot.plan, input, correlationId };
    const make = (queued: boolean): Execution => (queued ? queueExecution(start, options()) : startExecution(start, options()));
    return limits.start(snapshot, make, launch);
  }

  /**
   * Takes the claim's key, answering undefined (this start makes the run), or answers the run an
   * earlier start with the key made: waited for while that start is storing it, taken over when
   * that start died before storing it (its claim orphaned), refused when its input differed.
   */
  async function runOfKey(claim: StartKeyClaim, idempotencyKey: string): Promise<StoredExecution | undefined> {
    const until = Date.now() + KEY_WAIT_MS;
    for (;;) {
      const held = await keys.claim({ ...claim, at: Date.now() }, idempotencyWindowMs);
      if (!held) return undefined;
      if (held.inputDigest !== claim.inputDigest) {
        throw new AppError(ErrorCode.CONFLICT, `Idempotency key ${idempotencyKey} was used by another start of this flow with another input (execution ${held.executionId}): use a new key for a new start`, {
          details: { executionId: held.executionId },
        });
      }
      const run = await store.get(held.executionId);
      if (run) return run;
      if (Date.now() - held.at > KEY_ORPHAN_MS) await keys.release(held);
      else if (Date.now() > until) {
        throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `A start with idempotency key ${idempotencyKey} is still being made; retry with the same key`);
      } else await sleep(100);
    }
  }

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
