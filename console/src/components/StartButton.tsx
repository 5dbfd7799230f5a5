import { useMutation } from '@apollo/client/react';
import { useId, useState } from 'react';
import { StartRunDocument } from '../generated/graphql.js';
import { navigate, paths } from '../router.js';
import { ErrorNotice } from './ErrorNotice.js';

/** Parses the run input: empty means none; otherwise it must be JSON. */
export function parseInput(text: string): { value: unknown } | { error: string } {
  if (!text.trim()) return { value: undefined };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: `Input is not valid JSON: ${(error as Error).message}` };
  }
}

/**
 * Start a run, optionally with a JSON input, then open its live page. The input is checked
 * as JSON here; the entry processors' schemas check it on the server (their validation error
 * is shown as returned).
 */
export function StartButton({ flowId, flowName }: { flowId: string; flowName: string }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const inputId = useId();
  const [start, { loading, error }] = useMutation(StartRunDocument);
  const parsed = parseInput(text);
  const submit = async (): Promise<void> => {
    if ('error' in parsed) return;
    const result = await start({ variables: { orchestratedFlowId: flowId, input: parsed.value } }).catch(() => undefined);
    const executionId = result?.data?.startOrchestration.executionId;
    if (executionId) navigate(paths.run(executionId));
  };
  return (
    <div className="start">
      <div className="button-row">
        <button type="button" className="button primary" disabled={loading} onClick={() => void submit()} aria-label={`Start ${flowName}`}>
          ▶ Start
        </button>
        <button type="button" className="button ghost" aria-expanded={open} onClick={() => setOpen(!open)} aria-label={`Input for ${flowName}`}>
          {'{ }'} Input
        </button>
      </div>
      {open && (
        <div className="start-input">
          <label htmlFor={inputId}>Run input (JSON, optional)</label>
          <textarea id={inputId} rows={4} spellCheck={false} value={text} onChange={(event) => setText(event.target.value)} placeholder='{"greeting": "hello"}' aria-invalid={'error' in parsed} />
          {'error' in parsed && <div className="field-error" role="status">{parsed.error}</div>}
        </div>
      )}
      <ErrorNotice error={error} action="Start" />
    </div>
  );
}
