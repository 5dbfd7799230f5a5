import type { mongo } from 'mongoose';
import type { ExecutionStatus } from '@flow/protocol';
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

type Row = Summary & Final;
const newestFirst = (a: string, b: string): number => (a < b ? 1 : a > b ? -1 : 0);

/**
 * Listing and counting executions by ExecutionFilter (docs/protocol.md, "Execution store"):
 * - no status or finish-time condition: the summaries (flow, start time, correlation id, indexed);
 * - only ended statuses, or a finish time (an unfinished run has none): the finals, where every
 *   condition is an indexed field;
 * - an unfinished status (RUNNING, PAUSED): the runs with a summary and no final record (few)
 *   are read and checked, merged newest first with the finals of the ended statuses asked for.
 */
export function createExecutionSearch(
  summaries: () => mongo.Collection<Summary>,
  finals: () => mongo.Collection<Final>,
  load: (ids: string[]) => Promise<StoredExecution[]>,
) {
  const range = (after?: string, before?: string) => ({ ...(after ? { $gte: after } : {}), ...(before ? { $lte: before } : {}) });
  const endedOnly = (query: ExecutionQuery): boolean =>
    query.finishedAfter !== undefined || query.finishedBefore !== undefined || (query.statuses?.every((status) => endedStatuses.has(status)) ?? false);

  /** The conditions every collection holds; runs stored before a field was kept have none, and a bound on it leaves them out. */
  function common(query: ExecutionQuery, beforeId: string | undefined): mongo.Filter<Row> {
    const filter: mongo.Filter<Row> = {};
    if (query.orchestratedFlowId) filter.orchestratedFlowId = query.orchestratedFlowId;
    if (beforeId) filter._id = { $lt: beforeId };
    if (query.correlationId) filter.correlationId = query.correlationId;
    if (query.startedAfter || query.startedBefore) filter.startedAt = range(query.startedAfter, query.startedBefore);
    return filter;
  }

  /** The finals of the ended runs the query asks for. */
  function finalsFilter(query: ExecutionQuery, beforeId: string | undefined): mongo.Filter<Row> {
    const statuses = (query.statuses ?? [...endedStatuses]).filter((status) => endedStatuses.has(status));
    const filter = { ...common(query, beforeId), status: { $in: statuses } } as mongo.Filter<Row>;
    if (query.finishedAfter || query.finishedBefore) filter.finishedAt = range(query.finishedAfter, query.finishedBefore);
    return filter;
  }

  const rows = (collection: mongo.Collection<Row>, filter: mongo.Filter<Row>, limit = 0) =>
    collection.find(filter, { projection: { _id: 1 } }).sort({ _id: -1 }).limit(limit).toArray().then((found) => found.map((row) => row._id));
  const summaryRows = () => summaries() as unknown as mongo.Collection<Row>;
  const finalRows = () => finals() as unknown as mongo.Collection<Row>;

  /** The unfinished runs matching the query's common conditions, newest first: summaries without a final record. */
  async function unfinished(query: ExecutionQuery, beforeId: string | undefined): Promise<string[]> {
    const filter = common(query, beforeId);
    const [all, ended] = await Promise.all([rows(summaryRows(), filter), rows(finalRows(), filter)]);
    const closed = new Set(ended);
    return all.filter((id) => !closed.has(id));
  }

  /** Loads `ids` (newest first) a page at a time, keeping those the query matches, up to `first`. */
  async function matching(ids: string[], query: ExecutionQuery, first: number): Promise<StoredExecution[]> {
    const found: StoredExecution[] = [];
    for (let at = 0; at < ids.length && found.length < first; at += first) {
      found.push(...(await load(ids.slice(at, at + first))).filter((execution) => matchesQuery(execution, query)));
    }
    return found.slice(0, first);
  }

  async function list({ first, beforeId, ...query }: ExecutionQuery & { first: number; beforeId?: string }): Promise<StoredExecution[]> {
    if (!needsState(query)) return load(await rows(summaryRows(), common(query, beforeId), first));
    if (endedOnly(query)) return matching(await rows(finalRows(), finalsFilter(query, beforeId), first), query, first);
    const wantsEnded = query.statuses?.some((status: ExecutionStatus) => endedStatuses.has(status)) ?? false;
    const [live, ended] = await Promise.all([unfinished(query, beforeId), wantsEnded ? rows(finalRows(), finalsFilter(query, beforeId), first) : []]);
    return matching([...live, ...ended].sort(newestFirst), query, first);
  }

  async function count(query: ExecutionQuery): Promise<number> {
    if (!needsState(query)) return summaries().countDocuments(common(query, undefined) as mongo.Filter<Summary>);
    const countEnded = () => finals().countDocuments(finalsFilter(query, undefined) as mongo.Filter<Final>);
    if (endedOnly(query)) return countEnded();
    const liveStatuses = query.statuses?.filter((status) => !endedStatuses.has(status));
    const live = (await load(await unfinished(query, undefined))).filter((execution) => matchesQuery(execution, { ...query, statuses: liveStatuses }));
    return live.length + (liveStatuses?.length === query.statuses?.length ? 0 : await countEnded());
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
