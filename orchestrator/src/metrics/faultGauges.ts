import { deadLetterQueue, type Bus, type Metrics } from '@flow/platform';
import { EVENTS_QUEUE } from '@flow/protocol';
import type { ExecutionStore } from '../store/executionStore.js';
import { cachedValue } from './cachedValue.js';

/** A step deadline passed this long ago should have been timed out by a sweep long since. */
export const OVERDUE_AFTER_MS = 60_000;
/** At most this many overdue executions are counted (the alert needs one). */
const OVERDUE_COUNT_LIMIT = 1_000;

/** One processor (name and version, bounded labels, unlike its id), its live instances and what its queues hold. */
export interface ProcessorQueue {
  processor: string;
  version: string;
  instances: number;
  depth: number | undefined;
  deadLetters: number | undefined;
}

export interface FaultObservationDeps {
  store: ExecutionStore;
  bus: Bus;
  metrics: Metrics;
  queues: () => Promise<ProcessorQueue[] | undefined>;
  statusCountTtlMs?: number;
  queueTtlMs?: number;
}

/**
 * What the alert rules of infra/observability/alerts.yml watch besides health: messages parked
 * in dead-letter queues, and runs a sweep left RUNNING past a step's deadline.
 */
export function observeFaults({ store, bus, metrics, queues, statusCountTtlMs = 15_000, queueTtlMs = 5_000 }: FaultObservationDeps): void {
  const eventDeadLetters = cachedValue(() => bus.depth(deadLetterQueue(EVENTS_QUEUE)), queueTtlMs);
  const overdue = cachedValue(async () => (await store.withDueDeadline(new Date(Date.now() - OVERDUE_AFTER_MS), OVERDUE_COUNT_LIMIT)).length, statusCountTtlMs);
  metrics.gauge('orchestrator_dead_letters', 'Messages in dead-letter queues: orchestrator.events (processor "") and each processor queue, by processor name and version', ['processor', 'version'], async (gauge) => {
    const [events, rows] = await Promise.all([eventDeadLetters(), queues()]);
    gauge.reset();
    if (events !== undefined) gauge.set({ processor: '', version: '' }, events);
    for (const row of rows ?? []) if (row.deadLetters !== undefined) gauge.inc({ processor: row.processor, version: row.version }, row.deadLetters);
  });
  metrics.gauge('orchestrator_executions_overdue', `RUNNING executions with a step deadline passed over ${OVERDUE_AFTER_MS / 1000} s ago (a sweep times them out; counted up to ${OVERDUE_COUNT_LIMIT})`, [], async (gauge) => {
    const count = await overdue();
    if (count !== undefined) gauge.set(count);
  });
}
