import { randomBytes } from 'node:crypto';

/**
 * The subscription bench's only reader of the environment. Embedded backends unless
 * RABBITMQ_URL is set; then MongoDB, RabbitMQ and Hazelcast (the `npm run infra:up` ones by
 * default) and the measured gateway runs in its own process, so its RSS is its own.
 */
export interface SubscriptionBenchConfig {
  real: { mongodbUri: string; rabbitmqUrl: string; hazelcastAddresses: string; hazelcastClusterName: string } | undefined;
  /** Subscribers of the one run of the first scenario. */
  oneRunSubscribers: number;
  /** Runs of the second scenario, and subscribers of each. */
  runs: number;
  subscribersPerRun: number;
  /** How long EchoProcessor holds each of the three steps of a run (its transitions are this far apart). */
  stepDelayMs: number;
  /** The coalescing window of the "with coalescing" gateway (the other one has 0). */
  coalesceMs: number;
  /** Subscribers connecting at once. */
  connectConcurrency: number;
  /** A scenario gives up on subscribers that have not completed after this long. */
  scenarioTimeoutMs: number;
  nodeEnv: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer in ${min}..${max} (got "${raw}")`);
  return value;
}

export function loadSubscriptionBenchConfig(env: Env = process.env): SubscriptionBenchConfig {
  const rabbitmqUrl = env.RABBITMQ_URL?.trim();
  const mongoServer = (env.MONGODB_URI?.trim() || 'mongodb://127.0.0.1:27017/flow-bench').replace(/\/[^/]*$/, '');
  return {
    real: rabbitmqUrl
      ? {
          rabbitmqUrl,
          mongodbUri: `${mongoServer}/flow-bench-subscriptions-${randomBytes(4).toString('hex')}`,
          hazelcastAddresses: env.HAZELCAST_ADDRESSES?.trim() || '127.0.0.1:5701',
          hazelcastClusterName: env.HAZELCAST_CLUSTER_NAME?.trim() || 'flow-orchestrator',
        }
      : undefined,
    oneRunSubscribers: int(env, 'BENCH_SUBSCRIBERS', 1_000, 1, 20_000),
    runs: int(env, 'BENCH_SUBSCRIPTION_RUNS', 100, 1, 2_000),
    subscribersPerRun: int(env, 'BENCH_SUBSCRIBERS_PER_RUN', 10, 1, 1_000),
    stepDelayMs: int(env, 'BENCH_STEP_DELAY_MS', 50, 0, 60_000),
    coalesceMs: int(env, 'BENCH_COALESCE_MS', 25, 1, 10_000),
    connectConcurrency: int(env, 'BENCH_CONNECT_CONCURRENCY', 50, 1, 1_000),
    scenarioTimeoutMs: int(env, 'BENCH_SCENARIO_TIMEOUT_S', 300, 10, 3_600) * 1_000,
    nodeEnv: env.NODE_ENV?.trim() || undefined,
  };
}
