import { AppError, ErrorCode, type Logger } from '@flow/platform';
import { admitExecution } from '../engine/admission.js';
import type { EngineOptions, Execution } from '../engine/state.js';
import type { ExecutionStore, StoredExecution } from '../store/executionStore.js';
import type { ExecutionLocks } from './executionLocks.js';
import type { FlowReader, FlowSnapshot } from './flowReader.js';
import type { Outbox } from './outbox.js';

/** How many of a flow's most recent runs the limit looks at: its maximum (1000) plus the queue ahead of it. */
const ACTIVE_WINDOW = 2_000;

export interface FlowLimits {
  /**
   * Decides, under the flow's lock, whether a start of a flow with a maxConcurrentRuns runs now,
   * waits (QUEUE) or is refused (REJECT: CONFLICT); `launch` stores the execution it is given.
   * A start queues whenever runs already wait, so queued starts keep their order.
   */
  start(snapshot: FlowSnapshot, make: (queued: boolean) => Execution, launch: (execution: Execution) => Promise<StoredExecution>): Promise<StoredExecution>;
  /** A run of the flow ended: lets in the oldest queued runs while the limit allows. */
  ended(orchestratedFlowId: string): void;
  /** Lets in what waits in every flow with queued runs (at orchestrator start: a run may have ended while none was up). */
  resume(): Promise<void>;
  /** Resolves once the admissions under way have ended. */
  settled(): Promise<void>;
}

export interface FlowLimitsDeps {
  store: ExecutionStore;
  locks: ExecutionLocks;
  outbox: Outbox;
  flows: FlowReader;
  options: () => EngineOptions;
  logger: Logger;
}

const flowLock = (orchestratedFlowId: string): string => `flow-limit:${orchestratedFlowId}`;

/** A flow's RUNNING runs and its QUEUED ones, oldest first. */
async function activeRuns(store: ExecutionStore, orchestratedFlowId: string): Promise<{ running: number; queued: StoredExecution[] }> {
  const recent = await store.list({ orchestratedFlowId, first: ACTIVE_WINDOW });
  return {
    running: recent.filter((execution) => execution.status === 'RUNNING').length,
    queued: recent.filter((execution) => execution.status === 'QUEUED').reverse(),
  };
}

/** maxConcurrentRuns and onLimit of docs/protocol.md ("Flow limits"): durable queued runs in the execution store. */
export function createFlowLimits({ store, locks, outbox, flows, options, logger }: FlowLimitsDeps): FlowLimits {
  const admitting = new Set<Promise<void>>();

  /** Starts one QUEUED execution under its own lock, as a transition: written, then published. */
  async function admit(executionId: string): Promise<void> {
    await locks.withLock(executionId, async () => {
      const current = await store.get(executionId, { verify: true });
      if (current?.status !== 'QUEUED') return;
      const written = await store.replace(admitExecution(current, options()), current);
      if (written) await outbox.flush(written);
    });
  }

  async function admitWaiting(orchestratedFlowId: string): Promise<void> {
    await locks.withLock(flowLock(orchestratedFlowId), async () => {
      const { running, queued } = await activeRuns(store, orchestratedFlowId);
      if (queued.length === 0) return;
      // The limit as the flow says now: an edit that raised or removed it lets more in.
      const limit = (await flows.read(orchestratedFlowId).catch(() => null))?.maxConcurrentRuns ?? null;
      const free = limit === null ? queued.length : Math.max(limit - running, 0);
      for (const next of queued.slice(0, free)) await admit(next.id);
    });
  }

  function track(work: Promise<void>, orchestratedFlowId: string): void {
    const tracked = work.catch((error: unknown) => logger.warn({ err: error, orchestratedFlowId }, 'queued runs of the flow could not be started; the next end of a run retries'));
    admitting.add(tracked);
    void tracked.finally(() => admitting.delete(tracked));
  }

  return {
    async start(snapshot, make, launch) {
      const limit = snapshot.maxConcurrentRuns ?? null;
      if (limit === null) return launch(make(false));
      return locks.withLock(flowLock(snapshot.orchestratedFlowId), async () => {
        const { running, queued } = await activeRuns(store, snapshot.orchestratedFlowId);
        if (running < limit && queued.length === 0) return launch(make(false));
        if (snapshot.onLimit === 'REJECT') {
          throw new AppError(ErrorCode.CONFLICT, `OrchestratedFlow ${snapshot.orchestratedFlowId} already has ${running} of its ${limit} concurrent runs (onLimit REJECT)`, {
            details: { orchestratedFlowId: snapshot.orchestratedFlowId, running, maxConcurrentRuns: limit },
          });
        }
        return launch(make(true));
      });
    },

    ended(orchestratedFlowId) {
      track(admitWaiting(orchestratedFlowId), orchestratedFlowId);
    },

    async resume() {
      const recent = await store.list({ first: ACTIVE_WINDOW });
      const flowIds = new Set(recent.filter((execution) => execution.status === 'QUEUED').map((execution) => execution.orchestratedFlowId));
      for (const flowId of flowIds) track(admitWaiting(flowId), flowId);
    },

    async settled() {
      while (admitting.size > 0) await Promise.allSettled([...admitting]);
    },
  };
}
