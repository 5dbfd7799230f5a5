import type { GraphQLClient } from './harness.js';
import { waitFor } from './orchestrationProbes.js';

export const runFields = 'executionId status version rerunOf finishedAt steps { step { id } status attempts startedAt input output attemptHistory { attempt outcome error startedAt finishedAt } }';
export const startRun = `mutation($id: ID!, $input: JSON) { startOrchestration(orchestratedFlowId: $id, input: $input) { ${runFields} } }`;
export const executionQuery = `query($id: ID!) { execution(id: $id) { ${runFields} } }`;
export const control = (field: string, extra = '', defs = '') => `mutation($id: ID!${defs}) { ${field}(executionId: $id${extra}) { ${runFields} } }`;

export interface Run {
  executionId: string;
  status: string;
  version: number;
  rerunOf: string | null;
  finishedAt: string | null;
  steps: Array<{
    step: { id: string }; status: string; attempts: number; startedAt: string | null; input: unknown; output: unknown;
    attemptHistory: Array<{ attempt: number; outcome: string; error: string | null; startedAt: string; finishedAt: string | null }>;
  }>;
}

export async function readRun(client: GraphQLClient, executionId: string): Promise<Run> {
  return (await client.data<{ execution: Run }>(executionQuery, { id: executionId })).execution;
}

/** Polls one run until `done` holds for it. */
export function waitForRun(client: GraphQLClient, executionId: string, done: (run: Run) => boolean, what: string, timeoutMs = 20_000): Promise<Run> {
  return waitFor(async () => {
    const run = await readRun(client, executionId);
    return done(run) ? run : undefined;
  }, timeoutMs, what, 50);
}

export const ended = (run: Run): boolean => ['COMPLETED', 'FAILED', 'STOPPED'].includes(run.status);

/** The REST API's answer to `path` on the gateway. */
export async function rest(gatewayUrl: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; type: string | null; body: any }> {
  const response = await fetch(gatewayUrl.replace(/\/graphql$/, '') + path, {
    method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
}
