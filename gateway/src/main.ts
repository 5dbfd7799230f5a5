import { orchestrationRoutes } from '@flow/orchestrator';
import { createLogger, listen, loadConfigOrExit, onShutdown } from '@flow/platform';
import { entityDefinitions } from './entities.js';
import { createGateway } from './gatewayServer.js';

const config = loadConfigOrExit('gateway');
const logger = createLogger('gateway', config.logLevel);
const gateway = await createGateway({ config, logger, entities: Object.values(entityDefinitions), operations: orchestrationRoutes });
const server = await listen(gateway.app, config.port, config.host);
logger.info({ url: `${server.url}/graphql` }, 'gateway ready');
onShutdown(logger, async () => {
  await server.close();
  await gateway.close();
});
