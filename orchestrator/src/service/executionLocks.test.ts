import { createMemoryCache } from '@flow/platform';
import { describe, expect, it } from 'vitest';
import { createExecutionLocks } from './executionLocks.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('execution locks', () => {
  it('should keep a lock for the next transition and run beforeRelease, still holding it, once when it goes', async () => {
    const cache = createMemoryCache();
    const released: Array<{ id: string; stillHeld: boolean }> = [];
    const locks = createExecutionLocks(cache, {
      leaseMs: 10_000,
      lingerMs: 30,
      beforeRelease: async (id) => {
        released.push({ id, stillHeld: (await cache.tryLock('execution-locks', id, 1_000)) === undefined });
      },
    });
    await locks.withLock('a', async () => undefined);
    await locks.withLock('a', async () => undefined); // within the linger: the same lock
    expect(released).toEqual([]);
    await sleep(80);
    expect(released).toEqual([{ id: 'a', stillHeld: true }]);
    expect(await cache.tryLock('execution-locks', 'a', 1_000)).toBeDefined();
    await cache.close();
  });

  it('should run beforeRelease for every kept lock when closed', async () => {
    const cache = createMemoryCache();
    const released: string[] = [];
    const locks = createExecutionLocks(cache, { leaseMs: 10_000, lingerMs: 60_000, beforeRelease: async (id) => void released.push(id) });
    await locks.withLock('a', async () => undefined);
    await locks.withLock('b', async () => undefined);
    await locks.close();
    expect(released.sort()).toEqual(['a', 'b']);
    await cache.close();
  });

  it('should stop waiting for a lock held elsewhere once draining, with an outage error, while the holder finishes', async () => {
    const cache = createMemoryCache();
    const here = createExecutionLocks(cache, { leaseMs: 10_000, lingerMs: 0, waitMs: 15_000 });
    const elsewhere = createExecutionLocks(cache, { leaseMs: 10_000, lingerMs: 0 });
    let finish!: () => void;
    const holding = elsewhere.withLock('a', () => new Promise<string>((resolve) => (finish = () => resolve('held to the end'))));
    await sleep(10);
    const waiting = here.withLock('a', async () => 'never');
    const outcome = waiting.then(() => 'ran', (error: unknown) => error);
    await sleep(30);
    const drainedAt = Date.now();
    here.drain();
    const refused = (await outcome) as { code?: string; retryable?: boolean; message?: string };
    expect(Date.now() - drainedAt).toBeLessThan(1_000);
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true, message: 'Execution a is locked elsewhere and this instance is shutting down' });
    expect(await here.withLock('b', async () => 'a free lock is still taken')).toBe('a free lock is still taken');
    finish();
    expect(await holding).toBe('held to the end');
    await cache.close();
  });

  it('should release the lock even when beforeRelease fails', async () => {
    const cache = createMemoryCache();
    const locks = createExecutionLocks(cache, { leaseMs: 10_000, lingerMs: 0, beforeRelease: async () => { throw new Error('cache down'); } });
    await locks.withLock('a', async () => undefined);
    expect(await cache.tryLock('execution-locks', 'a', 1_000)).toBeDefined();
    await cache.close();
  });
});
