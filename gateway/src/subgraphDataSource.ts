import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { CORRELATION_HEADER } from '@flow/platform';
import { Agent, fetch } from 'undici';

export interface GatewayContext {
  correlationId: string;
  authorization?: string;
}

/**
 * Calls one subgraph over pooled keep-alive connections (no TCP or TLS setup per fetch) and
 * forwards the caller's correlation id and credentials.
 */
export function createSubgraphDataSource(url: string, dispatcher: Agent): RemoteGraphQLDataSource<GatewayContext> {
  return new RemoteGraphQLDataSource<GatewayContext>({
    url,
    fetcher: ((input: string, init: RequestInit) => fetch(input, { ...(init as object), dispatcher })) as never,
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
