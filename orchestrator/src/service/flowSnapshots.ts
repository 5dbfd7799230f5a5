import type { Cache } from '@flow/platform';
import type { FlowSnapshot } from './flowReader.js';

/** Hazelcast map of flow snapshots, key = orchestrated flow id (docs/protocol.md, Cache). */
export const FLOW_CACHE_MAP = 'orchestration-data';
const MINUTE = 60_000;
const TTL_MS = 240 * MINUTE;
const SCHEDULED_TTL_MS = 30 * 24 * 60 * MINUTE;
/** The same snapshot is not set again by this process within this time. */
export const SNAPSHOT_RESET_MS = MINUTE;
const REMEMBERED = 1_000;

/**
 * Keeps each started flow's snapshot in `orchestration-data` with a sliding TTL: set at a start
 * unless this process set the same snapshot less than a minute ago, so a burst of starts of one
 * flow sets it once, a changed flow is set at once, and a lost cache entry is back within a
 * minute of starts. What was set is remembered for the last `REMEMBERED` flows.
 */
export function createFlowSnapshots(cache: Cache, now: () => number = Date.now) {
  const written = new Map<string, { snapshot: FlowSnapshot; json: string; at: number }>();
  return {
    async remember(snapshot: FlowSnapshot): Promise<void> {
      const id = snapshot.orchestratedFlowId;
      const previous = written.get(id);
      const fresh = previous !== undefined && now() - previous.at < SNAPSHOT_RESET_MS;
      // Starts that shared one read of the flow hand over the same object: no need to compare.
      if (fresh && previous.snapshot === snapshot) return;
      const json = JSON.stringify(snapshot);
      if (fresh && previous.json === json) {
        previous.snapshot = snapshot; // the next starts of this read compare by identity
        return;
      }
      await cache.map<FlowSnapshot>(FLOW_CACHE_MAP).set(id, snapshot, snapshot.isScheduleEnabled ? SCHEDULED_TTL_MS : TTL_MS);
      written.delete(id);
      written.set(id, { snapshot, json, at: now() });
      if (written.size > REMEMBERED) written.delete(written.keys().next().value as string);
    },
  };
}
