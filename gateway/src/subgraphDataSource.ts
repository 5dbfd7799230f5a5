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
      if (!('correlationId' in context)) return;
      request.http?.headers.set(CORRELATION_HEADER, context.correlationId);
      if (context.authorization) request.http?.headers.set('authorization', context.authorization);
    },
  });
}

export function createSubgraphAgent(): Agent {
  return new Agent({ keepAliveTimeout: 60_000, connections: 64, pipelining: 1 });
}
