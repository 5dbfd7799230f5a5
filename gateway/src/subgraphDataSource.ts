import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { AppError, CORRELATION_HEADER, ErrorCode, toGraphQLError } from '@flow/platform';
import { Agent, fetch } from 'undici';

export interface GatewayContext {
  correlationId: string;
  authorization?: string;
}

/**
 * Calls one subgraph over pooled keep-alive connections (no TCP or TLS setup per fetch) and
 * forwards the caller's correlation id and credentials.
 */
export function createSubgraphDataSource(name: string, url: string, dispatcher: Agent): RemoteGraphQLDataSource<GatewayContext> {
  // A subgraph that cannot be reached is SERVICE_UNAVAILABLE (503), not an internal error.
  const fetcher = async (input: string, init: RequestInit) => {
    try {
      return await fetch(input, { ...(init as object), dispatcher });
    } catch (error) {
      const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw toGraphQLError(new AppError(ErrorCode.SERVICE_UNAVAILABLE, `The ${name} subgraph cannot be reached: ${reason}`, { details: { subgraph: name } }));
    }
  };
  return new RemoteGraphQLDataSource<GatewayContext>({
    url,
    fetcher: fetcher as never,
    willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
      // Health probes and schema loading run without a request context.
      const { correlationId, authorization } = context as Partial<GatewayContext>;
      if (correlationId) request.http?.headers.set(CORRELATION_HEADER, correlationId);
      if (authorization) request.http?.headers.set('authorization', authorization);
    },
  });
}

export function createSubgraphAgent(): Agent {
  return new Agent({ keepAliveTimeout: 60_000, connections: 64, pipelining: 1 });
}
