import type { GraphQLClient } from './harness.js';

let counter = 0;
/** A name unique within the test run (composite keys must not collide). */
export const uniqueName = (prefix: string): string => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 7)}`;

export const objectSchema = JSON.stringify({
  type: 'object',
  properties: { path: { type: 'string' }, size: { type: 'integer' } },
  required: ['path'],
});

async function create(client: GraphQLClient, type: string, input: Record<string, unknown>): Promise<string> {
  const data = await client.data<Record<string, { id: string }>>(
    `mutation($input: Create${type}Input!) { create${type}(input: $input) { id } }`,
    { input },
  );
  return (data[`create${type}`] as { id: string }).id;
}

export const createSchema = (client: GraphQLClient, overrides: Record<string, unknown> = {}) =>
  create(client, 'Schema', { version: '1.0', name: uniqueName('schema'), definition: objectSchema, ...overrides });

export const createProcessor = (client: GraphQLClient, inputSchemaId: string, outputSchemaId: string, overrides: Record<string, unknown> = {}) =>
  create(client, 'Processor', { version: '1.0', name: uniqueName('processor'), inputSchemaId, outputSchemaId, ...overrides });

export const createStep = (client: GraphQLClient, processorId: string, nextStepIds: string[] = [], overrides: Record<string, unknown> = {}) =>
  create(client, 'Step', { version: '1.0', name: uniqueName('step'), processorId, nextStepIds, ...overrides });

export const createWorkflow = (client: GraphQLClient, stepIds: string[]) =>
  create(client, 'Workflow', { version: '1.0', name: uniqueName('workflow'), stepIds });

export const createAddress = (client: GraphQLClient, schemaId: string, overrides: Record<string, unknown> = {}) =>
  create(client, 'Address', {
    version: '1.0', name: uniqueName('address'), connectionString: 'file:///tmp/flow', schemaId,
    configuration: [{ key: 'mode', value: 'append' }], payload: JSON.stringify({ path: '/tmp/in.json' }), ...overrides,
  });

export const createDelivery = (client: GraphQLClient, schemaId: string, overrides: Record<string, unknown> = {}) =>
  create(client, 'Delivery', { version: '1.0', name: uniqueName('delivery'), schemaId, payload: JSON.stringify({ path: 'a.json', size: 3 }), ...overrides });

export const createAssignment = (client: GraphQLClient, stepId: string, entityIds: string[]) =>
  create(client, 'Assignment', { version: '1.0', name: uniqueName('assignment'), stepId, entityIds });

export const createFlow = (client: GraphQLClient, workflowId: string, assignmentIds: string[], overrides: Record<string, unknown> = {}) =>
  create(client, 'OrchestratedFlow', { version: '1.0', name: uniqueName('flow'), workflowId, assignmentIds, ...overrides });

export interface SeededFlow {
  inputSchemaId: string;
  outputSchemaId: string;
  processorId: string;
  /** entry -> [left, right] */
  stepIds: [string, string, string];
  workflowId: string;
  addressId: string;
  deliveryId: string;
  assignmentId: string;
  flowId: string;
}

/** A whole orchestrated flow: schemas, a processor, three steps (a fan-out), data and assignment. */
export async function seedFlow(client: GraphQLClient, shared: Partial<Pick<SeededFlow, 'inputSchemaId' | 'outputSchemaId' | 'processorId'>> = {}): Promise<SeededFlow> {
  const inputSchemaId = shared.inputSchemaId ?? (await createSchema(client));
  const outputSchemaId = shared.outputSchemaId ?? (await createSchema(client));
  const processorId = shared.processorId ?? (await createProcessor(client, inputSchemaId, outputSchemaId));
  const left = await createStep(client, processorId);
  const right = await createStep(client, processorId, [], { entryCondition: 'PREVIOUS_FAILURE' });
  const entry = await createStep(client, processorId, [left, right]);
  const workflowId = await createWorkflow(client, [entry, left, right]);
  const addressId = await createAddress(client, inputSchemaId);
  const deliveryId = await createDelivery(client, outputSchemaId);
  const assignmentId = await createAssignment(client, entry, [addressId, deliveryId]);
  const flowId = await createFlow(client, workflowId, [assignmentId]);
  return { inputSchemaId, outputSchemaId, processorId, stepIds: [entry, left, right], workflowId, addressId, deliveryId, assignmentId, flowId };
}
