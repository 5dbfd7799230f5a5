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

/**
 * Runs, newest first, of one flow or all: `limit` of them whose status is among `statuses`
 * (all when empty). The status filter runs here, on pages of the gateway's `executions`,
 * scanning at most `scanLimit` runs, until the gateway filters by status itself.
 */
export async function listRuns(gateway: Gateway, options: { flowId?: string; statuses: readonly string[]; limit: number; scanLimit?: number }): Promise<RunStatus[]> {
  const query = `query($flow: ID, $first: Int, $after: String) { runs: executions(orchestratedFlowId: $flow, first: $first, after: $after) {
    nodes { ${RUN_SUMMARY} steps { status } } pageInfo { hasNextPage endCursor } } }`;
  const found: RunStatus[] = [];
  let after: string | null = null;
  for (let scanned = 0; found.length < options.limit && scanned < (options.scanLimit ?? 1000);) {
    type Page = { runs: { nodes: RunStatus[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const page: Page = await gateway.request<Page>(query, { flow: options.flowId ?? null, first: 50, after });
    scanned += page.runs.nodes.length;
    found.push(...page.runs.nodes.filter((run) => options.statuses.length === 0 || options.statuses.includes(run.status)));
    if (!page.runs.pageInfo.hasNextPage) break;
    after = page.runs.pageInfo.endCursor;
  }
  return found.slice(0, options.limit);
}
