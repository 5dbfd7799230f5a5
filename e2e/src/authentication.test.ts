import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { System } from '@flow/launcher';
import { deadLetterQueue, signToken } from '@flow/platform';
import { EVENTS_QUEUE } from '@flow/protocol';
import { exportJWK, generateKeyPair, SignJWT, type GenerateKeyPairResult } from 'jose';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema, createStep, uniqueName } from './fixtures.js';
import { createGraphFlow, waitForEnd } from './flowFixtures.js';
import { graphqlClient, startTestSystem, stopTestSystem, type GraphQLClient } from './harness.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';
import { collectQueue, metricReaches, metricTotal, waitFor } from './orchestrationProbes.js';
import { restClient } from './restClient.js';
import { subscribe, within, wsClient } from './subscriptionClient.js';
import { watchRun } from './subscriptionFixtures.js';

/**
 * Authentication and roles on the running system (README "Security", DESIGN.md section 13):
 * every attack below is refused with its precise answer, and nothing is written.
 */
const secret = 'authentication-tests-secret-0123456789abcdef';
const issuer = 'https://idp.flow.test';
const audience = 'flow-orchestrator';
const base = (graphqlUrl: string): string => graphqlUrl.replace(/\/graphql$/, '');

/** A token of this deployment (right secret, iss and aud) with these roles. */
const tokenWith = (roles: readonly string[], claims: Record<string, unknown> = {}): Promise<string> =>
  signToken(secret, { sub: `user-${roles.join('-') || 'none'}`, roles: [...roles], ...claims }, { issuer, audience });
const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** A local JWKS endpoint publishing one ES256 key, as an identity provider would. */
async function startJwksServer(): Promise<{ url: string; published: GenerateKeyPairResult; unknown: GenerateKeyPairResult; close(): Promise<void> }> {
  const published = await generateKeyPair('ES256');
  const unknown = await generateKeyPair('ES256');
  const keys = [{ ...(await exportJWK(published.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' }];
  const server: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  return { url, published, unknown, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const countsQuery = `{
  schemas { totalCount } processors { totalCount } steps { totalCount } workflows { totalCount } orchestratedFlows { totalCount }
  assignments { totalCount } addresses { totalCount } deliveries { totalCount } executions { totalCount }
}`;

const createStepMutation = 'mutation($input: CreateStepInput!) { createStep(input: $input) { id } }';
const deleteStepMutation = 'mutation($id: ID!) { deleteStep(id: $id) }';
const startMutation = 'mutation($id: ID!) { startOrchestration(orchestratedFlowId: $id) { executionId } }';

describe.each(orchestrationKinds)('authentication and roles ($name)', (kind) => {
  let system: System;
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;
  let admin: GraphQLClient;
  let processorId: string;
  let flowId: string;
  let stepId: string;

  /** Every entity type and the executions, counted as an admin: equal before and after an attack. */
  const counts = async (): Promise<Record<string, number>> =>
    Object.fromEntries(Object.entries(await admin.data<Record<string, { totalCount: number }>>(countsQuery)).map(([type, { totalCount }]) => [type, totalCount]));
  /** Runs an attack and asserts that it wrote nothing. */
  async function writesNothing<T>(attack: () => Promise<T>): Promise<T> {
    const before = await counts();
    const outcome = await attack();
    expect(await counts()).toEqual(before);
    return outcome;
  }
  const stepInput = () => ({ version: '1.0', name: uniqueName('attack'), processorId });

  beforeAll(async () => {
    jwks = await startJwksServer();
    system = await startOrchestrationSystem(kind, {
      AUTH_JWT_SECRET: secret, AUTH_JWKS_URL: jwks.url, AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience, SCHEDULER_REFRESH_MS: '200',
    });
    admin = graphqlClient(system.gatewayUrl, bearer(await tokenWith(['admin'])));
    processorId = (system.processors[0] as { processorId: string }).processorId;
    const flow = await createGraphFlow(admin, processorId, [{ key: 'only', payload: { greeting: 'hi' } }]);
    flowId = flow.flowId;
    stepId = flow.stepIds.only as string;
  });
  afterAll(async () => {
    await stopTestSystem(system);
    await jwks.close();
  });

  describe('without a token', () => {
    it('should refuse an anonymous write through the gateway with 401 UNAUTHENTICATED and WWW-Authenticate', async () => {
      const answer = await writesNothing(() => graphqlClient(system.gatewayUrl).request(createStepMutation, { input: stepInput() }));
      expect(answer.status).toBe(401);
      expect(answer.errors).toEqual([{ message: 'Invalid credentials: a bearer token is required (Authorization: Bearer <JWT>)', extensions: { code: 'UNAUTHENTICATED' } }]);
      const raw = await fetch(system.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      expect(raw.headers.get('www-authenticate')).toBe('Bearer realm="flow-orchestrator"');
    });

    it('should refuse an anonymous write sent straight to a manager, in GraphQL and in REST', async () => {
      const direct = await writesNothing(() => graphqlClient(system.subgraphUrls.step).request(createStepMutation, { input: stepInput() }));
      expect(direct.status).toBe(401);
      expect(direct.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      for (const origin of [base(system.gatewayUrl), base(system.subgraphUrls.step)]) {
        const rest = await writesNothing(() => restClient(origin)({ method: 'POST', path: '/api/Step', json: stepInput() }));
        expect(rest.status, origin).toBe(401);
        expect(rest.headers.get('www-authenticate')).toBe('Bearer realm="flow-orchestrator"');
        expect(rest.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      }
    });

    it('should refuse a start sent straight to the orchestrator, in GraphQL and in REST, and start nothing', async () => {
      const direct = await writesNothing(() => graphqlClient(system.subgraphUrls.orchestrator).request(startMutation, { id: flowId }));
      expect(direct.status).toBe(401);
      expect(direct.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const rest = await writesNothing(() => restClient(base(system.subgraphUrls.orchestrator))({ method: 'POST', path: `/api/Orchestration/start/${flowId}` }));
      expect(rest.status).toBe(401);
    });

    it('should refuse a WebSocket connection without a token with 4401', async () => {
      const anonymous = wsClient(system.gatewayUrl);
      const outcome = await within(subscribe(anonymous.client, watchRun, { id: flowId }).done, 10_000, 'the refusal');
      expect(await anonymous.closed).toEqual({ code: 4401, reason: 'UNAUTHENTICATED: connectionParams.authorization must carry a bearer token' });
      expect(outcome.results).toEqual([]);
    });

    it('should close a WebSocket connection with 4401 when its token expires', async () => {
      const token = await tokenWith(['viewer'], { exp: Math.floor(Date.now() / 1000) + 2 });
      const watcher = wsClient(system.gatewayUrl, { connectionParams: { authorization: `Bearer ${token}` } });
      const watching = subscribe(watcher.client, watchRun, { id: flowId });
      expect(await within(watcher.closed, 15_000, 'the close at expiry')).toEqual({ code: 4401, reason: 'UNAUTHENTICATED: token expired' });
      watching.dispose();
    });

    it('should serve /health/live, /health/ready and /metrics without a token on every process, and nothing else', async () => {
      for (const url of [system.gatewayUrl, system.subgraphUrls.step, system.subgraphUrls.orchestrator]) {
        for (const path of ['/health/live', '/health/ready', '/metrics']) expect((await fetch(`${base(url)}${path}`)).status, `${url} ${path}`).toBe(200);
        for (const path of ['/health', '/openapi.json', '/api/Step']) expect((await fetch(`${base(url)}${path}`)).status, `${url} ${path}`).toBe(401);
      }
    });
  });

  describe('with a token whose roles do not allow the operation', () => {
    it('should refuse a viewer creating, through the gateway and straight at the manager, with FORBIDDEN', async () => {
      const viewer = bearer(await tokenWith(['viewer']));
      for (const url of [system.gatewayUrl, system.subgraphUrls.step]) {
        const error = await writesNothing(() => graphqlClient(url, viewer).error(createStepMutation, { input: stepInput() }));
        expect(error.message, url).toBe('Mutation.createStep requires one of the roles editor, admin; the caller has viewer');
        expect(error.extensions?.code).toBe('FORBIDDEN');
      }
      const rest = await writesNothing(() => restClient(base(system.gatewayUrl), viewer.authorization?.slice(7))({ method: 'POST', path: '/api/Step', json: stepInput() }));
      expect(rest.status).toBe(403);
      expect(rest.body).toMatchObject({ code: 'FORBIDDEN', detail: 'Mutation.createStep requires one of the roles editor, admin; the caller has viewer' });
    });

    it('should let a viewer read', async () => {
      const viewer = graphqlClient(system.gatewayUrl, bearer(await tokenWith(['viewer'])));
      const data = await viewer.data('query($id: ID!) { step(id: $id) { id processor { name } } orchestratedFlow(id: $id) { id } }', { id: stepId });
      expect(data).toEqual({ step: { id: stepId, processor: { name: 'EchoProcessor' } }, orchestratedFlow: null });
    });

    it('should refuse an operator deleting, and keep the entity', async () => {
      const operator = bearer(await tokenWith(['operator']));
      const orphan = await createStep(admin, processorId);
      for (const url of [system.gatewayUrl, system.subgraphUrls.step]) {
        const error = await writesNothing(() => graphqlClient(url, operator).error(deleteStepMutation, { id: orphan }));
        expect(error.extensions?.code, url).toBe('FORBIDDEN');
        expect(error.message).toBe('Mutation.deleteStep requires one of the roles editor, admin; the caller has operator');
      }
      const rest = await restClient(base(system.subgraphUrls.step), operator.authorization?.slice(7))({ method: 'DELETE', path: `/api/Step/${orphan}` });
      expect(rest.status).toBe(403);
      expect((await admin.data('query($id: ID!) { step(id: $id) { id } }', { id: orphan })).step).toEqual({ id: orphan });
    });

    it('should refuse an editor starting a run, through the gateway, the orchestrator and REST, and start nothing', async () => {
      const editor = bearer(await tokenWith(['editor']));
      for (const url of [system.gatewayUrl, system.subgraphUrls.orchestrator]) {
        const error = await writesNothing(() => graphqlClient(url, editor).error(startMutation, { id: flowId }));
        expect(error.extensions?.code, url).toBe('FORBIDDEN');
        expect(error.message).toBe('Mutation.startOrchestration requires one of the roles operator, admin; the caller has editor');
      }
      for (const url of [system.gatewayUrl, system.subgraphUrls.orchestrator]) {
        const rest = await writesNothing(() => restClient(base(url), editor.authorization?.slice(7))({ method: 'POST', path: `/api/Orchestration/start/${flowId}` }));
        expect(rest.status, url).toBe(403);
      }
    });

    it('should refuse an editor registering a processor (admin or the processor itself only)', async () => {
      const editor = graphqlClient(system.gatewayUrl, bearer(await tokenWith(['editor'])));
      const schemaId = await createSchema(editor);
      const error = await writesNothing(() => editor.error('mutation($input: CreateProcessorInput!) { createProcessor(input: $input) { id } }', {
        input: { version: '1.0', name: uniqueName('rogue'), inputSchemaId: schemaId, outputSchemaId: schemaId },
      }));
      expect(error.message).toBe('Mutation.createProcessor requires one of the roles admin, processor; the caller has editor');
    });

    it('should refuse a token without any role even Federation\'s own _entities, straight at a manager', async () => {
      const nobody = graphqlClient(system.subgraphUrls.step, bearer(await tokenWith([])));
      const error = await nobody.error('query($r: [_Any!]!) { _entities(representations: $r) { ... on Step { id name } } }', { r: [{ __typename: 'Step', id: stepId }] });
      expect(error).toMatchObject({ message: 'Query._entities requires one of the roles viewer, operator, editor, admin; the caller has no role', extensions: { code: 'FORBIDDEN' } });
    });
  });

  describe('with a token that is not valid', () => {
    const attempts: Array<[string, () => Promise<string>, string]> = [
      ['an expired token', () => tokenWith(['admin'], { exp: Math.floor(Date.now() / 1000) - 60 }), 'Invalid credentials: token expired'],
      ['a token without exp', () => new SignJWT({ sub: 'mallory', roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer).setAudience(audience).sign(new TextEncoder().encode(secret)),
        'Invalid credentials: token has no exp (expiry)'],
      ['a token with a bad signature', () => signToken('another-secret-another-secret-0123456', { sub: 'mallory', roles: ['admin'] }, { issuer, audience }), 'Invalid credentials: bad signature'],
      ['a token of another issuer', () => signToken(secret, { sub: 'mallory', roles: ['admin'] }, { issuer: 'https://evil.example', audience }), 'Invalid credentials: token issuer (iss) is not the expected one'],
      ['a token for another audience', () => signToken(secret, { sub: 'mallory', roles: ['admin'] }, { issuer, audience: 'another-api' }), 'Invalid credentials: token audience (aud) is not the expected one'],
      ['an ES256 token signed by a key the JWKS does not publish', () => new SignJWT({ sub: 'mallory', roles: ['admin'] }).setProtectedHeader({ alg: 'ES256', kid: 'idp-2' })
        .setIssuer(issuer).setAudience(audience).setExpirationTime('5m').sign(jwks.unknown.privateKey), 'Invalid credentials: token signed by an unknown key'],
    ];

    it.each(attempts)('should refuse %s with 401, on the gateway and straight at a manager', async (_what, mint, message) => {
      const token = await mint();
      for (const url of [system.gatewayUrl, system.subgraphUrls.step]) {
        const answer = await writesNothing(() => graphqlClient(url, bearer(token)).request(createStepMutation, { input: stepInput() }));
        expect(answer.status, url).toBe(401);
        expect(answer.errors).toEqual([{ message, extensions: { code: 'UNAUTHENTICATED' } }]);
      }
    });

    it('should accept an ES256 token signed by the key the JWKS publishes, at the gateway and at the manager it reaches', async () => {
      const token = await new SignJWT({ sub: 'carol', roles: ['editor'] }).setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
        .setIssuer(issuer).setAudience(audience).setExpirationTime('5m').sign(jwks.published.privateKey);
      const created = await graphqlClient(system.gatewayUrl, bearer(token)).data('mutation($input: CreateStepInput!) { createStep(input: $input) { id createdBy } }', { input: stepInput() });
      expect(created.createStep.createdBy).toBe('carol');
    });
  });

  describe('service identities', () => {
    it('should have registered the processor as itself, with its own token', async () => {
      const data = await admin.data('query($id: ID!) { processor(id: $id) { createdBy inputSchema { createdBy } } }', { id: processorId });
      expect(data.processor).toEqual({ createdBy: 'processor:EchoProcessor', inputSchema: { createdBy: 'processor:EchoProcessor' } });
    });

    it('should run a flow started by an operator to its end: the orchestrator reads it and the processor answers as themselves', async () => {
      const operator = graphqlClient(system.gatewayUrl, bearer(await tokenWith(['operator'])));
      await operator.data(startMutation, { id: flowId });
      const run = await waitForEnd(operator, flowId);
      expect(run.status).toBe('COMPLETED');
      expect(run.steps[0]?.output).toMatchObject({ entities: [{ greeting: 'hi' }] });
    });

    it('should start a scheduled flow as the orchestrator, and turn its schedule off when an operator stops it', async () => {
      const scheduled = await createGraphFlow(admin, processorId, [{ key: 'tick', payload: { delayMs: 5_000 } }]);
      await admin.data('mutation($id: ID!) { updateOrchestratedFlow(id: $id, input: { cronExpression: "* * * * * *", isScheduleEnabled: true }) { id } }', { id: scheduled.flowId });
      const operator = graphqlClient(system.gatewayUrl, bearer(await tokenWith(['operator'])));
      const deadline = Date.now() + 15_000;
      while (!(await operator.data('query($id: ID!) { orchestrationStatus(orchestratedFlowId: $id) { status } }', { id: scheduled.flowId })).orchestrationStatus) {
        if (Date.now() > deadline) throw new Error('the scheduler started no run');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const stopped = await operator.data('mutation($id: ID!) { stopOrchestration(orchestratedFlowId: $id) { status } }', { id: scheduled.flowId });
      expect(stopped.stopOrchestration.status).toBe('STOPPED');
      const flow = await admin.data('query($id: ID!) { orchestratedFlow(id: $id) { isScheduleEnabled updatedBy } }', { id: scheduled.flowId });
      expect(flow.orchestratedFlow).toEqual({ isScheduleEnabled: false, updatedBy: 'service:orchestrator' });
    });

    it('should not let an operator token edit a flow the way the orchestrator turns its schedule off', async () => {
      const operator = graphqlClient(system.gatewayUrl, bearer(await tokenWith(['operator'])));
      const error = await operator.error('mutation($id: ID!) { updateOrchestratedFlow(id: $id, input: { isScheduleEnabled: false }) { id } }', { id: flowId });
      expect(error.message).toBe('Mutation.updateOrchestratedFlow requires one of the roles editor, admin, scheduler; the caller has operator');
    });
  });

  describe('answers of processors', () => {
    it('should dead-letter, count and never apply an answer that is not signed by the processor it names', async () => {
      // EchoProcessor holds the step for 1 s (the step timeout is 2 s): a forged answer applied would win the race.
      const slow = await createGraphFlow(admin, processorId, [{ key: 'slow', payload: { delayMs: 1_000 } }]);
      const slowStep = slow.stepIds.slow as string;
      const { executionId } = (await admin.data(startMutation, { id: slow.flowId })).startOrchestration as { executionId: string };
      const { store } = system.orchestration.service.orchestrator;
      const command = await waitFor(async () => (await store.get(executionId))?.steps[slowStep]?.commandId ? (await store.get(executionId))?.steps[slowStep] : undefined, 10_000, 'the dispatch');
      const { bus } = system.orchestration;
      const dead = await collectQueue(bus, deadLetterQueue(EVENTS_QUEUE));
      const orchestrator = base(system.subgraphUrls.orchestrator);
      const refusedBefore = await metricTotal(orchestrator, 'orchestrator_events_consumed_total', { outcome: 'refused' });
      const forged = {
        type: 'ActivityExecuted', schemaVersion: 1, commandId: command?.commandId, executionId, stepId: slowStep, processorId,
        attempt: command?.attempts, output: { forged: true }, durationMs: 1, executedAt: new Date().toISOString(),
      };
      const senders: Array<[string, Record<string, string>, string]> = [
        ['no token', {}, 'UNAUTHENTICATED: Event sender: Invalid credentials: a bearer token is required'],
        ['the token of another processor', bearer(await signToken(secret, { sub: 'processor:Mallory', roles: ['processor'], processor: 'Mallory' }, { issuer, audience })),
          'FORBIDDEN: Event sender processor:Mallory may answer for processor Mallory only, not for EchoProcessor'],
        ['a forged EchoProcessor token', bearer(await signToken('another-secret-another-secret-0123456', { sub: 'processor:EchoProcessor', roles: ['processor'], processor: 'EchoProcessor' }, { issuer, audience })),
          'UNAUTHENTICATED: Event sender: Invalid credentials: bad signature'],
        ['an admin token, not a processor\'s', bearer(await tokenWith(['admin'])), 'FORBIDDEN: Event sender user-admin is not a processor'],
      ];
      for (const [, headers] of senders) await bus.publish(EVENTS_QUEUE, forged, { headers: { 'x-correlation-id': `forged-${executionId}`, ...headers } });
      await metricReaches(orchestrator, 'orchestrator_events_consumed_total', { outcome: 'refused' }, refusedBefore, senders.length);
      const ours = await waitFor(() => {
        const found = dead.deliveries.filter((delivery) => (delivery.body as { executionId?: string }).executionId === executionId);
        return found.length === senders.length ? found : undefined;
      }, 10_000, 'the dead letters');
      await dead.cancel();
      const reasons = ours.map((delivery) => delivery.headers['x-death-reason'] ?? '');
      for (const [what, , reason] of senders) expect(reasons.filter((given) => given.startsWith(`NON_RETRYABLE: ${reason}`)), what).toHaveLength(1);
      const run = await waitForEnd(admin, slow.flowId);
      expect(run.status).toBe('COMPLETED');
      expect(run.steps[0]?.output).toEqual({ input: null, entities: [{ delayMs: 1_000 }] });
    });
  });

  it('should keep a random flow id a NOT_FOUND for an operator (roles first, then the lookup)', async () => {
    const operator = graphqlClient(system.gatewayUrl, bearer(await tokenWith(['operator'])));
    expect((await operator.error(startMutation, { id: randomUUID() })).extensions?.code).toBe('NOT_FOUND');
  });
});

describe.each(orchestrationKinds)('metrics behind authentication, AUTH_PUBLIC_METRICS=false ($name)', (kind) => {
  let system: System;

  beforeAll(async () => {
    system = await startTestSystem(kind.backend, { only: ['schema'] }, { ...kind.env, AUTH_JWT_SECRET: secret, AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience, AUTH_PUBLIC_METRICS: 'false' });
  });
  afterAll(() => stopTestSystem(system));

  it('should hide /metrics without a token and serve it with one; health stays public', async () => {
    const monitor = bearer(await tokenWith([], { sub: 'prometheus' }));
    for (const url of [system.gatewayUrl, system.subgraphUrls.schema, system.subgraphUrls.orchestrator]) {
      const hidden = await fetch(`${base(url)}/metrics`);
      expect(hidden.status, url).toBe(401);
      expect(hidden.headers.get('www-authenticate')).toBe('Bearer realm="flow-orchestrator"');
      expect(await hidden.text()).not.toContain('process_cpu');
      const shown = await fetch(`${base(url)}/metrics`, { headers: monitor });
      expect(shown.status, url).toBe(200);
      expect(await shown.text()).toContain('process_cpu');
      for (const path of ['/health/live', '/health/ready']) expect((await fetch(`${base(url)}${path}`)).status, `${url} ${path}`).not.toBe(401);
    }
  });
});
