import { AppError, createMemoryCache, deadLetterQueue, ErrorCode, type Cache } from '@flow/platform';
import { heartbeatKey, PROCESSOR_HEALTH_MAP, processorQueue, type Heartbeat } from '@flow/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createProcessorActivity } from './processorActivity.js';

const beat = (processorId: string, instanceId: string, inFlight = 0): Heartbeat => ({
  processorId, instanceId, name: 'P', version: '1.2.0', at: '2026-12-03T10:00:00.000Z', inFlight,
});

/** A bus whose depths are set by the test, counting the reads that reach it. */
function fakeDepths(depths: Record<string, number | Error>) {
  const reads: string[] = [];
  return {
    reads,
    bus: {
      depth: async (queue: string): Promise<number> => {
        reads.push(queue);
        const depth = depths[queue] ?? 0;
        if (depth instanceof Error) throw depth;
        return depth;
      },
    },
  };
}

describe('what processors are doing (Processor.instances, queueDepth, deadLetterDepth)', () => {
  const opened: Cache[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((cache) => cache.close()));
  });
  const cacheWith = async (...beats: Heartbeat[]): Promise<Cache> => {
    const cache = createMemoryCache();
    opened.push(cache);
    for (const one of beats) await cache.map<Heartbeat>(PROCESSOR_HEALTH_MAP).set(heartbeatKey(one.processorId, one.instanceId), one, 60_000);
    return cache;
  };

  it('should list each processor\'s instances from their heartbeats, ordered by instance id, and none for a processor without any', async () => {
    const cache = await cacheWith(beat('p1', 'b', 2), beat('p2', 'x'), beat('p1', 'a'));
    const activity = createProcessorActivity(fakeDepths({}).bus, cache);
    expect(await activity.instances('p1')).toEqual([
      { instanceId: 'a', version: '1.2.0', lastSeenAt: '2026-12-03T10:00:00.000Z', inFlight: 0 },
      { instanceId: 'b', version: '1.2.0', lastSeenAt: '2026-12-03T10:00:00.000Z', inFlight: 2 },
    ]);
    expect(await activity.instances('p3')).toEqual([]);
  });

  it('should read the heartbeats once for a page of processors within its reuse time, and afresh after it', async () => {
    const cache = await cacheWith(beat('p1', 'a'));
    let reads = 0;
    const counted: Cache = { ...cache, map: <V>(name: string) => {
      const map = cache.map<V>(name);
      return { ...map, entries: () => ((reads += 1), map.entries()) };
    } };
    const activity = createProcessorActivity(fakeDepths({}).bus, counted, 50);
    await Promise.all(['p1', 'p2', 'p3'].map((id) => activity.instances(id)));
    expect(reads).toBe(1);
    await cache.map<Heartbeat>(PROCESSOR_HEALTH_MAP).set(heartbeatKey('p2', 'n'), beat('p2', 'n'), 60_000);
    expect(await activity.instances('p2')).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await activity.instances('p2')).map((instance) => instance.instanceId)).toEqual(['n']);
    expect(reads).toBe(2);
  });

  it('should answer SERVICE_UNAVAILABLE when the heartbeats cannot be read, and read again at the next call', async () => {
    const cache = await cacheWith(beat('p1', 'a'));
    let down = true;
    const flaky: Cache = { ...cache, map: <V>(name: string) => {
      const map = cache.map<V>(name);
      return { ...map, entries: () => (down ? Promise.reject(new Error('connection refused')) : map.entries()) };
    } };
    const activity = createProcessorActivity(fakeDepths({}).bus, flaky);
    const refusal = await activity.instances('p1').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE, message: 'Processor heartbeats cannot be read now: the cache is unreachable' });
    down = false;
    expect(await activity.instances('p1')).toHaveLength(1);
  });

  it('should read the processor\'s queue and its dead-letter queue, once per reuse time, and answer null for a depth the broker cannot give', async () => {
    const { bus, reads } = fakeDepths({ [processorQueue('p1')]: 7, [deadLetterQueue(processorQueue('p1'))]: 2, [processorQueue('p2')]: new Error('broker down') });
    const activity = createProcessorActivity(bus, await cacheWith());
    expect(await activity.queueDepth('p1')).toBe(7);
    expect(await activity.deadLetterDepth('p1')).toBe(2);
    expect(await activity.queueDepth('p1')).toBe(7);
    expect(await activity.queueDepth('p2')).toBeNull();
    expect(reads).toEqual([processorQueue('p1'), deadLetterQueue(processorQueue('p1')), processorQueue('p2')]);
  });
});
