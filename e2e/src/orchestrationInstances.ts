import type { System } from '@flow/launcher';
import { createMongoExecutionStore, EXECUTION_HEADS_MAP, createOrchestratorService, type OrchestratorService } from '@flow/orchestrator';
import { busFor, cacheFor, createLogger, createMetrics, listen, loadConfig, type Bus, type Cache, type RunningServer } from '@flow/platform';
import { startProcessor, type AnyProcessorDefinition, type RunningProcessor } from '@flow/processor-sdk';
import { fastOrchestration, type OrchestrationKind } from './orchestrationHarness.js';

/**
 * More instances beside a running system, as other processes would be: on the real servers
 * each has its own RabbitMQ and Hazelcast connections (and the orchestrator the same MongoDB);
 * embedded, they can only share the system's in-memory twins and store.
 */

const quiet = () => createLogger('e2e-instance', 'silent');

/** The settings of the system's own instances: the fast ones, the kind's servers, then `env`. */
function instanceEnv(kind: OrchestrationKind, env: Record<string, string>): Record<string, string> {
  return { NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', ...fastOrchestration, ...kind.env, ...env };
}

interface Connections {
  bus: Bus;
  cache: Cache;
  close(): Promise<void>;
}

async function connectionsFor(kind: OrchestrationKind, system: System, env: Record<string, string> = {}): Promise<Connections> {
  if (kind.backend === 'memory') return { bus: system.orchestration.bus, cache: system.orchestration.cache, close: async () => undefined };
  const config = loadConfig('orchestrator', instanceEnv(kind, env));
  const bus = await busFor(config, quiet());
  const cache = await cacheFor(config, quiet()).catch(async (error: unknown) => {
    await bus.close();
    throw error;
  });
  return { bus, cache, close: async () => void (await Promise.allSettled([bus.close(), cache.close()])) };
}

export interface ExtraOrchestrator {
  service: OrchestratorService;
  server: RunningServer;
  close(): Promise<void>;
}

/**
 * A second orchestrator instance competing on `orchestrator.events` over the system's
 * executions; `env` should repeat the settings the system was started with.
 */
export async function startExtraOrchestrator(kind: OrchestrationKind, system: System, env: Record<string, string> = {}): Promise<ExtraOrchestrator> {
  const config = loadConfig('orchestrator', instanceEnv(kind, env));
  const connections = await connectionsFor(kind, system);
  const connection = system.backend.connection;
  const store = kind.backend === 'mongo' && connection ? createMongoExecutionStore(connection, { recoveryScanMs: config.orchestration.recoveryScanMs, sharedHeads: connections.cache.map(EXECUTION_HEADS_MAP) }) : system.orchestration.service.orchestrator.store;
  const service = await createOrchestratorService({ config, logger: quiet(), store, bus: connections.bus, cache: connections.cache, subgraphUrls: () => system.subgraphUrls });
  const server = await listen(service.app, 0, '127.0.0.1');
  return {
    service,
    server,
    async close() {
      server.server.closeAllConnections();
      await server.close();
      await service.close();
      await connections.close();
    },
  };
}

/** Another instance of a processor (same definition, so the same processor id and queue). */
export async function startExtraProcessor(
  kind: OrchestrationKind, system: System, definition: AnyProcessorDefinition, instanceId: string, env: Record<string, string> = {},
): Promise<RunningProcessor> {
  const config = loadConfig('worker', instanceEnv(kind, env));
  // Its own bus reads `env` too (MESSAGE_MAX_BYTES, say): a misconfigured instance is possible.
  const connections = await connectionsFor(kind, system, env);
  const processor = await startProcessor({
    definition, bus: connections.bus, cache: connections.cache, config: { ...config.processor, gatewayUrl: system.gatewayUrl },
    logger: quiet(), metrics: createMetrics(`processor-${definition.name}`), port: 0, instanceId, retryDelayMs: 100, auth: config.auth,
  }).catch(async (error: unknown) => {
    await connections.close();
    throw error;
  });
  return {
    ...processor,
    async close() {
      await processor.close();
      await connections.close();
    },
  };
}
