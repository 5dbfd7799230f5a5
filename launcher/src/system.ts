import { backendFor, createEntitySubgraph, type EntityBackend, type EntitySubgraph } from '@flow/kit';
import { createGateway, entityDefinitions as definitions, type Gateway } from '@flow/gateway';
import { orchestrationRoutes } from '@flow/orchestrator';
import type { AnyProcessorDefinition, RunningProcessor } from '@flow/processor-sdk';
import { startOrchestration, type RunningOrchestration } from './orchestration.js';
import { startProcessors } from './processors.js';
import { createLogger, serviceLogger, processEnvironment, listen, loadConfig, type Logger, type EntitySubgraphName, type RunningServer, type SubgraphName } from '@flow/platform';

export interface SystemOptions {
  /** The environment to read configuration from (defaults to the process's). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Bind every service to a free port instead of its configured one (tests). */
  ephemeralPorts?: boolean;
  /** Start only these subgraphs (tests of an owner being down); all by default. */
  only?: readonly EntitySubgraphName[];
  /** Processors to run in this process on the orchestrator's bus and cache (none by default). */
  processors?: readonly AnyProcessorDefinition[];
  logger?: Logger;
}

export interface System {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  backend: EntityBackend;
  subgraphs: Partial<Record<EntitySubgraphName, EntitySubgraph & { server: RunningServer }>>;
  orchestration: RunningOrchestration;
  processors: RunningProcessor[];
  /** Stops one subgraph's server (its URL keeps pointing at the closed port). */
  stopSubgraph(name: EntitySubgraphName): Promise<void>;
  close(): Promise<void>;
}

/**
 * Every entity manager, the orchestrator and the gateway in this one process, sharing one backend: embedded
 * memory, or the MongoDB named by MONGODB_URI. Used by `npm start`, the e2e tests and benches.
 */
export async function startSystem(options: SystemOptions = {}): Promise<System> {
  const env = { ...(options.env ?? processEnvironment()), ...(options.ephemeralPorts ? { PORT: '0' } : {}) };
  const gatewayConfig = loadConfig('gateway', env);
  const logger = options.logger ?? createLogger('flow-orchestrator', gatewayConfig.logLevel);
  const backend = await backendFor(gatewayConfig.mongodbUri, logger);
  const subgraphUrls = { ...gatewayConfig.subgraphUrls };
  const subgraphs: System['subgraphs'] = {};
  const names = options.only ?? (Object.keys(definitions) as EntitySubgraphName[]);
  // PORT names the gateway's port; each manager keeps its own unless every port is ephemeral.
  const managerEnv = options.ephemeralPorts ? env : { ...env, PORT: undefined };
  for (const name of names) {
    const config = loadConfig(name, managerEnv);
    const subgraphLogger = serviceLogger(logger, `manager-${name}`);
    const subgraph = await createEntitySubgraph({
      name, definition: definitions[name], config, logger: subgraphLogger, backend, subgraphUrls: () => subgraphUrls,
    });
    const server = await listen(subgraph.app, config.port, config.host);
    subgraphUrls[name] = `${server.url}/graphql`;
    subgraphs[name] = { ...subgraph, server };
  }
  const orchestration = await startOrchestration(managerEnv, backend, () => subgraphUrls, logger);
  subgraphUrls.orchestrator = `${orchestration.server.url}/graphql`;
  let gateway: Gateway | undefined = await createGateway({
    config: gatewayConfig,
    logger: serviceLogger(logger, 'gateway'),
    subgraphUrls: () => subgraphUrls,
    entities: Object.values(definitions),
    operations: orchestrationRoutes,
    // The orchestrator's own bus: in the embedded mode its broadcasts exist only in this instance.
    bus: orchestration.bus,
  });
  const gatewayServer = await listen(gateway.app, gatewayConfig.port, gatewayConfig.host);
  gateway.subscriptions.attach(gatewayServer.server);
  const gatewayUrl = `${gatewayServer.url}/graphql`;
  const processors = await startProcessors(options.processors ?? [], env, orchestration, gatewayUrl, logger);
  // One process, one scrape: the gateway's /metrics (the address npm start prints) serves them all.
  for (const hosted of [...Object.values(subgraphs), orchestration.service, ...processors]) gateway.metrics.include(hosted.metrics);

  async function stopSubgraph(name: EntitySubgraphName): Promise<void> {
    const subgraph = subgraphs[name];
    if (!subgraph) return;
    delete subgraphs[name];
    subgraph.server.server.closeAllConnections();
    await subgraph.server.close();
    await subgraph.close();
  }

  return {
    gatewayUrl,
    subgraphUrls,
    backend,
    subgraphs,
    orchestration,
    processors,
    stopSubgraph,
    async close() {
      for (const processor of processors) await processor.close();
      await gateway?.subscriptions.close();
      gatewayServer.server.closeAllConnections();
      await gatewayServer.close();
      await gateway?.close();
      gateway = undefined;
      await orchestration.close();
      for (const name of Object.keys(subgraphs) as EntitySubgraphName[]) await stopSubgraph(name);
      await backend.close();
    },
  };
}
