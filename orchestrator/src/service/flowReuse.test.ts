import { createMemoryGraphRevision, type GraphRevision } from '@flow/kit';
import { AppError } from '@flow/platform';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../engine/plan.js';
import type { FlowReader, FlowSnapshot } from './flowReader.js';
import { freshReads, reusingSnapshots, SNAPSHOT_MAX_AGE_MS } from './flowReuse.js';

/** A promise and the hands that settle it. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

/** A flow reader over a mutable graph, counting its reads; `gate` holds reads until opened. */
function countingReader() {
  const graph = { stepId: 'a', missing: false };
  let reads = 0;
  let gate: Promise<void> | undefined;
  const reader: FlowReader = {
    async read(orchestratedFlowId) {
      reads += 1;
      const seen = { ...graph };
      await gate;
      if (seen.missing) throw AppError.notFound('OrchestratedFlow', orchestratedFlowId);
      const plan = buildPlan(orchestratedFlowId, [{ id: seen.stepId, processorId: 'p', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [] }], new Map());
      return { orchestratedFlowId, plan, processorIds: ['p'], cronExpression: null, isScheduleEnabled: false } satisfies FlowSnapshot;
    },
  };
  return { reader, graph, reads: () => reads, hold: (until: Promise<void>): void => {
    gate = until;
  } };
}

const firstStep = (snapshot: FlowSnapshot) => snapshot.plan.steps[0]?.stepId;

/** An entity write as the entity managers make it: the change, then a new token. */
async function write(revision: GraphRevision, change: () => void): Promise<void> {
  change();
  await revision.bump();
}

describe('fresh reads', () => {
  it('should make a caller that comes during a read wait for a read begun after it, shared by all who came meanwhile', async () => {
    const loads: Array<ReturnType<typeof deferred<number>>> = [];
    const read = freshReads(() => {
      const load = deferred<number>();
      loads.push(load);
      return load.promise;
    });
    const first = read();
    const during = [read(), read(), read()];
    expect(loads).toHaveLength(1);
    loads[0]?.resolve(1);
    expect(await first).toBe(1);
    await Promise.resolve();
    expect(loads).toHaveLength(2);
    loads[1]?.resolve(2);
    expect(await Promise.all(during)).toEqual([2, 2, 2]);
    const after = read();
    expect(loads).toHaveLength(3);
    loads[2]?.resolve(3);
    expect(await after).toBe(3);
  });

  it('should begin the next read when a read fails, and pass the failure only to its own callers', async () => {
    let calls = 0;
    const read = freshReads(async () => {
      calls += 1;
      if (calls === 1) throw new Error('down');
      return calls;
    });
    const results = await Promise.allSettled([read(), read()]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
    expect(await read()).toBe(3);
  });
});

describe('flow snapshots reused until an entity changes', () => {
  it('should read an unchanged flow once for many starts, and again at once after a write', async () => {
    const revision = createMemoryGraphRevision();
    const { reader, graph, reads } = countingReader();
    await revision.bump();
    const flows = reusingSnapshots(reader, revision);
    for (let n = 0; n < 5; n += 1) expect(firstStep(await flows.read('f'))).toBe('a');
    await Promise.all(Array.from({ length: 5 }, () => flows.read('f')));
    expect(reads()).toBe(1);
    await write(revision, () => (graph.stepId = 'b'));
    expect(firstStep(await flows.read('f'))).toBe('b');
    expect(reads()).toBe(2);
    await flows.read('other');
    expect(reads()).toBe(3);
  });

  it('should not hand a start a read that began before a write it saw finish', async () => {
    const revision = createMemoryGraphRevision();
    const { reader, graph, hold } = countingReader();
    await revision.bump();
    const flows = reusingSnapshots(reader, revision);
    const open = deferred<void>();
    hold(open.promise);
    const early = flows.read('f');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await write(revision, () => (graph.stepId = 'b'));
    const late = flows.read('f');
    open.resolve();
    expect(firstStep(await early)).toBe('a');
    expect(firstStep(await late)).toBe('b');
  });

  it('should read every time without a token, sharing only reads in flight', async () => {
    const { reader, reads, hold } = countingReader();
    const flows = reusingSnapshots(reader, createMemoryGraphRevision());
    const open = deferred<void>();
    hold(open.promise);
    const together = [flows.read('f'), flows.read('f')];
    await new Promise((resolve) => setTimeout(resolve, 5));
    open.resolve();
    await Promise.all(together);
    await flows.read('f');
    expect(reads()).toBe(2);
  });

  it('should not keep a failed read, and read again after the maximum age', async () => {
    const revision = createMemoryGraphRevision();
    const { reader, graph, reads } = countingReader();
    await revision.bump();
    let clock = 0;
    const flows = reusingSnapshots(reader, revision, { now: () => clock });
    graph.missing = true;
    await expect(flows.read('f')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    graph.missing = false;
    expect(firstStep(await flows.read('f'))).toBe('a');
    expect(reads()).toBe(2);
    graph.stepId = 'c'; // written where this instance cannot see the token
    clock += SNAPSHOT_MAX_AGE_MS - 1;
    expect(firstStep(await flows.read('f'))).toBe('a');
    clock += 1;
    expect(firstStep(await flows.read('f'))).toBe('c');
    expect(reads()).toBe(3);
  });
});
