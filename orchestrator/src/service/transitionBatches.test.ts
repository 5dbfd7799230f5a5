import { createLogger, createMemoryBus, createMemoryCache, createMetrics, loadConfig, type Bus, type Cache } from '@flow/platform';
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { buildPlan } from '../engine/plan.js';
import { PROCESSOR_HEALTH_MAP, type Heartbeat } from '@flow/protocol';
import { EVENTS_QUEUE, processorQueue, STATUS_EXCHANGE, type ExecuteActivity, type OrchestrationStatusChanged } from '@flow/protocol';
import type { ExecutionStore } from '../store/executionStore.js';
import { createMemoryExecutionStore } from '../store/memoryExecutionStore.js';
import type { FlowReader } from './flowReader.js';
import { createOrchestrator } from './orchestrator.js';

/** a -> b, c, d -> e on one processor; the answers to b, c and d are held and sent together. */
async function fanOutRun() {
  const bus: Bus = createMemoryBus();
  const memory = createMemoryCache();
  const controls = { fails: false, mute: false };
  const cache: Cache = {
    ...memory,
    tryLock: async (name, key, leaseMs) => {
      if (controls.fails) throw new Error('cache unreachable');
      return memory.tryLock(name, key, leaseMs);
    },
    close: () => memory.close(),
  };
  const processorId = randomUUID();
  const beat: Heartbeat = { processorId, instanceId: 'i', name: 'P', version: '1.0.0', at: new Date().toISOString(), inFlight: 0 };
  await cache.map<Heartbeat>(PROCESSOR_HEALTH_MAP).set(processorId, beat, 60_000);
  const [flowId, a, b, c, d, e] = Array.from({ length: 6 }, () => randomUUID()) as [string, string, string, string, string, string];
  const step = (id: string, next: string[]) => ({ id, processorId, entryCondition: 'PREVIOUS_SUCCESS' as const, nextStepIds: next });
  const plan = buildPlan(flowId, [step(a, [b, c, d]), step(b, [e]), step(c, [e]), step(d, [e]), step(e, [])], new Map());
  const flows: FlowReader = { read: async () => ({ orchestratedFlowId: flowId, plan, processorIds: [processorId], cronExpression: null, isScheduleEnabled: false }) };
  const inner = createMemoryExecutionStore();
  let writes = 0;
  const store: ExecutionStore = { ...inner, replace: (execution, expected) => ((writes += 1), inner.replace(execution, expected)) };
  const settings = loadConfig('orchestrator', { NODE_ENV: 'test', LOG_LEVEL: 'silent' }).orchestration;
  const orchestrator = createOrchestrator({ store, bus, cache, flows, settings, logger: createLogger('test', 'silent'), metrics: createMetrics('batch-test') });
  const versions: number[] = [];
  await bus.subscribe<OrchestrationStatusChanged>(STATUS_EXCHANGE, async ({ body }) => void versions.push(body.version));
  const held: ExecuteActivity[] = [];
  const answer = (command: ExecuteActivity) => bus.publish(EVENTS_QUEUE, {
    type: 'ActivityExecuted', schemaVersion: 1, commandId: command.commandId, executionId: command.executionId, stepId: command.stepId,
    processorId, attempt: command.attempt, durationMs: 1, executedAt: new Date().toISOString(), output: { from: command.stepId },
  });
  await bus.declareQueue(processorQueue(processorId));
  await bus.consume<ExecuteActivity>(processorQueue(processorId), async ({ body }) => {
    if (controls.mute) return;
    if ([b, c, d].includes(body.stepId)) {
      held.push(body);
      if (held.length === 3) for (const command of held) void answer(command);
    } else {
      await answer(body);
    }
  }, { prefetch: 10, maxDeliveries: 3, retryDelayMs: 10 });
  await orchestrator.run();
  return { orchestrator, store, flowId, versions, controls, writes: () => writes, close: async () => { await orchestrator.close(); await bus.close(); await cache.close(); } };
}

describe('events of one execution that arrive together', () => {
  it('should be applied in fewer writes, each still a transition with its own version and status, in order', async () => {
    const run = await fanOutRun();
    const started = await run.orchestrator.start(run.flowId, { n: 1 }, 'c');
    await vi.waitFor(async () => expect((await run.store.get(started.id))?.status).toBe('COMPLETED'), { timeout: 5_000 });
    const ended = await run.store.get(started.id);
    expect(Object.values(ended?.steps ?? {}).map((step) => step.status)).toEqual(Array(5).fill('SUCCEEDED'));
    // start, a, b, c, d, e: six transitions, six versions, each status sent once and in order.
    expect(ended?.version).toBe(6);
    await vi.waitFor(() => expect(run.versions).toEqual([1, 2, 3, 4, 5, 6]));
    // a, e and the three answers that came together in fewer than three writes.
    expect(run.writes()).toBeLessThan(5);
    const join = ended?.steps[ended.plan.steps[4]?.stepId as string];
    expect(Object.keys(join?.input as object)).toHaveLength(3);
    await run.close();
  });

  it('should fail the events it could not take the lock for, rather than leave them waiting', async () => {
    const run = await fanOutRun();
    run.controls.mute = true; // the run stays at its first step
    await run.orchestrator.start(run.flowId, { n: 1 }, 'c');
    await new Promise((resolve) => setTimeout(resolve, 100)); // the start's lock is released
    run.controls.fails = true;
    await expect(run.orchestrator.stop(run.flowId)).rejects.toThrow('cache unreachable');
    run.controls.fails = false;
    expect((await run.orchestrator.stop(run.flowId)).status).toBe('STOPPED');
    await run.close();
  });
});
