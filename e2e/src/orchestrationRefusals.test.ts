import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlow, createProcessor, createSchema, createStep, createWorkflow } from './fixtures.js';
import { createGraphFlow, waitForEnd } from './flowFixtures.js';
import { graphqlClient, stopTestSystem, type GraphQLClient } from './harness.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';
import { expectAnswer, restClient, type RestCall } from './restClient.js';

const startMutation = 'mutation($id: ID!) { startOrchestration(orchestratedFlowId: $id) { executionId status } }';
const runsQuery = 'query($id: ID!) { executions(orchestratedFlowId: $id, first: 5) { totalCount } orchestrationStatus(orchestratedFlowId: $id) { executionId } }';

/**
 * Starting a flow that cannot run must be refused before anything is persisted or dispatched,
 * with an error that says why: the cycle, or the processors without a live instance.
 */
describe.each(orchestrationKinds)('refused orchestration starts through the gateway ($name)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let echoId: string;
  let rest: (call: RestCall) => ReturnType<ReturnType<typeof restClient>>;

  beforeAll(async () => {
    system = await startOrchestrationSystem(kind);
    client = graphqlClient(system.gatewayUrl);
    echoId = (system.processors[0] as { processorId: string }).processorId;
    rest = restClient(system.gatewayUrl.replace(/\/graphql$/, ''));
  });
  afterAll(() => stopTestSystem(system));

  async function expectNoRun(flowId: string): Promise<void> {
    const runs = await client.data(runsQuery, { id: flowId });
    expect(runs).toEqual({ executions: { totalCount: 0 }, orchestrationStatus: null });
  }

  /** A processor entity that no instance runs, so it never beats in `processor-health`. */
  async function deadProcessor(): Promise<string> {
    const schemaId = await createSchema(client, { definition: '{}' });
    return createProcessor(client, schemaId, schemaId);
  }

  async function expectHealthyStart(): Promise<void> {
    const flow = await createGraphFlow(client, echoId, [{ key: 'a', next: ['b'] }, { key: 'b' }]);
    expect((await client.data(startMutation, { id: flow.flowId })).startOrchestration.status).toBe('RUNNING');
    expect((await waitForEnd(client, flow.flowId)).status).toBe('COMPLETED');
  }

  it('should refuse a flow whose workflow has a cycle with BAD_USER_INPUT naming the cycle', async () => {
    // createGraphFlow refuses cycles, so close one by hand: entry -> a -> b -> a.
    const b = await createStep(client, echoId);
    const a = await createStep(client, echoId, [b]);
    const entry = await createStep(client, echoId, [a]);
    // The step manager accepts the back edge: a cycle is a property of a workflow, refused at start.
    await client.data('mutation($id: ID!, $input: UpdateStepInput!) { updateStep(id: $id, input: $input) { id } }', { id: b, input: { nextStepIds: [a] } });
    const flowId = await createFlow(client, await createWorkflow(client, [entry, a, b]), []);

    const error = await client.error(startMutation, { id: flowId });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/^The workflow has a cycle: /);
    const named = error.message.slice('The workflow has a cycle: '.length).split(' -> ');
    expect(named[0]).toBe(named.at(-1));
    expect(new Set(named)).toEqual(new Set([a, b]));
    expect(named).not.toContain(entry);
    expect(error.extensions?.details).toEqual({ cycle: named });
    await expectNoRun(flowId);
  });

  it('should refuse a flow whose processor has no live instance with SERVICE_UNAVAILABLE naming only that processor', async () => {
    await expectHealthyStart(); // a fresh reading that shows EchoProcessor live must not hide the dead one
    const dead = await deadProcessor();
    const flow = await createGraphFlow(client, echoId, [{ key: 'a', next: ['b'] }, { key: 'b', processorId: dead }]);

    const error = await client.error(startMutation, { id: flow.flowId });
    expect(error.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).toContain(dead);
    expect(error.message).not.toContain(echoId);
    expect(error.extensions?.details).toEqual({ processorIds: [dead] });
    await expectNoRun(flow.flowId);
    expect(await system.orchestration.bus.depth(`processor.${echoId}`)).toBe(0);
    await expectHealthyStart();
  });

  it('should refuse a start of a dead processor\'s flow at once on every try, not only the first', async () => {
    const flow = await createGraphFlow(client, echoId, [{ key: 'a', processorId: await deadProcessor() }]);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await client.error(startMutation, { id: flow.flowId })).extensions?.code).toBe('SERVICE_UNAVAILABLE');
    }
    await expectNoRun(flow.flowId);
  });

  it('should answer POST /api/Orchestration/start with 404 problem+json for an unknown flow', async () => {
    const unknown = '0195f6a0-0000-7000-8000-000000000001';
    const request = { method: 'POST', path: `/api/Orchestration/start/${unknown}` };
    const answer = await rest(request);
    expectAnswer(answer, request, 404);
    expect(answer.body.detail).toContain(unknown);
  });

  it('should answer POST /api/Orchestration/start with 400 problem+json for an id that is not a GUID', async () => {
    const request = { method: 'POST', path: '/api/Orchestration/start/not-a-guid' };
    const answer = await rest(request);
    expectAnswer(answer, request, 400);
    expect(answer.body.detail).toMatch(/orchestratedFlowId/);
  });

  it('should answer POST /api/Orchestration/start with 503 problem+json naming a processor without a live instance', async () => {
    const dead = await deadProcessor();
    const flow = await createGraphFlow(client, echoId, [{ key: 'a', processorId: dead }]);
    const request = { method: 'POST', path: `/api/Orchestration/start/${flow.flowId}` };
    const answer = await rest(request);
    expectAnswer(answer, request, 503);
    expect(answer.body.detail).toContain(dead);
    await expectNoRun(flow.flowId);
  });
});
