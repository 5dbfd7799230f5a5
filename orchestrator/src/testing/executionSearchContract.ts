import type { ExecutionStatus } from '@flow/protocol';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { startExecution } from '../engine/engine.js';
import { buildPlan } from '../engine/plan.js';
import type { ExecutionStore, StoredExecution } from '../store/executionStore.js';

const at = (minute: number): string => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

/** Stores a run of `flowId` started at `at(minute)`, then brings it to `status` (ended ones at `at(minute + 1)`), its outbox published. */
async function runIn(store: ExecutionStore, flowId: string, minute: number, status: ExecutionStatus, correlationId = 'c'): Promise<StoredExecution> {
  const plan = buildPlan(flowId, [{ id: 'a', processorId: 'p', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [] }], new Map());
  let n = 0;
  const started = startExecution(
    { id: uuidv7(), plan, input: null, correlationId },
    { now: new Date(at(minute)), newId: () => `id-${++n}`, maxAttempts: 1, retryBaseMs: 10, retryMaxMs: 100, stepTimeoutMs: 1_000 },
  );
  const stored = await store.published(await store.insert(started));
  if (status === 'RUNNING') return stored;
  const finishedAt = status === 'PAUSED' ? null : at(minute + 1);
  const written = await store.replace({ ...stored, status, finishedAt, version: stored.version + 1 }, stored);
  return store.published(written as StoredExecution);
}

const ids = (executions: StoredExecution[]): string[] => executions.map((execution) => execution.id);

/** Searching executions by ExecutionFilter, and reopening an ended one: both ExecutionStore adapters. */
export function describeExecutionSearchContract(adapter: string, fresh: () => Promise<ExecutionStore>): void {
  describe(`ExecutionStore search contract (${adapter})`, () => {
    let store: ExecutionStore;
    beforeEach(async () => {
      store = await fresh();
      await store.init();
    });

    it('should list and count runs by status, flow, times and correlation id, newest first', async () => {
      const flowId = uuidv7();
      const running = await runIn(store, flowId, 0, 'RUNNING');
      const paused = await runIn(store, flowId, 10, 'PAUSED');
      const completed = await runIn(store, flowId, 20, 'COMPLETED');
      const failed = await runIn(store, flowId, 30, 'FAILED', 'wanted');
      const other = await runIn(store, uuidv7(), 40, 'STOPPED');
      const search = async (filter: Parameters<ExecutionStore['count']>[0], first = 10) => {
        const listed = ids(await store.list({ ...filter, first }));
        expect(await store.count(filter)).toBe(first >= 10 ? listed.length : (await store.list({ ...filter, first: 10 })).length);
        return listed;
      };
      expect(await search({ orchestratedFlowId: flowId, statuses: ['PAUSED'] })).toEqual([paused.id]);
      expect(await search({ orchestratedFlowId: flowId, statuses: ['COMPLETED', 'FAILED'] })).toEqual([failed.id, completed.id]);
      expect(await search({ orchestratedFlowId: flowId, statuses: ['RUNNING', 'FAILED'] })).toEqual([failed.id, running.id]);
      expect(await search({ statuses: ['STOPPED'], startedAfter: at(0) })).toEqual([other.id]);
      expect(await search({ orchestratedFlowId: flowId, correlationId: 'wanted' })).toEqual([failed.id]);
      expect(await search({ orchestratedFlowId: flowId, startedAfter: at(10), startedBefore: at(20) })).toEqual([completed.id, paused.id]);
      expect(await search({ orchestratedFlowId: flowId, finishedAfter: at(21), finishedBefore: at(31) })).toEqual([failed.id, completed.id]);
      expect(await search({ orchestratedFlowId: flowId, finishedAfter: at(22) })).toEqual([failed.id]);
      expect(await search({ orchestratedFlowId: flowId, statuses: ['RUNNING', 'PAUSED', 'COMPLETED'] }, 2)).toEqual([completed.id, paused.id]);
      expect(ids(await store.list({ orchestratedFlowId: flowId, statuses: ['RUNNING', 'PAUSED', 'COMPLETED'], first: 2, beforeId: paused.id }))).toEqual([running.id]);
      expect(ids(await store.list({ orchestratedFlowId: flowId, statuses: ['COMPLETED', 'FAILED'], first: 1, beforeId: failed.id }))).toEqual([completed.id]);
    });

    it('should reopen an ended run: a later revision makes it RUNNING again, and its next end is recorded', async () => {
      const flowId = uuidv7();
      const failed = await runIn(store, flowId, 0, 'FAILED');
      await store.reopen(failed.id);
      const reopened = await store.published((await store.replace({ ...failed, status: 'RUNNING', finishedAt: null }, failed)) as StoredExecution);
      expect(await store.get(failed.id, { verify: true })).toMatchObject({ status: 'RUNNING', revision: reopened.revision });
      expect(ids(await store.list({ statuses: ['RUNNING'], orchestratedFlowId: flowId, first: 5 }))).toEqual([failed.id]);
      expect(ids(await store.list({ statuses: ['FAILED'], orchestratedFlowId: flowId, first: 5 }))).toEqual([]);
      await store.published((await store.replace({ ...reopened, status: 'COMPLETED', finishedAt: at(5) }, reopened)) as StoredExecution);
      expect(ids(await store.list({ statuses: ['COMPLETED'], orchestratedFlowId: flowId, first: 5 }))).toEqual([failed.id]);
      expect(await store.count({ statuses: ['COMPLETED'], orchestratedFlowId: flowId })).toBe(1);
    });
  });
}
