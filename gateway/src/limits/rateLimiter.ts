import type { IncomingMessage } from 'node:http';
import { ANONYMOUS, AppError, currentContext, ErrorCode, type RateLimitConfig } from '@flow/platform';
import type { RequestHandler } from 'express';
import { clientAddress } from './clientAddress.js';
import { TokenBuckets, type Verdict } from './tokenBuckets.js';

/** Who is asking: the client address, and the authenticated user unless Anonymous. */
export interface Caller {
  address: string;
  user: string | undefined;
}

export interface RateLimiter {
  /** Spends one request of the caller's address and of its user; a refusal names the earliest retry. */
  take(caller: Caller): Verdict & { scope?: 'address' | 'user' };
  /** The caller of an HTTP request or WebSocket upgrade (the user from the request context). */
  callerOf(request: IncomingMessage, user?: string): Caller;
}

/**
 * Per address and per user token buckets, shared by HTTP requests, WebSocket upgrades and
 * subscribe messages: one budget whatever the transport. In process: each gateway instance
 * counts its own callers (behind N instances a caller may make N times the rate).
 */
export function createRateLimiter(config: Readonly<RateLimitConfig>, now?: () => number): RateLimiter {
  const clock = now ? { now } : {};
  const byAddress = new TokenBuckets({ perSecond: config.ipPerSecond, burst: config.ipBurst, ...clock });
  const byUser = new TokenBuckets({ perSecond: config.userPerSecond, burst: config.userBurst, ...clock });
  return {
    take({ address, user }) {
      const address_ = byAddress.take(address);
      if (!address_.allowed) return { ...address_, scope: 'address' };
      if (user === undefined) return address_;
      const user_ = byUser.take(user);
      return user_.allowed ? user_ : { ...user_, scope: 'user' };
    },
    callerOf(request, user) {
      const address = clientAddress(request, config.trustProxyHops);
      return { address, user: user === undefined || user === ANONYMOUS ? undefined : user };
    },
  };
}

/** The refusal: RATE_LIMITED (429), saying whose budget ran out and when to come back. */
export function rateLimited(verdict: Verdict & { scope?: 'address' | 'user' }): AppError {
  const whose = verdict.scope === 'user' ? 'this user' : 'this client address';
  return new AppError(ErrorCode.RATE_LIMITED, `Too many requests from ${whose}: retry after ${verdict.retryAfterSeconds} s`, {
    details: { retryAfterSeconds: verdict.retryAfterSeconds, scope: verdict.scope ?? 'address' },
    retryable: true,
  });
}

/**
 * HTTP: mounted after the request context (so the user is known) and after `/health` and
 * `/metrics` (answered before it, so never limited). A refusal is 429 with `Retry-After`.
 */
export function rateLimitRequests(limiter: RateLimiter): RequestHandler {
  return (req, res, next) => {
    const verdict = limiter.take(limiter.callerOf(req, currentContext()?.user));
    if (verdict.allowed) return next();
    res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
    next(rateLimited(verdict));
  };
}
