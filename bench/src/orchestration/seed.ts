import type { GraphQLHttp } from '../graphqlHttp.js';

/** The flows the bench runs, created through the gateway like a user would. */
export interface BenchFlows {
  /** 1 -> 2 -> ... -> n */
  linear: string;
  /** entry -> fanOut branches -> join */
  fanOut: string;
  /** Step counts per flow id, for every flow seeded (the held one included, once seeded). */
  steps: Map<string, number>;
}

type Create = (type: string, input: Record<string, unknown>) => Promise<string>;

/** Names are unique per prefix (composite keys must not collide). */
function creator(http: GraphQLHttp, gatewayUrl: string, prefix: string): Create {
  let sequence = 0;
  return async (type, input) => {
    const data = await http.data<Record<string, { id: string }>>(
      gatewayUrl,
      `mutation($input: Create${type}Input!) { create${type}(input: $input) { id } }`,
      { input: { version: '1.0', name: `bench-${prefix}-${type.toLowerCase()}-${++sequence}`, ...input } },
    );
    return (data[`create${type}`] as { id: string }).id;
  };
}

/** Steps are created sinks first (a step's next steps must exist); answers ids in workflow order. */
async function createSteps(create: Create, processorId: string, next: ReadonlyArray<readonly number[]>): Promise<string[]> {
  const ids = new Array<string>(next.length);
  for (let index = next.length - 1; index >= 0; index -= 1) {
    ids[index] = await create('Step', { processorId, nextStepIds: (next[index] ?? []).map((target) => ids[target] as string) });
  }
  return ids;
}

async function createFlow(create: Create, stepIds: readonly string[], assignmentIds: readonly string[] = []): Promise<string> {
  const workflowId = await create('Workflow', { stepIds });
  return create('OrchestratedFlow', { workflowId, assignmentIds });
}

export async function seedThroughputFlows(
  http: GraphQLHttp,
  gatewayUrl: string,
  processorId: string,
  shape: { linearSteps: number; fanOut: number },
): Promise<BenchFlows> {
  const create = creator(http, gatewayUrl, 'flow');
  const linearNext = Array.from({ length: shape.linearSteps }, (_, index) => (index + 1 < shape.linearSteps ? [index + 1] : []));
  const linear = await createFlow(create, await createSteps(create, processorId, linearNext));
  const join = shape.fanOut + 1;
  const branches = Array.from({ length: shape.fanOut }, (_, index) => index + 1);
  const fanOutNext = [branches, ...branches.map(() => [join]), []];
  const fanOut = await createFlow(create, await createSteps(create, processorId, fanOutNext));
  return { linear, fanOut, steps: new Map([[linear, shape.linearSteps], [fanOut, shape.fanOut + 2]]) };
}

/** 1 -> 2, step 1 assigned a Delivery with `{"delayMs": n}`: EchoProcessor waits n ms there. */
export async function seedHeldFlow(http: GraphQLHttp, gatewayUrl: string, processorId: string, flows: BenchFlows, delayMs: number): Promise<string> {
  const create = creator(http, gatewayUrl, 'held');
  const steps = await createSteps(create, processorId, [[1], []]);
  const schemaId = await create('Schema', { definition: '{}' });
  const deliveryId = await create('Delivery', { schemaId, payload: JSON.stringify({ delayMs }) });
  const assignmentId = await create('Assignment', { stepId: steps[0], entityIds: [deliveryId] });
  const held = await createFlow(create, steps, [assignmentId]);
  flows.steps.set(held, 2);
  return held;
}
