import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessor, createSchema } from './fixtures.js';
import { createGraphFlow, waitForEnd } from './flowFixtures.js';
import { graphqlClient, stopTestSystem, type GraphQLClient } from './harness.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';
import { expectAnswer, restClient, type RestAnswer, type RestCall } from './restClient.js';

const start = 'mutation($id: ID!, $input: JSON, $key: String) { startOrchestration(orchestratedFlowId: $id, input: $input, idempotencyKey: $key) { executionId status } }';
const runs = 'query($id: ID!) { executions(orchestratedFlowId: $id, first: 20) { totalCount nodes { executionId } } }';

/**
 * A start retried with its idempotency key (a client that timed out, a proxy that resent) makes
 * one run, whatever the number and timing of the retries; a key reused for another start is
 * refused; a start refused before its run was stored leaves its key free.
 */
describe.each(orchestrationKinds)('idempotent starts through the gateway ($name)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let echoId: string;
  let rest: (call: RestCall) => Promise<RestAnswer>;

  beforeAll(async () => {
    system = await startOrchestrationSystem(kind);
    client = graphqlClient(system.gatewayUrl);
    echoId = (system.processors[0] as { processorId: string }).processorId;
    rest = restClient(system.gatewayUrl.replace(/\/graphql$/, ''));
  });
  afterAll(() => stopTestSystem(system));

  const newFlow = async (): Promise<string> => (await createGraphFlow(client, echoId, [{ key: 'a', next: ['b'] }, { key: 'b' }])).flowId;
  const runIds = async (flowId: string): Promise<string[]> => {
    const { executions } = await client.data(runs, { id: flowId });
    expect(executions.totalCount).toBe(executions.nodes.length);
    return executions.nodes.map((node: { executionId: string }) => node.executionId);
  };

  it('should answer a retried start with the run the first one made, and make no second run', async () => {
    const flowId = await newFlow();
    const first = (await client.data(start, { id: flowId, input: { n: 1 }, key: 'order-1' })).startOrchestration;
    expect(first.status).toBe('RUNNING');
    expect((await waitForEnd(client, flowId)).status).toBe('COMPLETED');
    // After the run ended, still within the window: the same answer, the run's current status.
    expect((await client.data(start, { id: flowId, input: { n: 1 }, key: 'order-1' })).startOrchestration).toEqual({ executionId: first.executionId, status: 'COMPLETED' });
    expect(await runIds(flowId)).toEqual([first.executionId]);
  });

  it('should make one run of eight concurrent starts with one key', async () => {
    const flowId = await newFlow();
    const answers = await Promise.all(Array.from({ length: 8 }, () => client.data(start, { id: flowId, input: { n: 2 }, key: 'burst' })));
    const ids = new Set(answers.map((answer) => answer.startOrchestration.executionId));
    expect(ids.size).toBe(1);
    expect(await runIds(flowId)).toEqual([...ids]);
    expect((await waitForEnd(client, flowId)).status).toBe('COMPLETED');
  });

  it('should keep one key of two flows apart, and start a new run for a new key', async () => {
    const [one, two] = [await newFlow(), await newFlow()];
    const a = (await client.data(start, { id: one, key: 'same' })).startOrchestration.executionId;
    const b = (await client.data(start, { id: two, key: 'same' })).startOrchestration.executionId;
    expect(a).not.toBe(b);
    await waitForEnd(client, one);
    const c = (await client.data(start, { id: one, key: 'other' })).startOrchestration.executionId;
    expect(new Set(await runIds(one))).toEqual(new Set([a, c]));
    expect(await runIds(two)).toEqual([b]);
  });

  it('should refuse a key reused with another input with CONFLICT naming the first run, and write nothing', async () => {
    const flowId = await newFlow();
    const first = (await client.data(start, { id: flowId, input: { n: 1 }, key: 'reused' })).startOrchestration.executionId;
    const error = await client.error(start, { id: flowId, input: { n: 2 }, key: 'reused' });
    expect(error.extensions?.code).toBe('CONFLICT');
    expect(error.message).toBe(`Idempotency key reused was used by another start of this flow with another input (execution ${first}): use a new key for a new start`);
    expect(error.extensions?.details).toEqual({ executionId: first });
    expect(await runIds(flowId)).toEqual([first]);
  });

  it('should leave the key of a refused start free: the retry is refused for its own reason, not as a reused key', async () => {
    const schemaId = await createSchema(client, { definition: '{}' });
    const dead = await createProcessor(client, schemaId, schemaId); // no instance runs it
    const flowId = (await createGraphFlow(client, dead, [{ key: 'a' }])).flowId;
    for (const input of [{ n: 1 }, { n: 2 }]) {
      const error = await client.error(start, { id: flowId, input, key: 'refused' });
      expect(error.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(error.message).toContain(dead);
    }
    expect(await runIds(flowId)).toEqual([]);
  });

  it('should refuse a malformed key with BAD_USER_INPUT before anything is written', async () => {
    const flowId = await newFlow();
    for (const key of ['', 'has space', 'x'.repeat(256), 'é']) {
      const error = await client.error(start, { id: flowId, key });
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('idempotencyKey must be 1 to 255 printable ASCII characters without spaces');
    }
    expect(await runIds(flowId)).toEqual([]);
  });

  it('should honour the Idempotency-Key header of the REST start, and refuse a malformed one with 400', async () => {
    const flowId = await newFlow();
    const call: RestCall = { method: 'POST', path: `/api/Orchestration/start/${flowId}`, json: { input: { n: 3 } }, headers: { 'idempotency-key': 'rest-1' } };
    const first = await rest(call);
    expectAnswer(first, call, 200);
    const again = await rest(call);
    expectAnswer(again, call, 200);
    expect(again.body.executionId).toBe(first.body.executionId);
    const conflict = { ...call, json: { input: { n: 4 } } };
    expectAnswer(await rest(conflict), conflict, 409);
    const malformed = { ...call, headers: { 'idempotency-key': 'two words' } };
    const refused = await rest(malformed);
    expectAnswer(refused, malformed, 400);
    expect(refused.text).toContain('idempotencyKey must be 1 to 255 printable ASCII characters without spaces');
    expect(await runIds(flowId)).toEqual([first.body.executionId]);
  });
});
