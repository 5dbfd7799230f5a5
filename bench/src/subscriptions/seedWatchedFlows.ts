import type { GraphQLHttp } from '../graphqlHttp.js';

/**
 * Flows to watch: a chain of three steps, each held `delayMs` by EchoProcessor. The steps and
 * their assignments are shared; each flow has its own workflow, since a flow can be watched
 * from its first transition only once (a subscriber to a finished run gets its end at once).
 */
export async function seedWatchedFlows(http: GraphQLHttp, gatewayUrl: string, processorId: string, count: number, delayMs: number): Promise<string[]> {
  let sequence = 0;
  const create = async (type: string, input: Record<string, unknown>): Promise<string> => {
    const data = await http.data<Record<string, { id: string }>>(
      gatewayUrl,
      `mutation($input: Create${type}Input!) { create${type}(input: $input) { id } }`,
      { input: { version: '1.0', name: `bench-watch-${type.toLowerCase()}-${process.pid}-${++sequence}`, ...input } },
    );
    return (data[`create${type}`] as { id: string }).id;
  };
  const c = await create('Step', { processorId });
  const b = await create('Step', { processorId, nextStepIds: [c] });
  const a = await create('Step', { processorId, nextStepIds: [b] });
  const schemaId = await create('Schema', { definition: '{}' });
  const deliveryId = await create('Delivery', { schemaId, payload: JSON.stringify({ delayMs }) });
  const assignmentIds = await Promise.all([a, b, c].map((stepId) => create('Assignment', { stepId, entityIds: [deliveryId] })));
  const flows: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const workflowId = await create('Workflow', { stepIds: [a, b, c] });
    flows.push(await create('OrchestratedFlow', { workflowId, assignmentIds }));
  }
  return flows;
}
