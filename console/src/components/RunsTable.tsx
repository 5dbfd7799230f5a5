import type { RunRowFragment } from '../generated/graphql.js';
import { Link, paths } from '../router.js';
import { duration, when } from '../status.js';
import { StatusBadge } from './StatusBadge.js';

export type RunRowWithFlow = RunRowFragment & { flow?: { id: string; name: string; version: string } };

/** Runs, newest first: status, flow, start, duration and progress; each row opens the run. */
export function RunsTable({ runs, showFlow }: { runs: readonly RunRowWithFlow[]; showFlow: boolean }) {
  if (runs.length === 0) return <p className="empty">No run matches.</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="runs">
        <thead>
          <tr>
            <th scope="col">Run</th><th scope="col">Status</th>{showFlow && <th scope="col">Flow</th>}
            <th scope="col">Started</th><th scope="col">Duration</th><th scope="col">Steps</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.executionId} data-execution={run.executionId} data-status={run.status}>
              <td data-label="Run"><Link href={paths.run(run.executionId)}><code>{run.executionId.slice(0, 8)}</code></Link></td>
              <td data-label="Status"><StatusBadge status={run.status} /></td>
              {showFlow && <td data-label="Flow">{run.flow ? <Link href={paths.flow(run.flow.id)}>{run.flow.name}</Link> : '—'}</td>}
              <td data-label="Started">{when(run.startedAt)}</td>
              <td data-label="Duration">{duration(run.startedAt, run.finishedAt)}</td>
              <td data-label="Steps">{run.completedSteps}/{run.totalSteps}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
