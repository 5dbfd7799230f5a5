import type { System } from '@flow/launcher';
import { startOrchestratorProcess, type OrchestratorService } from '@flow/orchestrator';
import { echoProcessor } from '@flow/processor-echo';
import { startProcessor, type RunningProcessor } from '@flow/processor-sdk';
import { createAmqpBus, createHazelcastCache, createMetrics, loadConfig, type Bus, type Cache, type Logger } from '@flow/platform';
import { measuringBus, measuringCache, measuringStore } from './measuringPorts.js';
import { namespacedBus } from './namespacedBus.js';
import type { Recorder } from './recorder.js';

/**
 * The orchestrator (startOrchestratorProcess, as main.ts and the launcher start it) and
 * EchoProcessor (as launcher/src/processors.ts wires it), but each on its own RabbitMQ
 * connection and Hazelcast client (as separate deployments would be), on this run's queue
 * names, through the measuring ports.
 */
export interface Wiring {
  /** The servers' settings, read by loadConfig as a service would. */
  env: Readonly<Record<string, string>>;
  queueSuffix: string;
  recorder: Recorder;
  logger: Logger;
}

async function realPorts({ env, queueSuffix, recorder, logger }: Wiring, name: string): Promise<{ bus: Bus; cache: Cache }> {
  const config = loadConfig('orchestrator', env);
  const bus = await createAmqpBus({ url: config.rabbitmqUrl as string, logger, connectionName: name });
  const cache = await createHazelcastCache({ addresses: config.hazelcastAddresses ?? [], clusterName: config.hazelcastClusterName, logger });
  return { bus: measuringBus(namespacedBus(bus, queueSuffix), recorder), cache: measuringCache(cache, recorder) };
}

export interface MeasuredOrchestrator {
  /** Base URL; GraphQL at `${url}/graphql`. */
  url: string;
  service: OrchestratorService;
  close(): Promise<void>;
}

export async function startMeasuredOrchestrator(wiring: Wiring, system: System): Promise<MeasuredOrchestrator> {
  const config = loadConfig('orchestrator', { ...wiring.env, PORT: '0', HOST: '127.0.0.1' });
  const connection = system.backend.connection;
  if (!connection) throw new Error('the bench needs the system on MongoDB (MONGODB_URI)');
  const { bus, cache } = await realPorts(wiring, 'bench-orchestrator');
  const orchestrator = await startOrchestratorProcess(config, wiring.logger, {
    connection, bus, cache, graphRevision: system.backend.revision, subgraphUrls: () => system.subgraphUrls,
    decorate: { store: (store) => measuringStore(store, wiring.recorder) }, dropConnectionsOnClose: true,
  });
  return {
    url: orchestrator.server.url,
    service: orchestrator.service,
    async close() {
      await orchestrator.close();
      await bus.close();
      await cache.close();
    },
  };
}

export interface MeasuredProcessor {
  processor: RunningProcessor;
  close(): Promise<void>;
}

/** EchoProcessor registered at the gateway; prefetch and concurrency default to the product's. */
export async function startMeasuredProcessor(
  wiring: Wiring,
  gatewayUrl: string,
  overrides: { prefetch?: number; concurrency?: number; name: string },
): Promise<MeasuredProcessor> {
  const config = loadConfig('worker', { ...wiring.env, PORT: '0' });
  const { bus, cache } = await realPorts(wiring, overrides.name);
  const processor = await startProcessor({
    definition: echoProcessor, bus, cache, logger: wiring.logger, metrics: createMetrics(overrides.name), port: 0, host: '127.0.0.1',
    config: { ...config.processor, gatewayUrl, ...(overrides.prefetch ? { prefetch: overrides.prefetch } : {}), ...(overrides.concurrency ? { concurrency: overrides.concurrency } : {}) },
    maxDeliveries: config.processor.maxDeliveries, auth: config.auth,
  });
  return {
    processor,
    async close() {
      await processor.close();
      await bus.close();
      await cache.close();
    },
  };
}
