import { createMemoryExecutionStore, createOrchestratorService, type ExecutionStore } from '@flow/orchestrator';
import { createLogger, createMemoryBus, createMemoryCache, loadConfig } from '@flow/platform';
import { describe, expect, it } from 'vitest';
import { sleep } from './orchestrationProbes.js';

/**
 * The orchestrator's periodic sweep (outbox recovery, then deadlines) over a store that answers
 * slowly, as the MongoDB-wire server does under load: the embedded store behind a delay.
 */
function slowStore(delayMs: number) {
  const store = createMemoryExecutionStore();
  const calls = { running: 0, most: 0, started: 0 };
  const slow: ExecutionStore = {
    ...store,
    async withOutbox(olderThan, limit) {
      calls.started += 1;
      calls.running += 1;
      calls.most = Math.max(calls.most, calls.running);
      try {
        await sleep(delayMs);
        return await store.withOutbox(olderThan, limit);
      } finally {
        calls.running -= 1;
      }
    },
    async withDueDeadline(now, limit) {
      calls.started += 1;
      return store.withDueDeadline(now, limit);
    },
  };
  return { store: slow, calls };
}

async function startService(store: ExecutionStore) {
  const config = loadConfig('orchestrator', { NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', ORCHESTRATOR_SWEEP_MS: '50' });
  const [bus, cache] = [createMemoryBus(), createMemoryCache()];
  const service = await createOrchestratorService({ config, logger: createLogger('e2e-sweep', 'silent'), store, bus, cache, subgraphUrls: () => config.subgraphUrls });
  return {
    async close() {
      await service.close();
      await bus.close();
      await cache.close();
    },
  };
}

describe('the orchestrator sweep over a slow store', () => {
  it('should not start a sweep while the previous one is still running', async () => {
    const { store, calls } = slowStore(300);
    const service = await startService(store);
    await sleep(1_000);
    await service.close();
    expect(calls.most).toBe(1);
  });

  it('should not touch the store once closed', async () => {
    const { store, calls } = slowStore(300);
    const service = await startService(store);
    await sleep(500);
    await service.close();
    const atClose = calls.started;
    await sleep(500);
    expect(calls.started).toBe(atClose);
  });
});
