/**
 * The orchestrator process the bench spawns: orchestrator/src/main.ts's wiring
 * (startOrchestratorProcess: same config, store, bus, cache, service and shutdown), except
 * that its bus goes through namespacedBus, so it consumes this run's events queue and not the
 * broker's shared one. Not an entry point of the product; spawned by childOrchestrator.ts.
 */
import { startOrchestratorProcess } from '@flow/orchestrator';
import { createLogger, loadConfigOrExit, onShutdown } from '@flow/platform';
import { queueSuffixOf } from './config.js';
import { namespacedBus } from './namespacedBus.js';

const config = loadConfigOrExit('orchestrator');
const logger = createLogger('orchestrator', config.logLevel);
if (!config.mongodbUri) throw new Error('the bench orchestrator runs on MongoDB: set MONGODB_URI');
const orchestrator = await startOrchestratorProcess(config, logger, { decorate: { bus: (bus) => namespacedBus(bus, queueSuffixOf()) } });
logger.info({ url: `${orchestrator.server.url}/graphql` }, 'bench orchestrator ready');
onShutdown(logger, () => orchestrator.close());
