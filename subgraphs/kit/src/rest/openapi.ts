import { STATUS_CODES } from 'node:http';
import { CORRELATION_HEADER, ErrorCode, httpStatusOf } from '@flow/platform';
import { MAX_PAGE_SIZE } from '../entityService.js';
import { entitySchema, inputSchema, pageSchema, ref, uuid, type Json } from './entitySchemas.js';
import { isEntityRoute, UNPAGED_LIST_LIMIT, type AnyRoute, type BodyShape, type OperationRoute } from './restRoutes.js';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  tags: Array<{ name: string; description: string }>;
  security: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, Json>>;
  components: Record<'schemas' | 'responses' | 'parameters' | 'headers' | 'securitySchemes', Record<string, Json>>;
}

export interface OpenApiOptions {
  /** e.g. "Manager.Step REST API" */
  title: string;
  /** The document's `info.version`; defaults to "1.0.0". */
  version?: string;
}

/** The seed's own example ("API Documentation": POST /api/Step), by operationId. */
const seedExamples: Readonly<Record<string, { request: Json; response: Json }>> = {
  createStep: {
    request: {
      version: '1.0', name: 'ProcessFileStep', description: 'Step to process uploaded files',
      processorId: '12345678-1234-1234-1234-123456789012', nextStepIds: ['87654321-4321-4321-4321-210987654321'], entryCondition: 'PreviousSuccess',
    },
    response: {
      id: '12345678-1234-1234-1234-123456789012', version: '1.0', name: 'ProcessFileStep', description: 'Step to process uploaded files',
      processorId: '12345678-1234-1234-1234-123456789012', nextStepIds: ['87654321-4321-4321-4321-210987654321'], entryCondition: 'PreviousSuccess',
      createdAt: '2025-01-08T10:30:00Z', updatedAt: '2025-01-08T10:30:00Z', createdBy: 'system', updatedBy: 'system',
    },
  },
};

/** Why each error status happens, as the route table's statuses mean them. */
const errorMeaning: Readonly<Record<number, string>> = {
  400: 'Invalid GUID, query parameter or body; `details.violations` names each field',
  404: 'No entity has this id or key',
  409: 'Duplicate composite key, or a reference that would break integrity; `detail` names the conflict',
  401: 'No valid bearer token (missing, malformed, expired, without `exp`, badly signed, or of another issuer or audience); answered with `WWW-Authenticate: Bearer`',
  413: 'The request body exceeds the size limit',
  403: 'The token\'s roles do not include one this operation requires (see its `security`), or a cross-site browser request (`Sec-Fetch-Site: cross-site`, or an `Origin` other than this host) tried to change state',
  415: 'The request has a body or a `Content-Type` that is not `application/json` (form and text types are refused)',
  503: 'A subgraph this request needs is unreachable; retrying later may succeed',
  500: 'Unexpected failure (never with a stack trace)',
};

const problemSchema: Json = {
  type: 'object',
  description: 'RFC 9457 problem details, served as application/problem+json',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code'],
  properties: {
    type: { type: 'string', description: 'Always about:blank: the status and code say what happened' },
    title: { type: 'string', description: 'The HTTP reason phrase' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'What went wrong, naming the field or the conflict' },
    instance: { type: 'string', description: 'The request path' },
    code: { type: 'string', enum: Object.values(ErrorCode), description: 'The platform error code, as in GraphQL extensions.code' },
    details: {
      type: 'object',
      description: 'Structured detail: violations for 400, the id for 404, referrers for integrity conflicts',
      properties: { violations: { type: 'array', items: ref('schemas', 'FieldViolation') } },
      additionalProperties: true,
    },
  },
};

const fieldViolationSchema: Json = {
  type: 'object',
  required: ['field', 'constraint', 'message'],
  properties: { field: { type: 'string' }, constraint: { type: 'string' }, message: { type: 'string' } },
};

function problemResponse(status: number): Json {
  const code = Object.values(ErrorCode).find((candidate) => httpStatusOf(candidate) === status) ?? ErrorCode.INTERNAL_SERVER_ERROR;
  const title = STATUS_CODES[status] ?? 'Error';
  const example = { type: 'about:blank', title, status, detail: errorMeaning[status] ?? title, instance: '/api/Step', code };
  return {
    description: errorMeaning[status] ?? title,
    headers: { [CORRELATION_HEADER]: ref('headers', 'CorrelationId') },
    content: { 'application/problem+json': { schema: ref('schemas', 'Problem'), example } },
  };
}

function bodySchema(type: string, shape: BodyShape): Json {
  switch (shape) {
    case 'entity':
      return ref('schemas', type);
    case 'entities':
      return { type: 'array', items: ref('schemas', type) };
    case 'entitiesOrPage':
      return {
        oneOf: [
          { type: 'array', items: ref('schemas', type), maxItems: UNPAGED_LIST_LIMIT, description: `Without page and pageSize: the first ${UNPAGED_LIST_LIMIT} entities by creation` },
          ref('schemas', `${type}Page`),
        ],
      };
    case 'id':
      return uuid;
  }
}

/** Sent with the array answered without page and pageSize. */
const unpagedHeaders: Json = {
  'x-total-count': { description: 'Without page and pageSize: how many entities exist in all', schema: { type: 'integer', minimum: 0 } },
  link: {
    description: `Without page and pageSize, when more than ${UNPAGED_LIST_LIMIT} exist: where the next ones are, \`<...?page=2&pageSize=${UNPAGED_LIST_LIMIT}>; rel="next"\``,
    schema: { type: 'string' },
  },
};

function successResponse(route: AnyRoute): Json {
  const { status, body } = route.success;
  const headers: Json = { [CORRELATION_HEADER]: ref('headers', 'CorrelationId') };
  if (status === 201) headers.location = { description: 'Where the created entity answers', schema: { type: 'string', format: 'uri-reference' } };
  if (body === 'entitiesOrPage') Object.assign(headers, unpagedHeaders);
  const example = seedExamples[route.operationId]?.response;
  const content = body
    ? { content: { 'application/json': { schema: isEntityRoute(route) ? bodySchema(route.entity.type, body) : ref('schemas', route.response.name), ...(example ? { example } : {}) } } }
    : {};
  return { description: STATUS_CODES[status] ?? String(status), headers, ...content };
}

function parameters(route: AnyRoute): Json[] {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  const inPath = names.map((name) => ({
    name, in: 'path', required: true,
    ...(route.guidParams.includes(name) ? { schema: uuid, description: 'A non-empty GUID' } : { schema: { type: 'string', ...route.pathSchemas?.[name] } }),
  }));
  const inQuery = (route.queryParams ?? []).map(({ name, description, type, schema }) => ({
    name, in: 'query', required: false, description,
    schema: type === 'integer' ? { type, minimum: 1, maximum: name === 'pageSize' ? MAX_PAGE_SIZE : Number.MAX_SAFE_INTEGER } : { type, ...schema },
  }));
  const inHeader = (route.headerParams ?? []).map(({ name, description, schema }) => ({ name, in: 'header', required: false, description, schema }));
  return [...inPath, ...inQuery, ...inHeader, ref('parameters', 'CorrelationId')];
}

/**
 * The roles of a route as OpenAPI security requirements: one requirement per role, any one of
 * which suffices (the roles of the `bearerAuth` scheme are those of the token's `roles` claim).
 */
const securityOf = (route: AnyRoute): Json[] => route.roles.map((role) => ({ bearerAuth: [role] }));

function operationOf(route: OperationRoute): Json {
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    security: securityOf(route),
    parameters: parameters(route),
    ...(route.optionalBody
      ? { requestBody: { required: route.optionalBody.required ?? false, description: route.optionalBody.description, content: { 'application/json': { schema: route.optionalBody.schema } } } }
      : {}),
    responses: {
      [String(route.success.status)]: successResponse(route),
      ...Object.fromEntries(route.errors.map((status) => [String(status), ref('responses', `Problem${status}`)])),
    },
  };
}

function operation(route: AnyRoute): Json {
  if (!isEntityRoute(route)) return operationOf(route);
  const example = seedExamples[route.operationId]?.request;
  const input = route.requestBody === 'create' ? `Create${route.entity.type}Input` : `Replace${route.entity.type}Input`;
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.entity.type],
    security: securityOf(route),
    parameters: parameters(route),
    ...(route.requestBody
      ? { requestBody: { required: true, content: { 'application/json': { schema: ref('schemas', input), ...(example ? { example } : {}) } } } }
      : {}),
    responses: {
      [String(route.success.status)]: successResponse(route),
      ...Object.fromEntries(route.errors.map((status) => [String(status), ref('responses', `Problem${status}`)])),
    },
  };
}

function entitySchemas(routes: readonly AnyRoute[]): Record<string, Json> {
  const schemas: Record<string, Json> = { Problem: problemSchema, FieldViolation: fieldViolationSchema };
  for (const route of routes) if (!isEntityRoute(route)) schemas[route.response.name] = route.response.schema;
  for (const { entity } of routes.filter(isEntityRoute)) {
    if (schemas[entity.type]) continue;
    schemas[entity.type] = entitySchema(entity);
    schemas[`${entity.type}Page`] = pageSchema(entity.type);
    schemas[`Create${entity.type}Input`] = inputSchema(entity, 'create');
    schemas[`Replace${entity.type}Input`] = inputSchema(entity, 'replace');
  }
  return schemas;
}

/**
 * The OpenAPI 3.1 document of a REST route table: one operation per route with its
 * parameters, body, success and every error status the route lists, and component schemas
 * derived from the entities' field declarations, so the document cannot drift from the routes.
 */
export function buildOpenApiDocument(routes: readonly AnyRoute[], options: OpenApiOptions): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  const types = [...new Set(routes.map((route) => (isEntityRoute(route) ? route.entity.type : route.tag)))];
  const statuses = [...new Set(routes.flatMap((route) => route.errors))].sort((a, b) => a - b);
  return {
    openapi: '3.1.0',
    info: {
      title: options.title,
      version: options.version ?? '1.0.0',
      description: `The seed's REST API. Every response echoes \`${CORRELATION_HEADER}\`; errors are application/problem+json. `
        + 'POST, PUT and DELETE take only `application/json` bodies (415 otherwise, with or without a body) and refuse cross-site '
        + 'browser requests (403); a deployment with ALLOWED_HOSTS answers any other `Host` with 421.',
    },
    tags: types.map((type) => ({ name: type, description: `${type} entities` })),
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas: entitySchemas(routes),
      responses: Object.fromEntries(statuses.map((status) => [`Problem${status}`, problemResponse(status)])),
      parameters: {
        CorrelationId: { name: CORRELATION_HEADER, in: 'header', required: false, description: 'Echoed on the response; generated when absent', schema: { type: 'string' } },
      },
      headers: { CorrelationId: { description: 'The request\'s correlation id', schema: { type: 'string' } } },
      securitySchemes: {
        bearerAuth: {
          type: 'http', scheme: 'bearer', bearerFormat: 'JWT',
          description: 'A JWT (HS256 with the deployment\'s secret, or RS256/ES256 from its JWKS) with `exp`, naming the user (name, preferred_username or sub, '
            + 'recorded in createdBy/updatedBy) and its roles (claim `roles`: viewer, operator, editor, admin). With authentication on (AUTH_JWT_SECRET or '
            + 'AUTH_JWKS_URL) every route needs one: 401 without a valid token, 403 when none of its roles is one the operation lists in `security`. '
            + 'With authentication off (a development default) no token is needed and every caller has every role.',
        },
      },
    },
  };
}
