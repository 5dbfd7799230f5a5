import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, ErrorCode } from '@flow/platform';
import express, { type RequestHandler, type Router } from 'express';

/** Where the console's pages live: static, public (no data in them), under these prefixes. */
export const consolePrefixes = ['/console', '/graphiql'] as const;

/**
 * Same-origin only: scripts and styles from the gateway itself (React Flow and GraphiQL set
 * inline style attributes, hence 'unsafe-inline' for styles, never for scripts), data only
 * from `/graphql` over HTTP and WebSocket on this origin, no framing.
 */
const contentSecurityPolicy = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "font-src 'self' data:", "connect-src 'self'", "worker-src 'self' blob:", "object-src 'none'",
  "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  });
  next();
};

/**
 * The console (a single-page app: every path under `/console` that is not an asset answers its
 * page, so deep links work) and GraphiQL at `/graphiql`, from the Vite build in `distDir`.
 * Hashed assets are cached for a year; the pages are revalidated. Without a build (yet), 503 says so.
 */
export function createConsoleRouter(distDir: string): Router {
  const router = express.Router();
  const page = (name: string): RequestHandler => (_req, res, next) => {
    const file = join(distDir, name);
    if (!existsSync(file)) {
      next(new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'The console is being built (npm start builds it in the background when missing or stale): retry in a few seconds, or run `npm run console:build`'));
      return;
    }
    res.set('cache-control', 'no-cache').sendFile(file);
  };
  router.use([...consolePrefixes], securityHeaders);
  router.use('/console/assets', express.static(join(distDir, 'assets'), { index: false, redirect: false, immutable: true, maxAge: '365d' }));
  // A missing asset is a 404, not the page (which would answer HTML for a script).
  router.use('/console/assets', (req, _res, next) => next(new AppError(ErrorCode.NOT_FOUND, `No console asset ${req.path}`)));
  router.get(['/console', '/console/{*route}'], page('index.html'));
  router.get('/graphiql', page('graphiql.html'));
  return router;
}
