import { AppError, ErrorCode } from '@flow/platform';
import type { EntityData, FederationClient } from '@flow/kit';
import { buildPlan, type StepDefinition } from '../engine/plan.js';
import type { Plan } from '../engine/state.js';
import type { AssignedEntity, Json } from '@flow/protocol';
import type { EntryInputSchema } from './startInput.js';

/** What a run needs of an orchestrated flow, read from the entity subgraphs at start. */
export interface FlowSnapshot {
  orchestratedFlowId: string;
  plan: Plan;
  processorIds: string[];
  cronExpression: string | null;
  isScheduleEnabled: boolean;
  /** The input schemas of the processors of the entry steps that run (their input is the start input); absent: none checked. */
  entryInputSchemas?: EntryInputSchema[];
  /** The flow's limit of RUNNING runs (absent or null: none), and what a start beyond it does (default QUEUE). */
  maxConcurrentRuns?: number | null;
  onLimit?: 'QUEUE' | 'REJECT';
  /** The input of scheduled runs (the flow's scheduleInput, parsed); absent or null when it has none. */
  scheduleInput?: Json;
}

export interface FlowReader {
  read(orchestratedFlowId: string): Promise<FlowSnapshot>;
}

const entityFields = 'id version name description connectionString configuration { key value } schemaId payload';
const deliveryFields = 'id version name description configuration { key value } schemaId payload';

function present(found: Map<string, EntityData | null>, ids: readonly string[], what: string): EntityData[] {
  const missing = ids.filter((id) => !found.get(id));
  if (missing.length > 0) throw new AppError(ErrorCode.BAD_USER_INPUT, `${what} not found: ${missing.join(', ')}`, { details: { missing } });
  return ids.map((id) => found.get(id) as EntityData);
}

/**
 * Reads a flow's whole graph through federation (each owner's `_entities`, one request per
 * type and level, batched) and validates it into a plan: every step, processor and assigned
 * entity exists, next steps stay in the workflow, no cycle. Every call reads: the server
 * module composes the reuse of reads and snapshots around it (flowReuse.ts).
 */
export function createFlowReader(federation: FederationClient): FlowReader {
  return {
    async read(orchestratedFlowId) {
      const flow = (await federation.entities('OrchestratedFlow', [orchestratedFlowId], 'id workflowId assignmentIds cronExpression isScheduleEnabled scheduleInput maxConcurrentRuns onLimit')).get(orchestratedFlowId);
      if (!flow) throw AppError.notFound('OrchestratedFlow', orchestratedFlowId);
      const assignmentIds = flow.assignmentIds as string[];
      const [workflows, assignments] = await Promise.all([
        federation.entities('Workflow', [flow.workflowId as string], 'stepIds'),
        federation.entities('Assignment', assignmentIds, 'stepId entities { __typename ... on Address { id } ... on Delivery { id } }'),
      ]);
      const [workflow] = present(workflows, [flow.workflowId as string], 'Workflow');
      const stepIds = (workflow as EntityData).stepIds as string[];
      const assigned = present(assignments, assignmentIds, 'Assignment');
      const refs = assigned.flatMap((a) => (a.entities as Array<{ __typename: string; id: string }>).map((e) => ({ ...e, stepId: a.stepId as string })));
      const addressIds = refs.filter((r) => r.__typename === 'Address').map((r) => r.id);
      const deliveryIds = refs.filter((r) => r.__typename === 'Delivery').map((r) => r.id);
      const [steps, addresses, deliveries] = await Promise.all([
        federation.entities('Step', stepIds, 'id processorId nextStepIds entryCondition maxAttempts retryBackoffMs retryBackoffMaxMs timeoutMs retryOnTimeout'),
        federation.entities('Address', addressIds, entityFields),
        federation.entities('Delivery', deliveryIds, deliveryFields),
      ]);
      const stepList = present(steps, stepIds, 'Step') as unknown as StepDefinition[];
      const processorIds = [...new Set(stepList.map((step) => step.processorId))];
      const data = new Map([...present(addresses, addressIds, 'Address'), ...present(deliveries, deliveryIds, 'Delivery')].map((e) => [e.id as string, e]));
      const processors = await federation.entities('Processor', processorIds, 'id inputSchemaId');
      present(processors, processorIds, 'Processor');
      const plan = buildPlan(orchestratedFlowId, stepList, new Map());
      const entries = plan.steps.filter((step) => step.previous.length === 0 && (step.entryCondition === 'PREVIOUS_SUCCESS' || step.entryCondition === 'ALWAYS'));
      const inputSchemaOf = (processorId: string): string => processors.get(processorId)?.inputSchemaId as string;
      const schemaIds = [...new Set([...[...data.values()].map((e) => e.schemaId as string), ...entries.map((step) => inputSchemaOf(step.processorId))])];
      const schemas = await federation.entities('Schema', schemaIds, 'id definition');
      const entitiesByStep = new Map<string, AssignedEntity[]>();
      for (const ref of refs) {
        const entity = data.get(ref.id) as EntityData;
        const list = entitiesByStep.get(ref.stepId) ?? [];
        list.push({
          type: ref.__typename === 'Address' ? 'ADDRESS' : 'DELIVERY',
          entity: entity as Record<string, Json>,
          schemaDefinition: (schemas.get(entity.schemaId as string)?.definition as string | undefined) ?? '{}',
        });
        entitiesByStep.set(ref.stepId, list);
      }
      return {
        orchestratedFlowId,
        plan: buildPlan(orchestratedFlowId, stepList, entitiesByStep),
        processorIds,
        cronExpression: (flow.cronExpression as string | null) ?? null,
        isScheduleEnabled: flow.isScheduleEnabled === true,
        entryInputSchemas: entries.map((step) => {
          const schemaId = inputSchemaOf(step.processorId);
          return { stepId: step.stepId, processorId: step.processorId, schemaId, definition: present(schemas, [schemaId], 'Schema')[0]?.definition as string };
        }),
        maxConcurrentRuns: (flow.maxConcurrentRuns as number | null) ?? null,
        onLimit: flow.onLimit === 'REJECT' ? 'REJECT' : 'QUEUE',
        scheduleInput: typeof flow.scheduleInput === 'string' ? (JSON.parse(flow.scheduleInput) as Json) : null,
      };
    },
  };
}
