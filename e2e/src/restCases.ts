import { randomUUID } from 'node:crypto';
import type { Relation, RestRoute } from '@flow/kit';
import { expect } from 'vitest';
import type { SeededFlow } from './fixtures.js';
import type { EntityName } from './integrityCases.js';
import {
  badFields, commonBadFields, definitionOf, displayKey, expectEntityShape, expectNamesField, keyOf, keyPath, restBody, type Entity, type RestAnswer, type RestCall,
} from './restClient.js';

/**
 * The case table of the REST suite, derived from the product's route table: for each route
 * kind, the requests that must produce each status it declares. A route of an unknown kind has
 * no cases and fails the coverage test, as does a declared status without a case or a reason.
 */
export interface CaseContext {
  seed: SeededFlow;
  /** A bare request on the target under test (no assertions): setup and follow-up reads. */
  call: (request: RestCall) => Promise<RestAnswer>;
  /** A new entity of the type, created through REST with a description; nothing refers to it. */
  fresh: (type: EntityName) => Promise<Entity>;
  /** The seeded entity of the type, as the list route answers it. */
  seeded: (type: EntityName) => Promise<Entity>;
  /** The user of the client's default token (createdBy / updatedBy of what the cases write). */
  user: string;
  /** A valid token with these roles, of another user. */
  token: (roles: readonly string[]) => Promise<string>;
}

export interface Exchange {
  request: RestCall;
  /** Route-specific checks on top of the generic ones (status, headers, problem shape). */
  check?(answer: RestAnswer): void | Promise<void>;
}

export interface RestCase {
  route: RestRoute;
  status: number;
  title: string;
  prepare(context: CaseContext): Exchange | Promise<Exchange>;
}

type Case = Omit<RestCase, 'route'>;
type RouteKind = 'list' | 'get' | 'composite' | 'create' | 'replace' | 'delete' | 'filter';

const kinds: Readonly<Record<string, RouteKind>> = {
  'GET ': 'list', 'POST ': 'create', 'GET /{id}': 'get', 'PUT /{id}': 'replace', 'DELETE /{id}': 'delete', 'GET /composite/{version}/{name}': 'composite',
};

export function kindOf(route: RestRoute): RouteKind | undefined {
  const tail = route.path.slice(`/api/${route.entity.type}`.length);
  return kinds[`${route.method} ${tail}`] ?? (route.method === 'GET' && /^\/[a-z]+\/\{id\}$/.test(tail) ? 'filter' : undefined);
}

const MiB = 1024 * 1024;
const emptyGuid = '00000000-0000-0000-0000-000000000000';
const get = (path: string): RestCall => ({ method: 'GET', path });
const send = (method: string, path: string, json: unknown): RestCall => ({ method, path, json });
const c = (status: number, title: string, prepare: Case['prepare']): Case => ({ status, title, prepare });

/** Refusals every body-taking route shares: bad fields, unknown fields, not an object, not JSON, too big, not JSON typed. */
function bodyRefusals(type: EntityName, method: string, path: (context: CaseContext) => Promise<string>): Case[] {
  const fieldCases = [...commonBadFields, ...badFields[type]].map(([field, value]) =>
    c(400, `${field} = ${JSON.stringify(value)}, naming the field`, async (context) => ({
      request: send(method, await path(context), { ...restBody(type, context.seed), [field]: value }),
      check: (answer) => expectNamesField(answer, field),
    })));
  // GraphQL coerces one value to a list of it; REST must still refuse an existing id sent bare.
  const listField = ({ Workflow: 'stepIds', Assignment: 'entityIds' } as Partial<Record<EntityName, string>>)[type];
  const bareIdCases = listField
    ? [c(400, `one existing id instead of the ${listField} array, naming the field`, async (context) => {
      const body = restBody(type, context.seed);
      return { request: send(method, await path(context), { ...body, [listField]: (body[listField] as string[])[0] }), check: (answer) => expectNamesField(answer, listField) };
    })]
    : [];
  return [
    ...fieldCases,
    ...bareIdCases,
    c(400, 'an unknown field, naming it', async (context) => ({
      request: send(method, await path(context), { ...restBody(type, context.seed), colour: 'blue' }),
      check: (answer) => expectNamesField(answer, 'colour'),
    })),
    c(400, 'a JSON array instead of an object', async (context) => ({
      request: send(method, await path(context), [restBody(type, context.seed)]),
      check: (answer) => expectNamesField(answer, 'body'),
    })),
    c(400, 'malformed JSON', async (context) => ({
      request: { method, path: await path(context), raw: '{"version": "1.0",', contentType: 'application/json' },
      check: (answer) => expect(answer.body.detail).toMatch(/^Request body is not valid JSON/),
    })),
    c(413, 'a body over 1 MiB', async (context) => ({
      request: send(method, await path(context), { ...restBody(type, context.seed), description: 'x'.repeat(MiB) }),
      check: (answer) => expect(answer.body.detail).toContain(`limit of ${MiB} bytes`),
    })),
    c(415, 'a text/plain body', async (context) => ({
      request: { method, path: await path(context), raw: JSON.stringify(restBody(type, context.seed)), contentType: 'text/plain' },
      check: (answer) => expect(answer.body.detail).toBe('Content-Type must be application/json (got text/plain)'),
    })),
    c(415, 'a body without a content type', async (context) => ({
      request: { method, path: await path(context), raw: Buffer.from(JSON.stringify(restBody(type, context.seed))) },
      check: (answer) => expect(answer.body.detail).toBe('Content-Type must be application/json (got none)'),
    })),
  ];
}

/**
 * CSRF refusals every write shares, on a path that would otherwise succeed: a browser request
 * from another site (403, by Fetch Metadata or by Origin) and a form type without a body (415).
 */
function crossSiteRefusals(type: EntityName, method: string, path: (context: CaseContext) => Promise<string>, withBody: boolean): Case[] {
  const request = async (context: CaseContext, extra: Partial<RestCall>): Promise<RestCall> => ({
    method, path: await path(context), ...(withBody ? { json: restBody(type, context.seed) } : {}), ...extra,
  });
  return [
    c(403, 'a cross-site browser request (Sec-Fetch-Site)', async (context) => ({
      request: await request(context, { headers: { 'sec-fetch-site': 'cross-site' } }),
      check: (answer) => expect(answer.body.detail).toBe('Cross-site requests may not change state (Sec-Fetch-Site: cross-site)'),
    })),
    c(403, 'an Origin other than the Host', async (context) => ({
      request: await request(context, { headers: { origin: 'https://evil.example' } }),
      check: (answer) => expect(answer.body.detail).toBe('Cross-origin requests may not change state (Origin does not match Host)'),
    })),
    c(415, 'a form content type without a body', async (context) => ({
      request: { method, path: await path(context), raw: '', contentType: 'application/x-www-form-urlencoded' },
      check: (answer) => expect(answer.body.detail).toBe('Content-Type must be application/json (got application/x-www-form-urlencoded)'),
    })),
  ];
}

/** 400 for ids that are not GUIDs (the empty GUID included), 404 for one nobody created. */
function idRefusals(method: string, base: string, body?: (context: CaseContext) => Entity): Case[] {
  const request = (context: CaseContext, id: string): RestCall => ({ method, path: `${base}/${id}`, ...(body ? { json: body(context) } : {}) });
  return [
    c(400, 'an id that is not a GUID', (context) => ({ request: request(context, 'not-a-guid'), check: (answer) => expectNamesField(answer, 'id') })),
    c(400, 'the empty GUID', (context) => ({ request: request(context, emptyGuid), check: (answer) => expectNamesField(answer, 'id') })),
    c(404, 'a GUID nobody created', (context) => {
      const id = randomUUID();
      return { request: request(context, id), check: (answer) => expect(answer.body.detail).toContain(id) };
    }),
  ];
}

function listCases(type: EntityName, base: string): Case[] {
  const pages = ([[1, 2], [2, 1], [3, 1]] as const).map(([page, size]) =>
    c(200, `?page=${page}&pageSize=${size} as a page object`, async (context) => {
      const all = (await context.call(get(base))).body as Entity[];
      const items = all.slice((page - 1) * size, page * size);
      return { request: get(`${base}?page=${page}&pageSize=${size}`), check: (answer) => expect(answer.body).toEqual({ items, page, pageSize: size, totalCount: all.length, totalPages: Math.ceil(all.length / size) }) };
    }));
  const badPages = ([['pageSize', '0'], ['pageSize', '101'], ['pageSize', 'x'], ['page', '0'], ['page', 'x'], ['page', '0x10'], ['page', '1e1'], ['page', '9007199254740992']] as const).map(([name, value]) =>
    c(400, `${name}=${value}`, () => ({ request: get(`${base}?${name}=${value}`), check: (answer) => expectNamesField(answer, name) })));
  return [
    c(200, 'every entity as an array in the seed shape', async (context) => {
      const seeded = await context.seeded(type);
      return {
        request: get(base),
        check: (answer) => {
          expect(answer.body).toEqual(expect.arrayContaining([seeded]));
          for (const entity of answer.body as Entity[]) expectEntityShape(definitionOf(type), entity);
        },
      };
    }),
    ...pages,
    ...badPages,
  ];
}

function getCases(type: EntityName, base: string): Case[] {
  return [
    c(200, 'the seeded entity in the seed shape', async (context) => {
      const seeded = await context.seeded(type);
      return { request: get(`${base}/${seeded.id}`), check: (answer) => expect(answer.body).toEqual(seeded) };
    }),
    ...idRefusals('GET', base),
  ];
}

function compositeCases(type: EntityName, base: string): Case[] {
  const byKey = (title: string, withConnection: boolean): Case => c(200, title, async (context) => {
    const seeded = await context.seeded(type);
    return { request: get(keyPath(type, seeded, withConnection)), check: (answer) => expect(answer.body).toEqual(seeded) };
  });
  const cases = [
    byKey('the seeded entity by version and name', false),
    c(404, 'a key nobody has', () => {
      const name = `nobody-${randomUUID()}`;
      return { request: get(`${base}/composite/1.0/${name}`), check: (answer) => expect(answer.body.detail).toContain(name) };
    }),
  ];
  if (definitionOf(type).keyFields.length === 2) return cases;
  const ambiguous = c(409, 'a version and name several entities share', async (context) => {
    const body = restBody(type, context.seed);
    const twins: Entity[] = [];
    for (const index of [0, 1]) {
      const created = await context.call(send('POST', base, { ...body, connectionString: `file:///twin-${index}` }));
      expect(created.status, created.text).toBe(201);
      twins.push(created.body as Entity);
    }
    return {
      request: get(keyPath(type, twins[0] as Entity)),
      check: async (answer) => {
        expect(answer.body.detail).toContain('connectionString');
        const chosen = await context.call(get(keyPath(type, twins[1] as Entity, true)));
        expect(chosen.body).toEqual(twins[1]);
      },
    };
  });
  return [...cases, byKey('the seeded entity by version, name and connectionString', true), ambiguous];
}

function createCases(type: EntityName, base: string): Case[] {
  return [
    c(201, 'a valid body, answered in the seed shape', (context) => {
      const body = { ...restBody(type, context.seed), description: 'created over REST' };
      return {
        request: send('POST', base, body),
        check: async (answer) => {
          expectEntityShape(definitionOf(type), answer.body as Entity);
          expect(answer.body).toMatchObject({ ...body, createdBy: context.user, updatedBy: context.user, updatedAt: answer.body.createdAt });
          expect((await context.call(get(answer.headers.get('location') as string))).body).toEqual(answer.body);
        },
      };
    }),
    c(400, 'an empty object, naming a missing required field', () => ({ request: send('POST', base, {}), check: (answer) => expect(answer.body.detail).toContain('"version"') })),
    ...bodyRefusals(type, 'POST', async () => base),
    ...crossSiteRefusals(type, 'POST', async () => base, true),
    c(409, 'the composite key of an existing entity, naming it', async (context) => {
      const seeded = await context.seeded(type);
      return {
        request: send('POST', base, { ...restBody(type, context.seed), ...keyOf(type, seeded) }),
        check: (answer) => expect(answer.body.detail).toContain(`"${displayKey(type, seeded)}" already exists`),
      };
    }),
  ];
}

function replaceCases(type: EntityName, base: string): Case[] {
  const freshPath = async (context: CaseContext): Promise<string> => `${base}/${(await context.fresh(type)).id as string}`;
  return [
    c(204, 'a full body: every field replaced, absent ones cleared', async (context) => {
      const fresh = await context.fresh(type);
      const body = { ...restBody(type, context.seed), id: fresh.id as string };
      return {
        request: send('PUT', `${base}/${fresh.id as string}`, body),
        check: async () => {
          const read = (await context.call(get(`${base}/${fresh.id as string}`))).body as Entity;
          expect(read).toMatchObject({ ...body, description: null, createdAt: fresh.createdAt, createdBy: fresh.createdBy, updatedBy: context.user });
          expect(read.updatedAt >= fresh.updatedAt).toBe(true);
        },
      };
    }),
    c(400, 'a body id differing from the URL', async (context) => ({
      request: send('PUT', await freshPath(context), { ...restBody(type, context.seed), id: randomUUID() }),
      check: (answer) => {
        expectNamesField(answer, 'id');
        expect(answer.body.detail).toContain('differs from the id in the URL');
      },
    })),
    ...bodyRefusals(type, 'PUT', freshPath),
    ...crossSiteRefusals(type, 'PUT', freshPath, true),
    ...idRefusals('PUT', base, (context) => restBody(type, context.seed)),
    c(409, 'the composite key of another entity, naming it', async (context) => {
      const seeded = await context.seeded(type);
      return {
        request: send('PUT', await freshPath(context), { ...restBody(type, context.seed), ...keyOf(type, seeded) }),
        check: (answer) => expect(answer.body.detail).toContain(`"${displayKey(type, seeded)}" already exists`),
      };
    }),
  ];
}

function deleteCases(type: EntityName, base: string): Case[] {
  const cases = [
    c(204, 'an entity nothing refers to, which is gone afterwards', async (context) => {
      const fresh = await context.fresh(type);
      return {
        request: { method: 'DELETE', path: `${base}/${fresh.id as string}` },
        check: async () => expect((await context.call(get(`${base}/${fresh.id as string}`))).status).toBe(404),
      };
    }),
    ...idRefusals('DELETE', base),
    ...crossSiteRefusals(type, 'DELETE', async (context) => `${base}/${(await context.fresh(type)).id as string}`, false),
  ];
  if (definitionOf(type).incoming.length === 0) return cases;
  const referenced = c(409, 'an entity others refer to, naming every referrer', async (context) => {
    const seeded = await context.seeded(type);
    return {
      request: { method: 'DELETE', path: `${base}/${seeded.id as string}` },
      check: (answer) => {
        const referrers = answer.body.details?.referrers as Array<{ type: string; id: string; via: string }>;
        expect(referrers.length).toBeGreaterThan(0);
        for (const referrer of referrers) {
          expect(referrer).toEqual({ type: expect.any(String), id: expect.any(String), via: expect.any(String) });
          expect(answer.body.detail).toContain(`${referrer.type} ${referrer.id}`);
        }
      },
    };
  });
  return [...cases, referenced];
}

const segmentOf = (relation: Relation): string => relation.filter.replace(/Id$/, '').toLowerCase();

function filterCases(type: EntityName, route: RestRoute): Case[] {
  const segment = route.path.split('/')[3];
  const relation = definitionOf(type).outgoing.find((candidate) => segmentOf(candidate) === segment) as Relation;
  const path = (id: string): string => `/api/${type}/${segment}/${id}`;
  return [
    c(200, `the entities whose ${relation.field} holds the seeded target`, async (context) => {
      const seeded = await context.seeded(type);
      const target = (relation.many ? (seeded[relation.field] as string[])[0] : seeded[relation.field]) as string;
      return {
        request: get(path(target)),
        check: (answer) => {
          expect(answer.body).toEqual(expect.arrayContaining([seeded]));
          for (const entity of answer.body as Entity[]) expect(relation.many ? entity[relation.field] : [entity[relation.field]]).toContain(target);
        },
      };
    }),
    c(200, 'an empty array for a GUID nobody refers to', () => ({ request: get(path(randomUUID())), check: (answer) => expect(answer.body).toEqual([]) })),
    c(400, 'an id that is not a GUID', () => ({ request: get(path('not-a-guid')), check: (answer) => expectNamesField(answer, 'id') })),
  ];
}

/** A request the route would serve (2xx) to a caller it lets in: what the authentication cases send without, or with a wrong, token. */
function servedRequest(type: EntityName, kind: RouteKind, route: RestRoute, context: CaseContext): Promise<RestCall> | RestCall {
  const base = `/api/${type}`;
  const fresh = async () => (await context.fresh(type)).id as string;
  switch (kind) {
    case 'list':
      return get(base);
    case 'get':
      return context.seeded(type).then((seeded) => get(`${base}/${seeded.id as string}`));
    case 'composite':
      return context.seeded(type).then((seeded) => get(keyPath(type, seeded, definitionOf(type).keyFields.length > 2)));
    case 'filter':
      return get(route.path.replace('{id}', randomUUID()));
    case 'create':
      return send('POST', base, restBody(type, context.seed));
    case 'replace':
      return fresh().then((id) => send('PUT', `${base}/${id}`, restBody(type, context.seed)));
    case 'delete':
      return fresh().then((id) => ({ method: 'DELETE', path: `${base}/${id}` }));
  }
}

/** Roles to try a route with that it refuses, in this order: the first one it does not list is used. */
const outsiders = ['viewer', 'operator', 'editor', 'scheduler', 'processor'];

/**
 * What authentication refuses on every route (README "Security"): no token (401, with
 * `WWW-Authenticate: Bearer`), and a valid token whose roles are not among the route's (403),
 * on a request the route would otherwise serve; a refused write leaves the list unchanged.
 */
function authRefusals(type: EntityName, kind: RouteKind, route: RestRoute): Case[] {
  const outsider = outsiders.find((role) => !(route.roles as readonly string[]).includes(role)) as string;
  return [
    c(401, 'no bearer token', async (context) => ({
      request: { ...(await servedRequest(type, kind, route, context)), anonymous: true },
      check: (answer) => {
        expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="flow-orchestrator"');
        expect(answer.body.detail).toBe('Invalid credentials: a bearer token is required (Authorization: Bearer <JWT>)');
      },
    })),
    c(403, `a token whose only role is ${outsider}`, async (context) => ({
      request: { ...(await servedRequest(type, kind, route, context)), token: await context.token([outsider]) },
      check: (answer) => expect(answer.body.detail).toMatch(new RegExp(`requires one of the roles ${route.roles.join(', ')}; the caller has ${outsider}$`)),
    })),
  ];
}

/** The cases of one route; none for a route kind this table does not know yet. */
export function casesFor(route: RestRoute): RestCase[] {
  const type = route.entity.type as EntityName;
  const base = `/api/${type}`;
  const build: Record<RouteKind, () => Case[]> = {
    list: () => listCases(type, base), get: () => getCases(type, base), composite: () => compositeCases(type, base),
    create: () => createCases(type, base), replace: () => replaceCases(type, base), delete: () => deleteCases(type, base),
    filter: () => filterCases(type, route),
  };
  const kind = kindOf(route);
  return kind ? [...build[kind](), ...authRefusals(type, kind, route)].map((item) => ({ ...item, route })) : [];
}

/** A request each route must answer with 503 while its owner subgraph is down. */
export function outageRequest(route: RestRoute, seed: SeededFlow): RestCall {
  const type = route.entity.type as EntityName;
  const path = route.path.replace('{id}', randomUUID()).replace('{version}', '1.0').replace('{name}', 'anyone');
  return route.method === 'POST' || route.method === 'PUT' ? send(route.method, path, restBody(type, seed)) : { method: route.method, path };
}

/** Declared statuses no request can produce, and why; the coverage test fails on any other gap. */
export const unreachable: ReadonlyArray<{ why: string; applies(route: RestRoute, status: number): boolean }> = [
  {
    // No natural 500: every failure of the REST edge maps to a 4xx or 503 (a 500 seen here is a
    // bug, e.g. an unmapped error); expectAnswer checks that no answer ever carries a stack trace.
    why: 'no request makes a route fail unexpectedly',
    applies: (_route, status) => status === 500,
  },
];
