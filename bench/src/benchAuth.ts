import { signToken } from '@flow/platform';

/**
 * Authentication for a bench run: off unless AUTH_JWT_SECRET is set in the bench's environment
 * (this module and the bench configs are its only readers). With it, the system under test runs
 * with authentication on (same secret, AUTH_ISSUER / AUTH_AUDIENCE when set), and every client
 * request carries an admin token, so a run with and one without the variable give the cost of
 * authentication per request (bench/README.md).
 */
export interface BenchAuth {
  /** Variables to give the services of the system under test; empty when off. */
  env: Record<string, string>;
  /** `Bearer <JWT>` for the bench's clients, or undefined when off. */
  authorization: string | undefined;
}

export async function loadBenchAuth(env: Readonly<Record<string, string | undefined>> = process.env): Promise<BenchAuth> {
  const secret = env.AUTH_JWT_SECRET?.trim();
  if (!secret) return { env: {}, authorization: undefined };
  const issuer = env.AUTH_ISSUER?.trim() || undefined;
  const audience = env.AUTH_AUDIENCE?.trim() || undefined;
  const token = await signToken(secret, { sub: 'bench', roles: ['admin'] }, { ttlSeconds: 24 * 3600, issuer, audience });
  return {
    env: { AUTH_JWT_SECRET: secret, ...(issuer ? { AUTH_ISSUER: issuer } : {}), ...(audience ? { AUTH_AUDIENCE: audience } : {}) },
    authorization: `Bearer ${token}`,
  };
}

/** What the bench prints about authentication. */
export const describeAuth = (auth: BenchAuth): string =>
  auth.authorization ? 'authentication ON (AUTH_JWT_SECRET: every request carries an admin token, verified by the gateway and each subgraph)' : 'authentication off (set AUTH_JWT_SECRET to measure with it on)';
