import { ApolloClient, gql, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForEnd } from './flowFixtures.js';
import { graphqlClient, stopTestSystem, type GraphQLClient } from './harness.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';
import { waitForSubscriptions, within, wsClient, type WsClient } from './subscriptionClient.js';
import { createChainFlow, echoProcessorOf, watchedRunEnv, expectLiveRun, startRun, watchRun, type WatchedStatus } from './subscriptionFixtures.js';

type Watched = { orchestrationStatus: WatchedStatus };

describe.each(orchestrationKinds)('live orchestration status through Apollo Client ($name)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let ws: WsClient;
  let apollo: ApolloClient;

  beforeAll(async () => {
    system = await startOrchestrationSystem(kind, watchedRunEnv);
    client = graphqlClient(system.gatewayUrl);
    ws = wsClient(system.gatewayUrl);
    apollo = new ApolloClient({ link: new GraphQLWsLink(ws.client), cache: new InMemoryCache() });
  });
  afterAll(async () => {
    apollo?.stop();
    await ws?.client.dispose();
    await stopTestSystem(system);
  });

  it('should deliver a run to an Apollo Client subscription with GraphQLWsLink, in increasing versions, until COMPLETED', async () => {
    const echo = echoProcessorOf(system);
    const flow = await createChainFlow(client, echo.id);
    const received: WatchedStatus[] = [];
    const errors: unknown[] = [];
    const completed = new Promise<void>((resolve, reject) => {
      apollo.subscribe<Watched>({ query: gql(watchRun), variables: { id: flow.flowId } }).subscribe({
        next: (result) => {
          if (result.error) errors.push(result.error);
          if (result.data) received.push(result.data.orchestrationStatus);
        },
        error: reject,
        complete: resolve,
      });
    });
    await waitForSubscriptions(system.gatewayUrl, 1);
    await client.data(startRun, { id: flow.flowId });
    await within(completed, 20_000, 'the Apollo Client subscription to complete');

    expect(errors).toEqual([]);
    expect(received.length).toBeGreaterThanOrEqual(3);
    expectLiveRun(received, 'COMPLETED');
    const final = await waitForEnd(client, flow.flowId);
    expect(received.at(-1)).toMatchObject({ executionId: final.executionId, version: final.version, completedSteps: 3, totalSteps: 3 });
    expect(received.at(-1)?.flow.workflow.steps.map((step) => step.processor.name)).toEqual([echo.name, echo.name, echo.name]);
  });
});
