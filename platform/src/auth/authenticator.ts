import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config.js';
import { AppError, ErrorCode } from '../errors.js';
import { ALL_ROLES } from './roles.js';

export const ANONYMOUS = 'Anonymous';

/** Who is calling, as a verified token says. */
export interface Principal {
  /** The token's `name`, `preferred_username` or `sub` (createdBy / updatedBy); "Anonymous" with authentication off. */
  user: string;
  /** The token's `roles` claim; every role with authentication off. */
  roles: readonly string[];
  /** A processor's token names the processor (by name) it may answer for: claim `processor`. */
  processor?: string;
  /** When the token expires (ms since the epoch); absent with authentication off. */
  expiresAt?: number;
}

/** The configuration of authentication off (no secret, no JWKS URL): for hosts built without a configuration. */
export const AUTH_OFF: Readonly<AuthConfig> = Object.freeze({
  required: false, jwtSecret: undefined, jwksUrl: undefined, issuer: undefined, audience: undefined, publicMetrics: true, serviceToken: undefined,
});

/** Everyone, when authentication is off: the embedded development default. */
export const OPEN_PRINCIPAL: Principal = Object.freeze({ user: ANONYMOUS, roles: ALL_ROLES });

export interface Authenticator {
  /** Whether a valid token is required (AUTH_JWT_SECRET or AUTH_JWKS_URL set). */
  readonly required: boolean;
  /**
   * The caller of an `authorization` header (`Bearer <JWT>`). With authentication off, everyone
   * is OPEN_PRINCIPAL. Otherwise throws an AppError UNAUTHENTICATED for a missing, malformed,
   * expired or unverifiable token, or SERVICE_UNAVAILABLE when the JWKS cannot be fetched.
   */
  authenticate(authorization: string | undefined): Promise<Principal>;
  /**
   * The caller of a header already verified and not expired, without waiting; undefined when it
   * must go through `authenticate`. Lets a request with a known token proceed in the same tick.
   */
  known(authorization: string | undefined): Principal | undefined;
}

export interface AuthenticatorOptions {
  /** The clock, for tests. */
  now?: () => number;
  /** Verified tokens remembered (until they expire) so that a token reused on every request is verified once. Default 10 000. */
  cacheSize?: number;
}

/** The algorithms accepted: HS256 with the shared secret; RS256 and ES256 with the JWKS. */
const SECRET_ALGORITHMS = ['HS256'];
const JWKS_ALGORITHMS = ['RS256', 'ES256'];
/** Seconds of clock skew tolerated on exp and nbf. */
const CLOCK_TOLERANCE_S = 10;
const bearer = /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]+)$/i;

export function unauthenticated(reason: string): AppError {
  return new AppError(ErrorCode.UNAUTHENTICATED, `Invalid credentials: ${reason}`);
}

/** A jose failure as the answer a caller gets: what is wrong with the token, never the key material. */
function refusal(error: unknown): AppError {
  if (!(error instanceof errors.JOSEError)) {
    return new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'The token signing keys (AUTH_JWKS_URL) cannot be fetched', { cause: error });
  }
  if (error instanceof errors.JWTExpired) return unauthenticated('token expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'exp' && error.reason === 'missing') return unauthenticated('token has no exp (expiry)');
    if (error.claim === 'iss') return unauthenticated('token issuer (iss) is not the expected one');
    if (error.claim === 'aud') return unauthenticated('token audience (aud) is not the expected one');
    if (error.claim === 'nbf') return unauthenticated('token not yet valid (nbf)');
    return unauthenticated(`claim ${error.claim} ${error.reason}`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return unauthenticated('bad signature');
  if (error instanceof errors.JOSEAlgNotAllowed) return unauthenticated('signing algorithm not accepted');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return unauthenticated('token signed by an unknown key');
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'The token signing keys (AUTH_JWKS_URL) cannot be fetched', { cause: error });
  }
  return unauthenticated('malformed token');
}

/** The verification key for a token: the shared secret for HS256, the JWKS for the others. */
function keyResolver(auth: Readonly<AuthConfig>): { key: JWTVerifyGetKey; algorithms: string[] } {
  const secret = auth.jwtSecret === undefined ? undefined : new TextEncoder().encode(auth.jwtSecret);
  // jose fetches the key set on first use, caches it, and fetches again (at most every 30 s)
  // when a token names a key it does not hold: key rotation needs no restart.
  const jwks = auth.jwksUrl === undefined ? undefined : createRemoteJWKSet(new URL(auth.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  const algorithms = [...(secret ? SECRET_ALGORITHMS : []), ...(jwks ? JWKS_ALGORITHMS : [])];
  const key: JWTVerifyGetKey = async (header, token) => {
    if (header.alg === 'HS256' && secret) return secret;
    if (jwks) return jwks(header, token);
    throw new errors.JOSEAlgNotAllowed(`"alg" (Algorithm) Header Parameter value not allowed`);
  };
  return { key, algorithms };
}

function principalOf(claims: JWTPayload): Principal {
  const user = claims.name ?? claims.preferred_username ?? claims.sub;
  if (typeof user !== 'string' || user.length === 0) throw unauthenticated('token names no user (name, preferred_username or sub)');
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((role): role is string => typeof role === 'string') : [];
  return {
    user: user.slice(0, 200),
    roles: Object.freeze(roles),
    ...(typeof claims.processor === 'string' ? { processor: claims.processor } : {}),
    expiresAt: (claims.exp as number) * 1000,
  };
}

/**
 * Bearer JWTs, verified by jose (DESIGN.md section 13, README "Security"): HS256 with
 * AUTH_JWT_SECRET, RS256 / ES256 with the keys at AUTH_JWKS_URL (both may be set). `exp` is
 * required; `iss` and `aud` are checked when AUTH_ISSUER / AUTH_AUDIENCE are set. Without a
 * secret or a JWKS URL, authentication is off and every caller has every role.
 */
export function createAuthenticator(auth: Readonly<AuthConfig>, options: AuthenticatorOptions = {}): Authenticator {
  if (!auth.required) return { required: false, authenticate: async () => OPEN_PRINCIPAL, known: () => OPEN_PRINCIPAL };
  const now = options.now ?? Date.now;
  const cacheSize = options.cacheSize ?? 10_000;
  const { key, algorithms } = keyResolver(auth);
  /** token -> principal, in insertion order: the oldest goes first when full. */
  const verified = new Map<string, Principal>();

  async function verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms,
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date(now()),
        ...(auth.issuer ? { issuer: auth.issuer } : {}),
        ...(auth.audience ? { audience: auth.audience } : {}),
      });
      return principalOf(payload);
    } catch (error) {
      throw error instanceof AppError ? error : refusal(error);
    }
  }

  /** A remembered principal, until its token expires (the same tolerance as jose's): the signature and claims cannot change. */
  function remembered(token: string): Principal | undefined {
    const known = verified.get(token);
    if (known && now() < (known.expiresAt as number) + CLOCK_TOLERANCE_S * 1000) return known;
    if (known) verified.delete(token);
    return undefined;
  }

  return {
    required: true,
    known(authorization) {
      const token = authorization === undefined ? undefined : bearer.exec(authorization.trim())?.[1];
      return token === undefined ? undefined : remembered(token);
    },
    async authenticate(authorization) {
      if (!authorization) throw unauthenticated('a bearer token is required (Authorization: Bearer <JWT>)');
      const token = bearer.exec(authorization.trim())?.[1];
      if (!token) throw unauthenticated('expected "Bearer <JWT>"');
      const known = remembered(token);
      if (known) return known;
      const principal = await verify(token);
      if (verified.size >= cacheSize) verified.delete(verified.keys().next().value as string);
      verified.set(token, principal);
      return principal;
    },
  };
}
