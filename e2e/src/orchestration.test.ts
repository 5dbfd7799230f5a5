import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphFlow, statusesByKey, waitForEnd, type GraphStep } from './flowFixtures.js';
import { graphqlClient, stopTestSystem, type GraphQLClient } from './harness.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';

const startMutation = 'mutation($id: ID!, $input: JSON) { startOrchestration(orchestratedFlowId: $id, input: $input) { executionId status totalSteps } }';

const graphs: Array<{ name: string; graph: GraphStep[]; expected: Record<string, string>; status: string }> = [
  { name: 'a fan-out', graph: [{ key: 'a', next: ['b', 'c'] }, { key: 'b' }, { key: 'c' }], expected: { a: 'SUCCEEDED', b: 'SUCCEEDED', c: 'SUCCEEDED' }, status: 'COMPLETED' },
  { name: 'a join', graph: [{ key: 'a', next: ['c'] }, { key: 'b', next: ['c'] }, { key: 'c' }], expected: { a: 'SUCCEEDED', b: 'SUCCEEDED', c: 'SUCCEEDED' }, status: 'COMPLETED' },
  { name: 'a PREVIOUS_FAILURE branch', graph: [{ key: 'a', next: ['ok', 'recover'], payload: { fail: true } }, { key: 'ok' }, { key: 'recover', when: 'PREVIOUS_FAILURE' }],
    expected: { a: 'FAILED', ok: 'SKIPPED', recover: 'SUCCEEDED' }, status: 'COMPLETED' },
  { name: 'a NEVER step', graph: [{ key: 'a', next: ['b'] }, { key: 'b', when: 'NEVER', next: ['c'] }, { key: 'c', when: 'ALWAYS' }],
    expected: { a: 'SUCCEEDED', b: 'SKIPPED', c: 'SKIPPED' }, status: 'COMPLETED' },
  { name: 'an ALWAYS step after a failure', graph: [{ key: 'a', next: ['b'], payload: { fail: true } }, { key: 'b', when: 'ALWAYS' }],
    expected: { a: 'FAILED', b: 'SUCCEEDED' }, status: 'COMPLETED' },
  { name: 'entry conditions on entry steps', graph: [{ key: 'never', when: 'NEVER' }, { key: 'onFailure', when: 'PREVIOUS_FAILURE' }, { key: 'always', when: 'ALWAYS' }],
    expected: { never: 'SKIPPED', onFailure: 'SKIPPED', always: 'SUCCEEDED' }, status: 'COMPLETED' },
  { name: 'a skipped branch before a join', graph: [{ key: 'a', next: ['b', 'c'] }, { key: 'b', when: 'PREVIOUS_FAILURE', next: ['d'] }, { key: 'c', next: ['d'] }, { key: 'd' }],
    expected: { a: 'SUCCEEDED', b: 'SKIPPED', c: 'SUCCEEDED', d: 'SUCCEEDED' }, status: 'COMPLETED' },
  { name: 'an unhandled failure', graph: [{ key: 'a', next: ['b'], payload: { fail: true } }, { key: 'b' }], expected: { a: 'FAILED', b: 'SKIPPED' }, status: 'FAILED' },
];

describe.each(orchestrationKinds)('orchestration through the gateway with EchoProcessor ($name)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let echoId: string;

  beforeAll(async () => {
    system = await startOrchestrationSystem(kind);
    client = graphqlClient(system.gatewayUrl);
    echoId = (system.processors[0] as { processorId: string }).processorId;
  });
  afterAll(() => stopTestSystem(system));

  async function run(graph: GraphStep[], input: unknown = { n: 1 }) {
    const flow = await createGraphFlow(client, echoId, graph);
    const started = await client.data(startMutation, { id: flow.flowId, input });
    expect(started.startOrchestration).toMatchObject({ status: 'RUNNING', totalSteps: graph.length });
    return { flow, run: await waitForEnd(client, flow.flowId) };
  }

  it.each(graphs)('should run $name to $status', async ({ graph, expected, status }) => {
    const { flow, run: result } = await run(graph);
    expect(statusesByKey(flow, result)).toEqual(expected);
    expect(result.status).toBe(status);
  });

  it('should pass the start input to entry steps and predecessor outputs on', async () => {
    const { flow, run: result } = await run([{ key: 'a', next: ['c'] }, { key: 'b', next: ['c'] }, { key: 'c' }], { hello: 'world' });
    const step = (key: string) => result.steps.find((s) => flow.keyOf(s.step.id) === key);
    expect(step('a')?.input).toEqual({ hello: 'world' });
    expect(step('a')?.output).toEqual({ input: { hello: 'world' }, entities: [] });
    expect(step('c')?.input).toEqual({ [flow.stepIds.a as string]: step('a')?.output, [flow.stepIds.b as string]: step('b')?.output });
  });

  it('should retry a step failing twice retryably and end SUCCEEDED with attempts 3', async () => {
    const { run: result } = await run([{ key: 'a', payload: { failTimes: 2 } }]);
    expect(result.status).toBe('COMPLETED');
    expect(result.steps[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 3 });
  });

  it('should fail a non-retryable failure at once', async () => {
    const { run: result } = await run([{ key: 'a', payload: { fail: true } }]);
    expect(result.steps[0]).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(result.steps[0]?.error).toBeTruthy();
  });

  it('should time out a step that never answers and ignore its late answer', async () => {
    const { flow, run: result } = await run([{ key: 'a', payload: { delayMs: 3_000 } }]);
    expect(result.steps[0]).toMatchObject({ status: 'TIMED_OUT', attempts: 1 });
    expect(result.status).toBe('FAILED');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const later = await waitForEnd(client, flow.flowId);
    expect(later).toMatchObject({ status: 'FAILED', version: result.version });
    expect(later.steps[0]?.status).toBe('TIMED_OUT');
  });

  it('should stop a run: STOPPED, pending steps CANCELLED, no command published afterwards', async () => {
    // The slow step answers just before the 2 s step timeout: long enough for the stop to come first on a loaded machine.
    const flow = await createGraphFlow(client, echoId, [{ key: 'slow', next: ['after'], payload: { delayMs: 1_900 } }, { key: 'after' }]);
    await client.data(startMutation, { id: flow.flowId });
    const stopped = await client.data('mutation($id: ID!) { stopOrchestration(orchestratedFlowId: $id) { status steps { step { id } status } } }', { id: flow.flowId });
    expect(stopped.stopOrchestration.status).toBe('STOPPED');
    expect(stopped.stopOrchestration.steps.map((s: { status: string }) => s.status)).toEqual(['CANCELLED', 'CANCELLED']);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const after = await waitForEnd(client, flow.flowId);
    expect(statusesByKey(flow, after)).toEqual({ slow: 'CANCELLED', after: 'CANCELLED' });
    expect(await system.orchestration.bus.depth(`processor.${echoId}`)).toBe(0);
  });

  it('should run a flow as it was changed right before the start, though earlier starts read it', async () => {
    const flow = await createGraphFlow(client, echoId, [{ key: 'a', next: ['b'] }, { key: 'b' }]);
    for (let n = 0; n < 2; n += 1) {
      await client.data(startMutation, { id: flow.flowId });
      expect(statusesByKey(flow, await waitForEnd(client, flow.flowId))).toEqual({ a: 'SUCCEEDED', b: 'SUCCEEDED' });
    }
    await client.data('mutation($id: ID!) { updateStep(id: $id, input: { entryCondition: NEVER }) { id } }', { id: flow.stepIds.b });
    await client.data(startMutation, { id: flow.flowId });
    expect(statusesByKey(flow, await waitForEnd(client, flow.flowId))).toEqual({ a: 'SUCCEEDED', b: 'SKIPPED' });
  });

  it('should refuse an unknown flow with NOT_FOUND', async () => {
    const error = await client.error(startMutation, { id: '0195f6a0-0000-7000-8000-000000000000' });
    expect(error.extensions?.code).toBe('NOT_FOUND');
  });
});
