import { compileErrors, validate } from '@readme/openapi-parser';
import { isEntityRoute, restRoutesFor, type AnyRoute, type OpenApiDocument } from '@flow/kit';
import { orchestrationRoutes } from '@flow/orchestrator';
import { entityDefinitions } from '@flow/gateway';
import type { System } from '@flow/launcher';
import type { EntitySubgraphName } from '@flow/platform';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessor, createSchema, seedFlow, type SeededFlow } from './fixtures.js';
import { graphqlClient, startTestSystem, stopTestSystem } from './harness.js';

const subgraphs = Object.keys(entityDefinitions) as EntitySubgraphName[];
const entityRoutes = Object.values(entityDefinitions).flatMap(restRoutesFor);
const allRoutes: AnyRoute[] = [...entityRoutes, ...orchestrationRoutes];
const methods = ['get', 'post', 'put', 'delete'] as const;

const routeKey = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;

/** Every "METHOD path" the document describes. */
function documentedRoutes(document: OpenApiDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) => methods.filter((method) => item[method]).map((method) => routeKey(method, path)));
}

/** Every route of the table that the document leaves out. */
function missingRoutes(document: OpenApiDocument, routes: readonly AnyRoute[]): string[] {
  const documented = new Set(documentedRoutes(document));
  return routes.map((route) => routeKey(route.method, route.path)).filter((key) => !documented.has(key));
}

const operationOf = (document: OpenApiDocument, route: AnyRoute): any => document.paths[route.path]?.[route.method.toLowerCase()];

async function fetchDocument(base: string): Promise<{ status: number; contentType: string | null; correlationId: string | null; document: OpenApiDocument }> {
  const response = await fetch(`${base}/openapi.json`, { headers: { 'x-correlation-id': 'openapi-test' } });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    correlationId: response.headers.get('x-correlation-id'),
    document: (await response.json()) as OpenApiDocument,
  };
}

/** The parser mutates what it validates (it dereferences), so it gets a copy. */
async function parserErrors(document: unknown): Promise<string | undefined> {
  const result = await validate(structuredClone(document) as never);
  return result.valid ? undefined : compileErrors(result);
}

let system: System;
let seeded: SeededFlow;
const baseOf = (url: string): string => url.replace(/\/graphql$/, '');
const servers: Array<{ label: string; base: () => string; routes: readonly AnyRoute[] }> = [
  { label: 'the gateway', base: () => baseOf(system.gatewayUrl), routes: allRoutes },
  ...subgraphs.map((name) => ({ label: `the ${name} manager`, base: () => baseOf(system.subgraphUrls[name]), routes: restRoutesFor(entityDefinitions[name]) })),
  { label: 'the orchestrator', base: () => baseOf(system.subgraphUrls.orchestrator), routes: orchestrationRoutes },
];

beforeAll(async () => {
  system = await startTestSystem('memory');
  seeded = await seedFlow(graphqlClient(system.gatewayUrl));
});
afterAll(() => stopTestSystem(system));

describe.each(servers)('the OpenAPI document of $label', ({ base, routes }) => {
  let served: Awaited<ReturnType<typeof fetchDocument>>;
  beforeAll(async () => {
    served = await fetchDocument(base());
  });

  it('should serve OpenAPI 3.1 JSON that the parser validates', async () => {
    expect(served.status).toBe(200);
    expect(served.contentType).toMatch(/^application\/json/);
    expect(served.correlationId).toBe('openapi-test');
    expect(served.document.openapi).toBe('3.1.0');
    expect(await parserErrors(served.document)).toBeUndefined();
  });

  it('should list every route of the table with its method, and no other', () => {
    expect(missingRoutes(served.document, routes)).toEqual([]);
    expect(documentedRoutes(served.document).sort()).toEqual(routes.map((route) => routeKey(route.method, route.path)).sort());
  });

  it('should give each route its operationId, parameters, body and exactly the statuses of the table', () => {
    for (const route of routes) {
      const operation = operationOf(served.document, route);
      const where = routeKey(route.method, route.path);
      expect(operation.operationId, where).toBe(route.operationId);
      expect(Object.keys(operation.responses).map(Number).sort(), where).toEqual([route.success.status, ...route.errors].sort());
      const pathParams = operation.parameters.filter((p: any) => p.in === 'path');
      expect(pathParams.map((p: any) => p.name).sort(), where).toEqual([...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
      for (const name of route.guidParams) expect(pathParams.find((p: any) => p.name === name).schema.format, where).toBe('uuid');
      const queryParams = operation.parameters.filter((p: any) => p.in === 'query').map((p: any) => p.name);
      expect(queryParams, where).toEqual((route.queryParams ?? []).map((q) => q.name));
      expect(Boolean(operation.requestBody), where).toBe(Boolean(isEntityRoute(route) ? route.requestBody : route.optionalBody));
    }
  });
});

describe('the route comparison', () => {
  it('should report a route of the table that the document leaves out', async () => {
    const { document } = await fetchDocument(baseOf(system.gatewayUrl));
    const trimmed = structuredClone(document);
    delete trimmed.paths['/api/Step/nextstep/{id}']?.get;
    delete trimmed.paths['/api/Assignment/{id}']?.put;
    expect(missingRoutes(trimmed, allRoutes).sort()).toEqual(['GET /api/Step/nextstep/{id}', 'PUT /api/Assignment/{id}']);
  });

  it('should have the parser refuse a document whose path parameter is undeclared', async () => {
    const { document } = await fetchDocument(baseOf(system.gatewayUrl));
    const broken = structuredClone(document) as any;
    broken.paths['/api/Step/{id}'].get.parameters = broken.paths['/api/Step/{id}'].get.parameters.filter((p: any) => p.in !== 'path');
    expect(await parserErrors(broken)).toMatch(/id/);
  });
});

describe('the schemas and examples of the gateway document', () => {
  let document: any;
  beforeAll(async () => {
    ({ document } = await fetchDocument(baseOf(system.gatewayUrl)));
  });

  it("should carry the seed's POST /api/Step example request and 201 response with Location", () => {
    const create = document.paths['/api/Step'].post;
    expect(create.requestBody.content['application/json'].example).toMatchObject({ name: 'ProcessFileStep', entryCondition: 'PreviousSuccess' });
    const created = create.responses['201'];
    expect(created.content['application/json'].example).toMatchObject({ id: '12345678-1234-1234-1234-123456789012', createdBy: 'system' });
    expect(created.headers.location).toBeDefined();
    expect(created.headers['x-correlation-id']).toBeDefined();
  });

  it('should answer entryCondition as names and accept names or numbers 0..3', () => {
    const { schemas } = document.components;
    expect(schemas.Step.properties.entryCondition.enum).toEqual(['PreviousSuccess', 'PreviousFailure', 'Always', 'Never']);
    expect(schemas.CreateStepInput.properties.entryCondition.anyOf).toEqual([
      { type: 'string', enum: ['PreviousSuccess', 'PreviousFailure', 'Always', 'Never'] },
      expect.objectContaining({ type: 'integer', minimum: 0, maximum: 3 }),
      { type: 'null' },
    ]);
    expect(schemas.CreateStepInput.required).toEqual(['version', 'name', 'processorId']);
  });

  it('should state every rule the server enforces on a body, so a schema-valid body is accepted', () => {
    const { schemas } = document.components;
    const input = schemas.ReplaceDeliveryInput;
    expect(input.additionalProperties).toBe(false);
    expect(input.properties.id).toMatchObject({ readOnly: true, not: { const: '00000000-0000-0000-0000-000000000000' } });
    expect(input.properties.schemaId.pattern).toMatch(/^\^\[0-9a-fA-F\]\{8\}-/);
    expect(input.properties.name).toMatchObject({ minLength: 1, maxLength: 50, pattern: expect.stringContaining('\\u3000') });
    expect(input.properties.payload).toMatchObject({ contentMediaType: 'application/json' });
    expect(input.properties.configuration.type).toEqual(['object', 'null']);
    expect(schemas.CreateProcessorInput.properties.implementationHash).toMatchObject({ pattern: '^[0-9a-f]{64}$' });
    expect(schemas.CreateOrchestratedFlowInput.then).toEqual({ properties: { cronExpression: { type: 'string' } }, required: ['cronExpression'] });
    const page = document.paths['/api/Step'].get.parameters.find((parameter: { name: string }) => parameter.name === 'page');
    expect(page.schema).toEqual({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
  });

  it('should describe configuration as a JSON object of strings and ids as GUIDs', () => {
    const { schemas } = document.components;
    expect(schemas.Address.properties.configuration).toMatchObject({ type: 'object', additionalProperties: { type: 'string' } });
    expect(schemas.Workflow.properties.stepIds).toMatchObject({ type: 'array', items: { type: 'string', format: 'uuid' }, minItems: 1 });
  });

  it('should answer GET /api/X as an array, or as a page with page parameters', () => {
    const schema = document.paths['/api/Step'].get.responses['200'].content['application/json'].schema;
    expect(schema.oneOf).toEqual([expect.objectContaining({ type: 'array' }), { $ref: '#/components/schemas/StepPage' }]);
    expect(document.components.schemas.StepPage.required).toEqual(['items', 'page', 'pageSize', 'totalCount', 'totalPages']);
  });

  it('should describe every error as application/problem+json', () => {
    for (const [name, response] of Object.entries<any>(document.components.responses)) {
      expect(response.content['application/problem+json'].schema, name).toEqual({ $ref: '#/components/schemas/Problem' });
    }
    expect(document.components.schemas.Problem.required).toEqual(['type', 'title', 'status', 'detail', 'instance', 'code']);
  });
});

/** Validates real answers against the schema the document declares for (path, method, status). */
function answerChecker(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(document, 'openapi.json');
  const pointer = (...parts: string[]): string => parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
  return (path: string, method: string, status: number, contentType: string, body: unknown): string | undefined => {
    const responses = (document.paths[path]?.[method] as any)?.responses ?? {};
    const declared = responses[String(status)];
    if (!declared) return `${method.toUpperCase()} ${path} declares no ${status}`;
    const base = declared.$ref ? `#${declared.$ref.slice(1)}` : `#/${pointer('paths', path, method, 'responses', String(status))}`;
    const validateBody = ajv.getSchema(`openapi.json${base}/${pointer('content', contentType, 'schema')}`);
    if (!validateBody) return `no ${contentType} schema for ${status}`;
    return validateBody(body) ? undefined : ajv.errorsText(validateBody.errors);
  };
}

describe.each([
  { label: 'the gateway', base: () => baseOf(system.gatewayUrl) },
  { label: 'the step manager', base: () => baseOf(system.subgraphUrls.step) },
])('the answers of $label', ({ base }) => {
  let check: ReturnType<typeof answerChecker>;
  beforeAll(async () => {
    check = answerChecker((await fetchDocument(base())).document);
  });

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${base()}${path}`, {
      method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0] as string;
    return { status: response.status, contentType, body: (response.status === 204 ? undefined : await response.json()) as any };
  }

  it('should match the documented schemas for created, read, listed and paged steps', async () => {
    const client = graphqlClient(system.gatewayUrl);
    const schemaId = await createSchema(client);
    const processorId = await createProcessor(client, schemaId, schemaId);
    const created = await call('POST', '/api/Step', { version: '1.0', name: `openapi-${Math.random()}`, processorId, entryCondition: 2 });
    expect(created.status).toBe(201);
    expect(check('/api/Step', 'post', 201, created.contentType, created.body)).toBeUndefined();
    const answers = [
      ['/api/Step/{id}', await call('GET', `/api/Step/${created.body.id}`)],
      ['/api/Step', await call('GET', '/api/Step')],
      ['/api/Step', await call('GET', '/api/Step?page=1&pageSize=2')],
      ['/api/Step/processor/{id}', await call('GET', `/api/Step/processor/${processorId}`)],
    ] as const;
    for (const [path, answer] of answers) {
      expect(answer.status, path).toBe(200);
      expect(check(path, 'get', 200, answer.contentType, answer.body), path).toBeUndefined();
    }
  });

  it('should match the documented problem schema for 400, 404 and 409 answers', async () => {
    const answers = [
      ['/api/Step/{id}', 'get', await call('GET', '/api/Step/not-a-guid')],
      ['/api/Step/{id}', 'get', await call('GET', '/api/Step/0b8e5f7a-3c1d-4e2f-9a6b-7c8d9e0f1a2b')],
      ['/api/Step', 'post', await call('POST', '/api/Step', { version: '1.0', name: 'x', processorId: 'nope' })],
      ['/api/Step/{id}', 'delete', await call('DELETE', `/api/Step/${seeded.stepIds[1]}`)],
    ] as const;
    expect(answers.map(([, , answer]) => answer.status)).toEqual([400, 404, 400, 409]);
    for (const [path, method, answer] of answers) {
      expect(answer.contentType, path).toBe('application/problem+json');
      expect(check(path, method, answer.status, answer.contentType, answer.body), `${method} ${path}`).toBeUndefined();
    }
  });
});

describe.each(subgraphs)('the answers of the %s manager for its own entity', (name) => {
  it('should match the documented schema of the entity and of its list', async () => {
    const base = baseOf(system.subgraphUrls[name]);
    const check = answerChecker((await fetchDocument(base)).document);
    const { type } = entityDefinitions[name];
    const id = { schema: seeded.inputSchemaId, processor: seeded.processorId, step: seeded.stepIds[0], workflow: seeded.workflowId, 'orchestrated-flow': seeded.flowId,
      assignment: seeded.assignmentId, address: seeded.addressId, delivery: seeded.deliveryId }[name];
    for (const [path, url] of [[`/api/${type}/{id}`, `/api/${type}/${id}`], [`/api/${type}`, `/api/${type}`]] as const) {
      const response = await fetch(`${base}${url}`);
      expect(response.status, url).toBe(200);
      expect(check(path, 'get', 200, 'application/json', await response.json()), url).toBeUndefined();
    }
  });
});
