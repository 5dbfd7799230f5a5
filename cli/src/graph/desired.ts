import { keyText, type FlowGraph, type Key } from '../flowFile/model.js';
import type { EntityType } from './entities.js';

/** A reference to another entity of the plan (or an existing one), resolved to its id when known. */
export interface Reference {
  ref: string;
}

/** JSON held by the graph as text (a schema's definition, a payload): compared parsed, not as text. */
export class JsonText {
  constructor(readonly value: unknown) {}
  get text(): string {
    return JSON.stringify(this.value);
  }
}

export type FieldValue = string | boolean | null | Reference | Reference[] | JsonText | Array<{ key: string; value: string }>;

/** One entity as the file wants it, in the order it must be written. */
export interface DesiredEntity {
  type: EntityType;
  /** `<type>:<composite key>`: what other entities' references name. */
  ref: string;
  label: string;
  key: Record<string, string>;
  fields: Record<string, FieldValue>;
}

export const refOf = (type: EntityType, key: Key): string => `${type}:${keyText(key)}`;
const reference = (type: EntityType, key: Key): Reference => ({ ref: refOf(type, key) });
const pairs = (record: Record<string, string>) => Object.entries(record).map(([key, value]) => ({ key, value }));

/** Steps with their next steps first, so that every `nextStepIds` names a step that exists. */
function sinksFirst(steps: FlowGraph['steps']): FlowGraph['steps'] {
  const placed = new Set<string>();
  const ordered: FlowGraph['steps'] = [];
  const pending = [...steps];
  while (pending.length > 0) {
    const index = pending.findIndex((step) => step.next.every((name) => placed.has(name)));
    const [step] = pending.splice(Math.max(index, 0), 1); // parseFlowFile refused cycles
    if (!step) break;
    placed.add(step.name);
    ordered.push(step);
  }
  return ordered;
}

/**
 * The entities of a flow graph in write order: schemas, addresses and deliveries (they refer to
 * schemas), steps sinks first, the workflow, assignments, and the flow last. Processors are
 * referred to, never written: they register themselves.
 */
export function desiredEntities(graph: FlowGraph): DesiredEntity[] {
  const stepKey = new Map(graph.steps.map((step) => [step.name, { name: step.name, version: step.version }]));
  /** `address:<name>` / `delivery:<name>`: parseFlowFile checked that the file declares it. */
  const entityRef = (entity: string): Reference => {
    const name = entity.slice(entity.indexOf(':') + 1);
    const address = entity.startsWith('address:');
    const found = (address ? graph.addresses : graph.deliveries).find((item) => item.name === name) as Key;
    return reference(address ? 'Address' : 'Delivery', found);
  };
  const base = (type: EntityType, entity: Key & { description: string | null }, extraKey: Record<string, string> = {}) => ({
    type, ref: refOf(type, entity), label: `${type} ${keyText(entity)}`, key: { version: entity.version, name: entity.name, ...extraKey },
  });
  return [
    ...graph.schemas.map((schema) => ({ ...base('Schema', schema), fields: { description: schema.description, definition: new JsonText(schema.definition) } })),
    ...graph.addresses.map((address) => ({
      ...base('Address', address, { connectionString: address.connectionString }),
      fields: {
        description: address.description, schemaId: reference('Schema', address.schema), configuration: pairs(address.configuration),
        payload: address.payload === null ? null : new JsonText(address.payload),
      },
    })),
    ...graph.deliveries.map((delivery) => ({
      ...base('Delivery', delivery),
      fields: { description: delivery.description, schemaId: reference('Schema', delivery.schema), configuration: pairs(delivery.configuration), payload: new JsonText(delivery.payload) },
    })),
    ...sinksFirst(graph.steps).map((step) => ({
      ...base('Step', step),
      fields: {
        description: step.description, processorId: reference('Processor', step.processor), entryCondition: step.entryCondition,
        nextStepIds: step.next.map((name) => reference('Step', stepKey.get(name) as Key)),
      },
    })),
    { ...base('Workflow', graph.workflow), fields: { description: graph.workflow.description, stepIds: graph.steps.map((step) => reference('Step', step)) } },
    ...graph.assignments.map((assignment) => ({
      ...base('Assignment', assignment),
      fields: { description: assignment.description, stepId: reference('Step', stepKey.get(assignment.step) as Key), entityIds: assignment.entities.map(entityRef) },
    })),
    {
      ...base('OrchestratedFlow', graph.flow),
      fields: {
        description: graph.flow.description, workflowId: reference('Workflow', graph.workflow), assignmentIds: graph.assignments.map((a) => reference('Assignment', a)),
        cronExpression: graph.flow.cron, isScheduleEnabled: graph.flow.scheduleEnabled,
      },
    },
  ];
}
