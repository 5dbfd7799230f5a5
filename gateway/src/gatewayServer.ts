import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import {
  apolloLimitOptions,
  createAuthenticator,
  createFormatError,
  createHttpApp,
  createMetrics,
  currentContext,
  finishHttpApp,
  graphqlHealthCheck,
  observabilityPlugin,
  subgraphNames,
  type Bus,
  type Config,
  type Logger,
  type SubgraphName,
  type Metrics,
} from '@flow/platform';
import { createApiDocsRouter, restRoutesFor, type EntityDefinition, type OperationRoute } from '@flow/kit';
import { createExecutor, createRestRouter } from '@flow/serving';
import express, { type Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import { consoleDistDir } from '@flow/console';
import { consolePrefixes, createConsoleRouter } from './consoleRoutes.js';
import { landingPageWithOfflineLinks } from './landingPage.js';
import { readSupergraphSdl } from './supergraphSdl.js';
import { createSubgraphAgent, createSubgraphDataSource, type GatewayContext } from './subgraphDataSource.js';
import { createEdgeGuard } from './limits/edgeGuard.js';
import { rateLimitRequests, requireSafelisted } from './limits/index.js';
import { apolloExecutor, createSubscriptionEdge, type SubscriptionEdge } from './subscriptions/index.js';

export interface GatewayOptions {
  config: Readonly<Config>;
  logger: Logger;
  /** Where each subgraph answers; defaults to the configuration's URLs. */
  subgraphUrls?: () => Readonly<Record<SubgraphName, string>>;
  /** The entity declarations whose REST routes the gateway serves (all eight in practice). */
  entities: readonly EntityDefinition[];
  /** Further REST routes over the supergraph (the orchestration routes). */
  operations?: readonly OperationRoute[];
  /** Where orchestrators broadcast status changes: the subscription edge listens there. */
  bus: Bus;
}

export interface Gateway {
  app: Express;
  /** graphql-ws on `/graphql`: `attach` it to the server listening with `app`; close it before that server. */
  subscriptions: SubscriptionEdge;
  /** Its `/metrics`: npm start includes every service of the process in it. */
  metrics: Metrics;
  /** Closes the subscription edge (if not yet), Apollo and the subgraph connections. */
  close(): Promise<void>;
}

/** Builds the gateway: one supergraph at `/graphql`, Sandbox at `/` in development, the console at `/console` and GraphiQL at `/graphiql`. Does not listen. */
export async function createGateway({ config, logger, subgraphUrls, entities, operations = [], bus }: GatewayOptions): Promise<Gateway> {
  const urls = subgraphUrls ?? (() => config.subgraphUrls);
  const metrics = createMetrics('gateway');
  const agent = createSubgraphAgent();
  const gateway = new ApolloGateway({
    supergraphSdl: readSupergraphSdl(),
    buildService: ({ name }) =>
      createSubgraphDataSource(name, urls()[name as SubgraphName], agent, { timeoutMs: config.subgraphTimeoutMs, maxPending: config.subgraphMaxPending }),
  });
  // Subscriptions are validated against the API schema the gateway serves (not the raw supergraph).
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => void (apiSchema = loaded));
  const development = config.env === 'development';
  const limits = apolloLimitOptions<GatewayContext>(config.limits.graphql, config.env);
  const apollo = new ApolloServer<GatewayContext>({
    gateway: gateway as never,
    // Our configuration, not the raw environment, decides introspection and error detail.
    nodeEnv: config.env,
    // Apollo's default, stated so it cannot be lost: a GET or POST with no Content-Type or a form or
    // text one, and without `apollo-require-preflight` / `x-apollo-operation-name`, is refused (400).
    csrfPrevention: true,
    // Shutdown is the process's job (onShutdown), not each server's.
    stopOnTerminationSignals: false,
    formatError: createFormatError({ exposeDetails: config.env !== 'production' }),
    includeStacktraceInErrorResponses: development,
    ...limits,
    plugins: [
      ...limits.plugins,
      observabilityPlugin(metrics, logger),
      development ? landingPageWithOfflineLinks(ApolloServerPluginLandingPageLocalDefault({ embed: true })) : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  // One authenticator for HTTP and WebSocket: a token verified on one edge is known to the other.
  const authenticator = createAuthenticator(config.auth);
  const guard = createEdgeGuard(config);
  const subscriptions = await createSubscriptionEdge({
    config: config.subscriptions, authenticator, guard,
    logger, metrics, bus, schema: () => apiSchema, execute: apolloExecutor(apollo),
  });

  // A subgraph down makes the gateway Degraded, not Unhealthy: it still answers everything else,
  // and every gateway instance shares the problem, so taking them out of rotation helps no one.
  // GATEWAY_CRITICAL_SUBGRAPHS names those an operator wants it to be Unhealthy without.
  const health = subgraphNames.map((name) => graphqlHealthCheck(`subgraph:${name}`, () => urls()[name], config.criticalSubgraphs.includes(name)));
  const app = createHttpApp({ logger, metrics, health, auth: config.auth, authenticator, allowedHosts: config.allowedHosts, publicPrefixes: consolePrefixes });
  const context = async (): Promise<GatewayContext> => {
    const request = currentContext();
    return {
      correlationId: request?.correlationId ?? '',
      ...(request?.authorization ? { authorization: request.authorization } : {}),
    };
  };
  // After `/health` and `/metrics` (answered above, never limited) and the request context (the user).
  app.use(rateLimitRequests(guard.rateLimiter));
  const safelisted = guard.safelist ? [requireSafelisted(guard.safelist)] : [];
  const graphql = [express.json({ limit: config.bodyLimitBytes }), ...safelisted, expressMiddleware(apollo, { context })];
  app.use('/graphql', ...graphql);
  if (development) app.get('/', ...graphql);
  const routes = [...entities.flatMap(restRoutesFor), ...operations];
  app.use(createRestRouter(routes, createExecutor(apollo, context), config.bodyLimitBytes));
  app.use(createApiDocsRouter(routes, { title: 'Flow Orchestrator REST API' }));
  app.use(createConsoleRouter(consoleDistDir));
  finishHttpApp(app, logger, { exposeDetails: config.env !== 'production' });
  return {
    app,
    subscriptions,
    metrics,
    async close() {
      await subscriptions.close();
      await apollo.stop();
      await agent.close();
    },
  };
}
