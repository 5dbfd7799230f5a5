import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForEnd } from './flowFixtures.js';
import { graphqlClient, rabbitUrl, stopTestSystem, type GraphQLClient } from './harness.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';
import { subscribe, waitForSubscriptions, within, wsClient, type WsClient } from './subscriptionClient.js';
import { createChainFlow, echoProcessorOf, startRun, watchedRunEnv, watchRun, type WatchedStatus } from './subscriptionFixtures.js';
import { startExtraGateway, type ExtraGateway } from './subscriptionInstances.js';
import { startTcpProxy, type TcpProxy } from './tcpProxy.js';

type Watched = { orchestrationStatus: WatchedStatus };
// Only the real servers have a broker link to lose (the embedded bus is in-process).
const realServers = orchestrationKinds.filter((kind) => kind.backend === 'mongo');

describe.each(realServers)('subscriptions across a lost broker link ($name)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let proxy: TcpProxy;
  let cutOff: ExtraGateway;
  let ws: WsClient | undefined;

  beforeAll(async () => {
    system = await startOrchestrationSystem(kind, watchedRunEnv);
    client = graphqlClient(system.gatewayUrl);
    // A second gateway whose RabbitMQ link runs through a proxy the test can cut.
    proxy = await startTcpProxy(rabbitUrl);
    cutOff = await startExtraGateway(kind, system, { RABBITMQ_URL: proxy.url });
  });
  afterAll(async () => {
    await ws?.client.dispose();
    await cutOff?.close();
    await proxy?.close();
    await stopTestSystem(system);
  });

  it('should re-answer an open subscription from the current state once the link is back: a run that ended meanwhile delivers its terminal state', async () => {
    const flow = await createChainFlow(client, echoProcessorOf(system).id, 100);
    ws = wsClient(cutOff.gatewayUrl);
    const watching = subscribe<Watched>(ws.client, watchRun, { id: flow.flowId });
    await waitForSubscriptions(cutOff.gatewayUrl, 1);

    proxy.cut();
    // The whole run happens while this gateway hears nothing from the broker.
    await client.data(startRun, { id: flow.flowId });
    const final = await waitForEnd(client, flow.flowId);
    expect(final.status).toBe('COMPLETED');
    proxy.restore();

    const outcome = await within(watching.done, 30_000, 'the subscription to complete after the link came back');
    const last = outcome.results.at(-1)?.data?.orchestrationStatus;
    expect({ completed: outcome.completed, error: outcome.error }).toEqual({ completed: true, error: undefined });
    expect(last && { executionId: last.executionId, status: last.status, version: last.version })
      .toEqual({ executionId: final.executionId, status: 'COMPLETED', version: final.version });
  });
});
