import type { Logger } from '@flow/platform';
import { dueDeadlines } from '../engine/engine.js';
import type { ExecutionStore } from '../store/executionStore.js';
import type { ExecutionLocks } from './executionLocks.js';
import type { Outbox } from './outbox.js';
import type { Transitions } from './transitions.js';

/** Outbox entries younger than this belong to a writer still publishing them. */
const OUTBOX_GRACE_MS = 5_000;

export interface Sweeper {
  /** One pass: publishes outboxes left behind (a writer that failed or died), then times out steps past their deadline. */
  sweep: () => Promise<void>;
  /** Sweeps every `sweepMs` until stopped; the next sweep is scheduled when one ends, so a slow store never stacks sweeps. */
  start(): void;
  /** Schedules no further sweep; resolves once the one under way, if any, has ended. */
  stop(): Promise<void>;
}

export interface SweeperDeps {
  store: ExecutionStore;
  locks: ExecutionLocks;
  outbox: Outbox;
  transitions: Transitions;
  logger: Logger;
  sweepMs: number;
}

/** The store sweep every orchestrator instance runs (docs/protocol.md, timeouts and durability). */
export function createSweeper({ store, locks, outbox, transitions, logger, sweepMs }: SweeperDeps): Sweeper {
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> = Promise.resolve();
  let stopped = false;

  async function sweep(): Promise<void> {
    const now = new Date();
    for (const stale of await store.withOutbox(new Date(now.getTime() - OUTBOX_GRACE_MS), 100)) {
      await locks.withLock(stale.id, async () => {
        const current = await store.get(stale.id);
        if (current) await outbox.flush(current);
      });
    }
    for (const execution of await store.withDueDeadline(now, 100)) {
      for (const deadline of dueDeadlines(execution, now)) await transitions.transition(execution.id, deadline);
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      sweeping = sweep()
        .catch((error: unknown) => logger.warn({ err: error }, 'orchestrator sweep failed'))
        .finally(schedule);
    }, sweepMs);
    timer.unref();
  }

  return {
    sweep,
    start: schedule,
    stop() {
      stopped = true;
      clearTimeout(timer);
      return sweeping;
    },
  };
}
