import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import type { AuthConfig } from '../config.js';
import { ConfigError } from '../configReader.js';
import { createAuthenticator } from './authenticator.js';
import { managerIdentity, ORCHESTRATOR_IDENTITY, processorIdentity, createServiceCredentials } from './serviceCredentials.js';
import { signToken } from './tokens.js';

const secret = 'unit-test-secret-unit-test-secret-0123';
const off: AuthConfig = { required: false, jwtSecret: undefined, jwksUrl: undefined, issuer: undefined, audience: undefined, publicMetrics: true, serviceToken: undefined };
const hs256: AuthConfig = { ...off, required: true, jwtSecret: secret, issuer: 'flow', audience: 'flow-api' };
const jwksOnly: AuthConfig = { ...off, required: true, jwksUrl: 'http://127.0.0.1:1/jwks.json' };
const claimsOf = async (header: Promise<string | undefined>) => decodeJwt(((await header) as string).replace(/^Bearer /, ''));

describe('service credentials', () => {
  it('should send nothing with authentication off and no service token', async () => {
    const credentials = createServiceCredentials(off, managerIdentity('step'));
    expect(credentials.mode).toBe('none');
    expect(await credentials.authorization()).toBeUndefined();
  });

  it('should mint a short-lived token with exactly the identity\'s roles, which the platform accepts', async () => {
    const credentials = createServiceCredentials(hs256, ORCHESTRATOR_IDENTITY);
    expect(credentials.mode).toBe('minted');
    const header = (await credentials.authorization()) as string;
    const claims = decodeJwt(header.replace(/^Bearer /, ''));
    expect(claims).toMatchObject({ sub: 'service:orchestrator', roles: ['viewer', 'scheduler'], iss: 'flow', aud: 'flow-api' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(15 * 60);
    expect(await createAuthenticator(hs256).authenticate(header)).toMatchObject({ user: 'service:orchestrator', roles: ['viewer', 'scheduler'] });
  });

  it('should name the processor in a processor\'s token', async () => {
    expect(await claimsOf(createServiceCredentials(hs256, processorIdentity('EchoProcessor')).authorization())).toMatchObject({
      sub: 'processor:EchoProcessor', roles: ['processor'], processor: 'EchoProcessor',
    });
  });

  it('should reuse its token, and mint a new one when two thirds of its life are gone', async () => {
    let now = Date.now();
    const credentials = createServiceCredentials(hs256, managerIdentity('step'), { now: () => now, ttlSeconds: 90 });
    const first = await credentials.authorization();
    now += 30_000;
    expect(await credentials.authorization()).toBe(first);
    now += 31_000;
    const second = await credentials.authorization();
    expect(second).not.toBe(first);
    expect((await claimsOf(Promise.resolve(second))).exp).toBe(Math.floor(now / 1000) + 90);
  });

  it('should present AUTH_SERVICE_TOKEN when it cannot mint', async () => {
    const token = await signToken(secret, { sub: 'svc', roles: ['viewer'] }, { ttlSeconds: 30 * 86_400 });
    const credentials = createServiceCredentials({ ...jwksOnly, serviceToken: token }, managerIdentity('step'));
    expect(credentials.mode).toBe('token');
    expect(await credentials.authorization()).toBe(`Bearer ${token}`);
  });

  it('should refuse to start with a service token that lacks a role, names another processor or expired', async () => {
    const lacking = await signToken(secret, { sub: 'svc', roles: ['viewer'] });
    expect(() => createServiceCredentials({ ...jwksOnly, serviceToken: lacking }, ORCHESTRATOR_IDENTITY)).toThrow(/lacks the role\(s\) scheduler/);
    const other = await signToken(secret, { sub: 'p', roles: ['processor'], processor: 'FileProcessor' });
    expect(() => createServiceCredentials({ ...jwksOnly, serviceToken: other }, processorIdentity('EchoProcessor'))).toThrow(/names processor "FileProcessor", but this is EchoProcessor/);
    const expired = await signToken(secret, { sub: 'svc', roles: ['viewer'], exp: Math.floor(Date.now() / 1000) - 1 });
    expect(() => createServiceCredentials({ ...jwksOnly, serviceToken: expired }, managerIdentity('step'))).toThrow(/has expired/);
  });

  it('should refuse to start with authentication on and no way to authenticate its own calls', () => {
    expect(() => createServiceCredentials(jwksOnly, managerIdentity('step'))).toThrow(ConfigError);
  });
});
