import { createLogger, createMemoryBus, createMemoryCache, createMetrics, type Bus } from '@flow/platform';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryExecutionStore } from '../store/memoryExecutionStore.js';
import { oneStepFlow } from '../testing/oneStepFlow.js';
import { createOrchestrator } from './orchestrator.js';

/** A bus whose publications to processor queues wait for `release` (or fail while `failing`). */
function heldBus() {
  const inner = createMemoryBus();
  const held: Array<() => void> = [];
  const state = { hold: true, failing: false, published: 0 };
  const bus: Bus = {
    ...inner,
    async publish(queue, body, options) {
      if (state.failing) throw new Error('broker unreachable');
      if (state.hold) await new Promise<void>((resolve) => held.push(resolve));
      await inner.publish(queue, body, options);
      state.published += 1;
    },
    close: () => inner.close(),
  };
  return { bus, state, release: () => held.splice(0).forEach((resolve) => resolve()), waiting: () => held.length };
}

async function orchestratorOn(bus: Bus) {
  const cache = createMemoryCache();
  const { flowId, flows, settings } = await oneStepFlow(cache);
  const store = createMemoryExecutionStore();
  const orchestrator = createOrchestrator({ store, bus, cache, flows, settings, logger: createLogger('test', 'silent'), metrics: createMetrics('start-answer-test') });
  return { orchestrator, store, flowId, close: async () => cache.close() };
}

describe('the answer to a start', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should come once the execution is stored, before its first command is confirmed, which then goes out', async () => {
    const { bus, state, release, waiting } = heldBus();
    const { orchestrator, store, flowId, close } = await orchestratorOn(bus);
    const started = await orchestrator.start(flowId, { n: 1 }, 'c');
    expect(started.status).toBe('RUNNING');
    expect(waiting()).toBe(1);
    expect(state.published).toBe(0);
    expect((await store.get(started.id))?.outbox.length).toBeGreaterThan(0);
    const closing = orchestrator.close();
    release();
    await closing; // close waits for the first publications of answered starts
    expect(state.published).toBe(1);
    expect((await store.get(started.id))?.outbox).toEqual([]);
    await close();
  });

  it('should not fail a stored start when its first commands cannot be published; the sweep publishes them later', async () => {
    const { bus, state } = heldBus();
    state.hold = false;
    state.failing = true;
    const { orchestrator, store, flowId, close } = await orchestratorOn(bus);
    const started = await orchestrator.start(flowId, null, 'c');
    expect(started.status).toBe('RUNNING');
    await vi.waitFor(async () => expect((await store.get(started.id))?.outbox.length).toBeGreaterThan(0));
    state.failing = false;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 6_000); // past the outbox grace period
    await orchestrator.sweep();
    expect(state.published).toBe(1);
    expect((await store.get(started.id))?.outbox).toEqual([]);
    await orchestrator.close();
    await close();
  });
});
