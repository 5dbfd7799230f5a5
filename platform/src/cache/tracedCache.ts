import { SpanKind, withSpan, type Attributes } from '../telemetry/spans.js';
import type { Cache, CacheMap } from './cache.js';

export interface TracedCacheOptions {
  /** `db.system.name` of every span: `hazelcast`, or `memory` for the embedded twin. */
  system: string;
}

/**
 * The cache with a CLIENT span per operation (`cache.get`, `cache.set`, `cache.lock`, ...)
 * naming the map and key, and whether a read hit; values are never recorded.
 */
export function tracedCache(cache: Cache, { system }: TracedCacheOptions): Cache {
  const span = <T>(operation: string, attributes: Attributes, fn: () => Promise<T>, outcome?: (result: T) => Attributes): Promise<T> =>
    withSpan(`cache.${operation}`, { 'db.system.name': system, 'db.operation.name': operation, ...attributes }, async (active) => {
      const result = await fn();
      if (outcome) active.setAttributes(outcome(result));
      return result;
    }, { kind: SpanKind.CLIENT });

  function tracedMap<V>(name: string): CacheMap<V> {
    const map = cache.map<V>(name);
    const at = (key: string): Attributes => ({ 'flow.cache.map': name, 'flow.cache.key': key });
    const hit = (result: unknown): Attributes => ({ 'flow.cache.hit': result !== undefined });
    return {
      get: (key) => span('get', at(key), () => map.get(key), hit),
      getEntry: (key) => span('get', at(key), () => map.getEntry(key), hit),
      set: (key, value, ttlMs) => span('set', at(key), () => map.set(key, value, ttlMs)),
      setIfAbsent: (key, value, ttlMs) => span('setIfAbsent', at(key), () => map.setIfAbsent(key, value, ttlMs), (stored) => ({ 'flow.cache.stored': stored })),
      delete: (key) => span('delete', at(key), () => map.delete(key)),
      entries: () => span('entries', { 'flow.cache.map': name }, () => map.entries(), (entries) => ({ 'flow.cache.entries': entries.length })),
    };
  }

  return {
    map: tracedMap,
    tryLock: (name, key, leaseMs) =>
      span('lock', { 'flow.cache.lock': name, 'flow.cache.key': key }, () => cache.tryLock(name, key, leaseMs), (release) => ({ 'flow.cache.acquired': release !== undefined })),
    health: cache.health,
    close: () => cache.close(),
  };
}
