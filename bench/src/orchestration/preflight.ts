import { connectMongo, createHazelcastCache, type Logger } from '@flow/platform';
import { connect } from 'amqplib';
import type { OrchestrationBenchConfig } from './config.js';

const redact = (url: string): string => url.replace(/\/\/[^@/]*@/, '//');

async function probe(name: string, check: () => Promise<void>): Promise<string | undefined> {
  try {
    await check();
    return undefined;
  } catch (error) {
    return `${name}: ${(error as Error).message}`;
  }
}

/** Refuses to run, naming every server that does not answer: this bench is about the real ones. */
export async function assertServersReachable(config: OrchestrationBenchConfig, logger: Logger): Promise<void> {
  const problems = (
    await Promise.all([
      probe(`MongoDB-wire server at ${redact(config.mongodbUri).replace(/\/[^/]*$/, '')}`, async () => {
        await (await connectMongo(config.mongodbUri, logger)).close();
      }),
      probe(`RabbitMQ at ${redact(config.rabbitmqUrl)}`, async () => {
        await (await connect(config.rabbitmqUrl, { timeout: 3_000 })).close();
      }),
      probe(`Hazelcast at ${config.hazelcastAddresses.join(',')} (cluster ${config.hazelcastClusterName})`, async () => {
        const cache = await createHazelcastCache({ addresses: config.hazelcastAddresses, clusterName: config.hazelcastClusterName, logger, connectTimeoutMs: 3_000 });
        await cache.close();
      }),
    ])
  ).filter((problem): problem is string => problem !== undefined);
  if (problems.length > 0) {
    throw new Error(`the orchestration bench needs the real servers; unreachable:\n  - ${problems.join('\n  - ')}\nStart them with \`npm run infra:up\` (or point MONGODB_URI / RABBITMQ_URL / HAZELCAST_ADDRESSES at yours).`);
  }
}
