import type { EntityBackend } from '@flow/kit';
import { createMemoryExecutionStore, createMongoExecutionStore, EXECUTION_HEADS_MAP, createOrchestratorService, type OrchestratorService } from '@flow/orchestrator';
import { busFor, cacheFor, listen, loadConfig, type Bus, type Cache, type Logger, type RunningServer, type SubgraphName } from '@flow/platform';

export interface RunningOrchestration {
  service: OrchestratorService;
  server: RunningServer;
  bus: Bus;
  cache: Cache;
  close(): Promise<void>;
}

/**
 * The orchestrator in this process: executions beside the entities (the same MongoDB or the
 * embedded store), RabbitMQ and Hazelcast when configured, else in-memory twins that the
 * processors of this process share.
 */
export async function startOrchestration(
  env: Readonly<Record<string, string | undefined>>,
  backend: EntityBackend,
  subgraphUrls: () => Readonly<Record<SubgraphName, string>>,
  logger: Logger,
): Promise<RunningOrchestration> {
  const config = loadConfig('orchestrator', env);
  const orchestratorLogger = logger.child({ service: 'orchestrator' });
  const bus = await busFor(config, orchestratorLogger);
  const cache = await cacheFor(config, orchestratorLogger);
  const store = backend.connection ? createMongoExecutionStore(backend.connection, { recoveryScanMs: config.orchestration.recoveryScanMs, sharedHeads: cache.map(EXECUTION_HEADS_MAP) }) : createMemoryExecutionStore();
  const service = await createOrchestratorService({ config, logger: orchestratorLogger, store, bus, cache, subgraphUrls, graphRevision: backend.revision });
  const server = await listen(service.app, config.port, config.host);
  let closed = false;
  return {
    service,
    server,
    bus,
    cache,
    /** Idempotent: tests may stop the orchestrator early to run another one elsewhere. */
    async close() {
      if (closed) return;
      closed = true;
      server.server.closeAllConnections();
      await server.close();
      await service.close();
      await bus.close();
      await cache.close();
    },
  };
}
