import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  AUTH_OFF, createHttpApp, createServiceCredentials, defaultPayloadLimits, finishHttpApp, listen, processorIdentity,
  type AuthConfig, type Bus, type Cache, type Logger, type Metrics, type PayloadLimits, type ProcessorConfig, type RunningServer, type ServiceCredentials, type Subscription,
} from '@flow/platform';
import { EVENTS_QUEUE, processorQueue } from '@flow/protocol';
import { createActivityRunner, type ActivityRunner } from './activityRunner.js';
import { createCommandHandler } from './commandHandler.js';
import { processorLabel, type AnyProcessorDefinition } from './defineProcessor.js';
import { createGraphqlRegistry } from './graphqlRegistry.js';
import { startHeartbeats, type Heartbeats } from './heartbeats.js';
import { builtImplementationHash } from './implementationHash.js';
import { createProcessorMetrics } from './processorMetrics.js';
import { registerProcessor, type ProcessorRegistry } from './registration.js';

export interface StartProcessorOptions {
  definition: AnyProcessorDefinition;
  bus: Bus;
  cache: Cache;
  /** prefetch, concurrency, heartbeatMs, gatewayUrl (loadConfig(...).processor). */
  config: Readonly<ProcessorConfig>;
  logger: Logger;
  metrics: Metrics;
  /** Where to register; default the gateway's GraphQL API at `config.gatewayUrl`. */
  registry?: ProcessorRegistry;
  /**
   * Authentication (config.auth): the processor's own credential (its service token, role
   * processor, naming it) for registration and on every event it publishes. Default: none.
   */
  auth?: Readonly<AuthConfig>;
  /** Port of `/health` and `/metrics`; 0 picks a free one. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Deliveries of a command whose handling crashes before it is dead-lettered. Default 5. */
  maxDeliveries?: number;
  /** Wait before such a command is delivered again. Default 1 000 ms. */
  retryDelayMs?: number;
  /** How long close() lets in-flight commands finish before aborting their signals (then it waits 1 s more at most). Default 7 000 ms, so that a whole close fits in onShutdown's (and Docker's) 10 s. */
  shutdownGraceMs?: number;
  /** Names this instance in heartbeats; default host:pid:random. */
  instanceId?: string;
  /** Output bound (loadConfig(...).payloads); an output past it fails its step with PAYLOAD_TOO_LARGE. Default 1 MiB. */
  payloads?: Pick<PayloadLimits, 'stepOutputMaxBytes'>;
}

export interface RunningProcessor {
  processorId: string;
  instanceId: string;
  /** Base URL of `/health` and `/metrics`. */
  url: string;
  /** Commands being handled now. */
  inFlight(): number;
  /**
   * Graceful shutdown: stops consuming, lets in-flight commands finish (after the grace period
   * their signals abort and unstarted ones go back to the queue), then removes the heartbeat
   * and closes the HTTP server. Leaves the bus and cache, which the caller owns, open.
   */
  close(): Promise<void>;
}

const ABORTED_WAIT_MS = 1_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Checks the built implementation hash, then registers by composite key; answers the processor id. */
async function register(options: StartProcessorOptions, credentials: ServiceCredentials, logger: Logger): Promise<string> {
  const hash = await builtImplementationHash(options.definition);
  const registry = options.registry ?? createGraphqlRegistry({ url: options.config.gatewayUrl, logger, authorization: () => credentials.authorization() });
  return registerProcessor(registry, options.definition, hash, logger);
}

interface Running {
  subscription: Subscription;
  runner: ActivityRunner;
  heartbeats: Heartbeats;
  server: RunningServer;
}

/** Stops consuming, waits (bounded) for in-flight commands, then stops beating and serving. */
async function shutDown({ subscription, runner, heartbeats, server }: Running, graceMs: number, logger: Logger): Promise<void> {
  const finished = Promise.all([subscription.cancel(), runner.idle()]).then(() => true);
  if (!(await Promise.race([finished, sleep(graceMs).then(() => false)]))) {
    logger.warn({ inFlight: runner.inFlight(), graceMs }, 'in-flight commands outlived the grace period; aborting them');
    runner.abort();
    // Handlers that honour their signal settle at once; one that ignores it is not waited for long.
    await Promise.race([finished, sleep(ABORTED_WAIT_MS)]);
  }
  await heartbeats.stop();
  await server.close();
}

/** Registers the processor and serves its queue until closed (DESIGN.md section 9). */
export async function startProcessor(options: StartProcessorOptions): Promise<RunningProcessor> {
  const { definition, bus, cache, config } = options;
  const label = processorLabel(definition);
  const logger = options.logger.child({ processor: label });
  const credentials = createServiceCredentials(options.auth ?? AUTH_OFF, processorIdentity(definition.name), { logger });
  if (credentials.mode === 'none') logger.warn('no service credential (AUTH_SERVICE_TOKEN or AUTH_JWT_SECRET): registration and events are anonymous, which only a platform running with authentication off accepts');
  const processorId = await register(options, credentials, logger);
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const metrics = createProcessorMetrics(options.metrics, definition);
  const runner = createActivityRunner(definition, config.concurrency, metrics);
  const queue = processorQueue(processorId);
  const maxDeliveries = options.maxDeliveries ?? 5;

  await bus.declareQueue(EVENTS_QUEUE);
  await bus.declareQueue(queue);
  const payloads = options.payloads ?? defaultPayloadLimits;
  const handler = createCommandHandler({
    processorId, processor: definition, label, queue, runner, bus, logger, metrics, maxDeliveries, payloads, sender: () => credentials.authorization(),
  });
  const subscription = await bus.consume(queue, handler, {
    prefetch: config.prefetch, maxDeliveries, retryDelayMs: options.retryDelayMs ?? 1_000, onDeadLetter: (reason) => metrics.deadLettered(reason),
  });
  let closing: Promise<void> | undefined;
  const consuming = { name: 'consumer', critical: true, check: async () => { if (closing) throw new Error('shutting down'); } };
  const app = createHttpApp({ logger, metrics: options.metrics, health: [bus.health, cache.health, consuming], ...(options.auth ? { auth: options.auth } : {}) });
  finishHttpApp(app, logger, { exposeDetails: false });
  let heartbeats: Heartbeats | undefined;
  try {
    heartbeats = await startHeartbeats({
      cache, processorId, instanceId, name: definition.name, version: definition.version, heartbeatMs: config.heartbeatMs, inFlight: () => runner.inFlight(), logger,
    });
    const running: Running = { subscription, runner, heartbeats, server: await listen(app, options.port ?? 0, options.host ?? '127.0.0.1') };
    logger.info({ processorId, instanceId, queue, url: running.server.url }, `processor ${label} consuming`);
    return {
      processorId, instanceId, url: running.server.url,
      inFlight: () => runner.inFlight(),
      close: () => (closing ??= shutDown(running, options.shutdownGraceMs ?? 7_000, logger).then(() => logger.info(`processor ${label} stopped`))),
    };
  } catch (error) {
    await subscription.cancel();
    await heartbeats?.stop();
    throw error;
  }
}
