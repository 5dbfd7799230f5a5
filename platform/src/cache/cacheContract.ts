import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../errors.js';
import type { Cache, CacheMap } from './cache.js';

/** The TTLs and leases here are short, yet whole seconds long for the cluster's second clock. */
const shortTtlMs = 1_000;
const shortLeaseMs = 500;
/** The port lets the cluster end an entry or lease up to about 2 s late, never early. */
const lateness = 2_500;

const unique = (label: string): string => `${label}-${randomBytes(5).toString('hex')}`;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `done` answers true; resolves with the milliseconds since `since`. */
async function waitUntil(done: () => Promise<boolean>, since: number, timeoutMs: number): Promise<number> {
  while (!(await done())) {
    if (Date.now() - since > timeoutMs) throw new Error(`still not done after ${timeoutMs} ms`);
    await sleep(50);
  }
  return Date.now() - since;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return isAppError(error) ? error.code : error instanceof TypeError ? 'TypeError' : `unexpected: ${String(error)}`;
  }
}

interface Snapshot {
  flowId: string;
  steps: Array<{ id: string; next: string[] }>;
  attempts: number;
  done: boolean;
  note: string | null;
}

const snapshot = (flowId: string): Snapshot => ({
  flowId,
  steps: [{ id: 'a', next: ['b'] }, { id: 'b', next: [] }],
  attempts: 3,
  done: false,
  note: null,
});

/**
 * The behaviour every Cache adapter must have. `factory` answers a new instance (a new client)
 * per call; instances from one factory share one cluster. Every test uses fresh map names.
 */
export function describeCacheContract(adapter: string, factory: () => Cache | Promise<Cache>): void {
  describe(`Cache contract (${adapter})`, () => {
    const opened: Cache[] = [];
    const used: Array<CacheMap<unknown>> = [];
    let cache: Cache;
    const open = async (): Promise<Cache> => {
      const instance = await factory();
      opened.push(instance);
      return instance;
    };
    /** A fresh map on `on`, emptied after the test; `name` lets a second instance open it too. */
    const mapOf = <V>(on: Cache, name = unique('contract')): CacheMap<V> => {
      const map = on.map<V>(name);
      used.push(map as CacheMap<unknown>);
      return map;
    };

    beforeEach(async () => {
      cache = await open();
    });
    afterEach(async () => {
      for (const map of used.splice(0)) {
        const entries = await map.entries().catch(() => []);
        await Promise.all(entries.map(([key]) => map.delete(key)));
      }
      await Promise.all(opened.splice(0).map((instance) => instance.close()));
    });

    it('should store, read back, overwrite and delete JSON values', async () => {
      const map = mapOf<Snapshot>(cache);
      await map.set('flow-1', snapshot('flow-1'));
      const read = await map.get('flow-1');
      expect(read).toEqual(snapshot('flow-1'));
      read!.attempts = 99;
      expect(await map.get('flow-1')).toEqual(snapshot('flow-1'));
      await map.set('flow-1', { ...snapshot('flow-1'), done: true });
      expect((await map.get('flow-1'))?.done).toBe(true);
      await map.delete('flow-1');
      await map.delete('never-stored');
      expect(await map.get('flow-1')).toBeUndefined();
      expect(await map.getEntry('flow-1')).toBeUndefined();
    });

    it('should refuse a value without JSON and a TTL or lease that is not a positive integer', async () => {
      const map = mapOf<unknown>(cache);
      expect(await codeOf(map.set('k', undefined))).toBe('TypeError');
      expect(await codeOf(map.set('k', () => 1))).toBe('TypeError');
      for (const ttl of [0, -1, 1.5, Number.NaN]) expect(await codeOf(map.set('k', 1, ttl))).toBe('TypeError');
      expect(await codeOf(map.setIfAbsent('k', 1, 0))).toBe('TypeError');
      expect(await codeOf(cache.tryLock(unique('locks'), 'k', 0))).toBe('TypeError');
      expect(await map.entries()).toEqual([]);
    });

    it('should expire an entry after its TTL and not before, keeping entries without TTL', async () => {
      const map = mapOf<string>(cache);
      const started = Date.now();
      await map.set('short', 'lived', shortTtlMs);
      await map.set('forever', 'kept');
      expect(await map.get('short')).toBe('lived');
      const lived = await waitUntil(async () => (await map.get('short')) === undefined, started, shortTtlMs + lateness);
      expect(lived).toBeGreaterThanOrEqual(shortTtlMs - 20);
      expect(await map.get('forever')).toBe('kept');
    });

    it('should report when an entry expires, and no expiry for an entry without TTL', async () => {
      const map = mapOf<Snapshot>(cache);
      const before = Date.now();
      await map.set('flow-1', snapshot('flow-1'), 60_000);
      const after = Date.now();
      const entry = await map.getEntry('flow-1');
      expect(entry?.value).toEqual(snapshot('flow-1'));
      expect(entry?.expiresAt).toBeGreaterThanOrEqual(before + 60_000 - 20);
      expect(entry?.expiresAt).toBeLessThanOrEqual(after + 60_000 + lateness);
      await map.set('flow-1', snapshot('flow-1'));
      expect(await map.getEntry('flow-1')).toEqual({ value: snapshot('flow-1'), expiresAt: undefined });
      expect(await map.getEntry('missing')).toBeUndefined();
    });

    it('should store with setIfAbsent once, refuse while present and store again once expired', async () => {
      const map = mapOf<string>(cache);
      const started = Date.now();
      expect(await map.setIfAbsent('fire', 'first', shortTtlMs)).toBe(true);
      expect(await map.setIfAbsent('fire', 'second', shortTtlMs)).toBe(false);
      expect(await map.get('fire')).toBe('first');
      await waitUntil(async () => (await map.get('fire')) === undefined, started, shortTtlMs + lateness);
      expect(await map.setIfAbsent('fire', 'third')).toBe(true);
      expect(await map.getEntry('fire')).toEqual({ value: 'third', expiresAt: undefined });
    });

    it('should list only the live entries of one map', async () => {
      const map = mapOf<number>(cache);
      const other = mapOf<number>(cache);
      const started = Date.now();
      await map.set('kept', 1);
      await map.set('expiring', 2, shortTtlMs);
      await map.set('deleted', 3);
      await map.delete('deleted');
      await other.set('elsewhere', 4);
      const sorted = async () => (await map.entries()).sort(([a], [b]) => a.localeCompare(b));
      expect(await sorted()).toEqual([['expiring', 2], ['kept', 1]]);
      await waitUntil(async () => (await map.get('expiring')) === undefined, started, shortTtlMs + lateness);
      expect(await sorted()).toEqual([['kept', 1]]);
    });

    it('should refuse a held lock, to its holder too, and grant it again after release', async () => {
      const locks = unique('locks');
      const release = await cache.tryLock(locks, 'scheduler', 30_000);
      expect(release).toBeDefined();
      expect(await cache.tryLock(locks, 'scheduler', 30_000)).toBeUndefined();
      const other = await cache.tryLock(locks, 'other-key', 30_000);
      expect(other).toBeDefined();
      await release!();
      const again = await cache.tryLock(locks, 'scheduler', 30_000);
      expect(again).toBeDefined();
      await release!();
      expect(await cache.tryLock(locks, 'scheduler', 30_000)).toBeUndefined();
      await again!();
      await other!();
    });

    it('should grant a lock again once its lease ended, and ignore the stale release', async () => {
      const locks = unique('locks');
      const started = Date.now();
      const stale = await cache.tryLock(locks, 'scheduler', shortLeaseMs);
      expect(stale).toBeDefined();
      let next: (() => Promise<void>) | undefined;
      const waited = await waitUntil(async () => (next = await cache.tryLock(locks, 'scheduler', 30_000)) !== undefined, started, shortLeaseMs + lateness);
      expect(waited).toBeGreaterThanOrEqual(shortLeaseMs - 20);
      await stale!();
      expect(await cache.tryLock(locks, 'scheduler', 30_000)).toBeUndefined();
      await next!();
    });

    it('should share entries between two instances of one cluster', async () => {
      const second = await open();
      const name = unique('shared');
      const [mine, theirs] = [mapOf<Snapshot>(cache, name), mapOf<Snapshot>(second, name)];
      await mine.set('flow-1', snapshot('flow-1'), 60_000);
      expect(await theirs.get('flow-1')).toEqual(snapshot('flow-1'));
      expect((await theirs.getEntry('flow-1'))?.expiresAt).toBe((await mine.getEntry('flow-1'))?.expiresAt);
      const winners = await Promise.all([mine, theirs, mine, theirs].map((map, i) => map.setIfAbsent('race', snapshot(`r${i}`))));
      expect(winners.filter(Boolean)).toHaveLength(1);
      await theirs.delete('flow-1');
      expect(await mine.get('flow-1')).toBeUndefined();
    });

    it('should let one of two instances hold a lock, until release or the end of its lease', async () => {
      const second = await open();
      const locks = unique('locks');
      const mine = await cache.tryLock(locks, 'scheduler', 30_000);
      expect(mine).toBeDefined();
      expect(await second.tryLock(locks, 'scheduler', 30_000)).toBeUndefined();
      await mine!();
      const started = Date.now();
      expect(await second.tryLock(locks, 'scheduler', shortLeaseMs)).toBeDefined();
      expect(await cache.tryLock(locks, 'scheduler', 30_000)).toBeUndefined();
      let regained: (() => Promise<void>) | undefined;
      await waitUntil(async () => (regained = await cache.tryLock(locks, 'scheduler', 30_000)) !== undefined, started, shortLeaseMs + lateness);
      await regained!();
      const race = await Promise.all([cache, second, cache, second].map((instance) => instance.tryLock(locks, 'race', 30_000)));
      expect(race.filter(Boolean)).toHaveLength(1);
    });

    it('should keep locks apart from the map of the same name', async () => {
      const second = await open();
      const name = unique('both');
      expect(await cache.tryLock(name, 'flow-1', 30_000)).toBeDefined();
      const map = mapOf<string>(second, name);
      await map.set('flow-1', 'written while locked');
      expect(await map.get('flow-1')).toBe('written while locked');
    });

    it('should answer its health check while open, and fail it and every operation once closed', async () => {
      const map = mapOf<string>(cache);
      await map.set('k', 'v', 60_000);
      await cache.health.check();
      const release = await cache.tryLock(unique('locks'), 'k', 30_000);
      await cache.close();
      await cache.close();
      expect(await codeOf(cache.health.check())).toBe('SERVICE_UNAVAILABLE');
      expect(await codeOf(map.get('k'))).toBe('SERVICE_UNAVAILABLE');
      expect(await codeOf(map.set('k', 'w'))).toBe('SERVICE_UNAVAILABLE');
      expect(await codeOf(cache.tryLock(unique('locks'), 'k', 1_000))).toBe('SERVICE_UNAVAILABLE');
      await release!();
    });
  });
}
