import { expressMiddleware } from '@as-integrations/express5';
import type { StartKeys } from '../store/startKeys.js';
import { createApiDocsRouter, createFederationClient, readSubgraphSdl, type GraphRevision } from '@flow/kit';
import {
  createAuthenticator,
  createHttpApp,
  createServiceCredentials,
  ORCHESTRATOR_IDENTITY,
  createMetrics,
  finishHttpApp,
  type Bus,
  type Cache,
  type Config,
  type Logger,
  type SubgraphName,
  type Metrics,
} from '@flow/platform';
import { createExecutor, createRestRouter, startSubgraphApollo } from '@flow/serving';
import express, { type Express } from 'express';
import { parse } from 'graphql';
import { observeOrchestrator } from '../metrics/orchestratorGauges.js';
import { subgraphHealthChecks } from '../metrics/subgraphHealthChecks.js';
import { createEventSenders } from '../service/eventSenders.js';
import { createFlowReader, type FlowReader } from '../service/flowReader.js';
import { reusingSnapshots, singleFlight } from '../service/flowReuse.js';
import { createOrchestrator, type Orchestrator } from '../service/orchestrator.js';
import { createProcessorActivity } from '../service/processorActivity.js';
import type { ExecutionStore } from '../store/executionStore.js';
import { orchestrationRoutes } from './orchestrationRoutes.js';
import { orchestratorResolvers } from './resolvers.js';
import { createOrchestratorScheduler, type Scheduler } from '../scheduler/index.js';

export interface OrchestratorServiceOptions {
  config: Readonly<Config>;
  logger: Logger;
  store: ExecutionStore;
  bus: Bus;
  cache: Cache;
  /**
   * The entity graph's revision token where the entity managers write it (their MongoDB, or the
   * embedded backend of this process): flow snapshots are reused until it changes. Without it
   * every start reads its flow.
   */
  graphRevision?: GraphRevision;
  /** Where the entity subgraphs answer; defaults to the configuration's URLs. */
  subgraphUrls?: () => Readonly<Record<SubgraphName, string>>;
  /** The idempotency keys of starts, shared by the instances (MongoDB); in memory when not given. */
  startKeys?: StartKeys;
}

export interface OrchestratorService {
  app: Express;
  orchestrator: Orchestrator;
  scheduler: Scheduler;
  /** Its `/metrics`; a process hosting several services includes them in one scrape. */
  metrics: Metrics;
  close(): Promise<void>;
}

/**
 * The flow reader's decorators: with the entity graph's revision token, a snapshot is reused
 * until an entity changes; without it, starts share only the reads in flight.
 */
function reusingReads(reader: FlowReader, revision: GraphRevision | undefined): FlowReader {
  return revision ? reusingSnapshots(reader, revision) : singleFlight(reader);
}

/** Manager.Orchestrator: the orchestrator subgraph, `/health` and `/metrics`. Does not listen. */
export async function createOrchestratorService(options: OrchestratorServiceOptions): Promise<OrchestratorService> {
  const { config, logger, store, bus, cache } = options;
  const metrics = createMetrics('orchestrator');
  const urls = options.subgraphUrls ?? (() => config.subgraphUrls);
  // Flow reads, schedules and processor names are read as the orchestrator itself, whoever started the run.
  const credentials = createServiceCredentials(config.auth, ORCHESTRATOR_IDENTITY, { logger });
  const authorization = () => credentials.authorization();
  const authenticator = createAuthenticator(config.auth);
  const federation = createFederationClient({ urls, timeoutMs: config.subgraphTimeoutMs, authorization });
  await store.init();
  // Wrapped to observe durations and cache hits from outside the core (../metrics).
  const observed = observeOrchestrator({ store, bus, cache, metrics });
  const orchestrator = createOrchestrator({
    store: observed.store, bus, cache: observed.cache, flows: reusingReads(createFlowReader(federation), options.graphRevision),
    settings: config.orchestration, payloads: config.payloads, logger, metrics,
    ...(authenticator.required ? { senders: createEventSenders({ authenticator, federation }) } : {}),
    ...(options.startKeys ? { startKeys: options.startKeys } : {}),
  });
  await orchestrator.run();
  const scheduler = createOrchestratorScheduler({ orchestrator, federation, urls, authorization, cache, config, logger, metrics });
  const apollo = await startSubgraphApollo({
    config, logger, metrics,
    typeDefs: parse(readSubgraphSdl('orchestrator')),
    resolvers: orchestratorResolvers(orchestrator, scheduler, createProcessorActivity(bus, cache), bus.deadLetters),
  });
  const app = createHttpApp({
    logger, metrics, auth: config.auth, authenticator, allowedHosts: config.allowedHosts,
    health: [store.health, bus.health, cache.health, ...subgraphHealthChecks(urls, authorization)],
  });
  app.use('/graphql', express.json({ limit: config.bodyLimitBytes }), expressMiddleware(apollo, { context: async () => ({}) }));
  app.use(createRestRouter(orchestrationRoutes, createExecutor(apollo, async () => ({})), config.bodyLimitBytes));
  app.use(createApiDocsRouter(orchestrationRoutes, { title: 'Manager.Orchestrator REST API' }));
  finishHttpApp(app, logger, { exposeDetails: config.env !== 'production' });
  scheduler.start();
  return {
    app,
    orchestrator,
    scheduler,
    metrics,
    async close() {
      await scheduler.close();
      await orchestrator.close();
      await store.flush();
      await apollo.stop();
      await federation.close();
    },
  };
}
