import { createMongoGraphRevision } from '@flow/kit';
import { busFor, cacheFor, connectMongo, createLogger, listen, loadConfigOrExit, onShutdown, startTelemetry } from '@flow/platform';
import { createOrchestratorService } from './api/orchestratorServer.js';
import { createMemoryExecutionStore } from './store/memoryExecutionStore.js';
import { createMongoExecutionStore, EXECUTION_HEADS_MAP } from './store/mongoExecutionStore.js';

const config = loadConfigOrExit('orchestrator');
const telemetry = await startTelemetry(config.telemetry, { serviceName: 'orchestrator' });
const logger = createLogger('orchestrator', config.logLevel);
const connection = config.mongodbUri ? await connectMongo(config.mongodbUri, logger) : undefined;
const bus = await busFor(config, logger);
const cache = await cacheFor(config, logger);
const store = connection
  ? createMongoExecutionStore(connection, { recoveryScanMs: config.orchestration.recoveryScanMs, sharedHeads: cache.map(EXECUTION_HEADS_MAP) })
  : createMemoryExecutionStore();
// The entity managers write the graph's revision token beside their entities (same MONGODB_URI).
const graphRevision = connection ? createMongoGraphRevision(connection) : undefined;
const service = await createOrchestratorService({ config, logger, store, bus, cache, graphRevision });
const server = await listen(service.app, config.port, config.host);
logger.info({ url: `${server.url}/graphql` }, 'Manager.Orchestrator ready');
onShutdown(logger, async () => {
  await server.close();
  await service.close();
  await bus.close();
  await cache.close();
  await connection?.close();
  await telemetry.shutdown();
});
