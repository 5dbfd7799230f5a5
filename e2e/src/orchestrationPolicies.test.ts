import type { System } from '@flow/launcher';
import { echoProcessor } from '@flow/processor-echo';
import { behavingProcessor } from '@flow/processor-sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessor, createSchema, createStep, createWorkflow } from './fixtures.js';
import { createGraphFlow, statusesByKey, waitForEnd, type GraphStep } from './flowFixtures.js';
import { graphqlClient, startTestSystem, stopTestSystem, type GraphQLClient } from './harness.js';
import { fastOrchestration, orchestrationKinds } from './orchestrationHarness.js';

// Issue 15, policies and starts: schema-first starts, per-step policies, heartbeats, flow limits, Quartz schedules.

const startMutation = 'mutation($id: ID!, $input: JSON) { startOrchestration(orchestratedFlowId: $id, input: $input) { executionId status } }';
const runsQuery = `query($id: ID!) { executions(orchestratedFlowId: $id, first: 20) { totalCount nodes { executionId status startedAt finishedAt steps { status attempts } } } }`;

interface Run { executionId: string; status: string; startedAt: string; finishedAt: string | null; steps: Array<{ status: string; attempts: number }> }

describe.each(orchestrationKinds)('policies and starts ($name)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let echoId: string;
  let behavingId: string;

  beforeAll(async () => {
    const behaving = await behavingProcessor();
    system = await startTestSystem(kind.backend, { processors: [echoProcessor, behaving.definition] }, { ...fastOrchestration, SCHEDULER_REFRESH_MS: '100', ...kind.env });
    client = graphqlClient(system.gatewayUrl);
    [echoId, behavingId] = system.processors.map((processor) => (processor as { processorId: string }).processorId) as [string, string];
  });
  afterAll(() => stopTestSystem(system));

  const runs = async (flowId: string): Promise<{ totalCount: number; nodes: Run[] }> => (await client.data(runsQuery, { id: flowId })).executions;

  async function runToEnd(graph: GraphStep[], input: unknown = { n: 1 }, processorId = echoId) {
    const flow = await createGraphFlow(client, processorId, graph);
    await client.data(startMutation, { id: flow.flowId, input });
    return { flow, run: await waitForEnd(client, flow.flowId) };
  }

  it('should refuse a start whose input breaks the entry processor\'s input schema, listing each violation, writing nothing', async () => {
    const flow = await createGraphFlow(client, behavingId, [{ key: 'a' }]);
    const error = await client.error(startMutation, { id: flow.flowId, input: { n: 'one', ms: 'long' } });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    const violations = (error.extensions as { details: { violations: Array<{ field: string; constraint: string }> } }).details.violations;
    expect(violations.map((v) => `${v.field}:${v.constraint}`).sort()).toEqual(['input/ms:type', 'input/n:type']);
    const rest = await fetch(new URL(`/api/Orchestration/start/${flow.flowId}`, system.gatewayUrl), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: {} }),
    });
    expect(rest.status).toBe(400);
    expect(((await rest.json()) as { detail: string }).detail).toMatch(/input must have required property 'n'/);
    expect((await runs(flow.flowId)).totalCount).toBe(0);
    expect(await system.orchestration.service.orchestrator.store.latestForFlow(flow.flowId)).toBeNull();
    // checkStartInput answers the same violations without starting anything, and none for an input that fits.
    const checkQuery = 'query($id: ID!, $input: JSON) { checkStartInput(orchestratedFlowId: $id, input: $input) { field constraint message } }';
    const checked = (await client.data(checkQuery, { id: flow.flowId, input: { n: 'one', ms: 'long' } })).checkStartInput as Array<{ field: string; constraint: string; message: string }>;
    expect(checked.map((v) => `${v.field}:${v.constraint}`).sort()).toEqual(['input/ms:type', 'input/n:type']);
    expect(checked.map((v) => v.message).sort()).toEqual(violations.map((v) => (v as { message?: string }).message).sort());
    expect((await client.data(checkQuery, { id: flow.flowId, input: { n: 2 } })).checkStartInput).toEqual([]);
    expect((await client.error(checkQuery, { id: '00000000-0000-4000-8000-000000000001', input: {} })).extensions?.code).toBe('NOT_FOUND');
    expect((await runs(flow.flowId)).totalCount).toBe(0);
    // The same flow starts with a valid input.
    await client.data(startMutation, { id: flow.flowId, input: { n: 2 } });
    expect((await waitForEnd(client, flow.flowId)).status).toBe('COMPLETED');
  });

  it('should refuse a workflow whose step cannot take the output of the step before it, and accept compatible ones', async () => {
    const text = await createSchema(client, { definition: JSON.stringify({ type: 'string' }) });
    const document = await createSchema(client, { definition: JSON.stringify({ type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] }) });
    const texter = await createProcessor(client, document, text);
    const reader = await createProcessor(client, document, document);
    const last = await createStep(client, reader);
    const first = await createStep(client, texter, [last]);
    const error = await client.error('mutation($ids: [ID!]!) { createWorkflow(input: { version: "1", name: "mismatch", stepIds: $ids }) { id } }', { ids: [first, last] });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe(`step ${last} cannot take the output of step ${first}: at /, the output is string, the input takes object`);
    const fits = await createStep(client, reader, [last]);
    const fitting = await createWorkflow(client, [fits, last]);
    expect(fitting).toMatch(/^[0-9a-f-]{36}$/);
    expect((await client.data('query($id: ID!) { workflow(id: $id) { dataFlowWarnings { fromStepId } } }', { id: fitting })).workflow.dataFlowWarnings).toEqual([]);
  });

  it('should accept a workflow whose data flow the schemas leave undecided, and say where in Workflow.dataFlowWarnings', async () => {
    const loose = await createSchema(client, { definition: JSON.stringify({ type: 'object', properties: { n: { type: 'integer' } } }) });
    const document = await createSchema(client, { definition: JSON.stringify({ type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] }) });
    const maybe = await createProcessor(client, document, loose);
    const reader = await createProcessor(client, document, document);
    const last = await createStep(client, reader);
    const first = await createStep(client, maybe, [last]);
    const id = await createWorkflow(client, [first, last]);
    const { workflow } = await client.data('query($id: ID!) { workflow(id: $id) { dataFlowWarnings { fromStepId toStepId path message } } }', { id });
    expect(workflow.dataFlowWarnings).toEqual([{ fromStepId: first, toStepId: last, path: '/n', message: 'the input requires "n", which the output may leave out' }]);
  });

  it('should fail a step with maxAttempts 1 at its first retryable failure while the global default retries it', async () => {
    const strict = await runToEnd([{ key: 'a', payload: { failTimes: 1 }, fields: { maxAttempts: 1 } }]);
    expect(strict.run.status).toBe('FAILED');
    expect(strict.run.steps[0]).toMatchObject({ status: 'FAILED', attempts: 1 });
    const lenient = await runToEnd([{ key: 'a', payload: { failTimes: 1 } }]);
    expect(lenient.run.status).toBe('COMPLETED');
    expect(lenient.run.steps[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
  });

  it('should retry a timed-out attempt with retryOnTimeout, within the step\'s own timeout', async () => {
    const began = Date.now();
    const retried = await runToEnd([{ key: 'a', payload: { delayMs: 5_000 }, fields: { timeoutMs: 300, retryOnTimeout: true, maxAttempts: 2 } }]);
    expect(retried.run.steps[0]).toMatchObject({ status: 'TIMED_OUT', attempts: 2 });
    const once = await runToEnd([{ key: 'a', payload: { delayMs: 5_000 }, fields: { timeoutMs: 300, maxAttempts: 2 } }]);
    expect(once.run.steps[0]).toMatchObject({ status: 'TIMED_OUT', attempts: 1 });
    // Both ran on the step's 300 ms, not the global 2 s.
    expect(Date.now() - began).toBeLessThan(4_000);
  });

  it('should let a heartbeating attempt outlive its timeoutMs, and time out one that stays silent', async () => {
    const beating = await runToEnd([{ key: 'a', fields: { timeoutMs: 400 } }], { n: 1, mode: 'heartbeat', ms: 1_200 }, behavingId);
    expect(beating.run.steps[0]?.error ?? null).toBeNull();
    expect(beating.run.status).toBe('COMPLETED');
    expect(beating.run.steps[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    const silent = await runToEnd([{ key: 'a', fields: { timeoutMs: 400 } }], { n: 1, mode: 'wait', ms: 1_200 }, behavingId);
    expect(silent.run.steps[0]).toMatchObject({ status: 'TIMED_OUT', attempts: 1 });
  });

  it('should refuse a start beyond maxConcurrentRuns with CONFLICT when onLimit is REJECT', async () => {
    const flow = await createGraphFlow(client, echoId, [{ key: 'a', payload: { delayMs: 600 } }], { maxConcurrentRuns: 1, onLimit: 'REJECT' });
    expect((await client.data(startMutation, { id: flow.flowId })).startOrchestration.status).toBe('RUNNING');
    const error = await client.error(startMutation, { id: flow.flowId });
    expect(error.extensions?.code).toBe('CONFLICT');
    const rest = await fetch(new URL(`/api/Orchestration/start/${flow.flowId}`, system.gatewayUrl), { method: 'POST' });
    expect(rest.status).toBe(409);
    await waitForEnd(client, flow.flowId);
    expect((await runs(flow.flowId)).totalCount).toBe(1);
  });

  it('should queue starts beyond maxConcurrentRuns and run them one after another, in order', async () => {
    const flow = await createGraphFlow(client, echoId, [{ key: 'a', payload: { delayMs: 200 } }], { maxConcurrentRuns: 1 });
    const started: Array<{ executionId: string; status: string }> = [];
    for (let n = 0; n < 3; n += 1) started.push((await client.data(startMutation, { id: flow.flowId, input: { n } })).startOrchestration);
    expect(started.map((run) => run.status)).toEqual(['RUNNING', 'QUEUED', 'QUEUED']);
    const deadline = Date.now() + 15_000;
    let all: Run[] = [];
    while (Date.now() < deadline) {
      all = (await runs(flow.flowId)).nodes;
      if (all.length === 3 && all.every((run) => run.status === 'COMPLETED')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const inOrder = started.map(({ executionId }) => all.find((run) => run.executionId === executionId) as Run);
    expect(inOrder.map((run) => run.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    for (let n = 1; n < 3; n += 1) {
      expect(Date.parse(inOrder[n]?.startedAt as string)).toBeGreaterThanOrEqual(Date.parse(inOrder[n - 1]?.finishedAt as string));
    }
  });

  it('should answer the fires of a Quartz expression by Quartz weekdays (2 = Monday)', async () => {
    const flow = await createGraphFlow(client, echoId, [{ key: 'a' }], { cronExpression: '0 0 12 ? * 2 2030-2031', isScheduleEnabled: true });
    const { orchestratedFlow } = await client.data('query($id: ID!) { orchestratedFlow(id: $id) { nextFireTimes(count: 3) } }', { id: flow.flowId });
    const fires = (orchestratedFlow.nextFireTimes as string[]).map((fire) => new Date(fire));
    expect(fires).toHaveLength(3);
    expect(fires.map((fire) => [fire.getUTCDay(), fire.getUTCHours(), fire.getUTCFullYear()])).toEqual([[1, 12, 2030], [1, 12, 2030], [1, 12, 2030]]);
    expect(fires[0]?.toISOString()).toBe('2030-01-07T12:00:00.000Z');
    await client.data('mutation($id: ID!) { updateOrchestratedFlow(id: $id, input: { isScheduleEnabled: false }) { id } }', { id: flow.flowId });
  });

  it('should start scheduled runs with the flow\'s scheduleInput, through its limit', async () => {
    const flow = await createGraphFlow(client, behavingId, [{ key: 'a' }], {
      cronExpression: '* * * * * ?', isScheduleEnabled: true, scheduleInput: JSON.stringify({ n: 21 }), maxConcurrentRuns: 1,
    });
    const first = await waitForEnd(client, flow.flowId, 10_000);
    await client.data('mutation($id: ID!) { updateOrchestratedFlow(id: $id, input: { isScheduleEnabled: false }) { id } }', { id: flow.flowId });
    expect(first.status).toBe('COMPLETED');
    expect(statusesByKey(flow, first)).toEqual({ a: 'SUCCEEDED' });
    expect(first.steps[0]?.input).toEqual({ n: 21 });
  });
});
