import { createMemoryCache, type Cache, type CacheMap } from '@flow/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { PROCESSOR_HEALTH_MAP, type Heartbeat } from '@flow/protocol';
import { createLiveProcessors } from './heartbeats.js';

/** The memory cache, counting the operations that reach it per map. */
function countingCache(): { cache: Cache; calls: Map<string, number> } {
  const inner = createMemoryCache();
  const calls = new Map<string, number>();
  const count = (name: string) => calls.set(name, (calls.get(name) ?? 0) + 1);
  const cache: Cache = {
    ...inner,
    map: <V>(name: string): CacheMap<V> => {
      const map = inner.map<V>(name);
      return { ...map, set: (...args) => (count(`${name}.set`), map.set(...args)), entries: () => (count(`${name}.entries`), map.entries()) };
    },
    close: () => inner.close(),
  };
  return { cache, calls };
}

const beat = (processorId: string): Heartbeat => ({ processorId, instanceId: 'i', name: 'P', version: '1.0.0', at: new Date().toISOString(), inFlight: 0 });

describe('what a start keeps in the cache', () => {
  const opened: Cache[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((cache) => cache.close()));
  });
  const counting = () => {
    const made = countingCache();
    opened.push(made.cache);
    return made;
  };

  it('should reuse a reading that showed every processor live, and look a missing one up afresh', async () => {
    const { cache, calls } = counting();
    const heartbeats = cache.map<Heartbeat>(PROCESSOR_HEALTH_MAP);
    await heartbeats.set('p/i', beat('p'), 60_000);
    const live = createLiveProcessors(cache, 60_000);
    await live.assertLive(['p']);
    await live.assertLive(['p']);
    expect(calls.get(`${PROCESSOR_HEALTH_MAP}.entries`)).toBe(1);
    // A processor started since the reading is found at once...
    await heartbeats.set('q/i', beat('q'), 60_000);
    await live.assertLive(['p', 'q']);
    expect(calls.get(`${PROCESSOR_HEALTH_MAP}.entries`)).toBe(2);
    // ...and one with no heartbeat is refused, named, after a fresh look.
    await expect(live.assertLive(['p', 'dead'])).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'No live heartbeat from processor(s) dead: start an instance before starting this flow',
    });
    expect(calls.get(`${PROCESSOR_HEALTH_MAP}.entries`)).toBe(3);
  });
});
