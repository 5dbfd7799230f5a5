import { randomUUID } from 'node:crypto';
import type { System } from '@flow/launcher';
import { signToken } from '@flow/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFlow, type SeededFlow } from './fixtures.js';
import { backendKinds, graphqlClient, startTestSystem, stopTestSystem } from './harness.js';
import { entityNames, seededIdOf, type EntityName } from './integrityCases.js';
import { casesFor, kindOf, outageRequest, unreachable, type CaseContext, type RestCase } from './restCases.js';
import {
  allRoutes, expectAnswer, restBody, restClient, routeName, routesOf, type Entity, type RestAnswer, type RestCall,
} from './restClient.js';

const secret = 'rest-test-secret-rest-test-secret-0123';
const origin = (graphqlUrl: string): string => graphqlUrl.replace(/\/graphql$/, '');
type Call = (request: RestCall) => Promise<RestAnswer>;

interface Target {
  name: string;
  /** The entities whose routes the target serves. */
  entities: readonly EntityName[];
  /** The entity the target's auth and edge tests write. */
  sample: EntityName;
  url(system: System): string;
}

const targets: readonly Target[] = [
  { name: 'gateway', entities: entityNames, sample: 'Step', url: (system) => origin(system.gatewayUrl) },
  { name: 'step manager', entities: ['Step'], sample: 'Step', url: (system) => origin(system.subgraphUrls.step) },
  { name: 'address manager', entities: ['Address'], sample: 'Address', url: (system) => origin(system.subgraphUrls.address) },
];

const listOf = async (call: Call, type: EntityName): Promise<Entity[]> => (await call({ method: 'GET', path: `/api/${type}` })).body as Entity[];

async function created(call: Call, type: EntityName, body: Entity, token?: string): Promise<Entity> {
  const answer = await call({ method: 'POST', path: `/api/${type}`, json: body, ...(token ? { token } : {}) });
  expect(answer.status, answer.text).toBe(201);
  return answer.body as Entity;
}

/**
 * One case on one target: the generic checks of every answer, Location on 201, the case's own
 * checks, and for a refused write an unchanged list of the type. Every other case sends no
 * correlation id, so echo and generation are both checked across every status.
 */
async function runCase(restCase: RestCase, index: number, context: CaseContext): Promise<void> {
  const exchange = await restCase.prepare(context);
  const request = index % 2 === 0 ? { ...exchange.request, correlationId: `rest-case-${index}-${randomUUID()}` } : exchange.request;
  const type = restCase.route.entity.type as EntityName;
  const before = restCase.route.method !== 'GET' && restCase.status >= 400 ? await listOf(context.call, type) : undefined;
  const answer = await context.call(request);
  expectAnswer(answer, request, restCase.status);
  if (restCase.status === 201) expect(answer.headers.get('location')).toBe(`/api/${type}/${answer.body.id as string}`);
  await exchange.check?.(answer);
  if (before) expect(await listOf(context.call, type)).toEqual(before);
}

describe('the REST case table', () => {
  const cases = allRoutes.flatMap(casesFor);
  const declared = allRoutes.flatMap((route) => [route.success.status, ...route.errors].map((status) => ({ route, status })));

  it('should know the kind of every route of the product table', () => {
    expect(allRoutes.filter((route) => kindOf(route) === undefined).map(routeName)).toEqual([]);
  });

  it('should hold a case, or a stated reason, for every status every route declares', () => {
    // 503 is every route's outage answer, checked route by route in the outage suite below.
    const gaps = declared
      .filter(({ route, status }) => status !== 503 && !cases.some((item) => item.route === route && item.status === status))
      .filter(({ route, status }) => !unreachable.some((reason) => reason.applies(route, status)));
    expect(gaps.map(({ route, status }) => `${routeName(route)} ${status}`)).toEqual([]);
    expect(allRoutes.filter((route) => !route.errors.includes(503)).map(routeName)).toEqual([]);
  });

  it('should hold no case for a status its route does not declare, and no reason that applies to nothing', () => {
    const stale = cases.filter((item) => !declared.some(({ route, status }) => route === item.route && status === item.status));
    expect(stale.map((item) => `${routeName(item.route)} ${item.status}: ${item.title}`)).toEqual([]);
    const unused = unreachable.filter((reason) => !declared.some(({ route, status }) => reason.applies(route, status)));
    expect(unused.map((reason) => reason.why)).toEqual([]);
  });
});

/** The user the suite writes as: an admin, as every route (Processor writes included) lets in. */
const user = 'rest-admin';
const tokenWith = (roles: readonly string[], sub = 'rest-caller'): Promise<string> => signToken(secret, { sub, roles: [...roles] });

describe.each(backendKinds)('the seed REST API (%s)', (kind) => {
  let system: System;
  let seed: SeededFlow;
  let admin: string;

  beforeAll(async () => {
    // One user at one address sends the whole table: no rate budget (rateLimits.test.ts checks those).
    system = await startTestSystem(kind, {}, { AUTH_JWT_SECRET: secret, RATE_LIMIT_USER_PER_SECOND: '0', RATE_LIMIT_IP_PER_SECOND: '0' });
    admin = await tokenWith(['admin'], user);
    seed = await seedFlow(graphqlClient(system.gatewayUrl, { authorization: `Bearer ${admin}` }));
  });
  afterAll(() => stopTestSystem(system));

  describe.each(targets.map((target) => [target.name, target] as const))('on the %s', (_name, target) => {
    const call: Call = (request) => restClient(target.url(system), admin)(request);
    const context: CaseContext = {
      get seed() {
        return seed;
      },
      user,
      token: (roles) => tokenWith(roles),
      call,
      fresh: (type) => created(call, type, { ...restBody(type, seed), description: 'fresh' }),
      seeded: async (type) => (await listOf(call, type)).find((entity) => entity.id === seededIdOf(type, seed)) as Entity,
    };
    const table = target.entities.flatMap(routesOf).flatMap(casesFor)
      .map((restCase, index) => [`${routeName(restCase.route)} with ${restCase.status} for ${restCase.title}`, restCase, index] as const);

    it.each(table)('should answer %s', (_name, restCase, index) => runCase(restCase, index, context));

    it('should answer unknown routes with 404 problem+json and write nothing', async () => {
      const foreign = entityNames.find((type) => !target.entities.includes(type)) ?? 'Nope';
      const type = target.sample;
      const id = randomUUID();
      const requests: RestCall[] = [
        { method: 'GET', path: '/api/Nope' },
        { method: 'POST', path: '/api/Nope', json: restBody(type, seed) },
        { method: 'POST', path: `/api/${type}/${id}/extra`, json: restBody(type, seed) },
        { method: 'GET', path: `/api/${type}/composite/1.0` },
        { method: 'POST', path: `/api/${foreign}`, json: restBody(type, seed), correlationId: `unknown-${id}` },
      ];
      const before = await listOf(call, type);
      for (const request of requests) {
        const answer = await call(request);
        expectAnswer(answer, request, 404);
        expect(answer.body.detail).toBe(`No route for ${request.method} ${request.path}`);
      }
      expect(await listOf(call, type)).toEqual(before);
    });

    it('should answer other methods on every known path with 405, the Allow header and no write', async () => {
      const paths = [...new Set(target.entities.flatMap(routesOf).map((route) => route.path))];
      const typeOf = (path: string) => allRoutes.find((route) => route.path === path)?.entity.type as EntityName;
      // Every list read once before and once after: a write anywhere in between shows.
      const types = [...new Set(paths.map(typeOf))];
      const before = new Map(await Promise.all(types.map(async (type) => [type, await listOf(call, type)] as const)));
      for (const path of paths) {
        const allowed: string[] = allRoutes.filter((route) => route.path === path).map((route) => route.method);
        const type = typeOf(path);
        const concrete = path.replace('{id}', seededIdOf(type, seed)).replace('{version}', '1.0').replace('{name}', 'x');
        for (const method of ['PATCH', 'POST', 'PUT', 'DELETE'].filter((candidate) => !allowed.includes(candidate))) {
          const request: RestCall = { method, path: concrete, json: restBody(type, seed) };
          const answer = await call(request);
          expectAnswer(answer, request, 405);
          expect(answer.headers.get('allow')?.split(', ').sort()).toEqual([...allowed].sort());
          expect(answer.body.detail).toBe(`${method} is not allowed on ${path}; allowed: ${answer.headers.get('allow') as string}`);
        }
      }
      for (const type of types) expect(await listOf(call, type)).toEqual(before.get(type));
    }, 120_000);

    it('should set createdBy and updatedBy from the bearer token, never from the body', async () => {
      const type = target.sample;
      const alice = await signToken(secret, { sub: 'alice', roles: ['editor'] });
      const body = { ...restBody(type, seed), createdBy: 'mallory', updatedBy: 'mallory' };
      const entity = await created(call, type, body, alice);
      expect(entity).toMatchObject({ createdBy: 'alice', updatedBy: 'alice' });
      const replace: RestCall = { method: 'PUT', path: `/api/${type}/${entity.id as string}`, json: body, token: await signToken(secret, { name: 'bob', roles: ['editor'] }) };
      expectAnswer(await call(replace), replace, 204);
      const read = await call({ method: 'GET', path: `/api/${type}/${entity.id as string}` });
      expect(read.body).toMatchObject({ createdBy: 'alice', updatedBy: 'bob' });
    });

    it('should refuse a bad bearer token with 401 problem+json and write nothing', async () => {
      const type = target.sample;
      const before = await listOf(call, type);
      const request: RestCall = { method: 'POST', path: `/api/${type}`, json: restBody(type, seed), token: await signToken('another-secret-another-secret-0123456', { sub: 'eve', roles: ['admin'] }) };
      const answer = await call(request);
      expectAnswer(answer, request, 401);
      expect(answer.body.detail).toBe('Invalid credentials: bad signature');
      expect(await listOf(call, type)).toEqual(before);
    });
  });

  describe.each(targets.filter((target) => target.entities.includes('Step')).map((target) => [target.name, target] as const))('Step bodies on the %s', (_name, target) => {
    const call: Call = (request) => restClient(target.url(system), admin)(request);

    it('should answer the seed spec example POST /api/Step with the documented response', async () => {
      const gateway = restClient(origin(system.gatewayUrl), admin);
      const nextStep = await created(gateway, 'Step', restBody('Step', seed));
      const example = {
        version: '1.0', name: 'ProcessFileStep', description: 'Step to process uploaded files',
        processorId: seed.processorId, nextStepIds: [nextStep.id as string], entryCondition: 'PreviousSuccess',
      };
      const request: RestCall = { method: 'POST', path: '/api/Step', json: example };
      const answer = await call(request);
      expectAnswer(answer, request, 201);
      expect(answer.headers.get('location')).toBe(`/api/Step/${answer.body.id as string}`);
      // The seed's fields, and the step's own retry and timeout policy (null: the orchestrator's settings).
      const policy = { maxAttempts: null, retryBackoffMs: null, retryBackoffMaxMs: null, timeoutMs: null, retryOnTimeout: false };
      const documented = ['id', 'version', 'name', 'description', 'processorId', 'nextStepIds', 'entryCondition', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', ...Object.keys(policy)];
      expect(Object.keys(answer.body as object).sort()).toEqual(documented.sort());
      expect(answer.body).toMatchObject({ ...example, ...policy, createdBy: user, updatedBy: user, updatedAt: answer.body.createdAt });
      // The example's key is fixed: free it for the next target.
      expect((await call({ method: 'DELETE', path: answer.headers.get('location') as string })).status).toBe(204);
    });

    it('should clear on PUT every field the body leaves out', async () => {
      const step = await created(call, 'Step', { ...restBody('Step', seed), description: 'before', nextStepIds: [seed.stepIds[1]], entryCondition: 'Never' });
      const body = { version: step.version as string, name: step.name as string, processorId: seed.processorId };
      expect((await call({ method: 'PUT', path: `/api/Step/${step.id as string}`, json: body })).status).toBe(204);
      const read = await call({ method: 'GET', path: `/api/Step/${step.id as string}` });
      expect(read.body).toEqual({ ...step, ...body, description: null, nextStepIds: [], entryCondition: 'PreviousSuccess', updatedAt: read.body.updatedAt });
    });

    it.each([
      ['PreviousSuccess', 'PreviousSuccess'], ['PreviousFailure', 'PreviousFailure'], ['Always', 'Always'], ['Never', 'Never'],
      [0, 'PreviousSuccess'], [1, 'PreviousFailure'], [2, 'Always'], [3, 'Never'],
    ] as const)('should accept entryCondition %j and answer %s', async (given, answered) => {
      const step = await created(call, 'Step', { ...restBody('Step', seed), entryCondition: given });
      expect(step.entryCondition).toBe(answered);
      const replaced = { ...restBody('Step', seed), name: step.name as string, entryCondition: given === 1 ? 3 : 1 };
      expect((await call({ method: 'PUT', path: `/api/Step/${step.id as string}`, json: replaced })).status).toBe(204);
      const read = await call({ method: 'GET', path: `/api/Step/${step.id as string}` });
      expect(read.body.entryCondition).toBe(given === 1 ? 'Never' : 'PreviousFailure');
    });
  });

  describe.each(targets.filter((target) => target.entities.includes('Address')).map((target) => [target.name, target] as const))('Address bodies on the %s', (_name, target) => {
    const call: Call = (request) => restClient(target.url(system), admin)(request);

    it('should answer configuration as a JSON object and clear it on PUT when left out', async () => {
      const address = await created(call, 'Address', { ...restBody('Address', seed), configuration: { mode: 'append', 'a.b': 'c d' }, payload: '{"path":"/x"}' });
      expect(address.configuration).toEqual({ mode: 'append', 'a.b': 'c d' });
      const body = { version: address.version as string, name: address.name as string, connectionString: address.connectionString as string, schemaId: seed.inputSchemaId };
      expect((await call({ method: 'PUT', path: `/api/Address/${address.id as string}`, json: body })).status).toBe(204);
      const read = await call({ method: 'GET', path: `/api/Address/${address.id as string}` });
      expect(read.body).toMatchObject({ configuration: {}, payload: null, description: null });
    });
  });
});

describe.each(backendKinds)('the seed REST API while subgraphs are down (%s)', (kind) => {
  let system: System;
  let seed: SeededFlow;

  beforeAll(async () => {
    system = await startTestSystem(kind);
    seed = await seedFlow(graphqlClient(system.gatewayUrl));
  });
  afterAll(() => stopTestSystem(system));

  it('should answer 503 naming the schema subgraph to writes that need it, on the gateway and the managers, and write nothing', async () => {
    await system.stopSubgraph('schema');
    const writes: Array<[string, EntityName]> = [
      [origin(system.gatewayUrl), 'Processor'], [origin(system.subgraphUrls.processor), 'Processor'], [origin(system.subgraphUrls.address), 'Address'],
    ];
    for (const [base, type] of writes) {
      const call = restClient(base);
      const before = await listOf(call, type);
      const request: RestCall = { method: 'POST', path: `/api/${type}`, json: restBody(type, seed), correlationId: `outage-${type}` };
      const answer = await call(request);
      expectAnswer(answer, request, 503);
      expect(answer.body.detail).toMatch(/^The schema subgraph cannot be reached/);
      expect(answer.body.details).toEqual({ subgraph: 'schema' });
      expect(await listOf(call, type)).toEqual(before);
    }
  });

  it('should answer 503 on every route of the gateway while every subgraph is down', async () => {
    for (const name of Object.keys(system.subgraphs) as Array<Parameters<System['stopSubgraph']>[0]>) await system.stopSubgraph(name);
    const call = restClient(origin(system.gatewayUrl));
    const wrong: string[] = [];
    for (const route of allRoutes) {
      const request = outageRequest(route, seed);
      const answer = await call(request);
      try {
        expectAnswer(answer, request, 503);
      } catch {
        wrong.push(`${routeName(route)}: ${answer.status} ${JSON.stringify(answer.body?.detail)}`);
      }
      expect(answer.text).not.toMatch(/\bat .+:\d+:\d+|stacktrace|"stack"/i);
    }
    expect(wrong).toEqual([]);
  });
});
