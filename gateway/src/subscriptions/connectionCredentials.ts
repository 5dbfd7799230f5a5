import type { IncomingMessage } from 'node:http';
import { CORRELATION_HEADER, correlationIdFrom, isAppError, type Authenticator, type Principal } from '@flow/platform';
import type { Credentials } from './federatedExecutor.js';

export type ConnectionParams = Record<string, unknown>;

export type Admission = { accepted: true; credentials: Credentials; principal: Principal } | { accepted: false; reason: string };

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/**
 * The credentials of a graphql-ws connection: `connectionParams.authorization` (or
 * `Authorization`, as browsers cannot set headers on a WebSocket), else the upgrade request's
 * header. With authentication on, a connection must present valid ones, or it is refused before
 * any subscription: the token then goes with every query the connection causes, so each
 * subgraph checks the caller's roles as on HTTP.
 */
export async function admitConnection(params: ConnectionParams | undefined, request: IncomingMessage, authenticator: Authenticator): Promise<Admission> {
  const authorization = text(params?.authorization) ?? text(params?.Authorization) ?? text(request.headers.authorization);
  if (authenticator.required && !authorization) return { accepted: false, reason: 'UNAUTHENTICATED: connectionParams.authorization must carry a bearer token' };
  let principal: Principal;
  try {
    principal = await authenticator.authenticate(authorization);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { accepted: false, reason: `${error.code}: ${error.message}` };
  }
  const correlationId = correlationIdFrom(text(params?.[CORRELATION_HEADER]) ?? request.headers[CORRELATION_HEADER]);
  return { accepted: true, principal, credentials: { correlationId, ...(authorization ? { authorization } : {}) } };
}
