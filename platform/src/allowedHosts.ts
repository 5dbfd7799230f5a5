import type { RequestHandler } from 'express';
import { AppError, ErrorCode } from './errors.js';

/** A `Host` header (or an ALLOWED_HOSTS entry) split into its lower-case name and its port, if any. */
export interface HostName {
  name: string;
  port: string | undefined;
}

/**
 * `example.com`, `example.com:4000`, `[::1]`, `[::1]:4000` -> name and port; a trailing dot of a
 * fully qualified name is dropped. Undefined for anything else (a missing or malformed header).
 */
export function parseHost(value: string | undefined): HostName | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+?)\.?(?::(\d{1,5}))?$/.exec(value?.trim().toLowerCase() ?? '');
  if (!match?.[1]) return undefined;
  return { name: match[1], port: match[2] };
}

/**
 * Whether `host` (a `Host` header) is one of `allowed` (ALLOWED_HOSTS entries): same name, and
 * same port when the entry names one. An entry without a port allows every port of its name; an
 * entry with a port matches only a header that names that port.
 */
export function isAllowedHost(host: string | undefined, allowed: readonly string[]): boolean {
  const parsed = parseHost(host);
  if (!parsed) return false;
  return allowed.some((entry) => {
    const want = parseHost(entry);
    return want !== undefined && want.name === parsed.name && (want.port === undefined || want.port === parsed.port);
  });
}

/**
 * Paths answered whatever the `Host`: the probes and the scrape, which orchestrators and
 * Prometheus address by IP. The same set is public without a token (DESIGN.md section 13), and
 * none of them changes anything.
 */
const hostlessPaths = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/**
 * Refuses, with 421 MISDIRECTED_REQUEST, a request whose `Host` is not in `allowed`: a page on
 * an attacker's domain that re-points its DNS name at this server (DNS rebinding) sends its own
 * name as `Host`, so it can neither read answers nor change anything. GET and HEAD of the
 * health and metrics paths are exempt.
 */
export function requireAllowedHost(allowed: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && hostlessPaths.has(req.path)) {
      next();
      return;
    }
    if (isAllowedHost(req.headers.host, allowed)) {
      next();
      return;
    }
    next(new AppError(ErrorCode.MISDIRECTED_REQUEST, 'This server does not answer for the requested Host'));
  };
}
