import { useQuery } from '@apollo/client/react';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { StartButton } from '../components/StartButton.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { FlowsDocument } from '../generated/graphql.js';
import { Link, paths } from '../router.js';
import { when } from '../status.js';

/** `/console`: every orchestrated flow, its last run and a start button. */
export function FlowsPage() {
  const { data, error, loading } = useQuery(FlowsDocument, { variables: { first: 100 }, fetchPolicy: 'cache-and-network' });
  const flows = data?.orchestratedFlows.nodes ?? [];
  return (
    <section aria-labelledby="flows-title">
      <header className="page-head">
        <h1 id="flows-title">Flows</h1>
        <p className="muted">{data ? `${data.orchestratedFlows.totalCount} orchestrated flow${data.orchestratedFlows.totalCount === 1 ? '' : 's'}` : loading ? 'Loading…' : ''}</p>
      </header>
      <ErrorNotice error={error} action="Loading flows" />
      {data && flows.length === 0 && <p className="empty">No orchestrated flow yet. Create one over GraphQL (GraphiQL) or REST.</p>}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr><th scope="col">Flow</th><th scope="col">Workflow</th><th scope="col">Schedule</th><th scope="col">Last run</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {flows.map((flow) => (
              <tr key={flow.id} data-flow={flow.name}>
                <td data-label="Flow">
                  <Link href={paths.flow(flow.id)} className="strong">{flow.name}</Link>
                  <div className="muted small">version {flow.version}</div>
                </td>
                <td data-label="Workflow">{flow.workflow?.name ?? '—'}</td>
                <td data-label="Schedule">
                  {flow.cronExpression ? <code>{flow.cronExpression}</code> : <span className="muted">manual</span>}
                  {flow.cronExpression && !flow.isScheduleEnabled && <div className="muted small">paused</div>}
                </td>
                <td data-label="Last run">
                  {flow.status ? (
                    <Link href={paths.run(flow.status.executionId)} className="run-link">
                      <StatusBadge status={flow.status.status} />
                      <span className="muted small">{when(flow.status.startedAt)}</span>
                    </Link>
                  ) : <span className="muted">never run</span>}
                </td>
                <td data-label="Actions"><StartButton flowId={flow.id} flowName={flow.name} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
