import { CliError } from '../errors.js';
import type { Gateway } from '../gateway.js';
import { RUN_FIELDS, TERMINAL_RUN, type RunStatus } from './runs.js';

/**
 * Follows one execution over the gateway's subscription (the run's current state first, then
 * each new version) until it is terminal, calling `onStatus` with each state of that execution.
 * Resolves with the terminal state.
 */
export async function followRun(gateway: Gateway, flowId: string, executionId: string, onStatus: (run: RunStatus) => void): Promise<RunStatus> {
  const query = `subscription($id: ID!) { run: orchestrationStatus(orchestratedFlowId: $id) { ${RUN_FIELDS} } }`;
  let last: RunStatus | undefined;
  await gateway.subscribe<{ run: RunStatus }>(query, { id: flowId }, ({ run }) => {
    // A later run of the same flow (a schedule, another user) is not the one being watched.
    if (run.executionId !== executionId || (last && run.version <= last.version)) return;
    last = run;
    onStatus(run);
  });
  if (!last || !TERMINAL_RUN.has(last.status)) {
    throw new CliError('SERVICE_UNAVAILABLE', `the status stream of execution ${executionId} ended before the run did (last seen: ${last?.status ?? 'nothing'})`);
  }
  return last;
}
