import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { RunsTable } from '../components/RunsTable.js';
import { ExecutionsDocument, FlowNamesDocument } from '../generated/graphql.js';
import { navigate, paths, useLocation } from '../router.js';
import { executionsVariables, filterFromSearch, searchOf, type RunFilter } from '../runFilter.js';
import { executionStatuses, statusLook } from '../status.js';

const periods: ReadonlyArray<[string, number | undefined]> = [['Any time', undefined], ['Last hour', 1], ['Last 24 hours', 24], ['Last 7 days', 168]];

/** `/console/executions`: runs of every flow, filtered by status, flow and time, paged. */
export function ExecutionsPage() {
  const { search } = useLocation();
  const filter = filterFromSearch(search);
  // The period's start is fixed when the filter is chosen, not at each render (that would refetch for ever).
  const searchText = searchOf(filter);
  const variables = useMemo(() => executionsVariables(filterFromSearch(new URLSearchParams(searchText))), [searchText]);
  const { data, error, loading } = useQuery(ExecutionsDocument, { variables, fetchPolicy: 'cache-and-network', pollInterval: 5000 });
  const flows = useQuery(FlowNamesDocument).data?.orchestratedFlows.nodes ?? [];
  const runs = data?.executions.nodes ?? [];
  // Any change of the filter starts again at the first page.
  const change = (patch: Partial<RunFilter>): void => navigate(`${paths.executions}${searchOf({ ...filter, after: undefined, ...patch })}`);
  const endCursor = data?.executions.pageInfo.hasNextPage ? data.executions.pageInfo.endCursor : undefined;
  return (
    <section aria-labelledby="runs-title">
      <header className="page-head">
        <h1 id="runs-title">Runs</h1>
        <p className="muted">{data ? `${data.executions.totalCount} run${data.executions.totalCount === 1 ? '' : 's'}${filter.flowId ? ' of this flow' : ' in all'}` : loading ? 'Loading…' : ''}</p>
      </header>
      <form className="filters" onSubmit={(event) => event.preventDefault()} aria-label="Filter runs">
        <label>Status
          <select name="status" value={filter.status ?? ''} onChange={(event) => change({ status: (event.target.value || undefined) as RunFilter['status'] })}>
            <option value="">All statuses</option>
            {executionStatuses.map((status) => <option key={status} value={status}>{statusLook[status].label}</option>)}
          </select>
        </label>
        <label>Flow
          <select name="flow" value={filter.flowId ?? ''} onChange={(event) => change({ flowId: event.target.value || undefined })}>
            <option value="">All flows</option>
            {flows.map((flow) => <option key={flow.id} value={flow.id}>{flow.name} ({flow.version})</option>)}
          </select>
        </label>
        <label>Started
          <select name="since" value={filter.sinceHours ?? ''} onChange={(event) => change({ sinceHours: Number(event.target.value) || undefined })}>
            {periods.map(([label, hours]) => <option key={label} value={hours ?? ''}>{label}</option>)}
          </select>
        </label>
      </form>
      <ErrorNotice error={error} action="Loading runs" />
      {data && <RunsTable runs={runs} showFlow />}
      <nav className="pager" aria-label="Pages">
        {filter.after && <button type="button" className="button ghost" onClick={() => change({ status: filter.status })}>⏮ First page</button>}
        {endCursor && <button type="button" className="button ghost" onClick={() => navigate(`${paths.executions}${searchOf({ ...filter, after: endCursor })}`)}>Next page ▶</button>}
      </nav>
    </section>
  );
}
