import { createLogger, createMemoryBus, createMemoryCache, createMetrics, loadConfig } from '@flow/platform';
import { EVENTS_QUEUE, PROCESSOR_HEALTH_MAP, type Heartbeat } from '@flow/protocol';
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { applyEvent } from '../engine/engine.js';
import { buildPlan } from '../engine/plan.js';
import { createMemoryExecutionStore } from '../store/memoryExecutionStore.js';
import type { FlowReader } from './flowReader.js';
import { createOrchestrator } from './orchestrator.js';

// Queued runs (maxConcurrentRuns, onLimit QUEUE) are executions in the store: they outlive the orchestrator that queued them.

describe('queued runs across an orchestrator restart', () => {
  it('should be started in order by the next orchestrator, when runs of the flow end', async () => {
    const bus = createMemoryBus();
    const cache = createMemoryCache();
    const store = createMemoryExecutionStore();
    const [flowId, stepId, processorId] = [randomUUID(), randomUUID(), randomUUID()];
    const beat: Heartbeat = { processorId, instanceId: 'i', name: 'P', version: '1.0.0', at: new Date().toISOString(), inFlight: 0 };
    await cache.map<Heartbeat>(PROCESSOR_HEALTH_MAP).set(processorId, beat, 60_000);
    const plan = buildPlan(flowId, [{ id: stepId, processorId, entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [] }], new Map());
    const flows: FlowReader = { read: async () => ({ orchestratedFlowId: flowId, plan, processorIds: [processorId], cronExpression: null, isScheduleEnabled: false, maxConcurrentRuns: 1, onLimit: 'QUEUE' }) };
    const settings = loadConfig('orchestrator', { NODE_ENV: 'test', LOG_LEVEL: 'silent' }).orchestration;
    const orchestratorOn = (name: string) =>
      createOrchestrator({ store, bus, cache, flows, settings, logger: createLogger('test', 'silent'), metrics: createMetrics(name) });

    const first = orchestratorOn('limits-first');
    const runs = [];
    for (let n = 0; n < 3; n += 1) runs.push(await first.start(flowId, { n }, `c${n}`));
    expect(runs.map((run) => run.status)).toEqual(['RUNNING', 'QUEUED', 'QUEUED']);
    await first.close();

    // The running one ends while no orchestrator is up (as written by its last holder).
    const [one, two, three] = runs.map((run) => run.id) as [string, string, string];
    const running = await store.get(one);
    if (!running) throw new Error('run lost');
    const ended = applyEvent(running, { type: 'Stop' }, { now: new Date(), newId: randomUUID, ...settings }).execution;
    await store.replace({ ...ended, outbox: [] }, running);

    const second = orchestratorOn('limits-second');
    await second.run();
    await vi.waitFor(async () => expect((await store.get(two))?.status).toBe('RUNNING'));
    expect((await store.get(three))?.status).toBe('QUEUED');
    expect((await store.get(two))?.input).toEqual({ n: 1 });

    // Its answer ends the second run: the third starts.
    const admitted = await store.get(two);
    const { commandId, attempts } = admitted?.steps[stepId] ?? {};
    await bus.publish(EVENTS_QUEUE, {
      type: 'ActivityExecuted', schemaVersion: 1, commandId, executionId: two, stepId, processorId, attempt: attempts, output: { ok: true }, durationMs: 1, executedAt: new Date().toISOString(),
    });
    await vi.waitFor(async () => expect((await store.get(three))?.status).toBe('RUNNING'));
    expect((await store.get(two))?.status).toBe('COMPLETED');
    await second.close();
    await bus.close();
    await cache.close();
  });
});
