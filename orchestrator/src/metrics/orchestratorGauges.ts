import { deadLetterQueue, type Bus, type Cache, type Metrics } from '@flow/platform';
import { EVENTS_QUEUE, PROCESSOR_HEALTH_MAP, processorQueue, type Heartbeat } from '@flow/protocol';
import type { ExecutionStore } from '../store/executionStore.js';
import { cachedValue } from './cachedValue.js';
import { observeFaults, type ProcessorQueue } from './faultGauges.js';
import { observeCache } from './observedCache.js';
import { observeStore } from './observedStore.js';

export interface OrchestratorObservationDeps {
  store: ExecutionStore;
  bus: Bus;
  cache: Cache;
  metrics: Metrics;
  /** How long the executions-by-status counts are reused: a count scans the store (slow on FerretDB). Default 15 000 ms. */
  statusCountTtlMs?: number;
  /** How long queue depths and live instances are reused. Default 5 000 ms. */
  queueTtlMs?: number;
}

/**
 * Every processor seen alive since this instance started, from the heartbeats, one row per
 * processor id with its queue depths. A processor whose instances all stopped keeps its row
 * with 0 instances: a queue growing with nobody to consume it is what an operator must see.
 */
function processorQueues(bus: Bus, cache: Cache): () => Promise<ProcessorQueue[]> {
  const known = new Map<string, { processor: string; version: string }>();
  return async () => {
    const instances = new Map<string, number>();
    for (const [, beat] of await cache.map<Heartbeat>(PROCESSOR_HEALTH_MAP).entries()) {
      known.set(beat.processorId, { processor: beat.name, version: beat.version });
      instances.set(beat.processorId, (instances.get(beat.processorId) ?? 0) + 1);
    }
    return Promise.all([...known].map(async ([id, about]) => ({
      ...about,
      instances: instances.get(id) ?? 0,
      depth: await bus.depth(processorQueue(id)).catch(() => undefined),
      deadLetters: await bus.depth(deadLetterQueue(processorQueue(id))).catch(() => undefined),
    })));
  };
}

/**
 * The orchestrator's metrics that can be read from outside its core: gauges collected at each
 * scrape (executions by status, queue depths, live processor instances) and the store and cache
 * wrapped to observe durations and cache hits. Answers the wrapped store and cache, which
 * the orchestrator must be built with.
 */
export function observeOrchestrator(deps: OrchestratorObservationDeps): { store: ExecutionStore; cache: Cache } {
  const { store, bus, cache, metrics } = deps;
  const counts = cachedValue(() => store.countByStatus(), deps.statusCountTtlMs ?? 15_000);
  const queues = cachedValue(processorQueues(bus, cache), deps.queueTtlMs ?? 5_000);
  const eventsDepth = cachedValue(() => bus.depth(EVENTS_QUEUE), deps.queueTtlMs ?? 5_000);
  metrics.gauge('orchestrator_executions', 'Executions in the store, by status (refreshed every 15 s at most)', ['status'], async (gauge) => {
    const latest = await counts();
    if (!latest) return;
    for (const status of ['RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'STOPPED']) gauge.set({ status }, latest[status] ?? 0);
  });
  metrics.gauge('orchestrator_processor_queue_depth', 'Commands waiting in each processor queue, by processor name and version', ['processor', 'version'], async (gauge) => {
    const rows = await queues();
    gauge.reset();
    for (const row of rows ?? []) if (row.depth !== undefined) gauge.inc({ processor: row.processor, version: row.version }, row.depth);
  });
  metrics.gauge('orchestrator_processor_instances', 'Live processor instances (heartbeats), by processor name and version; 0 for one seen alive before', ['processor', 'version'], async (gauge) => {
    const rows = await queues();
    gauge.reset();
    for (const row of rows ?? []) gauge.inc({ processor: row.processor, version: row.version }, row.instances);
  });
  metrics.gauge('orchestrator_events_queue_depth', 'Events waiting in orchestrator.events', [], async (gauge) => {
    const depth = await eventsDepth();
    if (depth !== undefined) gauge.set(depth);
  });
  observeFaults({ ...deps, queues });
  return { store: observeStore(store, metrics), cache: observeCache(cache, metrics) };
}
