import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useState } from 'react';
import { CheckStartInputDocument, StartRunDocument } from '../generated/graphql.js';
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

/** How long typing must pause before the input is checked against the schemas. */
const CHECK_AFTER_MS = 300;

/** `value`, once it stopped changing for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Start a run, optionally with a JSON input, then open its live page. The input is checked as
 * JSON here and, as it is typed, against the entry steps' input schemas by the orchestrator
 * (`checkStartInput`, the very check a start makes): Start waits until the violations are gone.
 */
export function StartButton({ flowId, flowName }: { flowId: string; flowName: string }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const inputId = useId();
  const [start, { loading, error }] = useMutation(StartRunDocument);
  const parsed = parseInput(text);
  const settled = useSettled(text, CHECK_AFTER_MS);
  const settledInput = parseInput(settled);
  const check = useQuery(CheckStartInputDocument, {
    variables: { orchestratedFlowId: flowId, input: 'value' in settledInput ? settledInput.value : null },
    skip: !open || 'error' in settledInput,
    fetchPolicy: 'network-only',
  });
  const current = settled === text && !check.loading ? check.data?.checkStartInput : undefined;
  const violations = open && 'value' in parsed ? (current ?? []) : [];
  const submit = async (): Promise<void> => {
    if ('error' in parsed) return;
    const result = await start({ variables: { orchestratedFlowId: flowId, input: parsed.value } }).catch(() => undefined);
    const executionId = result?.data?.startOrchestration.executionId;
    if (executionId) navigate(paths.run(executionId));
  };
  return (
    <div className="start">
      <div className="button-row">
        <button type="button" className="button primary" disabled={loading || violations.length > 0} onClick={() => void submit()} aria-label={`Start ${flowName}`}>
          ▶ Start
        </button>
        <button type="button" className="button ghost" aria-expanded={open} onClick={() => setOpen(!open)} aria-label={`Input for ${flowName}`}>
          {'{ }'} Input
        </button>
      </div>
      {open && (
        <div className="start-input">
          <label htmlFor={inputId}>Run input (JSON, optional)</label>
          <textarea id={inputId} rows={4} spellCheck={false} value={text} onChange={(event) => setText(event.target.value)} placeholder='{"greeting": "hello"}' aria-invalid={'error' in parsed || violations.length > 0} />
          {'error' in parsed && <div className="field-error" role="status">{parsed.error}</div>}
          {violations.length > 0 && (
            <ul className="field-error violations" role="status" aria-label="Input schema violations">
              {violations.map((violation) => <li key={`${violation.field} ${violation.message}`} data-field={violation.field}>{violation.message}</li>)}
            </ul>
          )}
        </div>
      )}
      <ErrorNotice error={error} action="Start" />
    </div>
  );
}
