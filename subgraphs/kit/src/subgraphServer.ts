import { readFileSync } from 'node:fs';
import { expressMiddleware } from '@as-integrations/express5';
import {
  ANONYMOUS,
  createHttpApp,
  createServiceCredentials,
  managerIdentity,
  createMetrics,
  currentContext,
  finishHttpApp,
  type Config,
  type Logger,
  type EntitySubgraphName,
  type SubgraphName,
  type Metrics,
} from '@flow/platform';
import { createExecutor, createRestRouter, startSubgraphApollo } from '@flow/serving';
import express, { type Express } from 'express';
import { parse } from 'graphql';
import type { EntityBackend } from './backend.js';
import type { EntityDefinition } from './defineEntity.js';
import { entitySdl } from './entitySdl.js';
import { createEntityService, type EntityService } from './entityService.js';
import { createFederationClient } from './federationClient.js';
import { createLoaders } from './loaders.js';
import { peerHealthChecks } from './peerHealth.js';
import { buildResolvers, type SubgraphContext } from './resolvers.js';
import { createApiDocsRouter } from './rest/routeDocs.js';
import { restRoutesFor } from './rest/restRoutes.js';

export interface EntitySubgraphOptions {
  name: EntitySubgraphName;
  definition: EntityDefinition;
  config: Readonly<Config>;
  logger: Logger;
  backend: EntityBackend;
  /** Where the other subgraphs answer; defaults to the configuration's URLs. */
  subgraphUrls?: () => Readonly<Record<SubgraphName, string>>;
}

export interface EntitySubgraph {
  app: Express;
  service: EntityService;
  /** Its `/metrics`; a process hosting several services includes them in one scrape. */
  metrics: Metrics;
  close(): Promise<void>;
}

/** The checked-in SDL of a subgraph, `schema/<name>.graphql` (the orchestrator's is hand-written). */
export function readSubgraphSdl(name: SubgraphName): string {
  return readFileSync(new URL(`../../../schema/${name}.graphql`, import.meta.url), 'utf8');
}

/**
 * Builds one entity manager: its subgraph at `/graphql`, its REST routes at `/api/<Type>`,
 * `/health` and `/metrics`. Does not listen.
 */
export async function createEntitySubgraph(options: EntitySubgraphOptions): Promise<EntitySubgraph> {
  const { name, definition, config, logger, backend } = options;
  const metrics = createMetrics(`manager-${name}`);
  const repository = backend.repository(definition);
  await repository.init();
  const urls = options.subgraphUrls ?? (() => config.subgraphUrls);
  // Integrity checks ask the other managers as this manager (viewer), whoever wrote.
  const credentials = createServiceCredentials(config.auth, managerIdentity(name), { logger });
  const authorization = () => credentials.authorization();
  const federation = createFederationClient({
    urls,
    timeoutMs: config.subgraphTimeoutMs,
    authorization,
  });
  const service = createEntityService({ definition, repository, federation, metrics });
  const exposeDetails = config.env !== 'production';
  const apollo = await startSubgraphApollo<SubgraphContext>({
    config, logger, metrics,
    typeDefs: parse(entitySdl(definition)),
    resolvers: buildResolvers(service),
  });

  const context = async (): Promise<SubgraphContext> => ({
    loaders: createLoaders(definition, repository, () => service.count('queried')),
    user: currentContext()?.user ?? ANONYMOUS,
  });
  const app = createHttpApp({
    logger, metrics, auth: config.auth, allowedHosts: config.allowedHosts,
    health: [backend.health, ...peerHealthChecks(definition, name, urls, authorization)],
  });
  app.use('/graphql', express.json({ limit: config.bodyLimitBytes }), expressMiddleware(apollo, { context }));
  const routes = restRoutesFor(definition);
  app.use(createRestRouter(routes, createExecutor(apollo, context), config.bodyLimitBytes));
  app.use(createApiDocsRouter(routes, { title: `Manager.${definition.type} REST API` }));
  finishHttpApp(app, logger, { exposeDetails });
  return {
    app,
    service,
    metrics,
    async close() {
      await apollo.stop();
      await federation.close();
    },
  };
}
