import type { Cache, Logger } from '@flow/platform';
import { heartbeatKey, PROCESSOR_HEALTH_MAP, type Heartbeat } from '@flow/protocol';

export interface HeartbeatOptions {
  cache: Cache;
  processorId: string;
  instanceId: string;
  name: string;
  version: string;
  heartbeatMs: number;
  /** Commands in flight now, reported with each beat. */
  inFlight: () => number;
  logger: Logger;
}

export interface Heartbeats {
  /** Stops beating and removes this instance's entry, so it stops counting as live at once. */
  stop(): Promise<void>;
}

/**
 * Keeps this instance's entry in map `processor-health` alive: written every `heartbeatMs`
 * with a TTL of three periods, so two lost beats are tolerated and a dead instance disappears
 * within three. The first beat is awaited: a processor the cache cannot see does not start.
 */
export async function startHeartbeats(options: HeartbeatOptions): Promise<Heartbeats> {
  const { cache, processorId, instanceId, name, version, heartbeatMs, logger } = options;
  const map = cache.map<Heartbeat>(PROCESSOR_HEALTH_MAP);
  const key = heartbeatKey(processorId, instanceId);
  const beat = (): Promise<void> =>
    map.set(key, { processorId, instanceId, name, version, at: new Date().toISOString(), inFlight: options.inFlight() }, 3 * heartbeatMs);

  await beat();
  let pending: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    pending = beat().catch((error: unknown) => logger.warn({ err: error }, 'heartbeat not written; the cache is unreachable'));
  }, heartbeatMs);
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      await pending;
      await map.delete(key).catch((error: unknown) => logger.warn({ err: error }, 'heartbeat not removed; it will expire'));
    },
  };
}
