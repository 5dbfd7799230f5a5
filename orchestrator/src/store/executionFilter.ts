import type { ExecutionStatus } from '@flow/protocol';
import type { Execution } from '../engine/state.js';

/** Which runs a listing answers (GraphQL ExecutionFilter); times are ISO strings, inclusive. */
export interface ExecutionQuery {
  orchestratedFlowId?: string;
  statuses?: readonly ExecutionStatus[];
  startedAfter?: string;
  startedBefore?: string;
  finishedAfter?: string;
  finishedBefore?: string;
  correlationId?: string;
}

const within = (value: string | null, after: string | undefined, before: string | undefined): boolean =>
  (after === undefined || (value !== null && Date.parse(value) >= Date.parse(after))) && (before === undefined || (value !== null && Date.parse(value) <= Date.parse(before)));

/** Whether `execution` is one of the runs `query` asks for (an unfinished run has no finish time: a finish bound excludes it). */
export function matchesQuery(execution: Execution, query: ExecutionQuery): boolean {
  return (query.orchestratedFlowId === undefined || execution.orchestratedFlowId === query.orchestratedFlowId)
    && (query.statuses === undefined || query.statuses.includes(execution.status))
    && (query.correlationId === undefined || execution.correlationId === query.correlationId)
    && within(execution.startedAt, query.startedAfter, query.startedBefore)
    && within(execution.finishedAt, query.finishedAfter, query.finishedBefore);
}

/** Whether `query` asks for more than the flow, the start time and the correlation id (what every run's summary holds). */
export const needsState = (query: ExecutionQuery): boolean =>
  query.statuses !== undefined || query.finishedAfter !== undefined || query.finishedBefore !== undefined;
