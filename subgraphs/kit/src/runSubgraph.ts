import { createLogger, listen, loadConfigOrExit, logAuthMode, onShutdown, startTelemetry, type EntitySubgraphName } from '@flow/platform';
import { backendFor } from './backend.js';
import type { EntityDefinition } from './defineEntity.js';
import { createEntitySubgraph } from './subgraphServer.js';

/** The whole `main.ts` of an entity manager run alone, configured by the environment. */
export async function runSubgraph(name: EntitySubgraphName, definition: EntityDefinition): Promise<void> {
  const config = loadConfigOrExit(name);
  const telemetry = await startTelemetry(config.telemetry, { serviceName: `manager-${name}` });
  const logger = createLogger(`manager-${name}`, config.logLevel);
  logAuthMode(logger, config.auth);
  const backend = await backendFor(config.mongodbUri, logger);
  const subgraph = await createEntitySubgraph({ name, definition, config, logger, backend });
  const server = await listen(subgraph.app, config.port, config.host);
  logger.info({ url: `${server.url}/graphql`, store: config.mongodbUri ? 'mongodb' : 'memory' }, `Manager.${definition.type} ready`);
  onShutdown(logger, async () => {
    await server.close();
    await subgraph.close();
    await backend.close();
    await telemetry.shutdown();
  });
}
