import { decodeJwt } from 'jose';
import type { AuthConfig } from '../config.js';
import { ConfigError } from '../configReader.js';
import type { Logger } from '../logger.js';
import { Role } from './roles.js';
import { signToken } from './tokens.js';

/** Who a process is on its own calls, and the roles it needs for them: no more. */
export interface ServiceIdentity {
  /** The token's `sub`: `service:manager-step`, `processor:EchoProcessor`. */
  subject: string;
  roles: readonly Role[];
  /** A processor names itself (claim `processor`): it may answer only for its own commands. */
  processor?: string;
}

/** An entity manager reads the entities it checks references against (integrity, delete protection). */
export const managerIdentity = (name: string): ServiceIdentity => ({ subject: `service:manager-${name}`, roles: [Role.VIEWER] });
/** The orchestrator reads flows (starts, schedules) and turns a stopped flow's schedule off. */
export const ORCHESTRATOR_IDENTITY: ServiceIdentity = Object.freeze({ subject: 'service:orchestrator', roles: [Role.VIEWER, Role.SCHEDULER] });
/** A processor registers its schemas and itself, and signs its answers. */
export const processorIdentity = (name: string): ServiceIdentity => ({ subject: `processor:${name}`, roles: [Role.PROCESSOR], processor: name });
/** `npm start` ensures its demo flow: entity writes. */
export const LAUNCHER_IDENTITY: ServiceIdentity = Object.freeze({ subject: 'service:launcher', roles: [Role.EDITOR] });

export interface ServiceCredentials {
  /** `minted`: this process signs its own short-lived tokens (it holds AUTH_JWT_SECRET); `token`: AUTH_SERVICE_TOKEN; `none`: authentication is off. */
  readonly mode: 'minted' | 'token' | 'none';
  /** `Bearer <JWT>` for this process's own calls, or undefined when it has no credential. */
  authorization(): Promise<string | undefined>;
}

export interface ServiceCredentialsOptions {
  logger?: Logger;
  /** Lifetime of a minted token, in seconds. Default 15 minutes; a new one is minted when a third of it is left. */
  ttlSeconds?: number;
  now?: () => number;
}

/** What is wrong with an operator-minted AUTH_SERVICE_TOKEN for `identity` (read, not verified: the callee verifies). */
function serviceTokenProblems(token: string, identity: ServiceIdentity, now: number): { problems: string[]; warnings: string[] } {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(token);
  } catch {
    return { problems: ['AUTH_SERVICE_TOKEN is not a readable JWT'], warnings: [] };
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((role): role is string => typeof role === 'string') : [];
  const missing = identity.roles.filter((role) => !roles.includes(role));
  if (missing.length > 0) problems.push(`AUTH_SERVICE_TOKEN lacks the role(s) ${missing.join(', ')} that ${identity.subject} needs (it has: ${roles.join(', ') || 'none'})`);
  const extra = roles.filter((role) => !identity.roles.includes(role as Role));
  if (extra.length > 0) warnings.push(`AUTH_SERVICE_TOKEN grants ${extra.join(', ')} beyond what ${identity.subject} needs (${identity.roles.join(', ')}): mint it with those roles only`);
  if (identity.processor !== undefined && claims.processor !== identity.processor) {
    problems.push(`AUTH_SERVICE_TOKEN names processor ${JSON.stringify(claims.processor ?? null)}, but this is ${identity.processor}: the orchestrator would refuse its answers`);
  }
  if (typeof claims.exp !== 'number') problems.push('AUTH_SERVICE_TOKEN has no exp');
  else if (claims.exp * 1000 <= now) problems.push('AUTH_SERVICE_TOKEN has expired');
  else if (claims.exp * 1000 - now < 7 * 86_400_000) warnings.push(`AUTH_SERVICE_TOKEN expires on ${new Date(claims.exp * 1000).toISOString()}`);
  return { problems, warnings };
}

/**
 * The credential of a process's own calls (DESIGN.md section 13, service identities). A
 * process that holds AUTH_JWT_SECRET mints its own short-lived HS256 token with exactly the
 * identity's roles, and a new one before it expires; otherwise it presents AUTH_SERVICE_TOKEN,
 * which is checked here for the roles (and processor) it must carry. With authentication on
 * and neither, the process cannot call anything and refuses to start (ConfigError).
 */
export function createServiceCredentials(auth: Readonly<AuthConfig>, identity: ServiceIdentity, options: ServiceCredentialsOptions = {}): ServiceCredentials {
  const now = options.now ?? Date.now;
  const secret = auth.jwtSecret;
  if (secret !== undefined) {
    const ttlSeconds = options.ttlSeconds ?? 15 * 60;
    let current: { header: Promise<string>; renewAt: number } | undefined;
    const claims = { sub: identity.subject, roles: [...identity.roles], ...(identity.processor !== undefined ? { processor: identity.processor } : {}) };
    return {
      mode: 'minted',
      authorization() {
        if (!current || now() >= current.renewAt) {
          const header = signToken(secret, claims, { ttlSeconds, issuer: auth.issuer, audience: auth.audience, now }).then((token) => `Bearer ${token}`);
          current = { header, renewAt: now() + (ttlSeconds * 1000 * 2) / 3 };
        }
        return current.header;
      },
    };
  }
  if (auth.serviceToken !== undefined) {
    const { problems, warnings } = serviceTokenProblems(auth.serviceToken, identity, now());
    if (problems.length > 0) throw new ConfigError(problems);
    for (const warning of warnings) options.logger?.warn(warning);
    const header = `Bearer ${auth.serviceToken}`;
    return { mode: 'token', authorization: async () => header };
  }
  if (auth.required) {
    throw new ConfigError([
      `authentication is on (AUTH_JWKS_URL), but ${identity.subject} has no credential for its own calls: set AUTH_SERVICE_TOKEN to a JWT with roles ${identity.roles.join(', ')}${identity.processor ? ` and claim processor "${identity.processor}"` : ''}, or AUTH_JWT_SECRET`,
    ]);
  }
  return { mode: 'none', authorization: async () => undefined };
}
