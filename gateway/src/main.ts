import { buildConsoleInBackground } from '@flow/console';
import { orchestrationRoutes } from '@flow/orchestrator';
import { busFor, createLogger, listen, loadConfigOrExit, logAuthMode, onShutdown, startTelemetry } from '@flow/platform';
import { entityDefinitions } from './entities.js';
import { createGateway } from './gatewayServer.js';

const config = loadConfigOrExit('gateway');
const telemetry = await startTelemetry(config.telemetry, { serviceName: 'gateway' });
const logger = createLogger('gateway', config.logLevel);
logAuthMode(logger, config.auth);
// RabbitMQ when configured; alone on the embedded bus, subscriptions see no status change.
const bus = await busFor(config, logger);
if (!config.rabbitmqUrl) logger.warn('RABBITMQ_URL is not set: subscriptions will only send the current state');
// The console's Vite build, when missing or older than its sources, beside the start.
buildConsoleInBackground({ info: (message) => logger.info(message), warn: (message) => logger.warn(message) });
const gateway = await createGateway({ config, logger, entities: Object.values(entityDefinitions), operations: orchestrationRoutes, bus });
const server = await listen(gateway.app, config.port, config.host);
gateway.subscriptions.attach(server.server);
logger.info({ url: `${server.url}/graphql` }, 'gateway ready');
onShutdown(logger, async () => {
  // WebSockets first (1001, going away): the HTTP server waits for every open socket.
  await gateway.subscriptions.close();
  await server.close();
  await gateway.close();
  await bus.close();
  await telemetry.shutdown();
});
