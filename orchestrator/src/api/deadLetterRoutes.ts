import { ADMIN_ROLES, AppError } from '@flow/platform';
import type { OperationRoute } from '@flow/kit';
import { pageSize } from './executionRoutes.js';

const tag = 'DeadLetters';
const queueDoc = 'orchestrator.events, or processor.<processorId> (a processor\'s commands)';
const letterSchema = {
  type: 'object', required: ['id', 'queue', 'reason', 'deliveries', 'deadLetteredAt', 'body', 'headers'],
  properties: {
    id: { type: 'string' }, queue: { type: 'string' }, reason: { type: 'string', description: '<DeadLetterReason>: <what happened>' },
    deliveries: { type: ['integer', 'null'] }, deadLetteredAt: { type: ['string', 'null'], format: 'date-time' },
    body: { type: 'string', description: 'The body as it was sent' }, headers: { type: 'object', additionalProperties: { type: 'string' } },
  },
};
const listSchema = { type: 'object', required: ['total', 'items'], properties: { total: { type: 'integer' }, items: { type: 'array', items: letterSchema } } };
const countSchema = { type: 'object', required: ['count'], properties: { count: { type: 'integer' } } };
const letterFields = 'id queue reason deliveries deadLetteredAt body headers';
/** The queues an operator handles (deadLetterResolvers.ts checks the same). */
const pathSchemas = {
  queue: {
    pattern: '^(orchestrator\\.events|processor\\.[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$',
    not: { const: 'processor.00000000-0000-0000-0000-000000000000' }, description: queueDoc,
  },
};

/** `{"ids": [...]}`, or no body for every dead letter. */
function idsOf(body: unknown): string[] | undefined {
  if (body === undefined) return undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw AppError.badInput([{ field: 'body', constraint: 'type', message: 'The body must be a JSON object: {"ids": [...]}, or none for every dead letter' }]);
  const { ids } = body as { ids?: unknown };
  if (ids === undefined) return undefined;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && id.length > 0)) {
    throw AppError.badInput([{ field: 'ids', constraint: 'type', message: 'ids must be a non-empty array of dead-letter ids' }]);
  }
  return ids as string[];
}

function actionRoute(action: 'replay' | 'discard', summary: string): OperationRoute {
  const field = `${action}DeadLetters`;
  return {
    tag, method: 'POST', path: `/api/DeadLetters/{queue}/${action}`, operationId: field, summary,
    guidParams: [], pathSchemas, success: { status: 200 }, errors: [400, 401, 403, 415, 503, 500], roles: ADMIN_ROLES,
    response: { name: 'DeadLetterCount', schema: countSchema },
    optionalBody: {
      description: 'Optional `{"ids": [...]}`: the dead letters to take (default: all of them, of the first 1,000)',
      schema: { type: 'object', properties: { ids: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 } } },
    },
    async handle({ params, body }, execute) {
      const data = await execute(`mutation($queue: String!, $ids: [ID!]) { ${field}(queue: $queue, ids: $ids) }`, { queue: params.queue, ids: idsOf(body) ?? null });
      return { status: 200, body: { count: data[field] as number } };
    },
  };
}

/** The dead letters of the orchestrator's and the processors' queues, for admins (docs/protocol.md, "Dead letters"). */
export const deadLetterRoutes: readonly OperationRoute[] = [
  {
    tag, method: 'GET', path: '/api/DeadLetters/{queue}', operationId: 'listDeadLetters', summary: `The dead letters of a queue, oldest first: ${queueDoc}`,
    guidParams: [], pathSchemas, success: { status: 200 }, errors: [400, 401, 403, 404, 503, 500], roles: ADMIN_ROLES,
    queryParams: [
      { name: 'pageSize', description: 'Dead letters per page, 1..100 (default 20)', type: 'integer' },
      { name: 'after', description: 'The id of the last dead letter of the previous page (404 once it was replayed or discarded)', type: 'string', schema: { minLength: 1 } },
    ],
    response: { name: 'DeadLetterList', schema: listSchema },
    async handle({ params, query }, execute) {
      const first = pageSize(query.pageSize);
      const after = query.after === undefined ? null : query.after;
      if (after !== null && (typeof after !== 'string' || after.length === 0)) {
        throw AppError.badInput([{ field: 'after', constraint: 'minLength', message: 'after must be the id of a dead letter' }]);
      }
      const data = await execute(`query($queue: String!, $first: Int, $after: ID) { deadLetters(queue: $queue, first: $first, after: $after) { total nodes { ${letterFields} } } }`,
        { queue: params.queue, first, after });
      const list = data.deadLetters as { total: number; nodes: unknown[] };
      return { status: 200, body: { total: list.total, items: list.nodes } };
    },
  },
  actionRoute('replay', 'Put dead letters back on their queue as new first deliveries, once their cause is repaired'),
  actionRoute('discard', 'Delete dead letters for good'),
];
