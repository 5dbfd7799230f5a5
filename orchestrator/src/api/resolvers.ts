import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { AppError, ErrorCode, currentContext, type DeadLetterQueues } from '@flow/platform';
import { DateTime, requireGuid } from '@flow/kit';
import type { Json } from '@flow/protocol';
import type { Resolvers } from '../generated/graphql.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { Orchestrator } from '../service/orchestrator.js';
import type { ProcessorActivity } from '../service/processorActivity.js';
import type { ExecutionQuery } from '../store/executionFilter.js';
import type { StoredExecution } from '../store/executionStore.js';
import { controlMutations, executionQuery } from './controlResolvers.js';
import { deadLetterResolvers } from './deadLetterResolvers.js';
import { toStatus } from './toStatus.js';

function literal(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(literal);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((field) => [field.name.value, literal(field.value)]));
    default:
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'JSON literals cannot hold variables');
  }
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literal,
});

const cursorOf = (id: string): string => Buffer.from(JSON.stringify({ id }), 'utf8').toString('base64url');
function fromCursor(cursor: string): string {
  try {
    return requireGuid((JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { id?: unknown }).id, 'after');
  } catch {
    throw AppError.badInput([{ field: 'after', constraint: 'cursor', message: 'after must be a cursor returned by a previous page' }]);
  }
}

async function page(orchestrator: Orchestrator, filter: ExecutionQuery, first: number, after: string | undefined) {
  if (!Number.isInteger(first) || first < 1 || first > 100) {
    throw AppError.badInput([{ field: 'first', constraint: 'range', message: `first must be between 1 and 100 (got ${first})` }]);
  }
  const rows = await orchestrator.store.list({ ...filter, first: first + 1, ...(after ? { beforeId: fromCursor(after) } : {}) });
  const nodes = rows.slice(0, first);
  return {
    nodes: nodes.map(toStatus),
    pageInfo: { hasNextPage: rows.length > first, endCursor: nodes.length > 0 ? cursorOf((nodes.at(-1) as StoredExecution).id) : null },
    totalCount: () => orchestrator.store.count(filter),
  };
}

function fireCount(count: number): number {
  if (!Number.isInteger(count) || count < 1 || count > 100) {
    throw AppError.badInput([{ field: 'count', constraint: 'range', message: `count must be between 1 and 100 (got ${count})` }]);
  }
  return count;
}

/**
 * Stop also disables the flow's schedule (DESIGN.md section 8), before stopping the run so
 * that no fire starts a new one meanwhile. A flow that never ran is refused unchanged.
 */
async function stop(orchestrator: Orchestrator, scheduler: Pick<Scheduler, 'disable'>, flowId: string) {
  if (await orchestrator.store.latestForFlow(flowId)) await scheduler.disable(flowId);
  return toStatus(await orchestrator.stop(flowId));
}

/** The orchestrator subgraph: start/stop mutations, status and execution queries, schedules, processors at work. */
export function orchestratorResolvers(orchestrator: Orchestrator, scheduler: Pick<Scheduler, 'nextFireTimes' | 'disable'>, activity: ProcessorActivity, deadLetters: DeadLetterQueues): Resolvers {
  const dead = deadLetterResolvers(deadLetters);
  const latest = async (flowId: string) => {
    const execution = await orchestrator.store.latestForFlow(requireGuid(flowId, 'orchestratedFlowId'));
    return execution ? toStatus(execution) : null;
  };
  return {
    DateTime,
    JSON: JSONScalar,
    Query: {
      orchestrationStatus: (_, { orchestratedFlowId }) => latest(orchestratedFlowId),
      execution: async (_, { id }) => {
        const execution = await orchestrator.store.get(requireGuid(id, 'id'));
        return execution ? toStatus(execution) : null;
      },
      checkStartInput: (_, { orchestratedFlowId, input }) => orchestrator.checkStartInput(requireGuid(orchestratedFlowId, 'orchestratedFlowId'), (input ?? null) as Json),
      executions: (_, { filter, orchestratedFlowId, first, after }) => page(orchestrator, executionQuery(filter, orchestratedFlowId), first ?? 20, after ?? undefined),
      ...dead.Query,
    },
    Mutation: {
      startOrchestration: async (_, { orchestratedFlowId, input, idempotencyKey }) => {
        const flowId = requireGuid(orchestratedFlowId, 'orchestratedFlowId');
        return toStatus(await orchestrator.start(flowId, (input ?? null) as Json, currentContext()?.correlationId ?? flowId, idempotencyKey ?? undefined));
      },
      stopOrchestration: (_, { orchestratedFlowId }) => stop(orchestrator, scheduler, requireGuid(orchestratedFlowId, 'orchestratedFlowId')),
      ...controlMutations(orchestrator),
      ...dead.Mutation,
    },
    OrchestratedFlow: {
      __resolveReference: (ref) => ({ id: ref.id }),
      status: (flow) => latest(flow.id),
      executions: (flow, { first, after }) => page(orchestrator, { orchestratedFlowId: flow.id }, first ?? 20, after ?? undefined),
      nextFireTimes: (flow, { count }) => scheduler.nextFireTimes(flow.id, fireCount(count ?? 5)),
    },
    Processor: {
      __resolveReference: (ref) => ({ id: ref.id }),
      instances: (processor) => activity.instances(processor.id),
      queueDepth: (processor) => activity.queueDepth(processor.id),
      deadLetterDepth: (processor) => activity.deadLetterDepth(processor.id),
    },
  };
}
