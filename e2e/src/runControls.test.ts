import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphFlow, type GraphFlow } from './flowFixtures.js';
import { graphqlClient, stopTestSystem, type GraphQLClient } from './harness.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';
import { metricTotal, sleep, waitFor } from './orchestrationProbes.js';
import { subscribe, waitForSubscriptions, within, wsClient, type WsClient } from './subscriptionClient.js';
import { control, ended, readRun, rest, startRun, waitForRun, type Run } from './runControlsFixtures.js';

/** One attempt per step (a failure is final until an operator retries), and no timeout these runs reach. */
const env = { ORCHESTRATOR_MAX_ATTEMPTS: '1', ORCHESTRATOR_STEP_TIMEOUT_MS: '60000' };

describe.each(orchestrationKinds)('run controls ($name)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let echoId: string;
  let ws: WsClient;

  beforeAll(async () => {
    system = await startOrchestrationSystem(kind, env);
    client = graphqlClient(system.gatewayUrl);
    echoId = (system.processors[0] as { processorId: string }).processorId;
    ws = wsClient(system.gatewayUrl);
  });
  afterAll(async () => {
    await ws?.client.dispose();
    await stopTestSystem(system);
  });

  const start = async (flow: GraphFlow, input: unknown = { n: 1 }): Promise<Run> => (await client.data(startRun, { id: flow.flowId, input })).startOrchestration;
  const byKey = (flow: GraphFlow, run: Run) => Object.fromEntries(run.steps.map((step) => [flow.keyOf(step.step.id), step]));

  it('should retry a run whose second step failed once: COMPLETED, the first step ran once', async () => {
    const flow = await createGraphFlow(client, echoId, [{ key: 'a', next: ['b'] }, { key: 'b', payload: { failTimes: 1 } }]);
    const { executionId } = await start(flow);
    const failed = await waitForRun(client, executionId, ended, 'the run to fail');
    expect(failed.status).toBe('FAILED');
    const controlsBefore = await metricTotal(system.orchestration.server.url, 'orchestrator_controls_total', { action: 'retry', outcome: 'applied' });

    const retried = (await client.data(control('retryExecution'), { id: executionId })).retryExecution as Run;
    expect(retried.status).toBe('RUNNING');
    const done = await waitForRun(client, executionId, ended, 'the retried run to end');
    expect(done.status).toBe('COMPLETED');
    const steps = byKey(flow, done);
    expect(steps.a).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    expect(steps.b).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    expect(steps.b?.attemptHistory.map((attempt) => [attempt.attempt, attempt.outcome])).toEqual([[1, 'FAILED'], [2, 'SUCCEEDED']]);
    expect(await metricTotal(system.orchestration.server.url, 'orchestrator_controls_total', { action: 'retry', outcome: 'applied' })).toBe(controlsBefore + 1);

    const shown = await rest(system.gatewayUrl, 'GET', `/api/Executions/${executionId}`);
    expect(shown.status).toBe(200);
    expect(shown.body.status).toBe('Completed');
    expect(shown.body.steps[1].attemptHistory.map((attempt: { outcome: string }) => attempt.outcome)).toEqual(['Failed', 'Succeeded']);
  });

  it('should show a subscriber an operator\'s retry as it happens: the run RUNNING again with the step\'s new attempt, then COMPLETED', async () => {
    // b fails its first attempt; every attempt of b takes 800 ms, so the retried one is seen running.
    const flow = await createGraphFlow(client, echoId, [{ key: 'a', next: ['b'] }, { key: 'b', payload: { failTimes: 1, delayMs: 800 } }]);
    const { executionId } = await start(flow);
    expect((await waitForRun(client, executionId, ended, 'the run to fail')).status).toBe('FAILED');
    type Watched = { orchestrationStatus: { executionId: string; status: string; version: number; steps: Array<{ step: { id: string }; status: string; attempts: number; attemptHistory: Array<{ outcome: string }> }> } };
    const query = 'subscription($id: ID!) { orchestrationStatus(orchestratedFlowId: $id) { executionId status version steps { step { id } status attempts attemptHistory { outcome } } } }';
    // A subscription ends with the state it ended in: one opened on the failed run shows FAILED and completes.
    const before = await within(subscribe<Watched>(ws.client, query, { id: flow.flowId }).done, 10_000, 'the subscription on the failed run to complete');
    expect(before.results.map((result) => result.data?.orchestrationStatus.status)).toEqual(['FAILED']);

    await client.data(control('retryExecution'), { id: executionId });
    const after = await within(subscribe<Watched>(ws.client, query, { id: flow.flowId }).done, 20_000, 'the subscription on the retried run to complete');
    const states = after.results.map((result) => result.data?.orchestrationStatus);
    expect(states.every((state) => state?.executionId === executionId)).toBe(true);
    const b = (state: (typeof states)[number]) => state?.steps.find((step) => step.step.id === flow.stepIds.b);
    expect(states[0]?.status).toBe('RUNNING');
    expect(b(states[0])).toMatchObject({ status: 'RUNNING', attempts: 2, attemptHistory: [{ outcome: 'FAILED' }, { outcome: 'RUNNING' }] });
    expect(states.at(-1)?.status).toBe('COMPLETED');
    expect(b(states.at(-1))).toMatchObject({ status: 'SUCCEEDED', attempts: 2, attemptHistory: [{ outcome: 'FAILED' }, { outcome: 'SUCCEEDED' }] });
    expect(states.map((state) => state?.version)).toEqual([...states.map((state) => state?.version)].sort((x, y) => (x as number) - (y as number)));
  });

  it('should not start the next step while paused, show PAUSED over GraphQL and REST, and complete on resume', async () => {
    const flow = await createGraphFlow(client, echoId, [{ key: 'a', next: ['b'], payload: { delayMs: 300 } }, { key: 'b', next: ['c'], payload: { delayMs: 100 } }, { key: 'c' }]);
    const { executionId } = await start(flow);
    const paused = (await client.data(control('pauseExecution'), { id: executionId })).pauseExecution as Run;
    expect(paused.status).toBe('PAUSED');
    const held = await waitForRun(client, executionId, (run) => byKey(flow, run).a?.status === 'SUCCEEDED', 'the first step to finish while paused');
    await sleep(500);
    const still = await readRun(client, executionId);
    expect(still.status).toBe('PAUSED');
    expect(byKey(flow, still).b).toMatchObject({ status: 'PENDING', startedAt: null, attempts: 0 });
    expect(still.version).toBe(held.version);
    expect((await rest(system.gatewayUrl, 'GET', `/api/Orchestration/status/${flow.flowId}`)).body.status).toBe('Paused');
    const refused = await rest(system.gatewayUrl, 'POST', `/api/Executions/${executionId}/pause`);
    expect(refused).toMatchObject({ status: 409, type: expect.stringContaining('application/problem+json') as unknown });

    const resumed = await rest(system.gatewayUrl, 'POST', `/api/Executions/${executionId}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('Running');
    const done = await waitForRun(client, executionId, ended, 'the resumed run to end');
    expect(done.status).toBe('COMPLETED');
    expect(Object.values(byKey(flow, done)).map((step) => step.attempts)).toEqual([1, 1, 1]);
  });

  it('should stop the older of two overlapping runs of one flow and leave the newer running', async () => {
    const flow = await createGraphFlow(client, echoId, [{ key: 'a', payload: { delayMs: 1_000 } }]);
    const older = await start(flow);
    const newer = await start(flow);
    const stopped = (await client.data(control('stopExecution'), { id: older.executionId })).stopExecution as Run;
    expect(stopped.status).toBe('STOPPED');
    expect((await readRun(client, newer.executionId)).status).toBe('RUNNING');
    expect((await waitForRun(client, newer.executionId, ended, 'the newer run to end')).status).toBe('COMPLETED');
    expect((await readRun(client, older.executionId)).status).toBe('STOPPED');
    const again = await client.error(control('stopExecution'), { id: older.executionId });
    expect(again.extensions?.code).toBe('CONFLICT');
    expect(again.message).toContain('STOPPED');
  });

  it('should rerun the pinned snapshot of a run after its flow was edited, with its input, recording rerunOf', async () => {
    const flow = await createGraphFlow(client, echoId, [{ key: 'a', next: ['b'] }, { key: 'b' }]);
    const first = await start(flow, { hello: 'again' });
    await waitForRun(client, first.executionId, ended, 'the first run to end');
    await client.data('mutation($id: ID!) { updateStep(id: $id, input: { entryCondition: NEVER }) { id } }', { id: flow.stepIds.b });

    const rerun = (await client.data(control('rerunExecution'), { id: first.executionId })).rerunExecution as Run;
    expect(rerun.rerunOf).toBe(first.executionId);
    expect(rerun.executionId).not.toBe(first.executionId);
    const done = await waitForRun(client, rerun.executionId, ended, 'the rerun to end');
    expect(byKey(flow, done).b?.status).toBe('SUCCEEDED');
    expect(byKey(flow, done).a?.input).toEqual({ hello: 'again' });
    const fresh = await start(flow);
    expect(byKey(flow, await waitForRun(client, fresh.executionId, ended, 'a fresh run to end')).b?.status).toBe('SKIPPED');
  });

  it('should refuse controls that do not apply with CONFLICT and the current status, over GraphQL and REST', async () => {
    const flow = await createGraphFlow(client, echoId, [{ key: 'a', payload: { delayMs: 600 } }]);
    const { executionId } = await start(flow);
    const resume = await client.error(control('resumeExecution'), { id: executionId });
    expect(resume.extensions?.code).toBe('CONFLICT');
    expect(resume.message).toBe(`Execution ${executionId} is RUNNING: resume is not possible`);
    await waitForRun(client, executionId, ended, 'the run to end');
    const retry = await rest(system.gatewayUrl, 'POST', `/api/Executions/${executionId}/retry`);
    expect(retry.status).toBe(409);
    expect(retry.body.detail ?? retry.body.title).toContain('COMPLETED');
    expect((await rest(system.gatewayUrl, 'POST', '/api/Executions/0195f6a0-0000-7000-8000-000000000000/stop')).status).toBe(404);
    const badFilter = await rest(system.gatewayUrl, 'GET', '/api/Executions?status=Sleeping');
    expect(badFilter).toMatchObject({ status: 400, type: expect.stringContaining('application/problem+json') as unknown });
    expect((await rest(system.gatewayUrl, 'POST', '/api/Executions/retry')).status).toBe(400);
  });

  it('should find runs by status and flow, and retry every failed one in bulk', async () => {
    const flow = await createGraphFlow(client, echoId, [{ key: 'a', payload: { failTimes: 1 } }]);
    const runs = [await start(flow), await start(flow)];
    for (const run of runs) await waitForRun(client, run.executionId, ended, 'a run to fail');
    const filter = { orchestratedFlowId: flow.flowId, statuses: ['FAILED'] };
    // An ended run is listed under its status once its final record is written, a moment after its end.
    const found = await waitFor(async () => {
      const page = await client.data('query($filter: ExecutionFilter) { executions(filter: $filter) { totalCount nodes { executionId } } }', { filter });
      return page.executions.totalCount >= 2 ? page : undefined;
    }, 10_000, 'both failed runs to be listed');
    expect(found.executions).toEqual({ totalCount: 2, nodes: [{ executionId: runs[1]?.executionId }, { executionId: runs[0]?.executionId }] });
    const listed = await rest(system.gatewayUrl, 'GET', `/api/Executions?status=Failed&flow=${flow.flowId}`);
    expect(listed.body.items.map((run: { executionId: string }) => run.executionId)).toEqual([runs[1]?.executionId, runs[0]?.executionId]);

    const bulk = await client.data('mutation($filter: ExecutionFilter!) { retryExecutions(filter: $filter) { matched affected } }', { filter: { orchestratedFlowId: flow.flowId } });
    expect(bulk.retryExecutions).toEqual({ matched: 2, affected: 2 });
    for (const run of runs) expect((await waitForRun(client, run.executionId, ended, 'a retried run to end')).status).toBe('COMPLETED');
    const stopped = await rest(system.gatewayUrl, 'POST', '/api/Executions/stop', { flow: flow.flowId });
    expect(stopped.body).toEqual({ matched: 2, affected: 0 });
  });

  it('should take the same times in a runs filter over GraphQL and REST: RFC 3339 ones, and neither "0.5" nor a date without a time', async () => {
    const search = 'query($after: DateTime) { executions(filter: { startedAfter: $after }, first: 1) { totalCount } }';
    expect((await client.data(search, { after: '2026-01-01T00:00:00Z' })).executions.totalCount).toEqual(expect.any(Number));
    expect((await rest(system.gatewayUrl, 'GET', '/api/Executions?startedAfter=2026-01-01T00:00:00Z')).status).toBe(200);
    for (const bad of ['0.5', '2026-01-01', 'March 7, 2026']) {
      const refused = await client.error(search, { after: bad });
      expect(refused.extensions?.code, bad).toBe('BAD_USER_INPUT');
      expect(refused.message).toContain('DateTime must be an ISO-8601 (RFC 3339) date and time, such as 2026-12-02T12:00:00Z');
      const literal = await client.error(`{ executions(filter: { startedAfter: ${JSON.stringify(bad)} }) { totalCount } }`);
      expect(literal.message).toContain('DateTime must be an ISO-8601 (RFC 3339) date and time');
      const viaRest = await rest(system.gatewayUrl, 'GET', `/api/Executions?startedAfter=${encodeURIComponent(bad)}`);
      expect(viaRest.status, bad).toBe(400);
      expect(viaRest.body.detail).toContain('startedAfter must be an ISO-8601 date and time, such as 2026-12-02T12:00:00Z');
    }
  });

  it('should show a subscriber the run PAUSED, then RUNNING again and COMPLETED', async () => {
    const flow = await createGraphFlow(client, echoId, [{ key: 'a', next: ['b'], payload: { delayMs: 300 } }, { key: 'b' }]);
    type Watched = { orchestrationStatus: { executionId: string; status: string; version: number } };
    const watching = subscribe<Watched>(ws.client, 'subscription($id: ID!) { orchestrationStatus(orchestratedFlowId: $id) { executionId status version } }', { id: flow.flowId });
    await waitForSubscriptions(system.gatewayUrl, 1);
    const { executionId } = await start(flow);
    await client.data(control('pauseExecution'), { id: executionId });
    const seen = () => watching.outcome.results.map((result) => result.data?.orchestrationStatus.status);
    await waitFor(() => (seen().includes('PAUSED') ? true : undefined), 10_000, 'the subscriber to see PAUSED');
    await client.data(control('resumeExecution'), { id: executionId });
    const outcome = await within(watching.done, 20_000, 'the subscription to complete');
    const statuses = outcome.results.map((result) => result.data?.orchestrationStatus.status);
    // The start's first versions may be merged into the pause (SUBSCRIPTIONS_COALESCE_MS): PAUSED may come first.
    expect(statuses).toContain('PAUSED');
    expect(statuses.indexOf('PAUSED')).toBeLessThan(statuses.length - 1);
    expect(statuses.at(-1)).toBe('COMPLETED');
  });
});
