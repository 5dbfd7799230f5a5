import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import {
  createAuthenticator,
  createFormatError,
  createHttpApp,
  createMetrics,
  currentContext,
  finishHttpApp,
  observabilityPlugin,
  subgraphNames,
  type Config,
  type HealthCheck,
  type Logger,
  type SubgraphName,
} from '@flow/platform';
import { createApiDocsRouter, createExecutor, createRestRouter, restRoutesFor, type EntityDefinition, type OperationRoute } from '@flow/kit';
import express, { type Express } from 'express';
import { fetch } from 'undici';
import { createSubgraphAgent, createSubgraphDataSource, type GatewayContext } from './subgraphDataSource.js';

export interface GatewayOptions {
  config: Readonly<Config>;
  logger: Logger;
  /** Where each subgraph answers; defaults to the configuration's URLs. */
  subgraphUrls?: () => Readonly<Record<SubgraphName, string>>;
  /** The entity declarations whose REST routes the gateway serves (all eight in practice). */
  entities: readonly EntityDefinition[];
  /** Further REST routes over the supergraph (the orchestration routes). */
  operations?: readonly OperationRoute[];
}

export interface Gateway {
  app: Express;
  close(): Promise<void>;
}

/** The composed supergraph checked in at `schema/supergraph.graphql` (no runtime composition). */
export function readSupergraphSdl(): string {
  return readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
}

function subgraphHealth(name: SubgraphName, url: () => string): HealthCheck {
  return {
    name: `subgraph:${name}`,
    async check() {
      const response = await fetch(url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
        signal: AbortSignal.timeout(1_500),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      await response.arrayBuffer();
    },
  };
}

/** Builds the gateway: one supergraph at `/graphql`, Sandbox at `/` in development. Does not listen. */
export async function createGateway({ config, logger, subgraphUrls, entities, operations = [] }: GatewayOptions): Promise<Gateway> {
  const urls = subgraphUrls ?? (() => config.subgraphUrls);
  const metrics = createMetrics('gateway');
  const agent = createSubgraphAgent();
  const gateway = new ApolloGateway({
    supergraphSdl: readSupergraphSdl(),
    buildService: ({ name }) => createSubgraphDataSource(name, urls()[name as SubgraphName], agent),
  });
  const development = config.env === 'development';
  const apollo = new ApolloServer<GatewayContext>({
    gateway: gateway as never,
    // Our configuration, not the raw environment, decides introspection and error detail.
    nodeEnv: config.env,
    // Shutdown is the process's job (onShutdown), not each server's.
    stopOnTerminationSignals: false,
    formatError: createFormatError({ exposeDetails: config.env !== 'production' }),
    includeStacktraceInErrorResponses: development,
    plugins: [
      observabilityPlugin(metrics, logger),
      development ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  const health = subgraphNames.map((name) => subgraphHealth(name, () => urls()[name]));
  const app = createHttpApp({ logger, metrics, health, authenticate: createAuthenticator(config.authJwtSecret) });
  const context = async (): Promise<GatewayContext> => {
    const request = currentContext();
    return {
      correlationId: request?.correlationId ?? '',
      ...(request?.authorization ? { authorization: request.authorization } : {}),
    };
  };
  const graphql = [express.json({ limit: config.bodyLimitBytes }), expressMiddleware(apollo, { context })];
  app.use('/graphql', ...graphql);
  if (development) app.get('/', ...graphql);
  const routes = [...entities.flatMap(restRoutesFor), ...operations];
  app.use(createRestRouter(routes, createExecutor(apollo, context), config.bodyLimitBytes));
  app.use(createApiDocsRouter(routes, { title: 'Flow Orchestrator REST API' }));
  finishHttpApp(app, logger, { exposeDetails: config.env !== 'production' });
  return {
    app,
    async close() {
      await apollo.stop();
      await agent.close();
    },
  };
}
