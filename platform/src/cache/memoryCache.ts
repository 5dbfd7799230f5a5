import { cacheUnavailable, requirePositiveMs, toCacheJson, type Cache, type CacheEntry, type CacheMap } from './cache.js';

interface StoredEntry {
  json: string;
  expiresAt: number | undefined;
}

interface HeldLock {
  /** One object per grant, so a stale release cannot free a later grant. */
  grant: object;
  expiresAt: number;
}

/**
 * The state several memory caches share, as several clients share one Hazelcast cluster.
 * Opaque to callers: pass it to `createMemoryCache` to connect another instance.
 */
export interface MemoryCacheCluster {
  readonly maps: Map<string, Map<string, StoredEntry>>;
  readonly locks: Map<string, HeldLock>;
}

export function createMemoryCacheCluster(): MemoryCacheCluster {
  return { maps: new Map(), locks: new Map() };
}

/**
 * The in-process twin of the Hazelcast cache (embedded mode, unit tests). Expiry is exact to
 * `now()` (injectable for tests) and checked when an entry is read, so nothing runs in the
 * background. Instances created on one `cluster` share maps and contend for locks.
 */
export function createMemoryCache(now: () => number = Date.now, cluster: MemoryCacheCluster = createMemoryCacheCluster()): Cache {
  let closed = false;
  const open = (operation: string): void => {
    if (closed) throw cacheUnavailable(operation);
  };
  const expiryOf = (ttlMs: number | undefined): number | undefined =>
    ttlMs === undefined ? undefined : now() + requirePositiveMs('ttlMs', ttlMs);

  function mapOf<V>(name: string): CacheMap<V> {
    const store = (): Map<string, StoredEntry> => {
      let entries = cluster.maps.get(name);
      if (!entries) cluster.maps.set(name, (entries = new Map<string, StoredEntry>()));
      return entries;
    };
    const live = (key: string): StoredEntry | undefined => {
      const entry = store().get(key);
      if (entry?.expiresAt !== undefined && entry.expiresAt <= now()) {
        store().delete(key);
        return undefined;
      }
      return entry;
    };
    const entryOf = (key: string): CacheEntry<V> | undefined => {
      const entry = live(key);
      return entry && { value: JSON.parse(entry.json) as V, expiresAt: entry.expiresAt };
    };
    return {
      async get(key) {
        open('get');
        return entryOf(key)?.value;
      },
      async getEntry(key) {
        open('getEntry');
        return entryOf(key);
      },
      async set(key, value, ttlMs) {
        open('set');
        store().set(key, { json: toCacheJson(value), expiresAt: expiryOf(ttlMs) });
      },
      async setIfAbsent(key, value, ttlMs) {
        open('setIfAbsent');
        const entry = { json: toCacheJson(value), expiresAt: expiryOf(ttlMs) };
        if (live(key)) return false;
        store().set(key, entry);
        return true;
      },
      async delete(key) {
        open('delete');
        store().delete(key);
      },
      async entries() {
        open('entries');
        return [...store().keys()].flatMap((key): Array<[string, V]> => {
          const entry = entryOf(key);
          return entry ? [[key, entry.value]] : [];
        });
      },
    };
  }

  async function tryLock(name: string, key: string, leaseMs: number): Promise<(() => Promise<void>) | undefined> {
    open('tryLock');
    const expiresAt = now() + requirePositiveMs('leaseMs', leaseMs);
    const id = JSON.stringify([name, key]);
    const held = cluster.locks.get(id);
    if (held && held.expiresAt > now()) return undefined;
    const grant = {};
    cluster.locks.set(id, { grant, expiresAt });
    return async () => {
      if (cluster.locks.get(id)?.grant === grant) cluster.locks.delete(id);
    };
  }

  return {
    map: mapOf,
    tryLock,
    health: {
      name: 'cache',
      check: async () => open('health check'),
    },
    async close() {
      closed = true;
    },
  };
}
