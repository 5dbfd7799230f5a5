import { createMetrics } from '@flow/platform';
import { describe, expect, it } from 'vitest';
import { applyEvent, startExecution } from '../engine/engine.js';
import { buildPlan } from '../engine/plan.js';
import type { EngineOptions } from '../engine/state.js';
import { createMemoryExecutionStore } from '../store/memoryExecutionStore.js';
import { cachedValue } from './cachedValue.js';
import { observeStore } from './observedStore.js';

const at = (ms: number): EngineOptions => ({
  now: new Date(Date.parse('2026-01-01T00:00:00Z') + ms), newId: () => `id-${Math.random()}`, maxAttempts: 1, retryBaseMs: 10, retryMaxMs: 10, stepTimeoutMs: 60_000,
});

/** A sample of the registry's text exposition, e.g. `x_count{status="COMPLETED"}`. */
async function sample(metrics: ReturnType<typeof createMetrics>, name: string, status: string): Promise<number> {
  const line = (await metrics.registry.metrics()).split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`status="${status}"`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('observeStore', () => {
  it('should observe a finished execution and its steps once, on the write that won, and nothing on a lost write', async () => {
    const metrics = createMetrics('observed-store-test');
    const store = observeStore(createMemoryExecutionStore(), metrics);
    await store.init();
    const plan = buildPlan('flow', [{ id: 'a', processorId: 'p', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [] }], new Map());
    const stored = await store.insert(startExecution({ id: 'exec', plan, input: {}, correlationId: 'c' }, at(0)));
    const commandId = stored.steps.a?.commandId as string;
    const finished = applyEvent(stored, {
      type: 'ActivityExecuted', schemaVersion: 1, commandId, executionId: 'exec', stepId: 'a', processorId: 'p', attempt: 1, durationMs: 5, executedAt: 'now', output: {},
    }, at(1_500)).execution;
    expect(finished.status).toBe('COMPLETED');
    expect(await store.replace(finished, stored)).not.toBeNull();
    expect(await store.replace(finished, stored)).toBeNull(); // a second writer with the same stale revision loses
    expect(await sample(metrics, 'orchestrator_execution_duration_seconds_count', 'COMPLETED')).toBe(1);
    expect(await sample(metrics, 'orchestrator_step_duration_seconds_count', 'SUCCEEDED')).toBe(1);
    expect(await sample(metrics, 'orchestrator_execution_duration_seconds_sum', 'COMPLETED')).toBeCloseTo(1.5);
  });
});

describe('cachedValue', () => {
  it('should load once per time to live for concurrent readers and keep the last value when a load fails', async () => {
    let loads = 0;
    let failing = false;
    const value = cachedValue(async () => {
      loads += 1;
      if (failing) throw new Error('store down');
      return loads;
    }, 50);
    expect(await Promise.all([value(), value(), value()])).toEqual([1, 1, 1]);
    expect(loads).toBe(1);
    failing = true;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await value()).toBe(1);
    expect(loads).toBe(2);
  });
});
