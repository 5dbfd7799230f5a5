import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { Kind, OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import { authorization, graphqlHttpUrl, graphqlWsUrl } from './token.js';

/**
 * Apollo Client against the gateway's own `/graphql`: queries and mutations over HTTP,
 * subscriptions over graphql-ws. The pasted token goes in the `Authorization` header and in
 * `connectionParams`; a new token takes effect on the next request (`restartSocket`).
 */
export function createApolloClient(): { client: ApolloClient; restartSocket: () => void } {
  const ws = createClient({
    url: graphqlWsUrl,
    lazy: true,
    connectionParams: () => {
      const credential = authorization();
      return credential ? { authorization: credential } : {};
    },
  });
  const withToken = new SetContextLink(({ headers }) => {
    const credential = authorization();
    return { headers: { ...(headers as Record<string, string> | undefined), ...(credential ? { authorization: credential } : {}) } };
  });
  const http = withToken.concat(new HttpLink({ uri: graphqlHttpUrl }));
  const isSubscription = ({ query }: ApolloLink.Operation): boolean => {
    const definition = getMainDefinition(query);
    return definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.SUBSCRIPTION;
  };
  const client = new ApolloClient({
    link: ApolloLink.split(isSubscription, new GraphQLWsLink(ws), http),
    cache: new InMemoryCache({
      typePolicies: {
        // A run is identified by its execution id: the subscription's updates land on the run query.
        OrchestrationStatus: { keyFields: ['executionId'] },
        StepExecution: { keyFields: false },
      },
    }),
  });
  return { client, restartSocket: () => ws.terminate() };
}
