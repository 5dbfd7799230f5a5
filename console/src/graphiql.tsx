import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import './graphiql-page.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from 'graphql-ws';
import { authorization, graphqlHttpUrl, graphqlWsUrl } from './token.js';

/**
 * GraphiQL at `/graphiql`, bundled (no CDN): queries and mutations over HTTP, subscriptions
 * over graphql-ws, both to the gateway on this page's origin. The console's token (session
 * storage) is sent on both; `?query=` opens a document.
 */
const credential = authorization();
const headers = credential ? { authorization: credential } : undefined;
const fetcher = createGraphiQLFetcher({
  url: graphqlHttpUrl,
  ...(headers ? { headers } : {}),
  wsClient: createClient({ url: graphqlWsUrl, lazy: true, connectionParams: () => headers ?? {} }),
});
const query = new URLSearchParams(location.search).get('query') ?? undefined;
const defaultQuery = `# Flow Orchestrator: the whole entity graph in one query.
# Subscriptions run over graphql-ws, e.g. subscription { orchestrationStatus(orchestratedFlowId: "…") { status completedSteps totalSteps } }
query Flows {
  orchestratedFlows(first: 10) {
    nodes { id name version status { status startedAt } }
  }
}
`;
const root = document.getElementById('graphiql');
if (!root) throw new Error('graphiql: #graphiql is missing from graphiql.html');
createRoot(root).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} {...(query ? { query } : {})} shouldPersistHeaders={false}>
      <GraphiQL.Logo><a href="/console">Flow Orchestrator</a> GraphiQL</GraphiQL.Logo>
    </GraphiQL>
  </StrictMode>,
);
