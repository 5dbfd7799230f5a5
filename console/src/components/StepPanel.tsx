import type { RunFieldsFragment } from '../generated/graphql.js';
import { duration, when } from '../status.js';
import { StatusBadge } from './StatusBadge.js';

type StepRun = RunFieldsFragment['steps'][number];

const json = (value: unknown): string => (value === undefined || value === null ? '—' : JSON.stringify(value, null, 2));

/** One step of the run: status, attempts, times, input, output and error. */
export function StepPanel({ step, name, processor, onClose }: { step: StepRun; name: string; processor: string; onClose: () => void }) {
  return (
    <aside className="panel" aria-labelledby="step-title" data-testid="step-panel">
      <header className="panel-head">
        <h2 id="step-title">{name}</h2>
        <button type="button" className="button ghost" onClick={onClose} aria-label="Close step details">✕</button>
      </header>
      <dl className="facts">
        <dt>Status</dt><dd><StatusBadge status={step.status} /></dd>
        <dt>Processor</dt><dd>{processor}</dd>
        <dt>Attempts</dt><dd data-testid="step-attempts">{step.attempts}</dd>
        <dt>Started</dt><dd>{when(step.startedAt)}</dd>
        <dt>Duration</dt><dd>{duration(step.startedAt, step.finishedAt) || '—'}</dd>
      </dl>
      {step.error && (
        <>
          <h3>Error</h3>
          <pre className="code code-error" data-testid="step-error">{step.error}</pre>
        </>
      )}
      <h3>Input</h3>
      <pre className="code">{json(step.input)}</pre>
      <h3>Output</h3>
      <pre className="code">{json(step.output)}</pre>
    </aside>
  );
}
