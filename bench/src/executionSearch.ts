/**
 * `npm run bench:search`: executions(filter) on N stored runs (default 100 000) in the MongoDB
 * execution store, on a fresh database of MONGODB_URI's server, dropped at the end. The runs
 * are written straight into the store's collections in its own format (summary, final record,
 * final state; revision 1 in the journal for the few still running), then each query is timed
 * on a fresh store instance (nothing cached in it: the cold path of another instance) and again
 * on the same one (warm). Not a CI test: it takes minutes on FerretDB.
 */
import { connectMongo, createLogger } from '@flow/platform';
import { buildPlan, createMongoExecutionStore, startExecution, type ExecutionQuery } from '@flow/orchestrator';
import type { ExecutionStatus } from '@flow/protocol';
import { v7 as uuidv7 } from 'uuid';
import { loadSearchBenchConfig } from './search/config.js';

const config = loadSearchBenchConfig();
const connection = await connectMongo(config.mongodbUri, createLogger('bench', 'warn'));
const name = 'executions';
const db = connection.db!;
const flows = Array.from({ length: 20 }, () => uuidv7());
const endedStatuses: ExecutionStatus[] = ['COMPLETED', 'COMPLETED', 'COMPLETED', 'FAILED', 'STOPPED'];
const day = Date.parse('2026-11-01T00:00:00Z');
const BATCH = 1_000;
const LIVE_EVERY = 1_000;

/** Runs in start order, ids UUIDv7 of their start time, one in LIVE_EVERY still RUNNING. */
async function seed(): Promise<void> {
  const began = Date.now();
  for (let from = 0; from < config.runs; from += BATCH) {
    const summaries = [], finals = [], states = [], journal = [];
    for (let n = from; n < Math.min(from + BATCH, config.runs); n += 1) {
      const startedMs = day + n * 1_000;
      const flowId = flows[n % flows.length] as string;
      const plan = buildPlan(flowId, [{ id: 'a', processorId: 'p', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [] }], new Map());
      const id = uuidv7({ msecs: startedMs });
      const started = startExecution({ id, plan, input: { n }, correlationId: `corr-${n}` }, { now: new Date(startedMs), newId: uuidv7, maxAttempts: 1, retryBaseMs: 1, retryMaxMs: 1, stepTimeoutMs: 1 });
      summaries.push({ _id: id, orchestratedFlowId: flowId, startedAt: started.startedAt, correlationId: started.correlationId });
      if (n % LIVE_EVERY === 0) {
        journal.push({ _id: `${id}:${String(1).padStart(9, '0')}`, executionId: id, revision: 1, at: startedMs, state: JSON.stringify({ ...started, outbox: [] }) });
        continue;
      }
      const status = endedStatuses[n % endedStatuses.length] as ExecutionStatus;
      const finishedAt = new Date(startedMs + 500).toISOString();
      const ended = { ...started, status, finishedAt, outbox: [], revision: 2 };
      finals.push({ _id: id, orchestratedFlowId: flowId, status, revision: 2, startedAt: started.startedAt, finishedAt, correlationId: started.correlationId });
      states.push({ _id: id, state: JSON.stringify(ended) });
    }
    await Promise.all([
      db.collection(name).insertMany(summaries as never[], { ordered: false }),
      db.collection(`${name}_finals`).insertMany(finals as never[], { ordered: false }),
      db.collection(`${name}_ended`).insertMany(states as never[], { ordered: false }),
      journal.length > 0 ? db.collection(`${name}_journal`).insertMany(journal as never[], { ordered: false }) : undefined,
    ]);
  }
  console.log(`stored ${config.runs} runs in ${((Date.now() - began) / 1_000).toFixed(1)} s`);
}

const queries: Array<{ label: string; query: ExecutionQuery; count?: boolean }> = [
  { label: 'newest 20, no filter', query: {} },
  { label: 'newest 20 of one flow', query: { orchestratedFlowId: flows[3] } },
  { label: 'newest 20 FAILED', query: { statuses: ['FAILED'] } },
  { label: 'newest 20 FAILED of one flow', query: { statuses: ['FAILED'], orchestratedFlowId: flows[3] } },
  { label: 'newest 20 FAILED, started in one hour', query: { statuses: ['FAILED'], startedAfter: new Date(day + 3_600_000 * 10).toISOString(), startedBefore: new Date(day + 3_600_000 * 11).toISOString() } },
  { label: 'by correlation id', query: { correlationId: 'corr-4242' } },
  { label: 'newest 20 RUNNING (unfinished: scans)', query: { statuses: ['RUNNING'] } },
  { label: 'count FAILED', query: { statuses: ['FAILED'] }, count: true },
];

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function measure(): Promise<void> {
  const warmStore = createMongoExecutionStore(connection, { collectionName: name });
  await warmStore.init();
  for (const { label, query, count } of queries) {
    const cold: number[] = [];
    const warm: number[] = [];
    let answered = 0;
    for (let repeat = 0; repeat < config.repeats; repeat += 1) {
      for (const [store, times] of [[createMongoExecutionStore(connection, { collectionName: name }), cold], [warmStore, warm]] as const) {
        const began = performance.now();
        answered = count ? await store.count(query) : (await store.list({ ...query, first: 20 })).length;
        times.push(performance.now() - began);
      }
    }
    console.log(`${label.padEnd(42)} ${String(answered).padStart(6)} answered   cold median ${median(cold).toFixed(1)} ms   warm median ${median(warm).toFixed(1)} ms`);
  }
}

try {
  await seed();
  await measure();
} finally {
  await connection.dropDatabase();
  await connection.close();
}
