import { AppError, OPERATE_ROLES, READ_ROLES } from '@flow/platform';
import type { OperationRoute } from '@flow/kit';
import { DATE_TIME_EXAMPLE, isDateTime, isGuid, type Execute } from '@flow/serving';
import { executionStatuses, graphqlStatus, restStatus, statusFields, statusSchema, type RestStatus } from './restStatus.js';

const tag = 'Executions';
const guid = { type: 'string', format: 'uuid' };
const errors = [400, 401, 403, 404, 409, 415, 503, 500];
const filterFields = ['flow', 'status', 'startedAfter', 'startedBefore', 'finishedAfter', 'finishedBefore', 'correlationId'] as const;
const filterDocs: Record<(typeof filterFields)[number], string> = {
  flow: 'Only runs of this orchestrated flow (a GUID)',
  status: `Only runs in one of these statuses, comma-separated (${executionStatuses.join(', ')})`,
  startedAfter: 'Only runs started at or after this ISO-8601 time', startedBefore: 'Only runs started at or before this ISO-8601 time',
  finishedAfter: 'Only runs finished at or after this ISO-8601 time', finishedBefore: 'Only runs finished at or before this ISO-8601 time',
  correlationId: 'Only runs with this correlation id',
};
// Statuses are read in any case ("Failed", "FAILED", "failed"): each letter either way.
const anyCase = (word: string): string => [...word].map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join('');
const statusName = `(${executionStatuses.map(anyCase).join('|')})`;
/** One status or several, comma-separated: the document's pattern, and what the server accepts. */
const statusList = new RegExp(`^${statusName}(,${statusName})*$`);
const time = { format: 'date-time' };
/** What each filter field accepts (the server reads statuses in any case; the document names them as answered). */
const filterValue: Record<(typeof filterFields)[number], Record<string, unknown>> = {
  flow: { format: 'uuid' }, status: { pattern: statusList.source },
  startedAfter: time, startedBefore: time, finishedAfter: time, finishedBefore: time, correlationId: { minLength: 1 },
};
const filterSchema = {
  type: 'object', additionalProperties: false, minProperties: 1,
  properties: { ...Object.fromEntries(filterFields.map((name) => [name, { type: 'string', ...filterValue[name], description: filterDocs[name] }])) },
};
const pageSchema = {
  type: 'object', required: ['items', 'hasNextPage', 'endCursor'],
  properties: { items: { type: 'array', items: { $ref: '#/components/schemas/OrchestrationStatus' } }, hasNextPage: { type: 'boolean' }, endCursor: { type: ['string', 'null'] } },
};
const bulkSchema = { type: 'object', required: ['matched', 'affected'], properties: { matched: { type: 'integer' }, affected: { type: 'integer' } } };

const text = (value: unknown, name: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  throw AppError.badInput([{ field: name, constraint: 'type', message: `${name} must be a string` }]);
};

/** The REST filter (query string or bulk body) as a GraphQL ExecutionFilter. */
function filterOf(source: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const unknown = Object.keys(source).filter((name) => !(filterFields as readonly string[]).includes(name) && name !== 'pageSize' && name !== 'after');
  if (unknown.length > 0) throw AppError.badInput(unknown.map((name) => ({ field: name, constraint: 'unknown', message: `${name} is not a filter field` })));
  const status = text(source.status, 'status');
  if (status !== undefined && !statusList.test(status)) {
    throw AppError.badInput([{ field: 'status', constraint: 'enum', message: `status must be among ${executionStatuses.join(', ')}, comma-separated (got "${status.slice(0, 60)}")` }]);
  }
  const statuses = status?.split(',').map(graphqlStatus);
  const fields = Object.fromEntries(['startedAfter', 'startedBefore', 'finishedAfter', 'finishedBefore', 'correlationId'].flatMap((name) => {
    const value = text(source[name], name);
    if (value !== undefined && name !== 'correlationId' && !isDateTime(value)) {
      throw AppError.badInput([{ field: name, constraint: 'format', message: `${name} must be an ISO-8601 date and time, such as ${DATE_TIME_EXAMPLE}` }]);
    }
    return value === undefined ? [] : [[name, value]];
  }));
  const flow = text(source.flow, 'flow');
  if (flow !== undefined && !isGuid(flow)) throw AppError.badInput([{ field: 'flow', constraint: 'format', message: 'flow must be a GUID' }]);
  if (fields.correlationId === '') throw AppError.badInput([{ field: 'correlationId', constraint: 'minLength', message: 'correlationId must not be empty' }]);
  return { ...fields, ...(flow === undefined ? {} : { orchestratedFlowId: flow }), ...(statuses ? { statuses } : {}) };
}

/**
 * The bulk controls' body: a filter object with at least one condition, so that no bodiless
 * call (the JSON parser reads an absent body as `{}`) acts on every run.
 */
function bulkFilter(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length === 0) {
    throw AppError.badInput([{ field: 'body', constraint: 'required', message: 'The body must be a filter object with at least one condition' }]);
  }
  return filterOf(body as Record<string, unknown>);
}

/** A REST `pageSize`: 1..100, 20 when absent. */
export function pageSize(raw: unknown): number {
  if (raw === undefined) return 20;
  const value = typeof raw === 'string' && /^[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= 100)) throw AppError.badInput([{ field: 'pageSize', constraint: 'range', message: 'pageSize must be an integer between 1 and 100' }]);
  return value;
}

/** One control of one run: POST /api/Executions/{executionId}/<action>, answering the run it leaves. */
function controlRoute(action: 'stop' | 'pause' | 'resume' | 'retry' | 'rerun', summary: string, body?: { description: string; schema: Record<string, unknown>; variables: (body: unknown) => Record<string, unknown>; args: string; defs: string }): OperationRoute {
  const field = `${action}Execution`;
  return {
    tag, method: 'POST', path: `/api/Executions/{executionId}/${action}`, operationId: field, summary, guidParams: ['executionId'],
    success: { status: 200 }, errors: action === 'rerun' ? [...errors, 413] : errors, roles: OPERATE_ROLES,
    response: { name: 'OrchestrationStatus', schema: statusSchema },
    ...(body ? { optionalBody: { description: body.description, schema: body.schema } } : {}),
    async handle({ params, body: sent }, execute) {
      const data = await execute(`mutation($id: ID!${body?.defs ?? ''}) { ${field}(executionId: $id${body?.args ?? ''}) { ${statusFields} } }`, { id: params.executionId, ...body?.variables(sent) });
      return { status: 200, body: restStatus(data[field] as RestStatus) };
    },
  };
}

function bulkRoute(action: 'stop' | 'retry', summary: string): OperationRoute {
  const field = `${action}Executions`;
  return {
    tag, method: 'POST', path: `/api/Executions/${action}`, operationId: field, summary, guidParams: [], success: { status: 200 }, errors, roles: OPERATE_ROLES,
    response: { name: 'BulkControlResult', schema: bulkSchema },
    optionalBody: { description: 'Which runs: a filter object with at least one condition', schema: filterSchema, required: true },
    async handle({ body }, execute: Execute) {
      const data = await execute(`mutation($filter: ExecutionFilter!) { ${field}(filter: $filter) { matched affected } }`, { filter: bulkFilter(body) });
      return { status: 200, body: data[field] };
    },
  };
}

const stepIdsOf = (body: unknown): Record<string, unknown> => {
  if (body === undefined || body === null) return {};
  const stepIds = (body as { stepIds?: unknown }).stepIds;
  if (typeof body !== 'object' || Array.isArray(body) || (stepIds !== undefined && !(Array.isArray(stepIds) && stepIds.every((id) => typeof id === 'string')))) {
    throw AppError.badInput([{ field: 'stepIds', constraint: 'type', message: 'The body must be {"stepIds": [<step id>, ...]}' }]);
  }
  return stepIds === undefined ? {} : { stepIds };
};
const inputOf = (body: unknown): Record<string, unknown> =>
  body === undefined ? {} : { input: body && typeof body === 'object' && 'input' in body ? (body as { input: unknown }).input : body };

/** Run controls and search over `/api/Executions` (docs/protocol.md, "Run controls"); bulk routes first, so `stop` is never read as an id. */
export const executionRoutes: readonly OperationRoute[] = [
  bulkRoute('stop', 'Stop every RUNNING or PAUSED run the filter matches'),
  bulkRoute('retry', 'Retry every FAILED or STOPPED run the filter matches'),
  {
    tag, method: 'GET', path: '/api/Executions', operationId: 'listExecutions', summary: 'Runs matching a filter, newest first',
    guidParams: [], success: { status: 200 }, errors: [400, 401, 403, 503, 500], roles: READ_ROLES,
    queryParams: [
      ...filterFields.map((name) => ({ name, description: filterDocs[name], type: 'string' as const, schema: filterValue[name] })),
      { name: 'pageSize', description: 'Runs per page, 1..100 (default 20)', type: 'integer' },
      { name: 'after', description: 'The `endCursor` of the previous page', type: 'string' },
    ],
    response: { name: 'ExecutionPage', schema: pageSchema },
    async handle({ query }, execute) {
      const after = text(query.after, 'after');
      const data = await execute(`query($filter: ExecutionFilter, $first: Int, $after: String) { executions(filter: $filter, first: $first, after: $after) { nodes { ${statusFields} } pageInfo { hasNextPage endCursor } } }`,
        { filter: filterOf(query), first: pageSize(query.pageSize), ...(after ? { after } : {}) });
      const page = data.executions as { nodes: RestStatus[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      return { status: 200, body: { items: page.nodes.map(restStatus), hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor } };
    },
  },
  {
    tag, method: 'GET', path: '/api/Executions/{executionId}', operationId: 'getExecution', summary: 'One run, with every step and attempt',
    guidParams: ['executionId'], success: { status: 200 }, errors: [400, 401, 403, 404, 503, 500], roles: READ_ROLES,
    response: { name: 'OrchestrationStatus', schema: statusSchema },
    async handle({ params }, execute) {
      const data = await execute(`query($id: ID!) { execution(id: $id) { ${statusFields} } }`, { id: params.executionId });
      const run = data.execution as RestStatus | null;
      if (!run) throw AppError.notFound('Execution', params.executionId as string);
      return { status: 200, body: restStatus(run) };
    },
  },
  controlRoute('stop', 'Stop a RUNNING or PAUSED run (409 when it ended)'),
  controlRoute('pause', 'Pause a RUNNING run: nothing new is dispatched (409 otherwise)'),
  controlRoute('resume', 'Resume a PAUSED run where it stopped (409 otherwise)'),
  controlRoute('retry', 'Retry a FAILED or STOPPED run from its failed steps (409 otherwise)', {
    description: 'Optional `{"stepIds": [...]}`: the steps to attempt again (default every Failed, TimedOut and Cancelled step)',
    schema: { type: 'object', properties: { stepIds: { type: 'array', items: guid, minItems: 1 } } },
    variables: stepIdsOf, defs: ', $stepIds: [ID!]', args: ', stepIds: $stepIds',
  }),
  controlRoute('rerun', 'Start a new run of an ended run\'s pinned flow snapshot (409 while it runs)', {
    description: 'The new run\'s input: the `input` field of the body, or the whole body (default: the old run\'s input)',
    schema: {}, variables: inputOf, defs: ', $input: JSON', args: ', input: $input',
  }),
];
