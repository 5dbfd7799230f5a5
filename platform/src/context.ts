import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line and every outgoing call of one request needs to know. */
export interface RequestContext {
  correlationId: string;
  /** The caller's `authorization` header, forwarded unchanged to downstream services. */
  authorization?: string;
  /** The authenticated user's name, or "Anonymous". */
  user: string;
  /**
   * The caller's roles (the token's `roles` claim; every role with authentication off). Absent
   * outside a request (a consumer, the scheduler): no role, so nothing requiring one runs.
   */
  roles?: readonly string[];
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export const CORRELATION_HEADER = 'x-correlation-id';
const validCorrelationId = /^[\w.:@/+=-]{1,128}$/;

/** Accepts a caller's correlation id when it is sane, else generates one. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && validCorrelationId.test(value) ? value : randomUUID();
}
