import { AppError, ErrorCode, type Cache } from '@flow/platform';

/**
 * Serializes the transitions of one execution across every orchestrator instance: a local
 * queue per execution (so one instance never contends with itself), then a leased cluster
 * lock in the cache. The store's revision check stays as a second guard.
 *
 * A lock is kept for `lingerMs` after a transition: the next event of a run usually arrives
 * within milliseconds, and reusing the lock spares two cluster round trips per step. Another
 * instance waits at most that long for it (or the lease, if the holder died).
 */
export interface ExecutionLocks {
  withLock<T>(executionId: string, work: () => Promise<T>): Promise<T>;
  /**
   * From now on a lock held elsewhere is not waited for: `withLock` fails at once with
   * SERVICE_UNAVAILABLE (an outage: its message is held back, not counted), so an instance
   * shutting down finishes its handlers within the grace period instead of waiting out another
   * instance's lease. Locks free or kept here are still taken.
   */
  drain(): void;
  /** Releases the locks kept for reuse (an instance shutting down hands its runs over at once). */
  close(): Promise<void>;
}

const LOCK_MAP = 'execution-locks';

interface Held {
  release: () => Promise<void>;
  expiresAt: number;
  timer?: NodeJS.Timeout;
}

export interface ExecutionLockOptions {
  leaseMs: number;
  lingerMs: number;
  waitMs?: number;
  /** Runs before a lock is released, whenever that is (the store shares the execution's head then). */
  beforeRelease?: (executionId: string) => Promise<void>;
}

export function createExecutionLocks(cache: Cache, { leaseMs, lingerMs, waitMs = 15_000, beforeRelease }: ExecutionLockOptions): ExecutionLocks {
  const tails = new Map<string, Promise<unknown>>();
  const kept = new Map<string, Held>();
  let draining = false;

  /** Never rejects: a lock that cannot be released ends with its lease. */
  async function release(executionId: string, held: Held): Promise<void> {
    await beforeRelease?.(executionId).catch(() => undefined);
    await held.release().catch(() => undefined);
  }

  async function acquire(executionId: string): Promise<Held> {
    const reusable = kept.get(executionId);
    if (reusable) {
      clearTimeout(reusable.timer);
      kept.delete(executionId);
      // Reused only with most of its lease left, so a transition never outlives it.
      if (reusable.expiresAt - Date.now() > leaseMs / 2) return reusable;
      await release(executionId, reusable);
    }
    const deadline = Date.now() + waitMs;
    for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
      const expiresAt = Date.now() + leaseMs;
      const release = await cache.tryLock(LOCK_MAP, executionId, leaseMs);
      if (release) return { release, expiresAt };
      if (draining) throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `Execution ${executionId} is locked elsewhere and this instance is shutting down`);
      if (Date.now() > deadline) throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `Execution ${executionId} stayed locked for ${waitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  function keep(executionId: string, held: Held): void {
    held.timer = setTimeout(() => {
      if (kept.get(executionId) !== held) return;
      kept.delete(executionId);
      void release(executionId, held);
    }, lingerMs);
    held.timer.unref();
    kept.set(executionId, held);
  }

  return {
    async withLock(executionId, work) {
      const previous = tails.get(executionId) ?? Promise.resolve();
      const run = previous.catch(() => undefined).then(async () => {
        const held = await acquire(executionId);
        try {
          return await work();
        } finally {
          if (lingerMs > 0) keep(executionId, held);
          else await release(executionId, held);
        }
      });
      tails.set(executionId, run);
      try {
        return await run;
      } finally {
        if (tails.get(executionId) === run) tails.delete(executionId);
      }
    },
    drain() {
      draining = true;
    },
    async close() {
      const all = [...kept];
      kept.clear();
      await Promise.all(all.map(async ([executionId, held]) => {
        clearTimeout(held.timer);
        await release(executionId, held);
      }));
    },
  };
}
