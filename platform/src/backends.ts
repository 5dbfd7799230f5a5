import { createAmqpBus, createMemoryBus, type Bus } from './bus/index.js';
import { tracedBus } from './bus/tracedBus.js';
import { createHazelcastCache, createMemoryCache, type Cache } from './cache/index.js';
import { tracedCache } from './cache/tracedCache.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

/** RabbitMQ when RABBITMQ_URL is set, else the embedded in-memory bus; traced either way (tracedBus.ts). */
export async function busFor(config: Readonly<Config>, logger: Logger): Promise<Bus> {
  return config.rabbitmqUrl
    ? tracedBus(await createAmqpBus({
      url: config.rabbitmqUrl, logger, connectionName: config.service, maxMessageBytes: config.payloads.messageMaxBytes, queueType: config.rabbitmqQueueType,
    }), { system: 'rabbitmq' })
    : tracedBus(createMemoryBus({ maxMessageBytes: config.payloads.messageMaxBytes }), { system: 'memory' });
}

/** Hazelcast when HAZELCAST_ADDRESSES is set, else the embedded in-memory cache; traced either way. */
export async function cacheFor(config: Readonly<Config>, logger: Logger): Promise<Cache> {
  return config.hazelcastAddresses
    ? tracedCache(await createHazelcastCache({ addresses: config.hazelcastAddresses, clusterName: config.hazelcastClusterName, logger }), { system: 'hazelcast' })
    : tracedCache(createMemoryCache(), { system: 'memory' });
}
