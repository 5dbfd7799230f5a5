import type { mongo } from 'mongoose';
import { endedStatuses } from '../../engine/state.js';
import type { StoredExecution } from '../executionStore.js';
import { matchesQuery, needsState, type ExecutionQuery } from '../executionFilter.js';

/** One per execution, written once at start: what listing and counting need (`correlationId` since issue 15). */
export interface Summary { _id: string; orchestratedFlowId: string; startedAt: string; correlationId?: string }
/**
 * One per execution, written once it ended and its last commands went out: small, because
 * recovery and the status counts scan them (FerretDB decodes every whole document of a
 * collection it scans, whatever the projection). Times and correlation id since issue 15.
 */
export interface Final { _id: string; orchestratedFlowId: string; status: string; revision: number; startedAt?: string; finishedAt?: string | null; correlationId?: string }

/** Executions read per query while a filter on state (status, finish time) is applied to them. */
const CHUNK = 200;

/**
 * Listing and counting executions by ExecutionFilter over the summaries (flow, start time,
 * correlation id: indexed) and the finals (the status and finish time of ended runs: indexed).
 * A filter asking only for ended statuses reads the finals; one that may match unfinished runs
 * reads the summaries and checks each run's state, a chunk at a time, newest first.
 */
export function createExecutionSearch(
  summaries: () => mongo.Collection<Summary>,
  finals: () => mongo.Collection<Final>,
  load: (ids: string[]) => Promise<StoredExecution[]>,
) {
  const endedOnly = (query: ExecutionQuery): boolean => query.statuses !== undefined && query.statuses.every((status) => endedStatuses.has(status));
  const range = (after?: string, before?: string) => ({ ...(after ? { $gte: after } : {}), ...(before ? { $lte: before } : {}) });

  /** The indexed part of the filter on the collection that serves it. */
  function indexed(query: ExecutionQuery, beforeId: string | undefined, onFinals: boolean): mongo.Filter<Summary & Final> {
    const filter: mongo.Filter<Summary & Final> = {};
    if (query.orchestratedFlowId) filter.orchestratedFlowId = query.orchestratedFlowId;
    if (beforeId) filter._id = { $lt: beforeId };
    if (onFinals && query.statuses) filter.status = { $in: [...query.statuses] };
    // Runs stored before these fields were kept have none: a bound on them leaves those out.
    if (query.correlationId) filter.correlationId = query.correlationId;
    if (query.startedAfter || query.startedBefore) filter.startedAt = range(query.startedAfter, query.startedBefore);
    if (onFinals && (query.finishedAfter || query.finishedBefore)) filter.finishedAt = range(query.finishedAfter, query.finishedBefore);
    return filter;
  }

  const source = (query: ExecutionQuery) => (endedOnly(query) ? finals() : summaries()) as unknown as mongo.Collection<Summary & Final>;

  /** Newest first, up to `first` runs matching the whole query. */
  async function list({ first, beforeId, ...query }: ExecutionQuery & { first: number; beforeId?: string }): Promise<StoredExecution[]> {
    const collection = source(query);
    if (!needsState(query)) {
      const page = await collection.find(indexed(query, beforeId, false)).sort({ _id: -1 }).limit(first).toArray();
      return load(page.map((row) => row._id));
    }
    const found: StoredExecution[] = [];
    for (let before = beforeId; found.length < first; ) {
      const page = await collection.find(indexed(query, before, endedOnly(query)), { projection: { _id: 1 } }).sort({ _id: -1 }).limit(CHUNK).toArray();
      found.push(...(await load(page.map((row) => row._id))).filter((execution) => matchesQuery(execution, query)));
      if (page.length < CHUNK) break;
      before = (page.at(-1) as { _id: string })._id;
    }
    return found.slice(0, first);
  }

  async function count(query: ExecutionQuery): Promise<number> {
    const onFinals = endedOnly(query);
    if (!needsState(query) || (onFinals && !query.finishedAfter && !query.finishedBefore)) return source(query).countDocuments(indexed(query, undefined, onFinals));
    return (await list({ ...query, first: Number.MAX_SAFE_INTEGER })).length;
  }

  return {
    list,
    count,
    async init(): Promise<void> {
      await Promise.all([
        summaries().createIndex({ orchestratedFlowId: 1, _id: -1 }),
        summaries().createIndex({ correlationId: 1, _id: -1 }),
        summaries().createIndex({ startedAt: -1 }),
        finals().createIndex({ status: 1, _id: -1 }),
        finals().createIndex({ orchestratedFlowId: 1, status: 1, _id: -1 }),
        finals().createIndex({ finishedAt: -1 }),
      ]);
    },
  };
}
