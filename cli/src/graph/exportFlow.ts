import { CliError } from '../errors.js';
import { keyText, type EntryCondition, type FlowGraph, type Key } from '../flowFile/model.js';
import type { EntityClient, EntityType, LiveEntity } from './entities.js';

const keyOf = (entity: LiveEntity): Key => ({ name: entity.name, version: entity.version });
const entityOf = (entity: LiveEntity) => ({ ...keyOf(entity), description: entity.description });
const parsed = (text: unknown): unknown => (typeof text === 'string' ? JSON.parse(text) : null);
const record = (pairs: unknown): Record<string, string> => {
  const entries = ((pairs ?? []) as Array<{ key: string; value: string }>).map(({ key, value }): [string, string] => [key, value]);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
};
const byName = <T extends Key>(items: T[]): T[] => [...items].sort((a, b) => keyText(a).localeCompare(keyText(b)));

/** Reads entities by id, once each. */
function reader(client: EntityClient) {
  const cache = new Map<string, Promise<LiveEntity | null>>();
  return async (type: EntityType, id: string): Promise<LiveEntity> => {
    if (!cache.has(id)) cache.set(id, client.byId(type, id));
    const entity = await cache.get(id);
    if (!entity) throw new CliError('NOT_FOUND', `${type} ${id} is referred to but does not exist`);
    return entity;
  };
}

/** The flow named `key` read back from the live graph, in the canonical form of a flow file. */
export async function exportFlow(client: EntityClient, key: Key): Promise<FlowGraph> {
  const flow = await client.byKey('OrchestratedFlow', { version: key.version, name: key.name });
  if (!flow) throw new CliError('NOT_FOUND', `flow ${keyText(key)} does not exist`);
  const read = reader(client);
  const workflow = await read('Workflow', flow.workflowId as string);
  const steps = await Promise.all((workflow.stepIds as string[]).map((id) => read('Step', id)));
  const stepName = new Map(steps.map((step) => [step.id, step.name]));
  const assignments = await Promise.all((flow.assignmentIds as string[]).map((id) => read('Assignment', id)));
  const entityIds = [...new Set(assignments.flatMap((assignment) => assignment.entityIds as string[]))];
  // An assigned id is an Address or a Delivery; each is looked up where it lives.
  const entities = await Promise.all(entityIds.map(async (id) => (await client.byId('Address', id)) ?? { ...(await read('Delivery', id)), delivery: true }));
  const entityName = new Map(entities.map((entity) => [entity.id, `${'delivery' in entity ? 'delivery' : 'address'}:${entity.name}`]));
  const schemaIds = [...new Set(entities.map((entity) => entity.schemaId as string))];
  const schemas = await Promise.all(schemaIds.map((id) => read('Schema', id)));
  const schemaKey = new Map(schemas.map((schema) => [schema.id, keyOf(schema)]));
  return {
    flow: { ...entityOf(flow), cron: (flow.cronExpression as string | null) ?? null, scheduleEnabled: flow.isScheduleEnabled === true },
    workflow: entityOf(workflow),
    schemas: byName(schemas.map((schema) => ({ ...entityOf(schema), definition: parsed(schema.definition) }))),
    steps: await Promise.all(steps.map(async (step) => ({
      ...entityOf(step),
      processor: keyOf(await read('Processor', step.processorId as string)),
      next: (step.nextStepIds as string[]).map((id) => stepName.get(id) ?? id),
      entryCondition: step.entryCondition as EntryCondition,
    }))),
    addresses: byName(entities.filter((entity) => !('delivery' in entity)).map((address) => ({
      ...entityOf(address), connectionString: address.connectionString as string, schema: schemaKey.get(address.schemaId as string) as Key,
      configuration: record(address.configuration), payload: parsed(address.payload),
    }))),
    deliveries: byName(entities.filter((entity) => 'delivery' in entity).map((delivery) => ({
      ...entityOf(delivery), schema: schemaKey.get(delivery.schemaId as string) as Key, configuration: record(delivery.configuration), payload: parsed(delivery.payload),
    }))),
    assignments: byName(assignments.map((assignment) => ({
      ...entityOf(assignment), step: stepName.get(assignment.stepId as string) ?? (assignment.stepId as string),
      entities: (assignment.entityIds as string[]).map((id) => entityName.get(id) ?? id),
    }))),
  };
}
