import { SignJWT, type JWTPayload } from 'jose';

export interface SignTokenOptions {
  /** Lifetime in seconds, from `now`; ignored when the claims carry `exp`. Default one hour. */
  ttlSeconds?: number;
  /** `iss`, when the deployment checks it (AUTH_ISSUER). */
  issuer?: string | undefined;
  /** `aud`, when the deployment checks it (AUTH_AUDIENCE). */
  audience?: string | undefined;
  /** The clock (ms since the epoch), for tests. */
  now?: () => number;
}

/**
 * An HS256 token signed with `secret` by jose: for the processes that hold AUTH_JWT_SECRET
 * (their own service tokens), `npm run token`, and tests. Always carries `iat` and `exp`.
 */
export async function signToken(secret: string, claims: JWTPayload, options: SignTokenOptions = {}): Promise<string> {
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(now);
  if (claims.exp === undefined) jwt.setExpirationTime(now + (options.ttlSeconds ?? 3600));
  if (options.issuer !== undefined && claims.iss === undefined) jwt.setIssuer(options.issuer);
  if (options.audience !== undefined && claims.aud === undefined) jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
