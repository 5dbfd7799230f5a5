import { AppError, ErrorCode, type Role } from '@flow/platform';
import type { Execute, RestRequest, RestResponse } from '@flow/serving';
import type { EntityDefinition } from '../defineEntity.js';
import { encodeOffsetCursor, MAX_PAGE_SIZE } from '../entityService.js';
import { entitySelection, fromRest, toRest } from './restShape.js';

type Entity = Record<string, unknown>;

/** One root field of an operation's data. */
const pick = <T>(data: Record<string, unknown>, field: string): T => data[field] as T;

interface ConnectionData {
  totalCount: number;
  nodes: Entity[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export type BodyShape = 'entity' | 'entities' | 'entitiesOrPage' | 'id';

/** One REST route: what it serves (for the router and the OpenAPI document) and how. */
export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** OpenAPI path template, e.g. `/api/Step/{id}`. */
  path: string;
  entity: EntityDefinition;
  operationId: string;
  summary: string;
  /** Path parameters that must be GUIDs. */
  guidParams: readonly string[];
  /** The JSON Schema of other path parameters (default: any string). */
  pathSchemas?: Readonly<Record<string, Record<string, unknown>>>;
  /** `schema` adds constraints to a string parameter (a format, a pattern, a minimum length). */
  queryParams?: ReadonlyArray<{ name: string; description: string; type: 'integer' | 'string'; schema?: Record<string, unknown> }>;
  /** Optional request headers the route reads (documented; the handler reads them from `request.headers`). */
  headerParams?: ReadonlyArray<{ name: string; description: string; schema: Record<string, unknown> }>;
  requestBody?: 'create' | 'replace';
  /** Success status and body shape (entity routes; other routes name their response schema). */
  success: { status: number; body?: BodyShape };
  /** The error statuses the route can answer; every route can answer 401 and 403 (authentication on). */
  errors: readonly number[];
  /**
   * The roles of which any one may call the route: those of the GraphQL fields it runs, which
   * the subgraph that owns them enforces (README "Security"). For the OpenAPI document.
   */
  roles: readonly Role[];
  handle(request: RestRequest, execute: Execute): Promise<RestResponse>;
}

/**
 * `GET /api/{Entity}` without `page` or `pageSize` answers the seed's array, but at most this
 * many entities (the first by creation), never the whole collection: `X-Total-Count` says how
 * many exist and `Link` (rel="next") where the rest is, paged with `?page=&pageSize=`.
 */
export const UNPAGED_LIST_LIMIT = MAX_PAGE_SIZE;

function positiveInt(query: Readonly<Record<string, unknown>>, name: string, fallback: number, max: number): number {
  const raw = query[name];
  if (raw === undefined) return fallback;
  // Decimal digits only, as the document's `integer` says: Number() would also take 0x10 or 1e3.
  const value = typeof raw === 'string' && /^[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw AppError.badInput([{ field: name, constraint: 'range', message: `${name} must be an integer between 1 and ${max} (got ${JSON.stringify(raw)})` }]);
  }
  return value;
}

/** Every stored field of the entity type, as the seed's REST bodies carry them. */
export function restRoutesFor(definition: EntityDefinition): RestRoute[] {
  const { type, single, plural } = definition;
  const base = `/api/${type}`;
  const selection = entitySelection(definition);
  const rest = (entity: Record<string, unknown>) => toRest(definition, entity);
  const listQuery = `query($first: Int, $after: String, $filter: ${type}Filter) { ${plural}(first: $first, after: $after, filter: $filter) { totalCount nodes { ${selection} } pageInfo { hasNextPage endCursor } } }`;

  async function listAll(execute: Execute, filter: Record<string, unknown>): Promise<unknown[]> {
    const items: unknown[] = [];
    let after: string | null = null;
    do {
      const page: ConnectionData = pick<ConnectionData>(await execute(listQuery, { first: MAX_PAGE_SIZE, after, filter }), plural);
      items.push(...page.nodes.map(rest));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return items;
  }

  async function firstEntities(execute: Execute): Promise<RestResponse> {
    const result = pick<ConnectionData>(await execute(listQuery, { first: UNPAGED_LIST_LIMIT, after: null }), plural);
    const headers: Record<string, string> = { 'x-total-count': String(result.totalCount) };
    if (result.pageInfo.hasNextPage) headers.link = `<${base}?page=2&pageSize=${UNPAGED_LIST_LIMIT}>; rel="next"`;
    return { status: 200, body: result.nodes.map(rest), headers };
  }

  async function one(execute: Execute, id: string): Promise<Record<string, unknown>> {
    const found = pick<Entity | null>(await execute(`query($id: ID!) { ${single}(id: $id) { ${selection} } }`, { id }), single);
    if (!found) throw AppError.notFound(type, id);
    return rest(found);
  }

  const common = { entity: definition, guidParams: [] as string[] };
  const { access } = definition;
  const routes: RestRoute[] = [
    {
      ...common, method: 'GET', path: base, operationId: `list${type}`,
      summary: `The first ${UNPAGED_LIST_LIMIT} ${plural}, or one page of them with ?page=&pageSize=`,
      queryParams: [
        { name: 'page', description: `Page number from 1; without page and pageSize the answer is an array of the first ${UNPAGED_LIST_LIMIT}`, type: 'integer' },
        { name: 'pageSize', description: `Rows per page, 1..${MAX_PAGE_SIZE} (default 20)`, type: 'integer' },
      ],
      success: { status: 200, body: 'entitiesOrPage' }, errors: [400, 401, 403, 503, 500], roles: access.read,
      async handle({ query }, execute) {
        if (query.page === undefined && query.pageSize === undefined) return firstEntities(execute);
        const page = positiveInt(query, 'page', 1, Number.MAX_SAFE_INTEGER);
        const pageSize = positiveInt(query, 'pageSize', 20, MAX_PAGE_SIZE);
        const after = page > 1 ? encodeOffsetCursor((page - 1) * pageSize) : null;
        const result = pick<ConnectionData>(await execute(listQuery, { first: pageSize, after }), plural);
        return {
          status: 200,
          body: { items: result.nodes.map(rest), page, pageSize, totalCount: result.totalCount, totalPages: Math.ceil(result.totalCount / pageSize) },
        };
      },
    },
    {
      ...common, method: 'GET', path: `${base}/{id}`, operationId: `get${type}`, summary: `One ${type} by id`, guidParams: ['id'],
      success: { status: 200, body: 'entity' }, errors: [400, 401, 403, 404, 503, 500], roles: access.read,
      async handle({ params }, execute) {
        return { status: 200, body: await one(execute, params.id as string) };
      },
    },
    compositeRoute(definition, selection, rest),
    {
      ...common, method: 'POST', path: base, operationId: `create${type}`, summary: `Create a ${type}`, requestBody: 'create',
      success: { status: 201, body: 'entity' }, errors: [400, 401, 403, 409, 413, 415, 503, 500], roles: access.create,
      async handle({ body }, execute) {
        const input = fromRest(definition, body, 'create');
        const created = rest(pick<Entity>(await execute(`mutation($input: Create${type}Input!) { create${type}(input: $input) { ${selection} } }`, { input }), `create${type}`));
        return { status: 201, body: created, headers: { location: `${base}/${created.id as string}` } };
      },
    },
    {
      ...common, method: 'PUT', path: `${base}/{id}`, operationId: `replace${type}`, summary: `Replace a ${type} (every field)`, guidParams: ['id'],
      requestBody: 'replace', success: { status: 204 }, errors: [400, 401, 403, 404, 409, 413, 415, 503, 500], roles: access.update,
      async handle({ params, body }, execute) {
        const given = (body as { id?: unknown } | null)?.id;
        if (given !== undefined && given !== null && (typeof given !== 'string' || given.toLowerCase() !== params.id?.toLowerCase())) {
          throw AppError.badInput([{ field: 'id', constraint: 'match', message: `id in the body (${JSON.stringify(given)}) differs from the id in the URL (${params.id})` }]);
        }
        const input = fromRest(definition, body, 'replace');
        await execute(`mutation($id: ID!, $input: Update${type}Input!) { update${type}(id: $id, input: $input) { id } }`, { id: params.id, input });
        return { status: 204 };
      },
    },
    {
      ...common, method: 'DELETE', path: `${base}/{id}`, operationId: `delete${type}`, summary: `Delete a ${type} nothing refers to`, guidParams: ['id'],
      // Only a type something refers to can refuse a delete (409).
      success: { status: 204 }, errors: definition.incoming.length > 0 ? [400, 401, 403, 404, 409, 415, 503, 500] : [400, 401, 403, 404, 415, 503, 500],
      roles: access.delete,
      async handle({ params }, execute) {
        await execute(`mutation($id: ID!) { delete${type}(id: $id) }`, { id: params.id });
        return { status: 204 };
      },
    },
  ];
  for (const relation of definition.outgoing) {
    const segment = relation.filter.replace(/Id$/, '').toLowerCase();
    routes.push({
      ...common, method: 'GET', path: `${base}/${segment}/{id}`, operationId: `list${type}By${relation.filter.charAt(0).toUpperCase()}${relation.filter.slice(1)}`,
      summary: `${plural} whose ${relation.field} ${relation.many ? 'contains' : 'is'} the given ${relation.to.join(' or ')} id`, guidParams: ['id'],
      success: { status: 200, body: 'entities' }, errors: [400, 401, 403, 503, 500], roles: access.read,
      async handle({ params }, execute) {
        return { status: 200, body: await listAll(execute, { [relation.filter]: params.id }) };
      },
    });
  }
  return routes;
}

/** `composite/{version}/{name}`; Address keys also need `?connectionString=` when names repeat. */
function compositeRoute(definition: EntityDefinition, selection: string, rest: (e: Entity) => Entity): RestRoute {
  const { type, single, plural } = definition;
  const extra = definition.keyFields.filter((field) => field !== 'version' && field !== 'name');
  return {
    entity: definition, method: 'GET', path: `/api/${type}/composite/{version}/{name}`, operationId: `get${type}ByKey`,
    summary: `One ${type} by composite key`, guidParams: [],
    queryParams: extra.map((name) => ({ name, description: `Part of the key; needed when several ${plural} share version and name`, type: 'string' as const })),
    // Any segment is a possible version or name (an unknown key is 404); only a key with more
    // parts than version and name can be ambiguous (409).
    success: { status: 200, body: 'entity' }, errors: extra.length > 0 ? [401, 403, 404, 409, 503, 500] : [401, 403, 404, 503, 500],
    // Without every extra key part the route lists (read); with them it looks up by key (byKey).
    roles: extra.length > 0 ? definition.access.byKey.filter((role) => definition.access.read.includes(role)) : definition.access.byKey,
    async handle({ params, query }, execute) {
      const key = { version: params.version, name: params.name, ...Object.fromEntries(extra.map((field) => [field, query[field]])) };
      if (extra.every((field) => typeof query[field] === 'string')) {
        const args = Object.keys(key).map((arg) => `${arg}: $${arg}`).join(', ');
        const defs = Object.keys(key).map((arg) => `$${arg}: String!`).join(', ');
        const found = pick<Entity | null>(await execute(`query(${defs}) { ${single}ByKey(${args}) { ${selection} } }`, key), `${single}ByKey`);
        if (!found) throw AppError.notFound(type, Object.values(key).join('_'));
        return { status: 200, body: rest(found) };
      }
      const filter = { version: params.version, name: params.name };
      const page = pick<ConnectionData>(await execute(`query($filter: ${type}Filter) { ${plural}(first: 2, filter: $filter) { nodes { ${selection} } } }`, { filter }), plural);
      if (page.nodes.length === 0) throw AppError.notFound(type, `${params.version}_${params.name}`);
      if (page.nodes.length > 1) {
        throw new AppError(ErrorCode.CONFLICT, `Several ${plural} have version ${params.version} and name ${params.name}: add ?${extra.join('=&')}= to choose one`);
      }
      return { status: 200, body: rest(page.nodes[0] as Entity) };
    },
  };
}

/**
 * A REST route that is not an entity's CRUD (the orchestration routes): it names its own
 * OpenAPI tag and response schema, and may take an optional JSON body.
 */
export interface OperationRoute extends Omit<RestRoute, 'entity' | 'requestBody'> {
  tag: string;
  response: { name: string; schema: Record<string, unknown> };
  /** JSON Schema of an optional request body; such a body must be application/json. */
  /** A JSON request body; `required` documents it as required (the handler still refuses a missing one itself). */
  optionalBody?: { description: string; schema: Record<string, unknown>; required?: boolean };
}

export type AnyRoute = RestRoute | OperationRoute;

export const isEntityRoute = (route: AnyRoute): route is RestRoute => 'entity' in route;
