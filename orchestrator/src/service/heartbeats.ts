import { AppError, ErrorCode, type Cache } from '@flow/platform';
import { PROCESSOR_HEALTH_MAP, type Heartbeat } from '../protocol/heartbeat.js';

/** Refuses a start whose processors have no live instance, naming them. */
export async function assertProcessorsLive(cache: Cache, processorIds: readonly string[]): Promise<void> {
  const live = new Set((await cache.map<Heartbeat>(PROCESSOR_HEALTH_MAP).entries()).map(([, beat]) => beat.processorId));
  const dead = processorIds.filter((id) => !live.has(id));
  if (dead.length > 0) {
    throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `No live heartbeat from processor(s) ${dead.join(', ')}: start an instance before starting this flow`, {
      details: { processorIds: dead },
    });
  }
}
