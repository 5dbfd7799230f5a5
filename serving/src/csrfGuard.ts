import { AppError, ErrorCode, parseHost } from '@flow/platform';
import type { Request, RequestHandler } from 'express';

/** Whether the request carries a body, announced by its length or by chunked encoding. */
const hasBody = (req: Request): boolean => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

/**
 * 415 unless the request declares `application/json`: always when the route requires a body,
 * else whenever the request has a body or a `Content-Type` at all. The three types an HTML form
 * or a `no-cors` fetch may send without a CORS preflight (`application/x-www-form-urlencoded`,
 * `multipart/form-data`, `text/plain`) are thereby refused on every state-changing route, with or
 * without a body.
 */
function requireJson(req: Request, bodyRequired: boolean): void {
  if (!bodyRequired && req.headers['content-type'] === undefined && !hasBody(req)) return;
  if (!req.is('application/json')) {
    throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `Content-Type must be application/json (got ${req.headers['content-type'] ?? 'none'})`);
  }
}

/** Whether `origin` (a serialized origin) names the same host and port as the `Host` header. */
function sameHost(origin: string, host: string | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const ours = parseHost(host);
  const theirs = parseHost(url.host);
  if (!ours || !theirs) return false;
  // Browsers leave the scheme's default port out of both headers; the scheme itself is not
  // compared, as TLS may end at a proxy in front of this process.
  const defaultPort = url.protocol === 'https:' ? '443' : '80';
  return ours.name === theirs.name && (ours.port ?? defaultPort) === (theirs.port ?? defaultPort);
}

/**
 * 403 for a request a browser sent on behalf of another site: `Sec-Fetch-Site: cross-site`, or an
 * `Origin` (`null` included) that is not this request's `Host`. Requests without either header
 * (curl, the .NET clients, server-to-server calls) and same-origin, same-site and user-initiated
 * (`none`) browser requests pass; a same-site request from another origin still sends an `Origin`
 * that does not match, and is refused by it.
 */
function refuseCrossSite(req: Request): void {
  if (req.headers['sec-fetch-site'] === 'cross-site') {
    throw new AppError(ErrorCode.FORBIDDEN, 'Cross-site requests may not change state (Sec-Fetch-Site: cross-site)');
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !sameHost(origin, req.headers.host)) {
    throw new AppError(ErrorCode.FORBIDDEN, 'Cross-origin requests may not change state (Origin does not match Host)');
  }
}

/**
 * The CSRF defence of a state-changing REST route (POST, PUT, DELETE), run before its body is
 * read: a JSON content type (415 otherwise, see `requireJson`), then no cross-site caller (403,
 * see `refuseCrossSite`). A cross-site page can send neither a JSON body (that needs a CORS
 * preflight, which no route answers) nor, now, a form, a text or an empty body.
 */
export function csrfGuard(bodyRequired: boolean): RequestHandler {
  return (req, _res, next) => {
    requireJson(req, bodyRequired);
    refuseCrossSite(req);
    next();
  };
}
