import { AppError, OPERATE_ROLES, READ_ROLES } from '@flow/platform';
import type { OperationRoute } from '@flow/kit';
import { deadLetterRoutes } from './deadLetterRoutes.js';
import { executionRoutes } from './executionRoutes.js';
import { restStatus, seedStatus, statusFields, statusSchema, type RestStatus as Status } from './restStatus.js';

const guid = { type: 'string', format: 'uuid' };
const startedSchema = {
  type: 'object', required: ['message', 'orchestratedFlowId', 'startedAt', 'executionId'],
  properties: {
    message: { type: 'string' }, orchestratedFlowId: guid, startedAt: { type: 'string', format: 'date-time' }, executionId: guid,
    status: { enum: ['Queued', 'Running', 'Completed', 'Failed'], description: 'Running, or Queued beyond the flow\'s maxConcurrentRuns' },
  },
};
const stoppedSchema = {
  type: 'object', required: ['message', 'orchestratedFlowId', 'stoppedAt', 'executionId', 'status'],
  properties: { message: { type: 'string' }, orchestratedFlowId: guid, stoppedAt: { type: ['string', 'null'], format: 'date-time' }, executionId: guid, status: { type: 'string' } },
};
const common = { guidParams: ['orchestratedFlowId'], tag: 'Orchestration' } as const;
const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/**
 * The seed's `/api/Orchestration/start|stop|status/{orchestratedFlowId}`, over the orchestrator's
 * GraphQL, and the run controls under `/api/Executions` (executionRoutes.ts).
 */
export const orchestrationRoutes: readonly OperationRoute[] = [
  ...executionRoutes,
  ...deadLetterRoutes,
  {
    ...common, method: 'POST', path: '/api/Orchestration/start/{orchestratedFlowId}', operationId: 'startOrchestration',
    summary: 'Start a run of an orchestrated flow now (queued, or refused with 409, beyond its maxConcurrentRuns)', success: { status: 200 }, errors: [400, 401, 403, 404, 409, 413, 415, 503, 500], roles: OPERATE_ROLES,
    response: { name: 'OrchestrationStarted', schema: startedSchema },
    optionalBody: { description: 'The run\'s input: the `input` field of the body, or the whole body', schema: {} },
    headerParams: [{
      name: IDEMPOTENCY_HEADER, schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
      description: 'Makes a retried start safe: a start of this flow with the same key within ORCHESTRATOR_IDEMPOTENCY_WINDOW_MS (24 h) answers the run the first one made; with another input, 409',
    }],
    async handle({ params, body, headers }, execute) {
      const input = body && typeof body === 'object' && 'input' in body ? (body as { input: unknown }).input : (body ?? null);
      const idempotencyKey = headers?.[IDEMPOTENCY_HEADER.toLowerCase()] ?? null;
      const data = await execute(`mutation($id: ID!, $input: JSON, $key: String) { startOrchestration(orchestratedFlowId: $id, input: $input, idempotencyKey: $key) { executionId orchestratedFlowId startedAt status } }`, { id: params.orchestratedFlowId, input, key: idempotencyKey });
      const run = data.startOrchestration as Pick<Status, 'executionId' | 'orchestratedFlowId' | 'startedAt' | 'status'>;
      const message = run.status === 'QUEUED' ? 'Orchestration queued: the flow is at its maxConcurrentRuns' : 'Orchestration started successfully';
      return { status: 200, body: { message, orchestratedFlowId: run.orchestratedFlowId, startedAt: run.startedAt, executionId: run.executionId, status: seedStatus(run.status) } };
    },
  },
  {
    ...common, method: 'POST', path: '/api/Orchestration/stop/{orchestratedFlowId}', operationId: 'stopOrchestration',
    summary: 'Stop the running run of an orchestrated flow', success: { status: 200 }, errors: [400, 401, 403, 404, 415, 503, 500], roles: OPERATE_ROLES,
    response: { name: 'OrchestrationStopped', schema: stoppedSchema },
    async handle({ params }, execute) {
      const data = await execute(`mutation($id: ID!) { stopOrchestration(orchestratedFlowId: $id) { executionId orchestratedFlowId status finishedAt } }`, { id: params.orchestratedFlowId });
      const run = data.stopOrchestration as Pick<Status, 'executionId' | 'orchestratedFlowId' | 'status' | 'finishedAt'>;
      return { status: 200, body: { message: 'Orchestration stopped successfully', orchestratedFlowId: run.orchestratedFlowId, stoppedAt: run.finishedAt, executionId: run.executionId, status: seedStatus(run.status) } };
    },
  },
  {
    ...common, method: 'GET', path: '/api/Orchestration/status/{orchestratedFlowId}', operationId: 'getOrchestrationStatus',
    summary: 'The status of the most recent run of an orchestrated flow', success: { status: 200 }, errors: [400, 401, 403, 404, 503, 500], roles: READ_ROLES,
    response: { name: 'OrchestrationStatus', schema: statusSchema },
    async handle({ params }, execute) {
      const data = await execute(`query($id: ID!) { orchestrationStatus(orchestratedFlowId: $id) { ${statusFields} } }`, { id: params.orchestratedFlowId });
      const run = data.orchestrationStatus as Status | null;
      if (!run) throw AppError.notFound('Run of OrchestratedFlow', params.orchestratedFlowId as string);
      return { status: 200, body: restStatus(run) };
    },
  },
];
