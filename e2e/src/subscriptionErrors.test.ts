import { randomUUID } from 'node:crypto';
import type { System } from '@flow/launcher';
import { signToken } from '@flow/platform';
import { fetch } from 'undici';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { graphqlClient, stopTestSystem } from './harness.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';
import { waitFor } from './orchestrationProbes.js';
import { activeSubscriptions, subscribe, waitForSubscriptions, within, wsClient, wsUrlOf, type WsClient } from './subscriptionClient.js';
import { createChainFlow, echoProcessorOf, watchedRunEnv, watchRun } from './subscriptionFixtures.js';

const secret = 'subscription-tests-secret-0123456789abcdef';
const settings = { ...watchedRunEnv, AUTH_JWT_SECRET: secret, SUBSCRIPTIONS_MAX_PER_CONNECTION: '2', SUBSCRIPTIONS_MAX_PAYLOAD_BYTES: '2048' };
// admin: the connection also writes (a schema, the flow it watches).
const bearer = `Bearer ${await signToken(secret, { sub: 'watcher', roles: ['admin'] })}`;

describe.each(orchestrationKinds)('subscription errors and limits, authentication on ($name)', (kind) => {
  let system: System;
  const clients: WsClient[] = [];
  const connect = (connectionParams?: Record<string, unknown>): WsClient => {
    const client = wsClient(system.gatewayUrl, connectionParams ? { connectionParams } : {});
    clients.push(client);
    return client;
  };
  const health = async () => (await (await fetch(system.gatewayUrl.replace(/\/graphql$/, '/health/ready'))).json()) as { status: string };

  beforeAll(async () => {
    system = await startOrchestrationSystem(kind, settings);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map(async (client) => client.client.dispose()));
    expect(await health()).toMatchObject({ status: 'Healthy' });
  });
  afterAll(() => stopTestSystem(system));

  it('should answer a subscription to an unknown flow with NOT_FOUND naming the flow', async () => {
    const flowId = randomUUID();
    const outcome = await within(subscribe(connect({ authorization: bearer }).client, watchRun, { id: flowId }).done, 10_000, 'the error');
    expect(outcome.results).toEqual([]);
    expect(outcome.error).toEqual([{ message: `Orchestrated flow ${flowId} does not exist`, extensions: { code: 'NOT_FOUND', details: { id: flowId } } }]);
    expect(await activeSubscriptions(system.gatewayUrl)).toBe(0);
  });

  it('should answer a flow id that is no ID with BAD_USER_INPUT', async () => {
    const outcome = await within(subscribe(connect({ Authorization: bearer }).client, watchRun, { id: 'not-a-guid' }).done, 10_000, 'the error');
    expect(outcome.error).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT' } }]);
    expect((outcome.error as Array<{ message: string }>)[0]?.message).toContain('orchestratedFlowId');
  });

  it('should answer a malformed subscription with its syntax and validation errors', async () => {
    const { client } = connect({ authorization: bearer });
    const syntax = await within(subscribe(client, 'subscription { orchestrationStatus(', {}).done, 10_000, 'the syntax error');
    expect(syntax.error).toEqual([{ message: 'Syntax Error: Expected Name, found <EOF>.', locations: [{ line: 1, column: 36 }], extensions: { code: 'GRAPHQL_PARSE_FAILED' } }]);
    const invalid = await within(subscribe(client, 'subscription W($id: ID!) { orchestrationStatus(orchestratedFlowId: $id) { status nope } }', { id: randomUUID() }).done, 10_000, 'the validation error');
    expect(invalid.error).toEqual([{
      message: 'Cannot query field "nope" on type "OrchestrationStatus".', locations: [{ line: 1, column: 82 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    }]);
    const twoFields = await within(subscribe(client, 'subscription { a: orchestrationStatus(orchestratedFlowId: "x") { status } b: orchestrationStatus(orchestratedFlowId: "y") { status } }').done, 10_000, 'the error');
    expect(twoFields.error).toMatchObject([{ message: 'Anonymous Subscription must select only one top level field.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
  });

  it('should refuse a connection without credentials with 4401 UNAUTHENTICATED', async () => {
    const anonymous = connect();
    const outcome = await within(subscribe(anonymous.client, watchRun, { id: randomUUID() }).done, 10_000, 'the refusal');
    expect(await anonymous.closed).toEqual({ code: 4401, reason: 'UNAUTHENTICATED: connectionParams.authorization must carry a bearer token' });
    expect(outcome.results).toEqual([]);
  });

  it('should refuse a connection with a forged token with 4401 and the reason', async () => {
    const forged = connect({ authorization: `Bearer ${await signToken('another-secret-of-enough-length-0123456789', { sub: 'mallory', roles: ['admin'] })}` });
    await within(subscribe(forged.client, watchRun, { id: randomUUID() }).done, 10_000, 'the refusal');
    expect(await forged.closed).toEqual({ code: 4401, reason: 'UNAUTHENTICATED: Invalid credentials: bad signature' });
  });

  it('should run operations of a connection with its credentials, passed on to the subgraphs', async () => {
    const { client } = connect({ authorization: bearer });
    const name = `ws-schema-${randomUUID()}`;
    const created = await within(subscribe(client, 'mutation($input: CreateSchemaInput!) { createSchema(input: $input) { name createdBy } }', {
      input: { version: '1.0', name, definition: '{}' },
    }).done, 10_000, 'the mutation');
    // The Schema manager recorded the token's user: the gateway forwarded the connection's authorization header.
    expect(created).toEqual({ completed: true, results: [{ data: { createSchema: { name, createdBy: 'watcher' } } }] });
  });

  it('should close a connection that opens more subscriptions than allowed with 4400', async () => {
    const echo = echoProcessorOf(system);
    const flow = await createChainFlow(graphqlClient(system.gatewayUrl, { authorization: bearer }), echo.id);
    const greedy = connect({ authorization: bearer });
    subscribe(greedy.client, watchRun, { id: flow.flowId });
    subscribe(greedy.client, watchRun, { id: flow.flowId });
    await waitForSubscriptions(system.gatewayUrl, 2);
    subscribe(greedy.client, watchRun, { id: flow.flowId });
    expect(await within(greedy.closed, 10_000, 'the close')).toEqual({ code: 4400, reason: 'Too many subscriptions: at most 2 per connection' });
    // The two accepted subscriptions end with the connection; the refused one never counted.
    expect(await waitFor(async () => ((await activeSubscriptions(system.gatewayUrl)) === 0 ? 0 : undefined), 10_000, 'no open subscription')).toBe(0);
  });

  it('should close a connection sending a message larger than the limit with 1009', async () => {
    const socket = new WebSocket(wsUrlOf(system.gatewayUrl), 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: bearer, padding: 'x'.repeat(4096) } }));
    expect(await within(closed, 10_000, 'the close')).toBe(1009);
  });
});
