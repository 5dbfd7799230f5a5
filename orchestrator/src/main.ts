import { createLogger, loadConfigOrExit, logAuthMode, onShutdown, startTelemetry } from '@flow/platform';
import { startOrchestratorProcess } from './orchestratorProcess.js';

const config = loadConfigOrExit('orchestrator');
const telemetry = await startTelemetry(config.telemetry, { serviceName: 'orchestrator' });
const logger = createLogger('orchestrator', config.logLevel);
logAuthMode(logger, config.auth);
const orchestrator = await startOrchestratorProcess(config, logger);
logger.info({ url: `${orchestrator.server.url}/graphql` }, 'Manager.Orchestrator ready');
onShutdown(logger, async () => {
  await orchestrator.close();
  await telemetry.shutdown();
});
