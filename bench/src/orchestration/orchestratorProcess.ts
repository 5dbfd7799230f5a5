/**
 * The orchestrator process the bench spawns: orchestrator/src/main.ts step for step (same
 * config, store, bus, cache, service and shutdown), except that its bus goes through
 * namespacedBus, so it consumes this run's events queue and not the broker's shared one.
 * Not an entry point of the product; spawned by childOrchestrator.ts.
 */
import { createMongoGraphRevision } from '@flow/kit';
import { createMongoExecutionStore, createOrchestratorService, EXECUTION_HEADS_MAP } from '@flow/orchestrator';
import { busFor, cacheFor, connectMongo, createLogger, listen, loadConfigOrExit, onShutdown } from '@flow/platform';
import { queueSuffixOf } from './config.js';
import { namespacedBus } from './namespacedBus.js';

const config = loadConfigOrExit('orchestrator');
const logger = createLogger('orchestrator', config.logLevel);
if (!config.mongodbUri) throw new Error('the bench orchestrator runs on MongoDB: set MONGODB_URI');
const connection = await connectMongo(config.mongodbUri, logger);
const bus = namespacedBus(await busFor(config, logger), queueSuffixOf());
const cache = await cacheFor(config, logger);
const store = createMongoExecutionStore(connection, { recoveryScanMs: config.orchestration.recoveryScanMs, sharedHeads: cache.map(EXECUTION_HEADS_MAP) });
const service = await createOrchestratorService({ config, logger, store, bus, cache, graphRevision: createMongoGraphRevision(connection) });
const server = await listen(service.app, config.port, config.host);
logger.info({ url: `${server.url}/graphql` }, 'bench orchestrator ready');
onShutdown(logger, async () => {
  await server.close();
  await service.close();
  await bus.close();
  await cache.close();
  await connection.close();
});
