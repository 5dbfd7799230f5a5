import type { Cache, CacheMap, Metrics } from '@flow/platform';

/**
 * The cache with its operations counted in
 * `orchestrator_cache_operations_total{map, operation, outcome}`: reads are `hit` or `miss`
 * (the hit ratio of the shared execution heads, `execution-heads`), writes `ok`, lock attempts
 * `acquired` or `busy`, failures `error`. Map and lock names are constants of the code.
 */
export function observeCache(cache: Cache, metrics: Metrics): Cache {
  const operations = metrics.counter('orchestrator_cache_operations_total', 'Cache operations by map, operation and outcome (hit, miss, ok, acquired, busy, error)', ['map', 'operation', 'outcome']);
  async function counted<T>(map: string, operation: string, run: () => Promise<T>, outcomeOf: (result: T) => string): Promise<T> {
    try {
      const result = await run();
      operations.inc({ map, operation, outcome: outcomeOf(result) });
      return result;
    } catch (error) {
      operations.inc({ map, operation, outcome: 'error' });
      throw error;
    }
  }
  const ok = (): string => 'ok';
  const found = (value: unknown): string => (value === undefined ? 'miss' : 'hit');
  return {
    map<V>(name: string): CacheMap<V> {
      const map = cache.map<V>(name);
      return {
        get: (key) => counted(name, 'get', () => map.get(key), found),
        getEntry: (key) => counted(name, 'get', () => map.getEntry(key), found),
        set: (key, value, ttlMs) => counted(name, 'set', () => map.set(key, value, ttlMs), ok),
        setIfAbsent: (key, value, ttlMs) => counted(name, 'setIfAbsent', () => map.setIfAbsent(key, value, ttlMs), ok),
        delete: (key) => counted(name, 'delete', () => map.delete(key), ok),
        entries: () => counted(name, 'entries', () => map.entries(), ok),
      };
    },
    tryLock: (name, key, leaseMs) => counted(name, 'tryLock', () => cache.tryLock(name, key, leaseMs), (release) => (release ? 'acquired' : 'busy')),
    health: cache.health,
    close: () => cache.close(),
  };
}
