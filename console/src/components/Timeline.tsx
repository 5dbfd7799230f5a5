import type { RunFieldsFragment } from '../generated/graphql.js';
import { duration, statusLook } from '../status.js';

type StepRun = RunFieldsFragment['steps'][number];

/** A Gantt-like bar per step from the run's start: where it started and how long it took. */
export function Timeline({ run, names, now, onSelect }: { run: RunFieldsFragment; names: ReadonlyMap<string, string>; now: number; onSelect: (stepId: string) => void }) {
  const start = Date.parse(run.startedAt);
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  const span = Math.max(1, end - start);
  const started = run.steps.filter((step): step is StepRun & { startedAt: string } => Boolean(step.startedAt))
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  if (started.length === 0) return <p className="empty">No step has started yet.</p>;
  return (
    <ol className="timeline" aria-label="Timeline">
      {started.map((step) => {
        const from = Date.parse(step.startedAt) - start;
        const to = (step.finishedAt ? Date.parse(step.finishedAt) : now) - start;
        const look = statusLook[step.status];
        const name = names.get(step.step.id) ?? step.step.id;
        return (
          <li key={step.step.id} className="timeline-row">
            <button type="button" className="timeline-name" onClick={() => onSelect(step.step.id)}>{name}</button>
            <div className="timeline-track">
              <div
                className={`timeline-bar tone-${look.tone}`}
                style={{ left: `${(100 * from) / span}%`, width: `${Math.max(0.8, (100 * (to - from)) / span)}%` }}
                title={`${name}: ${look.label}, ${duration(step.startedAt, step.finishedAt, now)}`}
              >
                <span aria-hidden="true">{look.symbol}</span>
              </div>
            </div>
            <span className="timeline-duration small">{duration(step.startedAt, step.finishedAt, now)}</span>
          </li>
        );
      })}
    </ol>
  );
}
