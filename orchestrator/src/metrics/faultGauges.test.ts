import { createMemoryBus, createMemoryCache, createMetrics, deadLetterQueue, type Metrics } from '@flow/platform';
import { EVENTS_QUEUE, heartbeatKey, PROCESSOR_HEALTH_MAP, processorQueue, type Heartbeat } from '@flow/protocol';
import { describe, expect, it } from 'vitest';
import { startExecution } from '../engine/engine.js';
import { buildPlan } from '../engine/plan.js';
import { createMemoryExecutionStore } from '../store/memoryExecutionStore.js';
import { OVERDUE_AFTER_MS } from './faultGauges.js';
import { observeOrchestrator } from './orchestratorGauges.js';

/** name{labels} -> value, of a registry's text exposition. */
async function samples(metrics: Metrics, name: string): Promise<Record<string, number>> {
  const lines = (await metrics.registry.metrics()).split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.lastIndexOf(' ')).replace(/,?service="[^"]*"/, ''), Number(line.split(' ').at(-1))]));
}

describe('the gauges the alert rules watch', () => {
  it('should count dead letters per queue, keep a stopped processor with 0 instances, and count runs past a deadline', async () => {
    const bus = createMemoryBus();
    const cache = createMemoryCache();
    const store = createMemoryExecutionStore();
    await store.init();
    const metrics = createMetrics('orchestrator');
    observeOrchestrator({ store, bus, cache, metrics, statusCountTtlMs: 0, queueTtlMs: 0 });
    const beats = cache.map<Heartbeat>(PROCESSOR_HEALTH_MAP);
    await beats.set(heartbeatKey('p1', 'i1'), { processorId: 'p1', instanceId: 'i1', name: 'EchoProcessor', version: '1.0.0', at: new Date().toISOString(), inFlight: 0 }, 60_000);
    await bus.publish(deadLetterQueue(processorQueue('p1')), { poison: 1 });
    await bus.publish(deadLetterQueue(processorQueue('p1')), { poison: 2 });
    await bus.publish(deadLetterQueue(EVENTS_QUEUE), { poison: 3 });
    expect(await samples(metrics, 'orchestrator_dead_letters')).toEqual({
      'orchestrator_dead_letters{processor="",version=""}': 1,
      'orchestrator_dead_letters{processor="EchoProcessor",version="1.0.0"}': 2,
    });
    expect(await samples(metrics, 'orchestrator_processor_instances')).toEqual({ 'orchestrator_processor_instances{processor="EchoProcessor",version="1.0.0"}': 1 });

    await beats.delete(heartbeatKey('p1', 'i1'));
    await bus.publish(processorQueue('p1'), { command: 1 });
    expect(await samples(metrics, 'orchestrator_processor_instances')).toEqual({ 'orchestrator_processor_instances{processor="EchoProcessor",version="1.0.0"}': 0 });
    expect(await samples(metrics, 'orchestrator_processor_queue_depth')).toEqual({ 'orchestrator_processor_queue_depth{processor="EchoProcessor",version="1.0.0"}': 1 });

    const plan = buildPlan('flow', [{ id: 'a', processorId: 'p1', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [] }], new Map());
    const longAgo = new Date(Date.now() - OVERDUE_AFTER_MS - 10_000);
    await store.insert(startExecution({ id: 'late', plan, input: {}, correlationId: 'c' }, { now: longAgo, newId: () => 'cmd', maxAttempts: 1, retryBaseMs: 10, retryMaxMs: 10, stepTimeoutMs: 1_000 }));
    await store.insert(startExecution({ id: 'fresh', plan, input: {}, correlationId: 'c' }, { now: new Date(), newId: () => 'cmd2', maxAttempts: 1, retryBaseMs: 10, retryMaxMs: 10, stepTimeoutMs: 1_000 }));
    expect(await samples(metrics, 'orchestrator_executions_overdue')).toEqual({ 'orchestrator_executions_overdue{}': 1 });
  });
});
