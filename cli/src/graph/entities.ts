import type { Gateway } from '../gateway.js';

/** The entity types a flow file touches, with the fields the CLI reads (DESIGN.md sections 4-5). */
export const ENTITY_FIELDS = {
  Schema: 'definition',
  Processor: '',
  Step: 'processorId nextStepIds entryCondition',
  Workflow: 'stepIds',
  Address: 'connectionString configuration { key value } schemaId payload',
  Delivery: 'payload configuration { key value } schemaId',
  Assignment: 'stepId entityIds',
  OrchestratedFlow: 'workflowId assignmentIds cronExpression isScheduleEnabled',
} as const;

export type EntityType = keyof typeof ENTITY_FIELDS;

/** A live entity as the gateway answers it. */
export type LiveEntity = { id: string; version: string; name: string; description: string | null } & Record<string, unknown>;

const single = (type: EntityType): string => type[0]?.toLowerCase() + type.slice(1);
const selection = (type: EntityType): string => `id version name description ${ENTITY_FIELDS[type]}`;

/** One generic reader and writer for every entity type, by composite key or by id. */
export function entityClient(gateway: Gateway) {
  return {
    /** The entity with this composite key (Address: plus `connectionString`), or null. */
    async byKey(type: EntityType, key: Record<string, string>): Promise<LiveEntity | null> {
      const names = Object.keys(key);
      const query = `query(${names.map((name) => `$${name}: String!`).join(', ')}) { entity: ${single(type)}ByKey(${names.map((name) => `${name}: $${name}`).join(', ')}) { ${selection(type)} } }`;
      return (await gateway.request<{ entity: LiveEntity | null }>(query, key)).entity;
    },
    async byId(type: EntityType, id: string): Promise<LiveEntity | null> {
      return (await gateway.request<{ entity: LiveEntity | null }>(`query($id: ID!) { entity: ${single(type)}(id: $id) { ${selection(type)} } }`, { id })).entity;
    },
    async create(type: EntityType, input: Record<string, unknown>): Promise<string> {
      return (await gateway.request<{ entity: { id: string } }>(`mutation($input: Create${type}Input!) { entity: create${type}(input: $input) { id } }`, { input })).entity.id;
    },
    async update(type: EntityType, id: string, input: Record<string, unknown>): Promise<void> {
      await gateway.request(`mutation($id: ID!, $input: Update${type}Input!) { entity: update${type}(id: $id, input: $input) { id } }`, { id, input });
    },
  };
}

export type EntityClient = ReturnType<typeof entityClient>;
