import type { IncomingMessage } from 'node:http';
import { isAllowedHost, parseHost, type WebSocketLimitsConfig } from '@flow/platform';
import type { RateLimiter } from '../limits/rateLimiter.js';

/** An upgrade answered with an HTTP status instead of a WebSocket. */
export interface UpgradeRefusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

/** Seconds a client refused for a connection cap is told to wait. */
const CAP_RETRY_AFTER_SECONDS = 5;

/**
 * Whether a page of `origin` may open a WebSocket here. No `Origin`: not a browser, nothing to
 * check. `*`: any. Otherwise an origin of `allowed` (ALLOWED_ORIGINS) or, always, the gateway's
 * own host (the `Origin` host equals `Host`): a page elsewhere cannot ride a user's session.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[] | '*' | undefined): boolean {
  if (origin === undefined || allowed === '*') return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const normalized = `${url.protocol}//${url.host}`;
  if (allowed?.includes(normalized)) return true;
  const own = parseHost(host);
  return own !== undefined && `${own.name}${own.port ? `:${own.port}` : ''}` === url.host;
}

export interface WsAdmissionOptions {
  limits: Readonly<WebSocketLimitsConfig>;
  rateLimiter: RateLimiter;
  allowedHosts?: readonly string[] | undefined;
}

export interface WsAdmission {
  /** Checks an upgrade; when it passes, its connection slot is held until its socket closes. */
  admit(request: IncomingMessage): UpgradeRefusal | undefined;
  /** Open connections: in total and from one address key. */
  readonly open: number;
  openFrom(address: string): number;
}

/**
 * The WebSocket edge's admission, before any WebSocket exists: the `Host` (421), the `Origin`
 * (403), the total cap (503), the per-address cap (429) and the address's request budget (429,
 * one token per attempt, shared with HTTP). A refusal costs the server one short HTTP answer.
 */
export function createWsAdmission({ limits, rateLimiter, allowedHosts }: WsAdmissionOptions): WsAdmission {
  const perAddress = new Map<string, number>();
  let open = 0;
  const capRefusal = (status: number, message: string): UpgradeRefusal => ({ status, message, headers: { 'Retry-After': String(CAP_RETRY_AFTER_SECONDS) } });

  function hold(request: IncomingMessage, address: string): void {
    open += 1;
    perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
    let released = false;
    // The TCP socket closes whether the handshake completes or not, and after the WebSocket closes.
    request.socket.once('close', () => {
      if (released) return;
      released = true;
      open -= 1;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left === 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
  }

  return {
    admit(request) {
      if (allowedHosts && !isAllowedHost(request.headers.host, allowedHosts)) return { status: 421, message: 'MISDIRECTED_REQUEST: this server does not answer for the requested Host' };
      if (!isAllowedOrigin(request.headers.origin, request.headers.host, limits.allowedOrigins)) {
        return { status: 403, message: 'FORBIDDEN: WebSocket connections from this Origin are not allowed (ALLOWED_ORIGINS)' };
      }
      if (open >= limits.maxConnections) return capRefusal(503, `SERVICE_UNAVAILABLE: this gateway holds its maximum of ${limits.maxConnections} WebSocket connections`);
      const caller = rateLimiter.callerOf(request);
      if ((perAddress.get(caller.address) ?? 0) >= limits.maxConnectionsPerIp) {
        return capRefusal(429, `RATE_LIMITED: at most ${limits.maxConnectionsPerIp} WebSocket connections from one client address`);
      }
      const verdict = rateLimiter.take(caller);
      if (!verdict.allowed) {
        return { status: 429, message: `RATE_LIMITED: too many requests from this client address, retry after ${verdict.retryAfterSeconds} s`, headers: { 'Retry-After': String(verdict.retryAfterSeconds) } };
      }
      hold(request, caller.address);
      return undefined;
    },
    get open() {
      return open;
    },
    openFrom: (address) => perAddress.get(address) ?? 0,
  };
}
