import type { ApolloServer, BaseContext } from '@apollo/server';
import { AppError, ErrorCode } from '@flow/platform';
import express, { type RequestHandler, type Router } from 'express';
import { csrfGuard } from './csrfGuard.js';
import { requireGuid } from './guid.js';

export interface RestRequest {
  params: Readonly<Record<string, string>>;
  query: Readonly<Record<string, unknown>>;
  body: unknown;
  /** The request's headers, names in lower case (a route reads only those it declares). */
  headers?: Readonly<Record<string, string | string[] | undefined>>;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Runs a GraphQL operation in process and answers its data; GraphQL errors become AppErrors. */
export type Execute = (query: string, variables?: Record<string, unknown>) => Promise<Record<string, unknown>>;

/**
 * What the router needs of a route. Route tables (the kit's entity routes, the orchestration
 * routes) carry more, for their OpenAPI document.
 */
export interface ServedRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** OpenAPI path template, e.g. `/api/Step/{id}`. */
  path: string;
  /** Path parameters that must be GUIDs. */
  guidParams: readonly string[];
  /** Set when the route takes a JSON body. */
  requestBody?: unknown;
  /** Set when the route accepts an optional JSON body. */
  optionalBody?: unknown;
  handle(request: RestRequest, execute: Execute): Promise<RestResponse>;
}

const knownCodes = new Set<string>(Object.values(ErrorCode));

/**
 * Runs GraphQL operations in process against a server (the gateway's supergraph or one
 * subgraph's schema). Errors keep their code, message and details, so the REST edge maps
 * them to statuses exactly as GraphQL clients see them.
 */
export function createExecutor<C extends BaseContext>(server: ApolloServer<C>, context: () => Promise<C>): Execute {
  return async (query, variables) => {
    const response = await server.executeOperation({ query, ...(variables ? { variables } : {}) }, { contextValue: await context() });
    if (response.body.kind !== 'single') throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'Unexpected incremental response');
    const { data, errors } = response.body.singleResult;
    const first = errors?.[0];
    if (first) {
      const code = typeof first.extensions?.code === 'string' ? first.extensions.code : '';
      const details = first.extensions?.details as Record<string, unknown> | undefined;
      throw new AppError(knownCodes.has(code) ? (code as ErrorCode) : ErrorCode.INTERNAL_SERVER_ERROR, first.message, details ? { details } : {});
    }
    return data ?? {};
  };
}

/** `/api/Step/{id}` -> `/api/Step/:id` */
const expressPath = (template: string): string => template.replace(/\{(\w+)\}/g, ':$1');

/**
 * The REST routes of a route table as an Express router. A known path with another method
 * answers 405 with `Allow`; bodies must be JSON objects within the size limit (415, 400, 413);
 * a state-changing route refuses other content types (415) and cross-site callers (403): `csrfGuard`.
 */
export function createRestRouter(routes: readonly ServedRoute[], execute: Execute, bodyLimitBytes: number): Router {
  const router = express.Router();
  const json = express.json({ limit: bodyLimitBytes, strict: false, type: () => true });
  const byPath = new Map<string, ServedRoute[]>();
  for (const route of routes) byPath.set(route.path, [...(byPath.get(route.path) ?? []), route]);
  for (const [path, group] of byPath) {
    const chain = router.route(expressPath(path));
    for (const route of group) {
      const handlers: RequestHandler[] = [];
      if (route.method !== 'GET') handlers.push(csrfGuard(route.requestBody !== undefined));
      if (route.requestBody ?? route.optionalBody) handlers.push(json);
      handlers.push(async (req, res) => {
        for (const name of route.guidParams) requireGuid((req.params as Record<string, string>)[name], name);
        const result = await route.handle({ params: req.params as Record<string, string>, query: req.query, body: req.body as unknown, headers: req.headers }, execute);
        if (result.headers) res.set(result.headers);
        if (result.body === undefined) res.status(result.status).end();
        else res.status(result.status).json(result.body);
      });
      chain[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](...handlers);
    }
    const allowed = group.map((route) => route.method).join(', ');
    chain.all((req, res, next) => {
      res.set('allow', allowed);
      next(new AppError(ErrorCode.METHOD_NOT_ALLOWED, `${req.method} is not allowed on ${path}; allowed: ${allowed}`));
    });
  }
  return router;
}
