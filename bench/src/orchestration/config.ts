import { randomBytes } from 'node:crypto';

/**
 * The orchestration bench's only reader of the environment. Every knob has a bounded default,
 * so `npm run bench:orchestration` stops by itself; the servers default to the ones
 * `npm run infra:up` starts on loopback.
 */
export interface OrchestrationBenchConfig {
  /** A fresh database (`<name>-<random hex>`) on the MongoDB-wire server, dropped at the end. */
  mongodbUri: string;
  rabbitmqUrl: string;
  hazelcastAddresses: string[];
  hazelcastClusterName: string;
  /** Executions of each flow started at once in the throughput phases. */
  executions: number;
  /** Start requests in flight at once (the starts are bounded, the executions are not). */
  startConcurrency: number;
  /**
   * The measured EchoProcessor's concurrency (its prefetch is twice that). EchoProcessor does no
   * I/O, so its commands wait only on the broker: the product's default of 10, meant for
   * processors that do real work, would make it the bottleneck.
   */
  processorConcurrency: number;
  /** Steps of the linear flow; the fan-out flow has 1 + fanOut + 1 steps. */
  linearSteps: number;
  fanOut: number;
  /**
   * Linear executions run at once, unmeasured, before the measured phases: the servers' JITs
   * (Hazelcast's JVM above all) reach their steady state, which is what the figures describe.
   */
  warmUpExecutions: number;
  /** Linear executions run one after the other, to measure latency without load. */
  latencyRuns: number;
  /** Raw amqplib round trips at concurrency 1 (after a tenth as many unmeasured). */
  rawRoundTrips: number;
  /** Executions held in flight for the RSS measurement, and how long RSS is sampled once all are. */
  inFlight: number;
  inFlightHoldMs: number;
  /** Also run both throughput phases against the orchestrator in its own process (BENCH_CHILD_THROUGHPUT=1). */
  childThroughput: boolean;
  /** A phase goes on without the executions that have not ended after this long. */
  phaseTimeoutMs: number;
  /** Executions are given up on as stuck when nothing happened in their phase for this long. */
  stallMs: number;
  /**
   * When set, the in-process linear phase is CPU-profiled into this directory, and each
   * orchestrator process writes a profile of its life there (CPU.*.cpuprofile, node --cpu-prof).
   */
  profileDir: string | undefined;
  nodeEnv: string;
  /** Suffix of this run's events queue and status exchange (namespacedBus.ts). */
  queueSuffix: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function positiveInt(env: Env, name: string, fallback: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be an integer in 1..${max} (got "${raw}")`);
  return value;
}

/** The server of the URI with a database name of our own, so the bench never touches real data. */
function freshDatabase(uri: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/([^?]*))?(\?.*)?$/.exec(uri.trim());
  if (!match) throw new Error(`MONGODB_URI must be a mongodb:// URI (got "${uri}")`);
  const [, server, database, options = ''] = match;
  return `${server}/${database || 'flow-bench-orchestration'}-${randomBytes(4).toString('hex')}${options}`;
}

export function loadOrchestrationBenchConfig(env: Env = process.env): OrchestrationBenchConfig {
  const executions = positiveInt(env, 'BENCH_EXECUTIONS', 200, 5_000);
  return {
    mongodbUri: freshDatabase(env.MONGODB_URI?.trim() || 'mongodb://127.0.0.1:27017/flow-bench-orchestration'),
    rabbitmqUrl: env.RABBITMQ_URL?.trim() || 'amqp://guest:guest@127.0.0.1:5672',
    hazelcastAddresses: (env.HAZELCAST_ADDRESSES?.trim() || '127.0.0.1:5701').split(',').map((a) => a.trim()).filter(Boolean),
    hazelcastClusterName: env.HAZELCAST_CLUSTER_NAME?.trim() || 'flow-orchestrator',
    executions,
    startConcurrency: positiveInt(env, 'BENCH_START_CONCURRENCY', 16, 256),
    processorConcurrency: positiveInt(env, 'BENCH_PROCESSOR_CONCURRENCY', 128, 5_000),
    linearSteps: positiveInt(env, 'BENCH_LINEAR_STEPS', 10, 50),
    fanOut: positiveInt(env, 'BENCH_FAN_OUT', 8, 48),
    warmUpExecutions: positiveInt(env, 'BENCH_WARMUP_EXECUTIONS', 200, 5_000),
    latencyRuns: positiveInt(env, 'BENCH_LATENCY_RUNS', 20, 1_000),
    rawRoundTrips: positiveInt(env, 'BENCH_RAW_ROUND_TRIPS', 2_000, 100_000),
    inFlight: positiveInt(env, 'BENCH_IN_FLIGHT', 1_000, 10_000),
    inFlightHoldMs: positiveInt(env, 'BENCH_IN_FLIGHT_HOLD_SECONDS', 10, 600) * 1_000,
    childThroughput: env.BENCH_CHILD_THROUGHPUT?.trim() === '1',
    phaseTimeoutMs: positiveInt(env, 'BENCH_PHASE_TIMEOUT_SECONDS', 3_600, 7_200) * 1_000,
    stallMs: positiveInt(env, 'BENCH_STALL_SECONDS', 30, 3_600) * 1_000,
    profileDir: env.BENCH_PROFILE_DIR?.trim() || undefined,
    nodeEnv: env.NODE_ENV?.trim() || 'production',
    queueSuffix: `bench-${randomBytes(4).toString('hex')}`,
  };
}

/** The variable that hands the run's queue suffix to the orchestrator process it spawns. */
export const QUEUE_SUFFIX_VARIABLE = 'BENCH_QUEUE_SUFFIX';

/** In that orchestrator process: the suffix, which it cannot run without. */
export function queueSuffixOf(env: Env = process.env): string {
  const suffix = env[QUEUE_SUFFIX_VARIABLE]?.trim();
  if (!suffix || !/^[\w-]{1,64}$/.test(suffix)) throw new Error(`${QUEUE_SUFFIX_VARIABLE} must name this run's queue suffix (got "${suffix ?? ''}")`);
  return suffix;
}
