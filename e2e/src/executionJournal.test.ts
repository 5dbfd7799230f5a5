import { randomBytes } from 'node:crypto';
import { applyEvent, buildPlan, createMongoExecutionStore, createOrchestrator, startExecution, type ExecutionStore, type StoredExecution } from '@flow/orchestrator';
import { EVENTS_QUEUE, type ActivityExecuted } from '@flow/protocol';
import { connectMongo, createLogger, createMemoryBus, createMemoryCache, createMetrics, loadConfig } from '@flow/platform';
import type { Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mongoUnavailable, uniqueDatabaseUri } from './harness.js';
import { sleep } from './orchestrationProbes.js';

/**
 * The MongoDB store as two orchestrator instances see it: two stores on one journal, each
 * holding what it last wrote, neither trusting that beyond what the journal's keys allow.
 */
describe.skipIf(mongoUnavailable !== undefined)(`the execution journal shared by two instances${mongoUnavailable ? ` (skipped: ${mongoUnavailable})` : ''}`, () => {
  let connection: Connection;
  let collectionName: string;
  const storeOf = (): ExecutionStore => createMongoExecutionStore(connection, { collectionName, recoveryScanMs: 100, sentMarkerDelayMs: 50 });

  beforeAll(async () => {
    connection = await connectMongo(uniqueDatabaseUri('journal', { monitorCommands: true }), createLogger('test', 'silent'));
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  function newExecution(id = uuidv7()) {
    const plan = buildPlan(uuidv7(), [
      { id: 'a', processorId: 'p', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: ['b'] },
      { id: 'b', processorId: 'p', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [] },
    ], new Map());
    let n = 0;
    return startExecution({ id, plan, input: { x: 1 }, correlationId: 'c' }, { now: new Date(Date.now() - 60_000), newId: () => `id-${++n}`, maxAttempts: 3, retryBaseMs: 10, retryMaxMs: 100, stepTimeoutMs: 1_000 });
  }

  it('should refuse a write from a stale instance and give it the current revision to retry on', async () => {
    collectionName = `executions_${randomBytes(4).toString('hex')}`;
    const [a, b] = [storeOf(), storeOf()];
    await a.init();
    const first = await a.insert(newExecution());
    const seenByB = (await b.peek(first.id))!;
    const second = (await a.replace({ ...first, version: 2, steps: { ...first.steps, a: { ...first.steps.a!, status: 'SUCCEEDED' } } }, first))!;
    expect(await b.peek(first.id)).toEqual(seenByB);
    expect(await b.replace({ ...seenByB, version: 99 }, seenByB)).toBeNull();
    expect(await b.get(first.id)).toEqual(second);
    const third = await b.replace({ ...second, version: 3 }, second);
    expect(third).toMatchObject({ revision: 3, version: 3 });
    expect(await a.get(first.id)).toEqual(third);
  });

  it('should treat a published outbox as published on another instance, and republish an unmarked one', async () => {
    collectionName = `executions_${randomBytes(4).toString('hex')}`;
    const writer = storeOf();
    await writer.init();
    const marked = await writer.insert(newExecution());
    await writer.published(marked);
    const unmarked = await writer.insert(newExecution());
    await sleep(200); // the marker is written once its revision stayed the latest for 50 ms
    const reader = storeOf();
    expect((await reader.get(marked.id))?.outbox).toEqual([]);
    expect((await reader.get(unmarked.id))?.outbox).toEqual(unmarked.outbox);
  });

  it('should write a sent marker only for a revision that stayed the latest, and every waiting one on flush', async () => {
    collectionName = `executions_${randomBytes(4).toString('hex')}`;
    const store = createMongoExecutionStore(connection, { collectionName, sentMarkerDelayMs: 300 });
    await store.init();
    const markers = async () => (await connection.collection(`${collectionName}_journal`).find({ _id: /:sent$/ } as never).toArray()).map((record) => String(record._id)).sort();
    const key = (id: string, revision: number) => `${id}:${String(revision).padStart(9, '0')}:sent`;
    const first = await store.published(await store.insert(newExecution()));
    const second = await store.published((await store.replace({ ...first, version: 2 }, first))!);
    expect(await markers()).toEqual([]);
    await sleep(800);
    // Revision 1 was superseded before its delay ended: only revision 2's outbox needs a marker.
    expect(await markers()).toEqual([key(first.id, 2)]);
    const third = await store.published((await store.replace({ ...second, version: 3 }, second))!);
    await store.flush();
    expect(await markers()).toEqual([key(first.id, 2), key(first.id, 3)]);
    expect((await storeOf().get(third.id))?.outbox).toEqual([]);
  });

  it('should not bring back an outbox published while a read of the journal was under way', async () => {
    collectionName = `executions_${randomBytes(4).toString('hex')}`;
    const store = createMongoExecutionStore(connection, { collectionName, sentMarkerDelayMs: 60_000 });
    await store.init();
    const inserted = await store.insert(newExecution());
    expect(inserted.outbox.length).toBeGreaterThan(0);
    const first = await store.published(inserted);
    const second = (await store.replace({ ...first, version: 2, outbox: inserted.outbox }, first))!;
    // The read finds no marker for revision 2 (it waits a minute); the publication lands meanwhile.
    const reading = store.get(first.id);
    await store.published(second);
    expect((await reading)?.outbox).toEqual([]);
    expect((await store.peek(first.id))?.outbox).toEqual([]);
  });

  it('should read an ended execution from its final state, without its journal', async () => {
    collectionName = `executions_${randomBytes(4).toString('hex')}`;
    const writer = storeOf();
    await writer.init();
    const running = await writer.insert(newExecution());
    const ended = await writer.published((await writer.replace({ ...running, status: 'STOPPED', finishedAt: new Date().toISOString() }, running))!);
    await sleep(200); // the final record is written without waiting
    // The final record stays small (recovery reads them all): what runs are searched by, not the
    // state, which is kept beside it.
    expect(Object.keys((await connection.collection(`${collectionName}_finals`).findOne({ _id: ended.id as never }))!).sort())
      .toEqual(['_id', 'correlationId', 'finishedAt', 'orchestratedFlowId', 'revision', 'startedAt', 'status']);
    await connection.collection(`${collectionName}_journal`).drop();
    const reader = storeOf();
    expect(await reader.get(ended.id)).toEqual(ended);
    expect(await storeOf().list({ orchestratedFlowId: ended.orchestratedFlowId, first: 10 })).toEqual([ended]);
    expect(await storeOf().latestForFlow(ended.orchestratedFlowId)).toEqual(ended);
  });

  it('should take an ended execution\'s final state as the mark that its last outbox went out', async () => {
    collectionName = `executions_${randomBytes(4).toString('hex')}`;
    const writer = storeOf();
    await writer.init();
    const running = await writer.insert(newExecution());
    const stopped = (await writer.replace({ ...running, status: 'STOPPED', finishedAt: new Date().toISOString() }, running))!;
    expect(stopped.outbox).not.toEqual([]);
    await writer.published(stopped);
    await sleep(200); // longer than the marker delay: no marker is written for an ended execution
    const journal = connection.collection<{ _id: string }>(`${collectionName}_journal`);
    expect(await journal.countDocuments({ _id: { $regex: ':sent$' } })).toBe(0);
    // Its final record lost (a crash between the two writes): recovery replays the journal.
    await connection.collection<{ _id: string }>(`${collectionName}_finals`).deleteOne({ _id: stopped.id });
    const survivor = storeOf();
    expect(await survivor.withOutbox(new Date(Date.now() + 60_000), 10)).toEqual([]);
    expect(await survivor.get(stopped.id)).toMatchObject({ status: 'STOPPED', revision: stopped.revision, outbox: [] });
    // ...and writes the lost final record back, so it is counted as ended.
    expect(await survivor.countByStatus()).toEqual({ RUNNING: 0, STOPPED: 1 });
  });

  it('should recover the unfinished executions of a crashed instance, and not the finished ones', async () => {
    collectionName = `executions_${randomBytes(4).toString('hex')}`;
    const crashed = storeOf();
    await crashed.init();
    const orphan = await crashed.insert(newExecution());
    const ended = await crashed.insert(newExecution());
    const stopped = (await crashed.replace({ ...ended, status: 'STOPPED', finishedAt: new Date().toISOString() }, ended))!;
    await crashed.published(stopped);
    await sleep(200);
    const survivor = storeOf();
    const stale = await survivor.withOutbox(new Date(Date.now() - 1), 10);
    expect(stale.map((execution) => execution.id)).toEqual([orphan.id]);
    expect((await survivor.withDueDeadline(new Date(Date.now() + 3_600_000), 10)).map((execution) => execution.id)).toEqual([orphan.id]);
    expect(await survivor.countByStatus()).toEqual({ RUNNING: 1, STOPPED: 1 });
  });

  it('should scan for orphans from the oldest execution it found unfinished, not from the start of history', async () => {
    collectionName = `executions_${randomBytes(4).toString('hex')}`;
    const filters: unknown[] = [];
    const onCommand = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (event.commandName === 'find' && event.command.find === collectionName) filters.push(event.command.filter);
    };
    connection.getClient().on('commandStarted', onCommand);
    try {
      const crashed = storeOf();
      await crashed.init();
      const minutesAgo = (minutes: number) => uuidv7({ msecs: Date.now() - minutes * 60_000 });
      const stop = async (store: ExecutionStore, execution: StoredExecution) => store.published((await store.replace({ ...execution, status: 'STOPPED', finishedAt: new Date().toISOString() }, execution))!);
      await stop(crashed, await crashed.insert(newExecution(minutesAgo(10))));
      const orphan = await crashed.insert(newExecution(minutesAgo(9)));
      await stop(crashed, await crashed.insert(newExecution(minutesAgo(8))));
      await sleep(200);
      const survivor = storeOf();
      expect((await survivor.withOutbox(new Date(Date.now() - 1), 10)).map((execution) => execution.id)).toEqual([orphan.id]);
      await stop(survivor, (await survivor.get(orphan.id))!);
      await sleep(200);
      await survivor.withOutbox(new Date(), 10); // from the orphan, which has ended since
      const late = await crashed.insert(newExecution());
      await sleep(200);
      expect((await survivor.withOutbox(new Date(Date.now() + 60_000), 10)).map((execution) => execution.id)).toEqual([late.id]);
      const bounds = filters.map((filter) => (filter as { _id?: { $gte: string } })._id?.$gte);
      expect(bounds[0]).toBeUndefined();
      expect(bounds[1]).toBe(orphan.id);
      expect(bounds[2]! > orphan.id && bounds[2]! < late.id).toBe(true);
    } finally {
      connection.getClient().off('commandStarted', onCommand);
    }
  });

  it('should share a RUNNING execution\'s head when its lock is released, an ended one at once', async () => {
    collectionName = `executions_${randomBytes(4).toString('hex')}`;
    const heads = createMemoryCache().map<{ execution: { revision: number; status: string } }>('execution-heads');
    const writer = createMongoExecutionStore(connection, { collectionName, sharedHeads: heads as never });
    await writer.init();
    const first = await writer.published(await writer.insert(newExecution()));
    const second = await writer.published((await writer.replace({ ...first, version: 2 }, first))!);
    expect(await heads.get(first.id)).toBeUndefined();
    await writer.share(first.id);
    expect((await heads.get(first.id))?.execution.revision).toBe(second.revision);
    await writer.share(first.id); // nothing new: no write
    const stopped = await writer.published((await writer.replace({ ...second, status: 'STOPPED', finishedAt: new Date().toISOString() }, second))!);
    expect((await heads.get(first.id))?.execution).toMatchObject({ revision: stopped.revision, status: 'STOPPED' });
  });

  it('should apply an event of a revision its crashed writer published but never shared', async () => {
    collectionName = `executions_${randomBytes(4).toString('hex')}`;
    const cache = createMemoryCache();
    const bus = createMemoryBus();
    const shared = () => createMongoExecutionStore(connection, { collectionName, sharedHeads: cache.map('execution-heads') });
    const [crashed, survivor] = [shared(), shared()];
    await crashed.init();
    const first = await crashed.published(await crashed.insert(newExecution()));
    await crashed.share(first.id);
    const answer = (execution: StoredExecution, stepId: string): ActivityExecuted => ({
      type: 'ActivityExecuted', schemaVersion: 1, commandId: execution.steps[stepId]!.commandId!, executionId: execution.id, stepId,
      processorId: 'p', attempt: 1, durationMs: 1, executedAt: new Date().toISOString(), output: { done: stepId },
    });
    // Step a's answer, handled by the instance that then died before releasing the lock (no share).
    const { execution } = applyEvent(first, answer(first, 'a'), { now: new Date(), newId: uuidv7, maxAttempts: 3, retryBaseMs: 10, retryMaxMs: 100, stepTimeoutMs: 60_000 });
    const second = await crashed.published((await crashed.replace(execution, first))!);
    const settings = loadConfig('orchestrator', {}).orchestration;
    const orchestrator = createOrchestrator({
      store: survivor, bus, cache, flows: { read: async () => { throw new Error('no starts here'); } },
      settings, logger: createLogger('test', 'silent'), metrics: createMetrics('journal-test'),
    });
    await orchestrator.run();
    try {
      // The survivor sees the shared revision, where step b was not dispatched yet: b's answer
      // changes nothing there, so it reads the journal past it instead of dropping the answer.
      await bus.publish(EVENTS_QUEUE, answer(second, 'b'));
      const deadline = Date.now() + 5_000;
      while ((await survivor.get(first.id))?.status !== 'COMPLETED' && Date.now() < deadline) await sleep(20);
      expect(await survivor.get(first.id)).toMatchObject({ status: 'COMPLETED', steps: { a: { status: 'SUCCEEDED' }, b: { status: 'SUCCEEDED' } } });
    } finally {
      await orchestrator.close();
      await bus.close();
      await cache.close();
    }
  });

  it('should read the shared published head, and the journal past it after a refused write', async () => {
    collectionName = `executions_${randomBytes(4).toString('hex')}`;
    const cache = createMemoryCache();
    const shared = () => createMongoExecutionStore(connection, { collectionName, sharedHeads: cache.map('execution-heads') });
    const [writer, reader] = [shared(), shared()];
    await writer.init();
    const published = await writer.published(await writer.insert(newExecution()));
    await writer.share(published.id); // its lock released
    expect(await reader.get(published.id)).toEqual(published);
    // Written, never published (its writer died): readers still see the published revision...
    const unpublished = (await writer.replace({ ...published, version: 5 }, published))!;
    const seen = (await reader.get(published.id))!;
    expect(seen).toEqual(published);
    // ...until a write based on it is refused; then the journal has the last word.
    expect(await reader.replace({ ...seen, version: 6 }, seen)).toBeNull();
    expect(await reader.get(published.id)).toEqual(unpublished);
    await cache.close();
  });
});
