import {
  createAmqpBus, createHazelcastCache, createLogger, createMetrics, loadConfigOrExit, onShutdown, startTelemetry, tracedBus, tracedCache,
  type Bus, type Cache, type Config, type Logger,
} from '@flow/platform';
import { processorLabel, type AnyProcessorDefinition } from './defineProcessor.js';
import { startProcessor } from './startProcessor.js';

export interface RunProcessorOptions {
  /** Port of `/health` and `/metrics`. Default PORT, else 0 (a free port, logged at start). */
  port?: number;
}

async function connect(config: Readonly<Config>, label: string, logger: Logger): Promise<{ bus: Bus; cache: Cache }> {
  const { rabbitmqUrl, hazelcastAddresses, hazelcastClusterName: clusterName } = config as Readonly<Config> & { rabbitmqUrl: string; hazelcastAddresses: readonly string[] };
  const bus = tracedBus(await createAmqpBus({ url: rabbitmqUrl, logger, connectionName: `processor ${label}`, maxMessageBytes: config.payloads.messageMaxBytes }), { system: 'rabbitmq' });
  try {
    const cache = await createHazelcastCache({ addresses: hazelcastAddresses, clusterName, logger });
    return { bus, cache: tracedCache(cache, { system: 'hazelcast' }) };
  } catch (error) {
    await bus.close();
    throw error;
  }
}

/**
 * `main.ts` of a processor run alone: reads the configuration, connects to RabbitMQ and
 * Hazelcast, registers, consumes until SIGTERM/SIGINT, then shuts down gracefully. A processor
 * alone needs the real broker and cache (the embedded ones live inside `npm start`'s process).
 */
export async function runProcessor(definition: AnyProcessorDefinition, options: RunProcessorOptions = {}): Promise<void> {
  const config = loadConfigOrExit('worker');
  const telemetry = await startTelemetry(config.telemetry, { serviceName: `processor-${definition.name}` });
  const label = processorLabel(definition);
  const logger = createLogger(`processor-${definition.name}`, config.logLevel);
  if (!config.rabbitmqUrl || !config.hazelcastAddresses) {
    logger.fatal(`${label} run alone needs RabbitMQ and Hazelcast: set RABBITMQ_URL and HAZELCAST_ADDRESSES (npm run infra:up starts both), or run it inside npm start on the embedded bus`);
    process.exit(78); // EX_CONFIG
  }
  try {
    const { bus, cache } = await connect(config, label, logger);
    const processor = await startProcessor({
      definition, bus, cache, config: config.processor, auth: config.auth, logger, metrics: createMetrics(`processor-${definition.name}`),
      port: options.port ?? config.port, host: config.host, maxDeliveries: config.processor.maxDeliveries, payloads: config.payloads,
    }).catch(async (error: unknown) => {
      await Promise.allSettled([bus.close(), cache.close()]);
      throw error;
    });
    onShutdown(logger, async () => {
      await processor.close();
      await Promise.allSettled([bus.close(), cache.close()]);
      await telemetry.shutdown();
    });
  } catch (error) {
    logger.fatal({ err: error }, `${label} could not start: ${(error as Error).message}`);
    process.exit(1);
  }
}
