import { AppError, ErrorCode, type Cache } from '@flow/platform';
import { PROCESSOR_HEALTH_MAP, type Heartbeat } from '@flow/protocol';

export interface LiveProcessors {
  /** Refuses a start whose processors have no live instance, naming them. */
  assertLive(processorIds: readonly string[]): Promise<void>;
}

/**
 * Checks processors against their heartbeats in `processor-health`. A reading that showed every
 * processor asked for live is reused for `reuseMs` (a burst of starts reads the map once, and
 * a heartbeat's TTL is several seconds anyway); a processor missing from it is always looked up
 * afresh, so an instance that just started is found at once and a refusal is never stale.
 */
export function createLiveProcessors(cache: Cache, reuseMs = 1_000): LiveProcessors {
  let last: { live: ReadonlySet<string>; at: number } | undefined;
  const read = async (): Promise<ReadonlySet<string>> => {
    const live = new Set((await cache.map<Heartbeat>(PROCESSOR_HEALTH_MAP).entries()).map(([, beat]) => beat.processorId));
    last = { live, at: Date.now() };
    return live;
  };
  return {
    async assertLive(processorIds) {
      const recent = last && Date.now() - last.at < reuseMs ? last.live : undefined;
      const live = recent && processorIds.every((id) => recent.has(id)) ? recent : await read();
      const dead = processorIds.filter((id) => !live.has(id));
      if (dead.length > 0) {
        throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `No live heartbeat from processor(s) ${dead.join(', ')}: start an instance before starting this flow`, {
          details: { processorIds: dead },
        });
      }
    },
  };
}
