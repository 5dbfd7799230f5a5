import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { AppError, CORRELATION_HEADER, ErrorCode, toGraphQLError } from '@flow/platform';
import { GraphQLError } from 'graphql';
import { Agent, fetch, type Response } from 'undici';

export interface GatewayContext {
  correlationId: string;
  authorization?: string;
}

/** Bounds on the gateway's calls to one subgraph (SUBGRAPH_TIMEOUT_MS, SUBGRAPH_MAX_PENDING). */
export interface SubgraphCallLimits {
  /** A call without an answer this long fails with SERVICE_UNAVAILABLE. */
  timeoutMs: number;
  /** Calls to one subgraph in flight or waiting for a connection at once; one more is refused at once. */
  maxPending: number;
}

/**
 * Calls one subgraph over pooled keep-alive connections (no TCP or TLS setup per fetch) and
 * forwards the caller's correlation id and credentials. A subgraph that cannot be reached, does
 * not answer within the timeout, or already has `maxPending` calls waiting fails the call with
 * SERVICE_UNAVAILABLE (503), not an internal error: a hung subgraph costs a bounded wait and a
 * bounded queue, never every request piling up behind it.
 */
export function createSubgraphDataSource(name: string, url: string, dispatcher: Agent, limits: SubgraphCallLimits): RemoteGraphQLDataSource<GatewayContext> {
  const unavailable = (reason: string) =>
    toGraphQLError(new AppError(ErrorCode.SERVICE_UNAVAILABLE, `The ${name} subgraph ${reason}`, { details: { subgraph: name } }));
  let pending = 0;
  const fetcher = async (input: string, init: RequestInit) => {
    if (pending >= limits.maxPending) throw unavailable(`already has ${pending} calls pending (SUBGRAPH_MAX_PENDING); try again later`);
    pending += 1;
    const timeout = AbortSignal.timeout(limits.timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      return await fetch(input, { ...(init as object), dispatcher, signal });
    } catch (error) {
      if (timeout.aborted) throw unavailable(`did not answer within ${limits.timeoutMs} ms (SUBGRAPH_TIMEOUT_MS)`);
      const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw unavailable(`cannot be reached: ${reason}`);
    } finally {
      pending -= 1;
    }
  };
  const dataSource: RemoteGraphQLDataSource<GatewayContext> = new RemoteGraphQLDataSource<GatewayContext>({
    url,
    fetcher: fetcher as never,
    /**
     * A subgraph that refuses the operation itself (4xx with GraphQL errors: a variable its scalar
     * refuses, a failed validation) is answered with its first error's message and code, as if the
     * gateway had refused it, not as an internal "400: Bad Request".
     */
    async errorFromResponse(response: Response): Promise<GraphQLError> {
      const refusal = response.status >= 400 && response.status < 500 ? firstError(await response.clone().json().catch(() => undefined)) : undefined;
      return refusal ?? RemoteGraphQLDataSource.prototype.errorFromResponse.call(dataSource, response as never);
    },
    willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
      // Health probes and schema loading run without a request context.
      const { correlationId, authorization } = context as Partial<GatewayContext>;
      if (correlationId) request.http?.headers.set(CORRELATION_HEADER, correlationId);
      if (authorization) request.http?.headers.set('authorization', authorization);
    },
  });
  return dataSource;
}

/** The first error of a GraphQL answer's body, when it carries a code. */
function firstError(body: unknown): GraphQLError | undefined {
  const first = (body as { errors?: Array<{ message?: unknown; extensions?: { code?: unknown; details?: unknown } }> } | undefined)?.errors?.[0];
  if (typeof first?.message !== 'string' || typeof first.extensions?.code !== 'string') return undefined;
  return new GraphQLError(first.message, { extensions: { code: first.extensions.code, ...(first.extensions.details ? { details: first.extensions.details } : {}) } });
}

export function createSubgraphAgent(): Agent {
  return new Agent({ keepAliveTimeout: 60_000, connections: 64, pipelining: 1 });
}
