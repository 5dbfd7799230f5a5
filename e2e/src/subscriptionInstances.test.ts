import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForEnd } from './flowFixtures.js';
import { graphqlClient, stopTestSystem, type GraphQLClient } from './harness.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';
import { subscribe, waitForSubscriptions, within, wsClient, type WsClient } from './subscriptionClient.js';
import { createChainFlow, echoProcessorOf, watchedRunEnv, startRun, watchRun, type WatchedStatus } from './subscriptionFixtures.js';
import { startExtraGateway, type ExtraGateway } from './subscriptionInstances.js';

type Watched = { orchestrationStatus: WatchedStatus };
const RUNS = 4;

describe.each(orchestrationKinds)('subscriptions on two gateway instances ($name)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let second: ExtraGateway;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    system = await startOrchestrationSystem(kind, watchedRunEnv);
    second = await startExtraGateway(kind, system);
    client = graphqlClient(system.gatewayUrl);
  });
  afterAll(async () => {
    await Promise.all(clients.map(async (ws) => ws.client.dispose()));
    await second?.close();
    await stopTestSystem(system);
  });

  it('should deliver every run\'s terminal state to subscribers on each instance', async () => {
    const echo = echoProcessorOf(system);
    const flows = await Promise.all(Array.from({ length: RUNS }, () => createChainFlow(client, echo.id, 50)));
    const gateways = [system.gatewayUrl, second.gatewayUrl];
    const watchers = gateways.flatMap((gatewayUrl) => {
      const ws = wsClient(gatewayUrl);
      clients.push(ws);
      return flows.map((flow) => ({ gatewayUrl, flow, watching: subscribe<Watched>(ws.client, watchRun, { id: flow.flowId }) }));
    });
    for (const gatewayUrl of gateways) await waitForSubscriptions(gatewayUrl, RUNS);
    await Promise.all(flows.map((flow) => client.data(startRun, { id: flow.flowId })));
    const outcomes = await within(Promise.all(watchers.map((watcher) => watcher.watching.done)), 30_000, 'every subscription to complete');
    const finals = new Map(await Promise.all(flows.map(async (flow) => [flow.flowId, await waitForEnd(client, flow.flowId)] as const)));

    watchers.forEach(({ gatewayUrl, flow }, index) => {
      const outcome = outcomes[index];
      const last = outcome?.results.at(-1)?.data?.orchestrationStatus;
      const final = finals.get(flow.flowId);
      expect({ gatewayUrl, completed: outcome?.completed, error: outcome?.error, last: last && { executionId: last.executionId, status: last.status, version: last.version } })
        .toEqual({ gatewayUrl, completed: true, error: undefined, last: { executionId: final?.executionId, status: 'COMPLETED', version: final?.version } });
    });
  });

  it('should close the sockets of a gateway that shuts down with 1001 (going away)', async () => {
    const echo = echoProcessorOf(system);
    const flow = await createChainFlow(client, echo.id);
    const ws = wsClient(second.gatewayUrl);
    const watching = subscribe<Watched>(ws.client, watchRun, { id: flow.flowId });
    await waitForSubscriptions(second.gatewayUrl, 1);
    await second.close();
    expect(await within(ws.closed, 10_000, 'the close')).toEqual({ code: 1001, reason: 'Going away' });
    const outcome = await watching.done;
    expect(outcome.completed).toBe(false);
    expect(outcome.results).toEqual([]);
    await ws.client.dispose();
  });
});
