import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { readSupergraphSdl } from '@flow/gateway';
import type { SubgraphName } from '@flow/platform';

interface Context {
  authorization?: string;
}

export interface BaselineGateway {
  url: string;
  close(): Promise<void>;
}

/**
 * A plain `@apollo/gateway` as its README shows it: the same checked-in supergraph, each
 * subgraph reached through a default `RemoteGraphQLDataSource` (default fetcher, no pooling
 * or header tuning), served by `startStandaloneServer`. Only the URLs differ from the
 * supergraph's, because the system under test listens on ephemeral ports.
 */
export async function startBaselineGateway(subgraphUrls: Readonly<Record<SubgraphName, string>>): Promise<BaselineGateway> {
  const gateway = new ApolloGateway({
    supergraphSdl: readSupergraphSdl(),
    // With authentication on, the subgraphs need the caller's token: passed on as Apollo's docs show.
    buildService: ({ name }) => new RemoteGraphQLDataSource<Context>({
      url: subgraphUrls[name as SubgraphName],
      willSendRequest({ request, context }) {
        if (context.authorization) request.http?.headers.set('authorization', context.authorization);
      },
    }),
  });
  const server = new ApolloServer<Context>({ gateway, stopOnTerminationSignals: false });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) }),
  });
  return { url, close: () => server.stop() };
}
