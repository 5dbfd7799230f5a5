import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AppError, ErrorCode } from '@flow/platform';
import type { RequestHandler } from 'express';

/** One operation of the manifest, in Apollo's persisted query manifest format. */
interface ManifestOperation {
  id: string;
  name?: string;
  type?: string;
  body: string;
}

/** A GraphQL request as far as the safelist looks at it. */
export interface SafelistRequest {
  query?: unknown;
  extensions?: unknown;
}

export interface Safelist {
  /** The document to run for the request (the manifest's, when only a hash was sent), or a BAD_USER_INPUT refusal. */
  resolve(request: SafelistRequest): string | AppError;
  readonly size: number;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function hashOf(extensions: unknown): string | undefined {
  const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | null | undefined)?.persistedQuery;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash.toLowerCase() : undefined;
}

/** Parses a manifest's text: `{ format: "apollo-persisted-query-manifest", version: 1, operations: [{ id, name, type, body }] }`. */
export function parseSafelist(text: string, source = 'the manifest'): Safelist {
  const manifest = JSON.parse(text) as { format?: unknown; version?: unknown; operations?: unknown };
  if (manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
    throw new Error(`${source} is not an Apollo persisted query manifest (format "apollo-persisted-query-manifest", version 1, operations)`);
  }
  const bodies = new Map<string, string>();
  for (const [index, operation] of (manifest.operations as ManifestOperation[]).entries()) {
    if (typeof operation?.body !== 'string') throw new Error(`${source}: operations[${index}] has no body`);
    // Indexed by the body's own SHA-256, which is what clients send: an `id` that is not that hash is ignored.
    bodies.set(sha256(operation.body), operation.body);
  }
  const refuse = (what: string): AppError =>
    new AppError(ErrorCode.BAD_USER_INPUT, `Only safelisted operations run on this server (GRAPHQL_PERSISTED_QUERIES=safelist): ${what} is not in the manifest`, {
      details: { limit: 'safelist' },
    });
  return {
    size: bodies.size,
    resolve({ query, extensions }) {
      const hash = hashOf(extensions);
      if (typeof query === 'string' && query !== '') {
        const own = sha256(query);
        return bodies.has(own) && (hash === undefined || hash === own) ? query : refuse(`the operation ${own.slice(0, 16)}...`);
      }
      const body = hash === undefined ? undefined : bodies.get(hash);
      return body ?? refuse(hash === undefined ? 'a request without a query or persisted query hash' : `the persisted query ${hash.slice(0, 16)}...`);
    },
  };
}

export function loadSafelist(path: string): Safelist {
  return parseSafelist(readFileSync(path, 'utf8'), `GRAPHQL_SAFELIST_PATH (${path})`);
}

/**
 * On `/graphql` (after the JSON body parser): only the manifest's operations reach Apollo; a
 * request carrying only a listed hash gets the listed document (Automatic Persisted Queries
 * without the registration round trip). GET requests are checked the same way.
 */
export function requireSafelisted(safelist: Safelist): RequestHandler {
  return (req, _res, next) => {
    if (req.method === 'GET') {
      const params = new URL(req.originalUrl, 'http://gateway').searchParams;
      let extensions: unknown;
      try {
        extensions = JSON.parse(params.get('extensions') ?? 'null');
      } catch {
        extensions = undefined;
      }
      const resolved = safelist.resolve({ query: params.get('query') ?? undefined, extensions });
      if (typeof resolved !== 'string') return next(resolved);
      if (!params.get('query')) {
        params.set('query', resolved);
        req.url = `${req.url.split('?')[0] ?? ''}?${params.toString()}`;
      }
      return next();
    }
    const body = req.body as SafelistRequest | undefined;
    if (Array.isArray(body)) return next(new AppError(ErrorCode.BAD_USER_INPUT, 'Batched requests are not accepted'));
    const resolved = safelist.resolve(body ?? {});
    if (typeof resolved !== 'string') return next(resolved);
    (req.body as Record<string, unknown>).query = resolved;
    next();
  };
}
