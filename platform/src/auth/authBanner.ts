import type { AuthConfig } from '../config.js';
import type { Logger } from '../logger.js';

/** The public paths of every HTTP edge; everything else needs a token when authentication is on. */
export function publicPaths(auth: Readonly<AuthConfig>): readonly string[] {
  return auth.publicMetrics ? ['/health/live', '/health/ready', '/metrics'] : ['/health/live', '/health/ready'];
}

/**
 * The startup banner's authentication line, in every process: a warning when authentication is
 * off (the open development default), else what is checked and what stays public.
 */
export function logAuthMode(logger: Logger, auth: Readonly<AuthConfig>): void {
  if (!auth.required) {
    logger.warn('AUTHENTICATION IS OFF (neither AUTH_JWT_SECRET nor AUTH_JWKS_URL is set): anyone who can reach this process has every role. Fine on a development machine, never on a shared network: README "Security"');
    return;
  }
  const keys = [auth.jwtSecret ? 'HS256 (AUTH_JWT_SECRET)' : undefined, auth.jwksUrl ? `RS256/ES256 (AUTH_JWKS_URL ${auth.jwksUrl})` : undefined].filter(Boolean);
  logger.info(
    { tokens: keys, issuer: auth.issuer ?? null, audience: auth.audience ?? null, public: publicPaths(auth) },
    `authentication on: every request needs a bearer token but ${publicPaths(auth).join(', ')}`,
  );
}
