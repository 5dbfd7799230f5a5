import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError, ErrorCode } from './errors.js';

export const ANONYMOUS = 'Anonymous';

/** Resolves the caller's user name from the `authorization` header, or throws UNAUTHENTICATED. */
export type Authenticate = (authorization: string | undefined) => string;

const decodeJson = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

function unauthenticated(reason: string): AppError {
  return new AppError(ErrorCode.UNAUTHENTICATED, `Invalid credentials: ${reason}`);
}

/**
 * Bearer JWTs signed with HS256 and a shared secret (AUTH_JWT_SECRET). Without a secret,
 * authentication is off and every caller is "Anonymous", as in the seed. With one, a request
 * without credentials is still Anonymous, but presented credentials must be valid. The user
 * is the token's `name`, `preferred_username` or `sub`, used for createdBy/updatedBy.
 */
export function createAuthenticator(secret: string | undefined, now: () => number = Date.now): Authenticate {
  if (!secret) return () => ANONYMOUS;
  const key = Buffer.from(secret, 'utf8');
  return (authorization) => {
    if (!authorization) return ANONYMOUS;
    const match = /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(authorization.trim());
    if (!match) throw unauthenticated('expected "Bearer <JWT>"');
    const [, header, payload, signature] = match as unknown as [string, string, string, string];
    let claims: Record<string, unknown>;
    try {
      if (decodeJson(header).alg !== 'HS256') throw unauthenticated('only HS256 tokens are accepted');
      claims = decodeJson(payload);
    } catch (error) {
      throw error instanceof AppError ? error : unauthenticated('malformed token');
    }
    const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthenticated('bad signature');
    const seconds = now() / 1000;
    if (typeof claims.exp === 'number' && claims.exp < seconds) throw unauthenticated('token expired');
    if (typeof claims.nbf === 'number' && claims.nbf > seconds) throw unauthenticated('token not yet valid');
    const user = claims.name ?? claims.preferred_username ?? claims.sub;
    if (typeof user !== 'string' || user.length === 0) throw unauthenticated('token names no user (name, preferred_username or sub)');
    return user.slice(0, 200);
  };
}

/** Signs an HS256 token: for tests, tools and service-to-service calls. */
export function signToken(secret: string, claims: Record<string, unknown>): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}
