import { useMutation } from '@apollo/client/react';
import type { TypedDocumentNode } from '@apollo/client';
import {
  PauseExecutionDocument, RerunExecutionDocument, ResumeExecutionDocument, RetryExecutionDocument, StopExecutionDocument, type ExecutionStatus,
} from '../generated/graphql.js';
import { navigate, paths } from '../router.js';
import { ErrorNotice } from './ErrorNotice.js';

type Variables = { executionId: string };

/** The operator's controls of one run, each offered only in the statuses it applies to (docs/protocol.md, "Run controls"). */
const CONTROLS: ReadonlyArray<{ label: string; document: TypedDocumentNode<unknown, Variables>; when: readonly ExecutionStatus[]; danger?: boolean }> = [
  { label: '⏸ Pause', document: PauseExecutionDocument, when: ['RUNNING'] },
  { label: '▶ Resume', document: ResumeExecutionDocument, when: ['PAUSED'] },
  { label: '↻ Retry', document: RetryExecutionDocument, when: ['FAILED', 'STOPPED'] },
  { label: '⟳ Rerun', document: RerunExecutionDocument, when: ['COMPLETED', 'FAILED', 'STOPPED'] },
  { label: '■ Stop', document: StopExecutionDocument, when: ['QUEUED', 'RUNNING', 'PAUSED'], danger: true },
];

function ControlButton({ executionId, label, document, danger }: { executionId: string; label: string; document: TypedDocumentNode<unknown, Variables>; danger?: boolean }) {
  const [act, acting] = useMutation(document);
  const name = label.slice(2);
  const run = async (): Promise<void> => {
    const answer = (await act({ variables: { executionId } }).catch(() => undefined))?.data as { rerunExecution?: { executionId: string } } | undefined;
    // A rerun is a new run: show it.
    if (answer?.rerunExecution) navigate(paths.run(answer.rerunExecution.executionId));
  };
  return (
    <>
      <button type="button" className={`button${danger ? ' danger' : ''}`} disabled={acting.loading} data-control={name.toLowerCase()} onClick={() => void run()}>
        {label}
      </button>
      <ErrorNotice error={acting.error} action={name} />
    </>
  );
}

/** The buttons that apply to a run in `status`; a refusal (CONFLICT, FORBIDDEN) shows beside them. */
export function RunControls({ executionId, status }: { executionId: string; status: ExecutionStatus }) {
  return (
    <div className="run-controls">
      {CONTROLS.filter((control) => control.when.includes(status)).map(({ label, document, danger }) => (
        <ControlButton key={label} executionId={executionId} label={label} document={document} {...(danger ? { danger } : {})} />
      ))}
    </div>
  );
}
