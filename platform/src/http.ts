import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { requireAllowedHost } from './allowedHosts.js';
import { publicPaths } from './auth/authBanner.js';
import { AUTH_OFF, createAuthenticator, type Authenticator } from './auth/authenticator.js';
import type { AuthConfig } from './config.js';
import { CORRELATION_HEADER, correlationIdFrom, runWithContext } from './context.js';
import { AppError, ErrorCode, httpStatusOf, toAppError } from './errors.js';
import { checkHealth, type HealthCheck } from './health.js';
import type { Logger } from './logger.js';
import { observeHealth, type Metrics } from './metrics.js';
import { redactEndpoints } from './redact.js';

export interface HttpAppOptions {
  logger: Logger;
  metrics: Metrics;
  health: readonly HealthCheck[];
  /**
   * Authentication (config.auth): when required, every request but the public paths
   * (`/health/live`, `/health/ready`, and `/metrics` unless AUTH_PUBLIC_METRICS=false) needs a
   * valid bearer token, else 401 with `WWW-Authenticate: Bearer`. Without it, everyone has every role.
   */
  auth?: Readonly<AuthConfig>;
  /** The authenticator of `auth`, when the caller shares one with another edge (the gateway's WebSockets). */
  authenticator?: Authenticator;
  /** ALLOWED_HOSTS: other `Host` headers get 421 (health and metrics excepted); any Host without it. */
  allowedHosts?: readonly string[] | undefined;
  /**
   * Path prefixes of static pages that carry no data (the console, GraphiQL): served without
   * credentials even when authentication is on, as a browser cannot send a bearer token when it
   * navigates. The data they fetch goes through `/graphql`, which still needs one.
   */
  publicPrefixes?: readonly string[];
}

/**
 * Binds the request's correlation id, caller credentials, user and roles to everything it runs;
 * refuses (401) a request that needs a token and has no valid one. The public paths are served
 * without looking at credentials at all.
 */
function requestContext(authenticator: Authenticator, open: ReadonlySet<string>, openPrefixes: readonly string[]): RequestHandler {
  const isOpen = (path: string): boolean => open.has(path) || openPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  return (req, res, next) => {
    const correlationId = correlationIdFrom(req.headers[CORRELATION_HEADER]);
    res.setHeader(CORRELATION_HEADER, correlationId);
    if (isOpen(req.path)) {
      runWithContext({ correlationId, user: 'Anonymous', roles: [] }, next);
      return;
    }
    const authorization = req.headers.authorization;
    // Open, or a token verified before: decided in this tick, without a promise.
    const known = authenticator.known(authorization);
    if (known) {
      runWithContext({ correlationId, user: known.user, roles: known.roles, ...(authorization ? { authorization } : {}) }, next);
      return;
    }
    authenticator.authenticate(authorization).then(
      ({ user, roles }) => runWithContext({ correlationId, user, roles, ...(authorization ? { authorization } : {}) }, next),
      (error: unknown) => next(error),
    );
  };
}

function observeDuration(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const matched = req.route as { path?: unknown } | undefined;
      const route = matched ? `${req.baseUrl}${String(matched.path)}` : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}

/**
 * The HTTP edge every process shares: correlation ids, request metrics, the `Host` check
 * (`allowedHosts`), `/health` (with `/health/ready` and `/health/live`) and `/metrics`. Callers mount their routes, then call
 * `finishHttpApp` for 404 and error answers.
 */
export function createHttpApp({ metrics, health, auth = AUTH_OFF, authenticator = createAuthenticator(auth), allowedHosts, publicPrefixes = [] }: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const open = new Set(authenticator.required ? publicPaths(auth) : []);
  app.use(observeDuration(metrics), requestContext(authenticator, open, authenticator.required ? publicPrefixes : []));
  if (allowedHosts) app.use(requireAllowedHost(allowedHosts));
  // Readiness (`/health`, `/health/ready`): the dependencies answer, or 503. Liveness
  // (`/health/live`): the process answers; a container scheduler restarts it only on that one.
  const ready: RequestHandler = async (_req, res) => {
    const report = await checkHealth(health);
    res.status(report.status === 'Unhealthy' ? 503 : 200).json(report);
  };
  app.get(['/health', '/health/ready'], ready);
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'Healthy', checks: {} });
  });
  observeHealth(metrics, () => checkHealth(health));
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.scrape());
  });
  return app;
}

/** Translates body-parser failures (oversized, malformed) into AppErrors with their codes. */
function fromBodyParser(error: { type?: string; limit?: number; message?: string }): AppError | undefined {
  if (error.type === 'entity.too.large') {
    return new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `Request body exceeds the limit of ${error.limit} bytes`);
  }
  if (error.type === 'entity.parse.failed') {
    return new AppError(ErrorCode.BAD_USER_INPUT, `Request body is not valid JSON: ${error.message ?? ''}`.trim());
  }
  return undefined;
}

/** Unknown routes and thrown errors: GraphQL-shaped on /graphql, problem+json elsewhere. */
export function finishHttpApp(app: Express, logger: Logger, options: { exposeDetails: boolean }): void {
  app.use((req, _res, next) => next(new AppError(ErrorCode.NOT_FOUND, `No route for ${req.method} ${req.path}`)));
  const onError: ErrorRequestHandler = (thrown, req, res, _next) => {
    const raw: unknown = thrown;
    const error = fromBodyParser(raw as never) ?? toAppError(raw);
    const status = httpStatusOf(error.code);
    if (status >= 500) logger.error({ err: raw, path: req.path }, 'request failed');
    // Without details (production), no internal host, port or credential leaves either (redact.ts).
    const message = options.exposeDetails || status < 500 ? error.message
      : error.code === ErrorCode.INTERNAL_SERVER_ERROR ? 'Internal server error' : redactEndpoints(error.message);
    // RFC 6750: a 401 names the scheme; `invalid_token` when credentials were presented.
    if (error.code === ErrorCode.UNAUTHENTICATED) {
      res.set('www-authenticate', `Bearer realm="flow-orchestrator"${req.headers.authorization ? ', error="invalid_token"' : ''}`);
    }
    if (req.path === '/graphql' || req.path.startsWith('/graphql/')) {
      res.status(status).json({ errors: [{ message, extensions: { code: error.code } }] });
      return;
    }
    // RFC 9457 problem details; `code` is the platform's error code, as in GraphQL extensions.
    res.status(status).type('application/problem+json').json({
      type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail: message, instance: req.originalUrl,
      code: error.code, ...(error.details ? { details: error.details } : {}),
    });
  };
  app.use(onError);
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens and resolves once the port is bound; `port: 0` picks a free one (tests). */
export async function listen(app: Express, port: number, host: string): Promise<RunningServer> {
  const server = createServer(app);
  // Longer than the keep-alive of our clients, so a reused socket is never closed under a request.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    server,
    port: bound,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
