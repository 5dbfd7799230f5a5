import type { Cache } from '@flow/platform';

/** Hazelcast map of fire records: `${flowId}:${fireTimeIso}` -> who claimed the fire, and what came of it. */
export const SCHEDULE_FIRES_MAP = 'schedule-fires';

/** What a claimed fire came to; `dropped` when its schedule was disabled or changed meanwhile. */
export type FireOutcome = 'started' | 'queued' | 'skipped_overlap' | 'skipped_limit' | 'failed' | 'dropped';

export interface FireRecord {
  instanceId: string;
  /** When it was claimed, then when it was settled. */
  at: string;
  outcome?: FireOutcome;
  /** The run it started. */
  executionId?: string;
}

export interface FireClaims {
  /** True for exactly one caller across every orchestrator instance sharing the cache. */
  claim(flowId: string, fireTime: Date): Promise<boolean>;
  /** Notes on the claimed record what came of the fire (operators and tests read it). */
  settle(flowId: string, fireTime: Date, outcome: FireOutcome, executionId?: string): Promise<void>;
}

export const fireKey = (flowId: string, fireTime: Date): string => `${flowId}:${fireTime.toISOString()}`;

/**
 * Each fire is claimed with a unique record (setIfAbsent) before anything starts, so every
 * instance may compute the same fire and only one acts on it. Records outlive the time an
 * instance may still consider the fire (`ttlMs`, longer than the scheduler's grace), then
 * vanish, so the map stays small.
 */
export function createFireClaims(cache: Cache, instanceId: string, ttlMs: number): FireClaims {
  const records = cache.map<FireRecord>(SCHEDULE_FIRES_MAP);
  return {
    claim: (flowId, fireTime) => records.setIfAbsent(fireKey(flowId, fireTime), { instanceId, at: new Date().toISOString() }, ttlMs),
    settle: (flowId, fireTime, outcome, executionId) =>
      records.set(fireKey(flowId, fireTime), { instanceId, at: new Date().toISOString(), outcome, ...(executionId ? { executionId } : {}) }, ttlMs),
  };
}
