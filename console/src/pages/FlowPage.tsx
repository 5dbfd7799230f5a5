import { useQuery } from '@apollo/client/react';
import { NotLoaded } from '../components/ErrorNotice.js';
import { RunsTable } from '../components/RunsTable.js';
import { StartButton } from '../components/StartButton.js';
import { WorkflowDag } from '../components/WorkflowDag.js';
import { FlowDocument } from '../generated/graphql.js';
import { Link, paths } from '../router.js';
import { when } from '../status.js';

/** `/console/flows/<id>`: the workflow as a DAG with its assignments, and the flow's runs. */
export function FlowPage({ id }: { id: string }) {
  const { data, error, loading } = useQuery(FlowDocument, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const flow = data?.orchestratedFlow;
  if (!flow) return <NotLoaded error={error} loading={loading} what="flow" id={id} back={<Link href={paths.flows}>All flows</Link>} />;
  return (
    <section aria-labelledby="flow-title">
      <header className="page-head">
        <div>
          <p className="crumbs"><Link href={paths.flows}>Flows</Link> /</p>
          <h1 id="flow-title">{flow.name} <span className="muted small">v{flow.version}</span></h1>
          <p className="muted">
            Workflow {flow.workflow?.name ?? '—'} · {flow.cronExpression ? <>schedule <code>{flow.cronExpression}</code>{flow.isScheduleEnabled ? ` · next ${when(flow.nextFireTimes[0])}` : ' (paused)'}</> : 'started by hand'}
          </p>
        </div>
        <StartButton flowId={flow.id} flowName={flow.name} />
      </header>
      <WorkflowDag flow={flow} />
      <p className="legend muted small">An edge enters its step on the previous step's success unless labelled otherwise (on failure, always, never); ◆ a delivery, → an address assigned to the step.</p>
      <h2>Runs <span className="muted small">({flow.executions.totalCount})</span></h2>
      <RunsTable runs={flow.executions.nodes} showFlow={false} />
    </section>
  );
}
