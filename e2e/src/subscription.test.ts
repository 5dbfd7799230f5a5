import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlClient, stopTestSystem, type GraphQLClient } from './harness.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';
import { metricTotal } from './orchestrationProbes.js';
import { subscribe, waitForSubscriptions, within, wsClient, type WsClient } from './subscriptionClient.js';
import { createChainFlow, echoProcessorOf, watchedRunEnv, expectLiveRun, startRun, watchRun, type WatchedStatus } from './subscriptionFixtures.js';
import { waitForEnd } from './flowFixtures.js';

type Watched = { orchestrationStatus: WatchedStatus };

describe.each(orchestrationKinds)('live orchestration status over graphql-ws ($name)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let echo: { id: string; name: string };
  let ws: WsClient;
  const baseUrl = () => system.gatewayUrl.replace(/\/graphql$/, '');

  beforeAll(async () => {
    system = await startOrchestrationSystem(kind, watchedRunEnv);
    client = graphqlClient(system.gatewayUrl);
    echo = echoProcessorOf(system);
    ws = wsClient(system.gatewayUrl);
  });
  afterAll(async () => {
    await ws?.client.dispose();
    await stopTestSystem(system);
  });

  it('should push a run as it changes, with fields of other subgraphs, in increasing versions, ending COMPLETED then completing', async () => {
    const flow = await createChainFlow(client, echo.id);
    const watching = subscribe<Watched>(ws.client, watchRun, { id: flow.flowId });
    await waitForSubscriptions(system.gatewayUrl, 1);
    await client.data(startRun, { id: flow.flowId });
    const outcome = await within(watching.done, 20_000, 'the subscription to complete');

    expect(outcome.error).toBeUndefined();
    expect(outcome.completed).toBe(true);
    expect(outcome.results.filter((result) => result.errors)).toEqual([]);
    const statuses = outcome.results.map((result) => (result.data as Watched).orchestrationStatus);
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expectLiveRun(statuses, 'COMPLETED');
    const stepIds = Object.values(flow.stepIds).sort();
    for (const status of statuses) {
      expect(status.flow.id).toBe(flow.flowId);
      expect(status.flow.workflow.steps.map((step) => step.id).sort()).toEqual(stepIds);
      expect(status.flow.workflow.steps.map((step) => step.processor.name)).toEqual([echo.name, echo.name, echo.name]);
    }
    const final = await waitForEnd(client, flow.flowId);
    expect(statuses.at(-1)).toMatchObject({ executionId: final.executionId, version: final.version, completedSteps: 3, totalSteps: 3 });
  });

  it('should send a late subscriber the current state first, and end at once when the run is already over', async () => {
    const flow = await createChainFlow(client, echo.id, 0);
    await client.data(startRun, { id: flow.flowId });
    const final = await waitForEnd(client, flow.flowId);
    const outcome = await within(subscribe<Watched>(ws.client, watchRun, { id: flow.flowId }).done, 10_000, 'the late subscription');

    expect(outcome.error).toBeUndefined();
    expect(outcome.completed).toBe(true);
    expect(outcome.results).toHaveLength(1);
    expect(outcome.results[0]?.data?.orchestrationStatus).toMatchObject({ executionId: final.executionId, status: 'COMPLETED', version: final.version });
  });

  it('should serve subscribers with the same document from one federated query per change window', async () => {
    const flow = await createChainFlow(client, echo.id);
    const queriesBefore = await metricTotal(baseUrl(), 'gateway_subscription_federated_queries_total', { reason: 'change' });
    const changesBefore = await metricTotal(baseUrl(), 'gateway_subscription_status_changes_total');
    const subscribers = Array.from({ length: 5 }, () => subscribe<Watched>(ws.client, watchRun, { id: flow.flowId }));
    await waitForSubscriptions(system.gatewayUrl, 5);
    await client.data(startRun, { id: flow.flowId });
    const outcomes = await within(Promise.all(subscribers.map((subscriber) => subscriber.done)), 20_000, 'five subscriptions to complete');

    const queries = (await metricTotal(baseUrl(), 'gateway_subscription_federated_queries_total', { reason: 'change' })) - queriesBefore;
    const changes = (await metricTotal(baseUrl(), 'gateway_subscription_status_changes_total')) - changesBefore;
    expect(changes).toBeGreaterThanOrEqual(3);
    // One group of five: at most one query per change, never one per subscriber.
    expect(queries).toBeGreaterThanOrEqual(1);
    expect(queries).toBeLessThanOrEqual(changes);
    for (const outcome of outcomes) {
      expect(outcome.completed).toBe(true);
      expectLiveRun(outcome.results.map((result) => (result.data as Watched).orchestrationStatus), 'COMPLETED');
    }
  });
});
