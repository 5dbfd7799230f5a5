import type { System } from '@flow/launcher';
import { signToken } from '@flow/platform';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { backendKinds, graphqlClient, startTestSystem, stopTestSystem } from './harness.js';
import { sleep } from './orchestrationProbes.js';
import { subscribe, wsClient, wsUrlOf } from './subscriptionClient.js';

const secret = 'rate-limit-test-secret-of-at-least-32-chars';
const tokenOf = async (user: string): Promise<string> => `Bearer ${await signToken(secret, { sub: user, roles: ['admin'] }, { ttlSeconds: 3_600 })}`;

const post = (url: string, query: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

describe.each(backendKinds)('HTTP rate limits per client address at the gateway (%s)', (kind) => {
  let system: System;
  let base: string;
  const schemaCount = async (): Promise<number> => (await graphqlClient(system.subgraphUrls.schema).data('{ schemas { totalCount } }')).schemas.totalCount as number;

  beforeAll(async () => {
    system = await startTestSystem(kind, {}, { RATE_LIMIT_IP_PER_SECOND: '1', RATE_LIMIT_IP_BURST: '5' });
    base = system.gatewayUrl.replace(/\/graphql$/, '');
  });
  afterAll(() => stopTestSystem(system));

  it('should let a burst of writes through and refuse the rest with 429, writing only what it accepted', async () => {
    // Counted on the Schema manager itself: the gateway's budget is what is measured.
    const before = await schemaCount();
    const writes = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      post(system.gatewayUrl, `mutation { createSchema(input: { version: "1", name: "burst-${i}", definition: "{}" }) { id } }`)));
    const accepted = writes.filter((response) => response.status === 200).length;
    expect(accepted).toBeGreaterThanOrEqual(5);
    expect(accepted).toBeLessThanOrEqual(6);
    expect(writes.filter((response) => response.status === 429)).toHaveLength(10 - accepted);
    expect(await schemaCount()).toBe(before + accepted);
  });

  it('should answer 429 RATE_LIMITED with Retry-After, keep health and metrics open, and recover', async () => {
    let refused = await post(system.gatewayUrl, '{ __typename }');
    for (let i = 0; i < 20 && refused.status === 200; i += 1) refused = await post(system.gatewayUrl, '{ __typename }');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({
      errors: [{ message: 'Too many requests from this client address: retry after 1 s', extensions: { code: 'RATE_LIMITED' } }],
    });
    // REST is the same budget, in its own error shape.
    const rest = await fetch(`${base}/api/Schema`);
    expect(rest.status).toBe(429);
    expect(rest.headers.get('content-type')).toContain('application/problem+json');
    expect(await rest.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED', details: { retryAfterSeconds: 1, scope: 'address' } });
    for (const path of ['/health/live', '/health/ready', '/metrics']) expect((await fetch(`${base}${path}`)).status).toBe(200);
    await sleep(1_100);
    expect((await post(system.gatewayUrl, '{ __typename }')).status).toBe(200);
  });
});

describe('HTTP rate limits per user at the gateway', () => {
  let system: System;

  beforeAll(async () => {
    system = await startTestSystem('memory', {}, {
      AUTH_JWT_SECRET: secret, RATE_LIMIT_IP_PER_SECOND: '0', RATE_LIMIT_USER_PER_SECOND: '1', RATE_LIMIT_USER_BURST: '3',
    });
  });
  afterAll(() => stopTestSystem(system));

  it('should count each authenticated user on a budget of its own', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await post(system.gatewayUrl, '{ __typename }', { authorization: await tokenOf('alice') })).status);
    expect(statuses).toEqual([200, 200, 200]);
    const refused = await post(system.gatewayUrl, '{ __typename }', { authorization: await tokenOf('alice') });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toBe('Too many requests from this user: retry after 1 s');
    // Bob, from the same address, still has his own budget.
    expect((await post(system.gatewayUrl, '{ __typename }', { authorization: await tokenOf('bob') })).status).toBe(200);
  });
});

describe('WebSocket rate limits at the gateway', () => {
  let system: System;

  beforeAll(async () => {
    system = await startTestSystem('memory', {}, { RATE_LIMIT_IP_PER_SECOND: '1', RATE_LIMIT_IP_BURST: '3' });
  });
  afterAll(() => stopTestSystem(system));

  it('should refuse subscribe messages over the budget with a RATE_LIMITED error, and upgrades with 429', async () => {
    const { client } = wsClient(system.gatewayUrl); // the upgrade: 1 token of 3
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await subscribe(client, '{ __typename }').done);
    expect(answers.slice(0, 2).map((answer) => answer.results[0]?.data)).toEqual([{ __typename: 'Query' }, { __typename: 'Query' }]);
    expect(answers[2]?.error).toEqual([{ message: 'Too many requests from this client address: retry after 1 s', extensions: { code: 'RATE_LIMITED', details: { retryAfterSeconds: 1, scope: 'address' } } }]);
    const upgrade = new WebSocket(wsUrlOf(system.gatewayUrl), 'graphql-transport-ws');
    const refused = await new Promise<{ status: number; retryAfter: string | undefined }>((resolve) =>
      upgrade.once('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] })));
    expect(refused).toEqual({ status: 429, retryAfter: '1' });
    await sleep(1_100);
    expect((await subscribe(client, '{ __typename }').done).results[0]?.data).toEqual({ __typename: 'Query' });
    await client.dispose();
  });
});
