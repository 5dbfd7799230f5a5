import { AppError, ErrorCode, type Cache } from '@flow/platform';

/**
 * Serializes the transitions of one execution across every orchestrator instance: a local
 * queue per execution (so one instance never contends with itself), then a leased cluster
 * lock in the cache. The store's revision check stays as a second guard; it alone is not
 * enough on FerretDB, whose compare-and-replace is not atomic under concurrent writers.
 */
export interface ExecutionLocks {
  withLock<T>(executionId: string, work: () => Promise<T>): Promise<T>;
}

const LOCK_MAP = 'execution-locks';

export function createExecutionLocks(cache: Cache, leaseMs: number, waitMs = 15_000): ExecutionLocks {
  const tails = new Map<string, Promise<unknown>>();

  async function acquire(executionId: string): Promise<() => Promise<void>> {
    const deadline = Date.now() + waitMs;
    for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
      const release = await cache.tryLock(LOCK_MAP, executionId, leaseMs);
      if (release) return release;
      if (Date.now() > deadline) throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `Execution ${executionId} stayed locked for ${waitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  return {
    async withLock(executionId, work) {
      const previous = tails.get(executionId) ?? Promise.resolve();
      const run = previous.catch(() => undefined).then(async () => {
        const release = await acquire(executionId);
        try {
          return await work();
        } finally {
          await release().catch(() => undefined);
        }
      });
      tails.set(executionId, run);
      try {
        return await run;
      } finally {
        if (tails.get(executionId) === run) tails.delete(executionId);
      }
    },
  };
}
