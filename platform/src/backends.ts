import { createAmqpBus, createMemoryBus, type Bus } from './bus/index.js';
import { createHazelcastCache, createMemoryCache, type Cache } from './cache/index.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

/** RabbitMQ when RABBITMQ_URL is set, else the embedded in-memory bus. */
export async function busFor(config: Readonly<Config>, logger: Logger): Promise<Bus> {
  return config.rabbitmqUrl ? createAmqpBus({ url: config.rabbitmqUrl, logger, connectionName: config.service }) : createMemoryBus();
}

/** Hazelcast when HAZELCAST_ADDRESSES is set, else the embedded in-memory cache. */
export async function cacheFor(config: Readonly<Config>, logger: Logger): Promise<Cache> {
  return config.hazelcastAddresses
    ? createHazelcastCache({ addresses: config.hazelcastAddresses, clusterName: config.hazelcastClusterName, logger })
    : createMemoryCache();
}
