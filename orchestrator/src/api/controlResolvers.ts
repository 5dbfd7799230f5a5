import { currentContext } from '@flow/platform';
import { requireGuid } from '@flow/kit';
import type { Json } from '@flow/protocol';
import type { ExecutionFilter, MutationResolvers } from '../generated/graphql.js';
import type { Orchestrator } from '../service/orchestrator.js';
import type { ExecutionQuery } from '../store/executionFilter.js';
import { toStatus } from './toStatus.js';

type TimeField = 'startedAfter' | 'startedBefore' | 'finishedAfter' | 'finishedBefore';
const timeFields: readonly TimeField[] = ['startedAfter', 'startedBefore', 'finishedAfter', 'finishedBefore'];

/** A GraphQL ExecutionFilter (and the older `orchestratedFlowId` argument) as the store's query; a bad id is BAD_USER_INPUT. */
export function executionQuery(filter: ExecutionFilter | null | undefined, orchestratedFlowId?: string | null): ExecutionQuery {
  const query: ExecutionQuery = {};
  const flowId = filter?.orchestratedFlowId ?? orchestratedFlowId;
  if (flowId) query.orchestratedFlowId = requireGuid(flowId, 'filter.orchestratedFlowId');
  if (filter?.statuses) query.statuses = filter.statuses;
  if (filter?.correlationId) query.correlationId = filter.correlationId;
  // The DateTime scalar has refused anything but an RFC 3339 date and time (isDateTime).
  for (const field of timeFields) {
    const value = filter?.[field];
    if (value) query[field] = new Date(value).toISOString();
  }
  return query;
}

type ControlMutations = Pick<MutationResolvers, 'stopExecution' | 'pauseExecution' | 'resumeExecution' | 'retryExecution' | 'rerunExecution' | 'stopExecutions' | 'retryExecutions'>;

/** The run controls' mutations (service/controls.ts), each answering the run it leaves. */
export function controlMutations(orchestrator: Orchestrator): ControlMutations {
  const id = (executionId: string) => requireGuid(executionId, 'executionId');
  const stepIds = (ids: readonly string[] | null | undefined) => ids?.map((step, index) => requireGuid(step, `stepIds[${index}]`));
  return {
    stopExecution: async (_, { executionId }) => toStatus(await orchestrator.control(id(executionId), 'stop')),
    pauseExecution: async (_, { executionId }) => toStatus(await orchestrator.control(id(executionId), 'pause')),
    resumeExecution: async (_, { executionId }) => toStatus(await orchestrator.control(id(executionId), 'resume')),
    retryExecution: async (_, args) => toStatus(await orchestrator.control(id(args.executionId), 'retry', stepIds(args.stepIds))),
    rerunExecution: async (_, args) => {
      const input = args.input === undefined ? undefined : (args.input as Json);
      return toStatus(await orchestrator.rerun(id(args.executionId), input, currentContext()?.correlationId ?? args.executionId));
    },
    stopExecutions: (_, { filter }) => orchestrator.bulk('stop', executionQuery(filter)),
    retryExecutions: (_, { filter }) => orchestrator.bulk('retry', executionQuery(filter)),
  };
}
