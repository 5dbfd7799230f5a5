import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { startExecution } from '../engine/engine.js';
import { buildPlan } from '../engine/plan.js';
import type { Execution } from '../engine/state.js';
import type { ExecutionStore } from '../store/executionStore.js';

function newExecution(flowId: string, now = new Date()): Execution {
  const plan = buildPlan(flowId, [{ id: 'a', processorId: 'p', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [] }], new Map());
  let n = 0;
  return startExecution(
    { id: uuidv7(), plan, input: { x: 1 }, correlationId: 'c' },
    { now, newId: () => `id-${++n}`, maxAttempts: 3, retryBaseMs: 10, retryMaxMs: 100, stepTimeoutMs: 1_000 },
  );
}

/** The behaviour both ExecutionStore adapters must have; `fresh` answers an empty store. */
export function describeExecutionStoreContract(adapter: string, fresh: () => Promise<ExecutionStore>): void {
  describe(`ExecutionStore contract (${adapter})`, () => {
    let store: ExecutionStore;
    beforeEach(async () => {
      store = await fresh();
      await store.init();
    });

    it('should store an execution and read it back whole', async () => {
      const execution = newExecution(uuidv7());
      const stored = await store.insert(execution);
      expect(stored.revision).toBe(1);
      expect(await store.get(execution.id)).toEqual({ ...execution, revision: 1 });
      expect(await store.get(uuidv7())).toBeNull();
    });

    // Stale writes are refused; of concurrent writers of one revision exactly one wins (below).
    it('should refuse a write based on a stale revision', async () => {
      const stored = await store.insert(newExecution(uuidv7()));
      const second = await store.replace({ ...stored, version: 10 }, stored);
      expect(second).toMatchObject({ revision: 2, version: 10 });
      expect(await store.replace({ ...stored, version: 20 }, stored)).toBeNull();
      expect((await store.get(stored.id))?.version).toBe(10);
      expect(await store.replace({ ...stored, version: 30 }, second as never)).toMatchObject({ revision: 3, version: 30 });
    });

    it('should record a published outbox without a new revision, and start the next one from it', async () => {
      const stored = await store.insert(newExecution(uuidv7(), new Date(Date.now() - 60_000)));
      expect(stored.outbox.length).toBeGreaterThan(0);
      const done = await store.published(stored);
      expect(done).toEqual({ ...stored, outbox: [] });
      expect(await store.get(stored.id)).toEqual(done);
      expect((await store.withOutbox(new Date(Date.now() + 1_000), 10)).map((e) => e.id)).not.toContain(stored.id);
      const next = await store.replace({ ...done, version: done.version + 1 }, done);
      expect(next).toMatchObject({ revision: 2, outbox: [] });
      expect(await store.get(stored.id)).toEqual(next);
    });

    it('should let exactly one of two writers of the same revision win', async () => {
      const stored = await store.insert(newExecution(uuidv7()));
      const results = await Promise.all([store.replace({ ...stored, version: 7 }, stored), store.replace({ ...stored, version: 8 }, stored)]);
      expect(results.filter((result) => result !== null)).toHaveLength(1);
      expect((await store.get(stored.id))?.version).toBe(results.find((result) => result !== null)?.version);
    });

    it('should list a flow newest first, page with beforeId, count and find the latest', async () => {
      const flowId = uuidv7();
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) ids.push((await store.insert(newExecution(flowId))).id);
      await store.insert(newExecution(uuidv7()));
      expect((await store.latestForFlow(flowId))?.id).toBe(ids[2]);
      expect((await store.list({ orchestratedFlowId: flowId, first: 2 })).map((e) => e.id)).toEqual([ids[2], ids[1]]);
      expect((await store.list({ orchestratedFlowId: flowId, first: 2, beforeId: ids[1] })).map((e) => e.id)).toEqual([ids[0]]);
      expect(await store.count({ orchestratedFlowId: flowId })).toBe(3);
      expect(await store.count({})).toBe(4);
      expect((await store.countByStatus()).RUNNING).toBe(4);
    });

    it('should find executions with an outbox written before a time, and due deadlines', async () => {
      const stored = await store.insert(newExecution(uuidv7(), new Date(Date.now() - 60_000)));
      expect((await store.withOutbox(new Date(Date.now() + 1_000), 10)).map((e) => e.id)).toContain(stored.id);
      expect((await store.withOutbox(new Date(Date.now() - 10_000), 10)).map((e) => e.id)).not.toContain(stored.id);
      const cleared = await store.replace({ ...stored, outbox: [] }, stored);
      expect(cleared).not.toBeNull();
      expect((await store.withOutbox(new Date(Date.now() + 1_000), 10)).map((e) => e.id)).not.toContain(stored.id);
      expect((await store.withDueDeadline(new Date(), 10)).map((e) => e.id)).toContain(stored.id);
      expect((await store.withDueDeadline(new Date(Date.now() - 120_000), 10)).map((e) => e.id)).not.toContain(stored.id);
    });
  });
}
