import { serveApiDocs } from '@flow/serving';
import type { Router } from 'express';
import { buildOpenApiDocument, type OpenApiOptions } from './openapi.js';
import type { AnyRoute } from './restRoutes.js';

/** `GET /openapi.json` (the document of `routes`) and Swagger UI at `/swagger`. */
export function createApiDocsRouter(routes: readonly AnyRoute[], options: OpenApiOptions): Router {
  return serveApiDocs(buildOpenApiDocument(routes, options), options.title);
}
