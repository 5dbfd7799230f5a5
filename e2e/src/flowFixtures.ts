import { createAssignment, createDelivery, createFlow, createSchema, createStep, createWorkflow } from './fixtures.js';
import type { GraphQLClient } from './harness.js';

export interface GraphStep {
  key: string;
  when?: 'PREVIOUS_SUCCESS' | 'PREVIOUS_FAILURE' | 'ALWAYS' | 'NEVER';
  next?: string[];
  /** Payload of a Delivery assigned to the step: EchoProcessor obeys `fail`, `failTimes`, `delayMs`. */
  payload?: Record<string, unknown>;
  /** Another processor than the flow's default one. */
  processorId?: string;
  /** A readable step name (screenshots) instead of a generated one. */
  name?: string;
  /** More fields of the Step (its retry and timeout policy: maxAttempts, timeoutMs, retryOnTimeout...). */
  fields?: Record<string, unknown>;
}

export interface GraphFlow {
  flowId: string;
  stepIds: Record<string, string>;
  keyOf: (stepId: string) => string;
}

/** Creates the steps (sinks first, so next steps exist), a workflow, assignments and the flow. */
export async function createGraphFlow(client: GraphQLClient, processorId: string, graph: readonly GraphStep[], flowFields: Record<string, unknown> = {}): Promise<GraphFlow> {
  const anySchema = await createSchema(client, { definition: '{}' });
  const stepIds: Record<string, string> = {};
  const pending = [...graph];
  while (pending.length > 0) {
    const index = pending.findIndex((step) => (step.next ?? []).every((key) => stepIds[key]));
    if (index < 0) throw new Error('graph has a cycle; create it by hand');
    const [step] = pending.splice(index, 1) as [GraphStep];
    stepIds[step.key] = await createStep(client, step.processorId ?? processorId, (step.next ?? []).map((key) => stepIds[key] as string), {
      entryCondition: step.when ?? 'PREVIOUS_SUCCESS', ...(step.name ? { name: step.name } : {}),
      ...step.fields,
    });
  }
  const workflowId = await createWorkflow(client, graph.map((step) => stepIds[step.key] as string));
  const assignmentIds: string[] = [];
  for (const step of graph.filter((s) => s.payload)) {
    const deliveryId = await createDelivery(client, anySchema, { payload: JSON.stringify(step.payload) });
    assignmentIds.push(await createAssignment(client, stepIds[step.key] as string, [deliveryId]));
  }
  const flowId = await createFlow(client, workflowId, assignmentIds, flowFields);
  const byId = new Map(Object.entries(stepIds).map(([key, id]) => [id, key]));
  return { flowId, stepIds, keyOf: (id) => byId.get(id) ?? id };
}

export const statusQuery = /* GraphQL */ `
  query Status($id: ID!) {
    orchestrationStatus(orchestratedFlowId: $id) {
      executionId status version completedSteps totalSteps currentSteps startedAt finishedAt
      steps { step { id } status attempts error input output }
    }
  }
`;

export interface RunStatus {
  executionId: string;
  status: string;
  version: number;
  completedSteps: number;
  totalSteps: number;
  steps: Array<{ step: { id: string }; status: string; attempts: number; error: string | null; input: unknown; output: unknown }>;
}

/** Polls the run of a flow until it is no longer RUNNING (or the deadline passes). */
export async function waitForEnd(client: GraphQLClient, flowId: string, timeoutMs = 20_000): Promise<RunStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { orchestrationStatus } = await client.data<{ orchestrationStatus: RunStatus | null }>(statusQuery, { id: flowId });
    if (orchestrationStatus && orchestrationStatus.status !== 'RUNNING') return orchestrationStatus;
    if (Date.now() > deadline) throw new Error(`run of ${flowId} still ${orchestrationStatus?.status ?? 'absent'} after ${timeoutMs} ms: ${JSON.stringify(orchestrationStatus)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** step key -> status, for readable assertions. */
export function statusesByKey(flow: GraphFlow, run: RunStatus): Record<string, string> {
  return Object.fromEntries(run.steps.map((step) => [flow.keyOf(step.step.id), step.status]));
}
