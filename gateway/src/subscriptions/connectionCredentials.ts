import type { IncomingMessage } from 'node:http';
import { CORRELATION_HEADER, correlationIdFrom, isAppError, type Authenticate } from '@flow/platform';
import type { Credentials } from './federatedExecutor.js';

export type ConnectionParams = Record<string, unknown>;

export type Admission = { accepted: true; credentials: Credentials; user: string } | { accepted: false; reason: string };

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/**
 * The credentials of a graphql-ws connection: `connectionParams.authorization` (or
 * `Authorization`, as browsers cannot set headers on a WebSocket), else the upgrade request's
 * header. With authentication on (`required`), a connection must present valid ones: unlike an
 * HTTP request it lives on, and every twin query would run as Anonymous.
 */
export function admitConnection(
  params: ConnectionParams | undefined, request: IncomingMessage, authenticate: Authenticate, required: boolean,
): Admission {
  const authorization = text(params?.authorization) ?? text(params?.Authorization) ?? text(request.headers.authorization);
  if (required && !authorization) return { accepted: false, reason: 'UNAUTHENTICATED: connectionParams.authorization must carry a bearer token' };
  let user: string;
  try {
    user = authenticate(authorization);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { accepted: false, reason: `${error.code}: ${error.message}` };
  }
  const correlationId = correlationIdFrom(text(params?.[CORRELATION_HEADER]) ?? request.headers[CORRELATION_HEADER]);
  return { accepted: true, user, credentials: { correlationId, ...(authorization ? { authorization } : {}) } };
}
