import { join } from 'node:path';
import { ConfigError, Reader, type Env } from './configReader.js';
import { limitsConfig, type LimitsConfig } from './limitsConfig.js';
import { readPayloadLimits, type PayloadLimits } from './payloadLimits.js';
import { queueTypes, type QueueType } from './bus/amqpTopology.js';
import { telemetryConfig, type TelemetryConfig } from './telemetryConfig.js';

export { ConfigError, processEnvironment, type Env } from './configReader.js';
export type { GraphqlLimitsConfig, LimitsConfig, RateLimitConfig, WebSocketLimitsConfig } from './limitsConfig.js';
export type { OtlpProtocol, OtlpSettings, OtlpSignal, TelemetryConfig, TelemetryExporter } from './telemetryConfig.js';

/**
 * The only reader of the environment. Each process calls `loadConfig(service)` once at start
 * and passes the frozen result down; a bad variable stops the process with a message naming it.
 */
export const servicePorts = {
  gateway: 4000,
  step: 5000,
  assignment: 5010,
  workflow: 5030,
  'orchestrated-flow': 5040,
  orchestrator: 5070,
  schema: 5100,
  address: 5120,
  delivery: 5130,
  processor: 5140,
} as const;

/**
 * A process: the gateway, a subgraph, or a `worker` running a processor (the Processor
 * manager is `processor`); a worker listens on PORT, else on a free port.
 */
export type ServiceName = keyof typeof servicePorts | 'worker';
/** Every subgraph of the supergraph: the eight entity managers and the orchestrator. */
export type SubgraphName = Exclude<keyof typeof servicePorts, 'gateway'>;
export const subgraphNames = Object.keys(servicePorts).filter((name): name is SubgraphName => name !== 'gateway');
export type EntitySubgraphName = Exclude<SubgraphName, 'orchestrator'>;
export const entitySubgraphNames = subgraphNames.filter((name): name is EntitySubgraphName => name !== 'orchestrator');

export type Environment = 'development' | 'production' | 'test';

export interface Config {
  service: ServiceName;
  env: Environment;
  logLevel: string;
  /** Interface to listen on; 0.0.0.0 inside containers. */
  host: string;
  /** This process's port (PORT, else the service's default from DESIGN.md section 3). */
  port: number;
  /** Where each subgraph answers GraphQL (SUBGRAPH_<NAME>_URL, else localhost and its port). */
  subgraphUrls: Readonly<Record<SubgraphName, string>>;
  /** Real MongoDB when set; the embedded in-memory store otherwise. */
  mongodbUri: string | undefined;
  rabbitmqUrl: string | undefined;
  /** The type of the durable queues on RabbitMQ (RABBITMQ_QUEUE_TYPE): quorum (default, replicated) or classic. */
  rabbitmqQueueType: QueueType;
  hazelcastAddresses: readonly string[] | undefined;
  hazelcastClusterName: string;
  /** Largest accepted request body, in bytes (larger ones get 413). */
  bodyLimitBytes: number;
  /** Deadline of one call from a service to a subgraph, in milliseconds. */
  subgraphTimeoutMs: number;
  /** Calls from the gateway to one subgraph in flight or queued at once (SUBGRAPH_MAX_PENDING); more are refused with 503. */
  subgraphMaxPending: number;
  /**
   * Subgraphs without which the gateway reports itself Unhealthy (GATEWAY_CRITICAL_SUBGRAPHS);
   * default none: with a subgraph down the gateway is Degraded and still answers the rest.
   */
  criticalSubgraphs: readonly SubgraphName[];
  /** Bearer-token authentication (README "Security"): off, and everyone has every role, unless a secret or a JWKS URL is set. */
  auth: Readonly<AuthConfig>;
  /**
   * Host names (lower case, each with an optional `:port`) the HTTP edge answers for
   * (ALLOWED_HOSTS, plus the host names of SUBGRAPH_*_URL and GATEWAY_URL); another `Host` gets
   * 421, which defeats DNS rebinding. Unset: any Host.
   */
  allowedHosts: readonly string[] | undefined;
  orchestration: Readonly<OrchestrationConfig>;
  scheduler: Readonly<SchedulerConfig>;
  processor: Readonly<ProcessorConfig>;
  fileProcessor: Readonly<FileProcessorConfig>;
  telemetry: Readonly<TelemetryConfig>;
  subscriptions: Readonly<SubscriptionConfig>;
  /** GraphQL, rate and WebSocket limits (README "Limits"). */
  limits: Readonly<LimitsConfig>;
  /** Bounds of bus messages and run data (payloadLimits.ts). */
  payloads: Readonly<PayloadLimits>;
}

/** Who may call: bearer JWTs, verified with jose (platform/src/auth). */
export interface AuthConfig {
  /** Whether every request (but the public health and metrics paths) needs a valid token: AUTH_JWT_SECRET or AUTH_JWKS_URL is set. */
  required: boolean;
  /** AUTH_JWT_SECRET: verifies HS256 tokens, and lets this process mint its own service token. At least 32 characters. */
  jwtSecret: string | undefined;
  /** AUTH_JWKS_URL: where the RS256 / ES256 public keys are published (a JWKS document, fetched and cached by jose). */
  jwksUrl: string | undefined;
  /** AUTH_ISSUER: tokens must carry this `iss` when set. */
  issuer: string | undefined;
  /** AUTH_AUDIENCE: tokens must carry this `aud` when set. */
  audience: string | undefined;
  /** AUTH_PUBLIC_METRICS (default true): `/metrics` answers without a token; false hides it behind authentication too. */
  publicMetrics: boolean;
  /**
   * AUTH_SERVICE_TOKEN: the JWT this process presents on its own calls (integrity checks, flow
   * reads, processor registration and events) when it cannot mint one, i.e. without AUTH_JWT_SECRET.
   */
  serviceToken: string | undefined;
}

/** The gateway's graphql-ws edge (live orchestration status). */
export interface SubscriptionConfig {
  /** Status changes of one flow within this window share one federated query; 0 = one query per change and subscriber. */
  coalesceMs: number;
  /** Subscriptions one connection may hold at once; one more closes it with 4400. */
  maxPerConnection: number;
  /** Largest accepted WebSocket message; a larger one closes the connection with 1009. */
  maxPayloadBytes: number;
  /** WebSocket ping period; a peer that has not answered the previous ping is dropped (0 = no pings). */
  keepAliveMs: number;
  /** Wait for `connection_init` before closing with 4408. */
  connectionInitTimeoutMs: number;
}

export interface OrchestrationConfig {
  /** Attempts of a step before a retryable failure is final. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A step without an answer this long after dispatch is TIMED_OUT. */
  stepTimeoutMs: number;
  /** Events handled at once by one orchestrator instance. */
  prefetch: number;
  /** Period of the outbox-recovery and deadline sweep. */
  sweepMs: number;
  /** How often the sweep looks in the store for unfinished executions no instance holds (after a crash). */
  recoveryScanMs: number;
  /** Deliveries of an event before it is dead-lettered. */
  maxDeliveries: number;
  /** How long a start's idempotency key names its run: a retried start within it answers that run (ORCHESTRATOR_IDEMPOTENCY_WINDOW_MS). */
  idempotencyWindowMs: number;
}

export interface SchedulerConfig {
  /** IANA time zone in which cron expressions are read (SCHEDULER_TIME_ZONE, default UTC). */
  timeZone: string;
  /** Period of re-reading the scheduled flows, so entity updates apply without a restart. */
  refreshMs: number;
}

export interface ProcessorConfig {
  /** Commands delivered to one processor instance before it acks any. */
  prefetch: number;
  /** Commands one processor instance executes at once. */
  concurrency: number;
  heartbeatMs: number;
  /** Deliveries of a command before it is dead-lettered (and its step failed). */
  maxDeliveries: number;
  /** Where a processor registers its schemas and itself (the gateway). */
  gatewayUrl: string;
}

/** FileProcessor's sandbox (processors/file/README.md). */
export interface FileProcessorConfig {
  /**
   * FILE_PROCESSOR_ROOT: the only directory FileProcessor writes under (an absolute path; a
   * file:// Address must name a directory inside it). Default `<working directory>/.data/files`,
   * a data directory of the process, never the shared, world-writable temporary directory.
   */
  root: string;
  /** FILE_PROCESSOR_MAX_FILE_BYTES: largest file FileProcessor writes; a larger document fails its step. Default 16 MiB. */
  maxFileBytes: number;
}

/**
 * ALLOWED_HOSTS plus the host names (any port) of the URLs the services call each other on
 * (SUBGRAPH_*_URL, GATEWAY_URL), so the check never refuses the system's own calls. Those are
 * names a rebinding page cannot send: its `Host` is always its own domain.
 */
function withInternalHosts(listed: readonly string[] | undefined, internalUrls: readonly string[]): readonly string[] | undefined {
  if (!listed) return undefined;
  const internal = internalUrls.map((url) => new URL(url).hostname.toLowerCase());
  return Object.freeze([...new Set([...listed, ...internal])]);
}

function authConfig(read: Reader): Readonly<AuthConfig> {
  const jwtSecret = read.secret('AUTH_JWT_SECRET', 32);
  const jwksUrl = read.url('AUTH_JWKS_URL', undefined, ['http:', 'https:']);
  return Object.freeze({
    required: jwtSecret !== undefined || jwksUrl !== undefined,
    jwtSecret,
    jwksUrl,
    issuer: read.optional('AUTH_ISSUER'),
    audience: read.optional('AUTH_AUDIENCE'),
    publicMetrics: read.oneOf('AUTH_PUBLIC_METRICS', ['true', 'false'], 'true') === 'true',
    serviceToken: read.jwt('AUTH_SERVICE_TOKEN'),
  });
}

export function loadConfig(service: ServiceName, env: Env = process.env): Readonly<Config> {
  const read = new Reader(env);
  const envName = read.oneOf<Environment>('NODE_ENV', ['development', 'production', 'test'], 'development');
  const subgraphUrls = Object.fromEntries(
    subgraphNames.map((name) => {
      const variable = `SUBGRAPH_${name.toUpperCase().replace(/-/g, '_')}_URL`;
      const fallback = `http://127.0.0.1:${servicePorts[name]}/graphql`;
      return [name, read.url(variable, fallback, ['http:', 'https:']) ?? fallback];
    }),
  ) as Record<SubgraphName, string>;
  const gatewayUrl = read.url('GATEWAY_URL', 'http://127.0.0.1:4000/graphql', ['http:', 'https:']) ?? 'http://127.0.0.1:4000/graphql';
  const config: Config = {
    service,
    env: envName,
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    host: read.string('HOST', '127.0.0.1'),
    port: read.int('PORT', service === 'worker' ? 0 : servicePorts[service], 0, 65535),
    subgraphUrls: Object.freeze(subgraphUrls),
    mongodbUri: read.url('MONGODB_URI', undefined, ['mongodb:', 'mongodb+srv:']),
    rabbitmqUrl: read.url('RABBITMQ_URL', undefined, ['amqp:', 'amqps:']),
    rabbitmqQueueType: read.oneOf('RABBITMQ_QUEUE_TYPE', queueTypes, 'quorum'),
    hazelcastAddresses: read.hostPorts('HAZELCAST_ADDRESSES'),
    hazelcastClusterName: read.string('HAZELCAST_CLUSTER_NAME', 'flow-orchestrator'),
    bodyLimitBytes: read.int('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    subgraphTimeoutMs: read.int('SUBGRAPH_TIMEOUT_MS', 10_000, 100, 300_000),
    subgraphMaxPending: read.int('SUBGRAPH_MAX_PENDING', 1_000, 1, 100_000),
    criticalSubgraphs: read.someOf('GATEWAY_CRITICAL_SUBGRAPHS', subgraphNames, []),
    auth: authConfig(read),
    allowedHosts: withInternalHosts(read.hostNames('ALLOWED_HOSTS'), [...Object.values(subgraphUrls), gatewayUrl]),
    orchestration: Object.freeze({
      maxAttempts: read.int('ORCHESTRATOR_MAX_ATTEMPTS', 3, 1, 100),
      retryBaseMs: read.int('ORCHESTRATOR_RETRY_BASE_MS', 1_000, 0, 3_600_000),
      retryMaxMs: read.int('ORCHESTRATOR_RETRY_MAX_MS', 60_000, 0, 86_400_000),
      stepTimeoutMs: read.int('ORCHESTRATOR_STEP_TIMEOUT_MS', 300_000, 100, 86_400_000),
      prefetch: read.int('ORCHESTRATOR_PREFETCH', 256, 1, 10_000),
      sweepMs: read.int('ORCHESTRATOR_SWEEP_MS', 1_000, 50, 600_000),
      recoveryScanMs: read.int('ORCHESTRATOR_RECOVERY_SCAN_MS', 10_000, 100, 3_600_000),
      maxDeliveries: read.int('ORCHESTRATOR_MAX_DELIVERIES', 5, 1, 100),
      idempotencyWindowMs: read.int('ORCHESTRATOR_IDEMPOTENCY_WINDOW_MS', 86_400_000, 1_000, 30 * 86_400_000),
    }),
    scheduler: Object.freeze({
      timeZone: read.timeZone('SCHEDULER_TIME_ZONE', 'UTC'),
      refreshMs: read.int('SCHEDULER_REFRESH_MS', 5_000, 50, 600_000),
    }),
    processor: Object.freeze({
      prefetch: read.int('PROCESSOR_PREFETCH', 16, 1, 10_000),
      concurrency: read.int('PROCESSOR_CONCURRENCY', 10, 1, 10_000),
      heartbeatMs: read.int('PROCESSOR_HEARTBEAT_MS', 5_000, 100, 600_000),
      maxDeliveries: read.int('PROCESSOR_MAX_DELIVERIES', 5, 1, 100),
      gatewayUrl,
    }),
    fileProcessor: Object.freeze({
      root: read.absolutePath('FILE_PROCESSOR_ROOT', join(process.cwd(), '.data', 'files')),
      maxFileBytes: read.int('FILE_PROCESSOR_MAX_FILE_BYTES', 16 * 1024 * 1024, 1, 1024 * 1024 * 1024),
    }),
    telemetry: telemetryConfig(read),
    subscriptions: Object.freeze({
      coalesceMs: read.int('SUBSCRIPTIONS_COALESCE_MS', 25, 0, 10_000),
      maxPerConnection: read.int('SUBSCRIPTIONS_MAX_PER_CONNECTION', 100, 1, 100_000),
      maxPayloadBytes: read.int('SUBSCRIPTIONS_MAX_PAYLOAD_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
      keepAliveMs: read.int('SUBSCRIPTIONS_KEEPALIVE_MS', 12_000, 0, 600_000),
      connectionInitTimeoutMs: read.int('SUBSCRIPTIONS_INIT_TIMEOUT_MS', 3_000, 100, 600_000),
    }),
    limits: limitsConfig(read),
    payloads: readPayloadLimits(read),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return Object.freeze(config);
}
