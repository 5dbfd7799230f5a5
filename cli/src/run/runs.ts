import { CliError } from '../errors.js';
import type { Gateway } from '../gateway.js';
import { keyText, parseKey } from '../flowFile/model.js';

/** What the CLI reads of a run (OrchestrationStatus, DESIGN.md section 5). */
export interface RunStatus {
  executionId: string;
  orchestratedFlowId: string;
  flow: { name: string; version: string } | null;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED' | 'STOPPED' | (string & {});
  startedAt: string;
  finishedAt: string | null;
  completedSteps: number;
  totalSteps: number;
  version: number;
  steps: Array<{ step: { id: string; name: string }; status: string; attempts: number; startedAt: string | null; finishedAt: string | null; error: string | null }>;
}

const RUN_SUMMARY = 'executionId orchestratedFlowId flow { name version } status startedAt finishedAt completedSteps totalSteps version';
export const RUN_FIELDS = `${RUN_SUMMARY} steps { step { id name } status attempts startedAt finishedAt error }`;

export const TERMINAL_RUN = new Set(['COMPLETED', 'FAILED', 'STOPPED']);

/** The id of the flow named `name@version`. */
export async function flowIdOf(gateway: Gateway, reference: string): Promise<string> {
  if (!/^[^@]+@[^@]+$/.test(reference)) throw new CliError('USAGE', `name a flow as <name>@<version> (got "${reference}")`);
  const key = parseKey(reference);
  const { flow } = await gateway.request<{ flow: { id: string } | null }>(
    'query($version: String!, $name: String!) { flow: orchestratedFlowByKey(version: $version, name: $name) { id } }', { ...key },
  );
  if (!flow) throw new CliError('NOT_FOUND', `flow ${keyText(key)} does not exist`);
  return flow.id;
}

export async function startRun(gateway: Gateway, flowId: string, input: unknown): Promise<RunStatus> {
  const query = `mutation($id: ID!, $input: JSON) { run: startOrchestration(orchestratedFlowId: $id, input: $input) { ${RUN_FIELDS} } }`;
  return (await gateway.request<{ run: RunStatus }>(query, { id: flowId, input })).run;
}

export async function stopRun(gateway: Gateway, flowId: string): Promise<RunStatus> {
  const query = `mutation($id: ID!) { run: stopOrchestration(orchestratedFlowId: $id) { ${RUN_FIELDS} } }`;
  return (await gateway.request<{ run: RunStatus }>(query, { id: flowId })).run;
}

export async function runById(gateway: Gateway, executionId: string): Promise<RunStatus> {
  const { run } = await gateway.request<{ run: RunStatus | null }>(`query($id: ID!) { run: execution(id: $id) { ${RUN_FIELDS} } }`, { id: executionId });
  if (!run) throw new CliError('NOT_FOUND', `execution ${executionId} does not exist`);
  return run;
}

/** The run controls of the orchestrator (docs/protocol.md, "Run controls"), by their GraphQL mutation. */
export type RunControl = 'stopExecution' | 'pauseExecution' | 'resumeExecution' | 'retryExecution' | 'rerunExecution';

/** Applies a control to one run by its execution id; a control that does not apply is refused (CONFLICT). */
export async function controlRun(gateway: Gateway, control: RunControl, executionId: string, extra: { stepIds?: string[]; input?: unknown } = {}): Promise<RunStatus> {
  const parameters = [['$id: ID!', 'executionId: $id'], ...(extra.stepIds ? [['$stepIds: [ID!]', 'stepIds: $stepIds']] : []), ...('input' in extra ? [['$input: JSON', 'input: $input']] : [])];
  const query = `mutation(${parameters.map(([declared]) => declared).join(', ')}) { run: ${control}(${parameters.map(([, passed]) => passed).join(', ')}) { ${RUN_FIELDS} } }`;
  return (await gateway.request<{ run: RunStatus }>(query, { id: executionId, ...extra })).run;
}

/** Runs, newest first, of one flow or all, whose status is among `statuses` (all when empty): the gateway filters. */
export async function listRuns(gateway: Gateway, options: { flowId?: string; statuses: readonly string[]; limit: number }): Promise<RunStatus[]> {
  const query = `query($filter: ExecutionFilter, $first: Int) { runs: executions(filter: $filter, first: $first) { nodes { ${RUN_SUMMARY} steps { status } } } }`;
  const filter = { ...(options.flowId ? { orchestratedFlowId: options.flowId } : {}), ...(options.statuses.length > 0 ? { statuses: options.statuses } : {}) };
  const { runs } = await gateway.request<{ runs: { nodes: RunStatus[] } }>(query, { filter, first: options.limit });
  return runs.nodes;
}
