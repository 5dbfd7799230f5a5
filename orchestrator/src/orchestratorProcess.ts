import { createMongoGraphRevision, type GraphRevision } from '@flow/kit';
import { busFor, cacheFor, connectMongo, listen, type Bus, type Cache, type Config, type Logger, type RunningServer, type SubgraphName } from '@flow/platform';
import type { Connection } from 'mongoose';
import { createOrchestratorService, type OrchestratorService } from './api/orchestratorServer.js';
import type { ExecutionStore } from './store/executionStore.js';
import { createMemoryExecutionStore } from './store/memoryExecutionStore.js';
import { createMongoExecutionStore, EXECUTION_HEADS_MAP } from './store/mongoExecutionStore.js';
import { createMemoryStartKeys, createMongoStartKeys } from './store/startKeys.js';

/**
 * What differs between the hosts of an orchestrator. Whatever is given here belongs to the
 * caller, who closes it after the process; whatever the process creates, its close() closes.
 */
export interface OrchestratorProcessOptions {
  /**
   * The MongoDB to keep executions in (the launcher's, shared with its entity managers).
   * Default: a connection to `config.mongodbUri`, or executions in memory when it is unset.
   */
  connection?: Connection;
  /** Default: RabbitMQ at `config.rabbitmqUrl`, else the embedded bus (busFor). */
  bus?: Bus;
  /** Default: Hazelcast at `config.hazelcastAddresses`, else the embedded cache (cacheFor). */
  cache?: Cache;
  /** The entity graph's revision token. Default: the one beside the entities in the MongoDB, none in memory. */
  graphRevision?: GraphRevision;
  /** Where the entity subgraphs answer. Default: the configuration's URLs. */
  subgraphUrls?: () => Readonly<Record<SubgraphName, string>>;
  /** Decorators applied before the service sees the ports (the bench's namespacing and measuring). */
  decorate?: { bus?: (bus: Bus) => Bus; store?: (store: ExecutionStore) => ExecutionStore };
  /** Drops open connections on close instead of letting their requests finish (in-process hosts). Default false. */
  dropConnectionsOnClose?: boolean;
}

/** Manager.Orchestrator as a process: its backends, its service and its server on `config.port`. */
export interface OrchestratorProcess {
  service: OrchestratorService;
  server: RunningServer;
  bus: Bus;
  cache: Cache;
  /** Idempotent. The server first, then the service, then what the process opened. */
  close(): Promise<void>;
}

/** What this process opened itself, closed in this order: nothing is used after it is closed. */
interface Owned {
  service?: OrchestratorService;
  bus?: Bus;
  cache?: Cache;
  connection?: Connection;
}

async function closeOwned(owned: Owned): Promise<void> {
  await owned.service?.close();
  await owned.bus?.close();
  await owned.cache?.close();
  await owned.connection?.close();
}

async function portsFor(config: Readonly<Config>, logger: Logger, options: OrchestratorProcessOptions, owned: Owned) {
  const connection = options.connection ?? (config.mongodbUri ? await connectMongo(config.mongodbUri, logger) : undefined);
  if (!options.connection) owned.connection = connection;
  const given = options.bus ?? (await busFor(config, logger));
  const bus = options.decorate?.bus?.(given) ?? given;
  if (!options.bus) owned.bus = bus;
  const cache = options.cache ?? (await cacheFor(config, logger));
  if (!options.cache) owned.cache = cache;
  const store = connection
    ? createMongoExecutionStore(connection, { recoveryScanMs: config.orchestration.recoveryScanMs, sharedHeads: cache.map(EXECUTION_HEADS_MAP) })
    : createMemoryExecutionStore();
  // The entity managers write the graph's revision token beside their entities (same MONGODB_URI).
  const graphRevision = options.graphRevision ?? (connection ? createMongoGraphRevision(connection) : undefined);
  const startKeys = connection ? createMongoStartKeys(connection) : createMemoryStartKeys();
  return { bus, cache, store: options.decorate?.store?.(store) ?? store, graphRevision, startKeys };
}

/**
 * Builds and starts the orchestrator process the way `main.ts`, the launcher and the bench
 * host it: store (MongoDB with shared heads, or memory), graph revision, bus and cache where
 * not given, the service, and the server listening on `config.host:config.port`.
 */
export async function startOrchestratorProcess(config: Readonly<Config>, logger: Logger, options: OrchestratorProcessOptions = {}): Promise<OrchestratorProcess> {
  const owned: Owned = {};
  try {
    const { bus, cache, store, graphRevision, startKeys } = await portsFor(config, logger, options, owned);
    const service = await createOrchestratorService({ config, logger, store, bus, cache, graphRevision, startKeys, subgraphUrls: options.subgraphUrls });
    owned.service = service;
    const server = await listen(service.app, config.port, config.host);
    let closing: Promise<void> | undefined;
    const close = async (): Promise<void> => {
      if (options.dropConnectionsOnClose) server.server.closeAllConnections();
      await server.close();
      await closeOwned(owned);
    };
    return { service, server, bus, cache, close: () => (closing ??= close()) };
  } catch (error) {
    await closeOwned(owned).catch(() => undefined);
    throw error;
  }
}
