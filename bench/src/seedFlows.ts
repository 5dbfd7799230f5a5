import type { GraphQLHttp } from './graphqlHttp.js';

const objectSchema = JSON.stringify({
  type: 'object',
  properties: { path: { type: 'string' }, size: { type: 'integer' } },
  required: ['path'],
});

/** Creates one entity through the gateway and answers its id. */
type Create = (type: string, input: Record<string, unknown>) => Promise<string>;

function creator(http: GraphQLHttp, gatewayUrl: string): Create {
  let sequence = 0;
  return async (type, input) => {
    const data = await http.data<Record<string, { id: string }>>(
      gatewayUrl,
      `mutation($input: Create${type}Input!) { create${type}(input: $input) { id } }`,
      { input: { version: '1.0', name: `bench-${type.toLowerCase()}-${++sequence}`, ...input } },
    );
    return (data[`create${type}`] as { id: string }).id;
  };
}

interface Shared {
  inputSchemaId: string;
  outputSchemaId: string;
  processorId: string;
}

/** One flow the way e2e's seedFlow builds it: a fan-out of three steps, an address and a delivery. */
async function seedFlow(create: Create, { inputSchemaId, outputSchemaId, processorId }: Shared): Promise<string> {
  const left = await create('Step', { processorId });
  const right = await create('Step', { processorId, entryCondition: 'PREVIOUS_FAILURE' });
  const entry = await create('Step', { processorId, nextStepIds: [left, right] });
  const workflowId = await create('Workflow', { stepIds: [entry, left, right] });
  const addressId = await create('Address', {
    connectionString: 'file:///tmp/flow', schemaId: inputSchemaId,
    configuration: [{ key: 'mode', value: 'append' }], payload: JSON.stringify({ path: '/tmp/in.json' }),
  });
  const deliveryId = await create('Delivery', { schemaId: outputSchemaId, payload: JSON.stringify({ path: 'a.json', size: 3 }) });
  const assignmentId = await create('Assignment', { stepId: entry, entityIds: [addressId, deliveryId] });
  return create('OrchestratedFlow', { workflowId, assignmentIds: [assignmentId] });
}

/**
 * `count` flows, each with its own workflow, steps, assignment, address and delivery, all
 * sharing two schemas and one processor (so reverse fields such as `Processor.steps` grow
 * with the number of flows). Seeds a few flows at a time to stay quick on MongoDB.
 */
export async function seedFlows(http: GraphQLHttp, gatewayUrl: string, count: number): Promise<string[]> {
  const create = creator(http, gatewayUrl);
  const inputSchemaId = await create('Schema', { definition: objectSchema });
  const outputSchemaId = await create('Schema', { definition: objectSchema });
  const processorId = await create('Processor', { inputSchemaId, outputSchemaId });
  const shared = { inputSchemaId, outputSchemaId, processorId };
  const flowIds: string[] = [];
  for (let start = 0; start < count; start += 10) {
    const batch = Array.from({ length: Math.min(10, count - start) }, () => seedFlow(create, shared));
    flowIds.push(...(await Promise.all(batch)));
  }
  return flowIds;
}
