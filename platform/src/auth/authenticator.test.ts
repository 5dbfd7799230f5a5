import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type GenerateKeyPairResult, type JWK } from 'jose';

type CryptoKeyPair = GenerateKeyPairResult;
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthConfig } from '../config.js';
import { isAppError } from '../errors.js';
import { createAuthenticator, OPEN_PRINCIPAL } from './authenticator.js';
import { ALL_ROLES } from './roles.js';
import { signToken } from './tokens.js';

const secret = 'unit-test-secret-unit-test-secret-0123';
const off: AuthConfig = { required: false, jwtSecret: undefined, jwksUrl: undefined, issuer: undefined, audience: undefined, publicMetrics: true, serviceToken: undefined };
const hs256: AuthConfig = { ...off, required: true, jwtSecret: secret };
const bearer = (token: string): string => `Bearer ${token}`;

/** The refusal `authenticate` throws: its code and message. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('authentication off (no secret, no JWKS URL)', () => {
  it('should give everyone every role, token or not', async () => {
    const authenticator = createAuthenticator(off);
    expect(authenticator.required).toBe(false);
    expect(await authenticator.authenticate(undefined)).toBe(OPEN_PRINCIPAL);
    expect(await authenticator.authenticate('Bearer garbage')).toEqual({ user: 'Anonymous', roles: ALL_ROLES });
  });
});

describe('HS256 tokens (AUTH_JWT_SECRET)', () => {
  const authenticator = createAuthenticator(hs256);

  it('should accept a signed token and read its user, roles and processor', async () => {
    const principal = await authenticator.authenticate(bearer(await signToken(secret, { sub: 'alice', roles: ['viewer', 'editor', 7], processor: 'Echo' })));
    expect(principal).toMatchObject({ user: 'alice', roles: ['viewer', 'editor'], processor: 'Echo' });
    expect(principal.expiresAt).toBeGreaterThan(Date.now());
  });

  it('should prefer name, then preferred_username, then sub as the user', async () => {
    expect((await authenticator.authenticate(bearer(await signToken(secret, { sub: 's', preferred_username: 'p', name: 'n' })))).user).toBe('n');
    expect((await authenticator.authenticate(bearer(await signToken(secret, { sub: 's', preferred_username: 'p' })))).user).toBe('p');
  });

  it('should give a token without a roles claim no role', async () => {
    expect((await authenticator.authenticate(bearer(await signToken(secret, { sub: 'nobody' })))).roles).toEqual([]);
  });

  it.each([
    ['no header', undefined, 'Invalid credentials: a bearer token is required (Authorization: Bearer <JWT>)'],
    ['another scheme', 'Basic dXNlcjpwYXNz', 'Invalid credentials: expected "Bearer <JWT>"'],
    ['a non-JWT', 'Bearer not-a-jwt', 'Invalid credentials: expected "Bearer <JWT>"'],
    ['garbage parts', 'Bearer a.b.c', 'Invalid credentials: malformed token'],
  ])('should refuse %s with UNAUTHENTICATED', async (_what, header, message) => {
    expect(await refusal(authenticator.authenticate(header))).toEqual({ code: 'UNAUTHENTICATED', message });
  });

  it('should refuse a token signed with another secret', async () => {
    const forged = await signToken('another-secret-another-secret-0123456', { sub: 'mallory', roles: ['admin'] });
    expect(await refusal(authenticator.authenticate(bearer(forged)))).toEqual({ code: 'UNAUTHENTICATED', message: 'Invalid credentials: bad signature' });
  });

  it('should refuse an expired token', async () => {
    const expired = await signToken(secret, { sub: 'alice', roles: ['admin'], exp: Math.floor(Date.now() / 1000) - 60 });
    expect(await refusal(authenticator.authenticate(bearer(expired)))).toEqual({ code: 'UNAUTHENTICATED', message: 'Invalid credentials: token expired' });
  });

  it('should refuse a token without exp', async () => {
    const endless = await new SignJWT({ sub: 'alice', roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));
    expect(await refusal(authenticator.authenticate(bearer(endless)))).toEqual({ code: 'UNAUTHENTICATED', message: 'Invalid credentials: token has no exp (expiry)' });
  });

  it('should refuse a token not yet valid', async () => {
    const early = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'HS256' }).setNotBefore('1h').setExpirationTime('2h').sign(new TextEncoder().encode(secret));
    expect(await refusal(authenticator.authenticate(bearer(early)))).toEqual({ code: 'UNAUTHENTICATED', message: 'Invalid credentials: token not yet valid (nbf)' });
  });

  it('should refuse an unsigned token (alg none)', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'mallory', roles: ['admin'], exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    expect((await refusal(authenticator.authenticate(`Bearer ${header}.${payload}.x`))).code).toBe('UNAUTHENTICATED');
  });

  it('should refuse a token naming no user', async () => {
    expect(await refusal(authenticator.authenticate(bearer(await signToken(secret, { roles: ['admin'] }))))).toEqual({
      code: 'UNAUTHENTICATED', message: 'Invalid credentials: token names no user (name, preferred_username or sub)',
    });
  });

  it('should stop accepting a remembered token once it expires', async () => {
    let now = Date.now();
    const clocked = createAuthenticator(hs256, { now: () => now });
    const token = bearer(await signToken(secret, { sub: 'alice' }, { ttlSeconds: 60, now: () => now }));
    expect((await clocked.authenticate(token)).user).toBe('alice');
    now += 30_000;
    expect((await clocked.authenticate(token)).user).toBe('alice');
    now += 60_000;
    expect(await refusal(clocked.authenticate(token))).toEqual({ code: 'UNAUTHENTICATED', message: 'Invalid credentials: token expired' });
  });
});

describe('issuer and audience (AUTH_ISSUER, AUTH_AUDIENCE)', () => {
  const authenticator = createAuthenticator({ ...hs256, issuer: 'https://idp.example', audience: 'flow-orchestrator' });

  it('should accept the expected iss and aud', async () => {
    const token = await signToken(secret, { sub: 'alice' }, { issuer: 'https://idp.example', audience: 'flow-orchestrator' });
    expect((await authenticator.authenticate(bearer(token))).user).toBe('alice');
  });

  it.each([
    ['another issuer', { issuer: 'https://evil.example', audience: 'flow-orchestrator' }, 'Invalid credentials: token issuer (iss) is not the expected one'],
    ['no issuer', { audience: 'flow-orchestrator' }, 'Invalid credentials: token issuer (iss) is not the expected one'],
    ['another audience', { issuer: 'https://idp.example', audience: 'another-api' }, 'Invalid credentials: token audience (aud) is not the expected one'],
  ])('should refuse %s', async (_what, options, message) => {
    const token = await signToken(secret, { sub: 'alice' }, options);
    expect(await refusal(authenticator.authenticate(bearer(token)))).toEqual({ code: 'UNAUTHENTICATED', message });
  });
});

describe('RS256 / ES256 tokens from a JWKS (AUTH_JWKS_URL)', () => {
  let server: Server;
  let jwksUrl: string;
  let keys: JWK[] = [];
  let fetches = 0;
  const pairs: Record<string, CryptoKeyPair> = {};

  beforeAll(async () => {
    pairs.es = await generateKeyPair('ES256');
    pairs.rs = await generateKeyPair('RS256');
    pairs.unknown = await generateKeyPair('ES256');
    keys = [
      { ...(await exportJWK(pairs.es.publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' },
      { ...(await exportJWK(pairs.rs.publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' },
    ];
    server = createServer((_req, res) => {
      fetches += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sign = (pair: CryptoKeyPair, alg: string, kid: string, claims: Record<string, unknown> = { sub: 'carol', roles: ['operator'] }) =>
    new SignJWT(claims).setProtectedHeader({ alg, kid }).setIssuedAt().setExpirationTime('10m').sign(pair.privateKey);

  it('should accept ES256 and RS256 tokens signed by a published key', async () => {
    const authenticator = createAuthenticator({ ...off, required: true, jwksUrl });
    expect(await authenticator.authenticate(bearer(await sign(pairs.es as CryptoKeyPair, 'ES256', 'es-1')))).toMatchObject({ user: 'carol', roles: ['operator'] });
    expect((await authenticator.authenticate(bearer(await sign(pairs.rs as CryptoKeyPair, 'RS256', 'rs-1')))).user).toBe('carol');
    expect(fetches).toBeGreaterThanOrEqual(1);
  });

  it('should refuse a token signed by a key the JWKS does not publish', async () => {
    const authenticator = createAuthenticator({ ...off, required: true, jwksUrl });
    const stranger = await sign(pairs.unknown as CryptoKeyPair, 'ES256', 'es-1');
    expect(await refusal(authenticator.authenticate(bearer(stranger)))).toEqual({ code: 'UNAUTHENTICATED', message: 'Invalid credentials: bad signature' });
    const unknownKid = await sign(pairs.unknown as CryptoKeyPair, 'ES256', 'es-2');
    expect(await refusal(authenticator.authenticate(bearer(unknownKid)))).toEqual({ code: 'UNAUTHENTICATED', message: 'Invalid credentials: token signed by an unknown key' });
  });

  it('should refuse an HS256 token when only a JWKS is configured', async () => {
    const authenticator = createAuthenticator({ ...off, required: true, jwksUrl });
    expect((await refusal(authenticator.authenticate(bearer(await signToken(secret, { sub: 'mallory' })))))).toEqual({
      code: 'UNAUTHENTICATED', message: 'Invalid credentials: signing algorithm not accepted',
    });
  });

  it('should accept both kinds when a secret and a JWKS are configured', async () => {
    const authenticator = createAuthenticator({ ...hs256, jwksUrl });
    expect((await authenticator.authenticate(bearer(await signToken(secret, { sub: 'svc' })))).user).toBe('svc');
    expect((await authenticator.authenticate(bearer(await sign(pairs.es as CryptoKeyPair, 'ES256', 'es-1')))).user).toBe('carol');
  });

  it('should answer SERVICE_UNAVAILABLE, not UNAUTHENTICATED, while the JWKS cannot be fetched', async () => {
    const authenticator = createAuthenticator({ ...off, required: true, jwksUrl: 'http://127.0.0.1:1/jwks.json' });
    expect((await refusal(authenticator.authenticate(bearer(await sign(pairs.es as CryptoKeyPair, 'ES256', 'es-1'))))).code).toBe('SERVICE_UNAVAILABLE');
  });
});
