import { buildPlan, createMemoryExecutionStore, createMongoExecutionStore, createOrchestrator, type ExecutionStore, type FlowReader } from '@flow/orchestrator';
import { PROCESSOR_HEALTH_MAP, type Heartbeat } from '@flow/protocol';
import { connectMongo, createHazelcastCache, createLogger, createMemoryBus, createMemoryCache, createMetrics, loadConfig, type Cache } from '@flow/platform';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { hazelcastTarget, hazelcastUnavailable, mongoUnavailable, uniqueDatabaseUri } from './harness.js';

/**
 * Every write of an execution must happen under its lock: executionLocks.ts says the store's
 * revision check alone is not enough on FerretDB, whose compare-and-replace is not atomic
 * under concurrent writers. `start` writes the execution a second time when it clears the
 * outbox it has just published; when that write ran unlocked (before 6113e53), an event applied
 * meanwhile (the first step answered within milliseconds) was overwritten on FerretDB, and the
 * execution stayed RUNNING at its first step for good: `npm run bench:orchestration` saw 2 or 3
 * of 200 executions so.
 *
 * The probe: a store that, before each replace, tries the execution's lock from the same
 * cache; getting it means the writer does not hold it.
 */
const LOCK_MAP = 'execution-locks';

function lockProbingStore(store: ExecutionStore, cache: Cache, unlocked: string[]): ExecutionStore {
  return {
    ...store,
    async replace(execution, expected) {
      const release = await cache.tryLock(LOCK_MAP, execution.id, 1_000);
      if (release) {
        unlocked.push(`replace of revision ${expected.revision} (version ${execution.version}, outbox ${execution.outbox.length})`);
        await release();
      }
      return store.replace(execution, expected);
    },
  };
}

/** A one-step flow on a processor with a live heartbeat, read without the entity subgraphs. */
async function oneStepFlow(cache: Cache): Promise<{ flowId: string; flows: FlowReader }> {
  const [flowId, stepId, processorId] = [randomUUID(), randomUUID(), randomUUID()];
  const beat: Heartbeat = { processorId, instanceId: 'probe', name: 'Probe', version: '1.0.0', at: new Date().toISOString(), inFlight: 0 };
  await cache.map<Heartbeat>(PROCESSOR_HEALTH_MAP).set(`${processorId}/probe`, beat, 60_000);
  const plan = buildPlan(flowId, [{ id: stepId, processorId, entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [] }], new Map());
  return { flowId, flows: { read: async () => ({ orchestratedFlowId: flowId, plan, processorIds: [processorId], cronExpression: null, isScheduleEnabled: false }) } };
}

interface Backend {
  name: string;
  store: () => Promise<ExecutionStore>;
  cache: () => Promise<Cache>;
}

const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
});

const backends: Backend[] = [
  { name: 'embedded', store: async () => createMemoryExecutionStore(), cache: async () => createMemoryCache() },
  ...(mongoUnavailable || hazelcastUnavailable
    ? []
    : [{
        name: 'MongoDB-wire server and Hazelcast',
        store: async () => {
          const connection = await connectMongo(uniqueDatabaseUri('startlock'), createLogger('e2e-start-lock', 'silent'));
          closers.push(async () => connection.dropDatabase().then(() => connection.close()));
          const store = createMongoExecutionStore(connection, { recoveryScanMs: 500 });
          await store.init();
          return store;
        },
        cache: async () => createHazelcastCache({ ...hazelcastTarget, logger: createLogger('e2e-start-lock', 'silent') }),
      }]),
];

describe.each(backends)('starting an execution ($name)', (backend) => {
  it('should hold the execution lock for every write of the execution, the outbox flush of start included', async () => {
    const cache = await backend.cache();
    const bus = createMemoryBus();
    closers.push(() => cache.close(), () => bus.close());
    const unlocked: string[] = [];
    const store = lockProbingStore(await backend.store(), cache, unlocked);
    const { flowId, flows } = await oneStepFlow(cache);
    const config = loadConfig('orchestrator', { NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const orchestrator = createOrchestrator({
      store, bus, cache, flows, settings: config.orchestration, logger: createLogger('e2e-start-lock', 'silent'), metrics: createMetrics('e2e-start-lock'),
    });

    const started = await orchestrator.start(flowId, { n: 1 }, 'start-lock');
    // The start answers once the execution is stored; its outbox is flushed right after.
    await vi.waitFor(async () => expect((await store.get(started.id))?.outbox).toEqual([]));
    await orchestrator.close();

    expect(unlocked).toEqual([]);
  });
});
