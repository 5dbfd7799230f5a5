import type { ExecutionStatus, ExecutionsQueryVariables } from './generated/graphql.js';
import { executionStatuses } from './status.js';

/** The executions page's filter, read from and written to the URL so that a filtered view is a link. */
export interface RunFilter {
  status: ExecutionStatus | undefined;
  flowId: string | undefined;
  /** Runs started within this many hours, or all. */
  sinceHours: number | undefined;
  after: string | undefined;
}

export const PAGE_SIZE = 25;

export function filterFromSearch(search: URLSearchParams): RunFilter {
  const status = search.get('status') as ExecutionStatus | null;
  const since = Number(search.get('since'));
  return {
    status: status && executionStatuses.includes(status) ? status : undefined,
    flowId: search.get('flow') ?? undefined,
    sinceHours: Number.isFinite(since) && since > 0 ? since : undefined,
    after: search.get('after') ?? undefined,
  };
}

export function searchOf(filter: RunFilter): string {
  const search = new URLSearchParams();
  if (filter.status) search.set('status', filter.status);
  if (filter.flowId) search.set('flow', filter.flowId);
  if (filter.sinceHours) search.set('since', String(filter.sinceHours));
  if (filter.after) search.set('after', filter.after);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The server filters everything (`executions(filter:)`), so every page holds only matching runs. */
export function executionsVariables(filter: RunFilter, now = Date.now()): ExecutionsQueryVariables {
  return {
    filter: {
      ...(filter.flowId ? { orchestratedFlowId: filter.flowId } : {}),
      ...(filter.status ? { statuses: [filter.status] } : {}),
      ...(filter.sinceHours ? { startedAfter: new Date(now - filter.sinceHours * 3_600_000).toISOString() } : {}),
    },
    first: PAGE_SIZE,
    after: filter.after ?? null,
  };
}
