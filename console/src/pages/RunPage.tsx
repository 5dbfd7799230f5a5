import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useMemo, useState } from 'react';
import { ErrorNotice, NotLoaded } from '../components/ErrorNotice.js';
import { RunControls } from '../components/RunControls.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { StepPanel } from '../components/StepPanel.js';
import { Timeline } from '../components/Timeline.js';
import { WorkflowDag, type StepState } from '../components/WorkflowDag.js';
import { RunDocument, RunUpdatesDocument } from '../generated/graphql.js';
import { Link, paths } from '../router.js';
import { duration, when } from '../status.js';

/** Re-renders every second while `active`, so running durations grow. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return active ? now : Date.now();
}

/**
 * `/console/executions/<id>`: the live run. One `orchestrationStatus` subscription (while the run
 * is running) writes each new version into the cache under the execution id, which re-renders
 * the DAG, the timeline and the side panel without a reload.
 */
export function RunPage({ id }: { id: string }) {
  const { data, error, loading } = useQuery(RunDocument, { variables: { id } });
  const run = data?.execution;
  // Live while the run can still change: queued, running or paused.
  const running = run !== undefined && run !== null && ['QUEUED', 'RUNNING', 'PAUSED'].includes(run.status);
  const live = useSubscription(RunUpdatesDocument, { variables: { orchestratedFlowId: run?.orchestratedFlowId ?? '' }, skip: !running });
  const [selected, setSelected] = useState<string | undefined>();
  const now = useNow(running);
  const steps = run?.flow.workflow?.steps;
  const names = useMemo(() => new Map((steps ?? []).map((step) => [step.id, step.name])), [steps]);
  if (!run) return <NotLoaded error={error} loading={loading} what="run" id={id} back={<Link href={paths.executions}>All runs</Link>} />;
  const states = new Map<string, StepState>(run.steps.map((step) => [step.step.id, {
    status: step.status, attempts: step.attempts, duration: duration(step.startedAt, step.finishedAt, now),
  }]));
  const chosen = run.steps.find((step) => step.step.id === selected);
  const processorOf = (stepId: string): string => {
    const processor = steps?.find((step) => step.id === stepId)?.processor;
    return processor ? `${processor.name} ${processor.version}` : 'unknown';
  };
  return (
    <section aria-labelledby="run-title" className={chosen ? 'with-panel' : undefined}>
      <header className="page-head">
        <div>
          <p className="crumbs"><Link href={paths.executions}>Runs</Link> / <Link href={paths.flow(run.orchestratedFlowId)}>{run.flow.name}</Link> /</p>
          <h1 id="run-title">Run <code>{run.executionId.slice(0, 8)}</code> <StatusBadge status={run.status} testId="run-status" /></h1>
          <p className="muted">
            Started {when(run.startedAt)} · {duration(run.startedAt, run.finishedAt, now)} · {run.completedSteps} of {run.totalSteps} steps done
            {running && <span className="live" title={live.error ? 'live updates lost' : 'live'}> · {live.error ? 'offline' : '● live'}</span>}
          </p>
        </div>
        <RunControls executionId={run.executionId} status={run.status} />
      </header>
      <ErrorNotice error={live.error} action="Live updates" />
      <progress className="progress" max={run.totalSteps} value={run.completedSteps} aria-label="Steps done" />
      <div className="run-body">
        <div className="run-main">
          <WorkflowDag flow={run.flow} states={states} selected={selected} onSelect={(stepId) => setSelected(stepId === selected ? undefined : stepId)} />
          <h2>Timeline</h2>
          <Timeline run={run} names={names} now={now} onSelect={setSelected} />
        </div>
        {chosen && <StepPanel step={chosen} name={names.get(chosen.step.id) ?? chosen.step.id} processor={processorOf(chosen.step.id)} onClose={() => setSelected(undefined)} />}
      </div>
    </section>
  );
}
