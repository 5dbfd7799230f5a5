import { createLogger, createMemoryBus, createMemoryCache, createMetrics } from '@flow/platform';
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { startExecution } from '../engine/engine.js';
import { createMemoryExecutionStore } from '../store/memoryExecutionStore.js';
import { createMemoryStartKeys } from '../store/startKeys.js';
import { oneStepFlow } from '../testing/oneStepFlow.js';
import { createOrchestrator } from './orchestrator.js';

const digestOf = (input: unknown): string => createHash('sha256').update(JSON.stringify(input)).digest('base64url');

/** An orchestrator on the embedded twins with a live processor, its store and its idempotency keys. */
async function system() {
  const cache = createMemoryCache();
  const { flowId, plan, flows, settings } = await oneStepFlow(cache);
  const [store, startKeys] = [createMemoryExecutionStore(), createMemoryStartKeys()];
  const metrics = createMetrics('idempotent-starts-test');
  const orchestrator = createOrchestrator({ store, bus: createMemoryBus(), cache, flows, settings, logger: createLogger('test', 'silent'), metrics, startKeys });
  const stored = (id: string) => store.insert(startExecution({ id, plan, input: { n: 1 }, correlationId: 'c' }, { now: new Date(), newId: uuidv7, ...settings }));
  return { orchestrator, store, startKeys, flowId, stored, metrics, close: () => Promise.all([orchestrator.close(), cache.close()]) };
}

describe('idempotent starts: a key whose first start has not stored its run', () => {
  it('should wait for the run another start with the key is storing, and answer it', async () => {
    const { orchestrator, startKeys, flowId, stored, metrics, close } = await system();
    const first = uuidv7();
    await startKeys.claim({ key: `${flowId}:k`, executionId: first, inputDigest: digestOf({ n: 1 }), at: Date.now() }, 60_000);
    setTimeout(() => void stored(first), 300);
    const answer = await orchestrator.start(flowId, { n: 1 }, 'c', 'k');
    expect(answer.id).toBe(first);
    expect(await metrics.registry.getSingleMetricAsString('orchestrator_start_replays_total')).toMatch(/^orchestrator_start_replays_total{[^}]*} 1$/m);
    await close();
  });

  it('should take over a key whose start died before storing its run, once the claim is a minute old', async () => {
    const { orchestrator, store, startKeys, flowId, close } = await system();
    const orphan = uuidv7();
    await startKeys.claim({ key: `${flowId}:k`, executionId: orphan, inputDigest: digestOf({ n: 1 }), at: Date.now() - 61_000 }, 3_600_000);
    const answer = await orchestrator.start(flowId, { n: 1 }, 'c', 'k');
    expect(answer.id).not.toBe(orphan);
    expect(answer.status).toBe('RUNNING');
    expect(await store.get(orphan)).toBeNull();
    // The key now names the new run.
    expect((await orchestrator.start(flowId, { n: 1 }, 'c', 'k')).id).toBe(answer.id);
    await close();
  });
});
