import { createLogger, loadConfigOrExit, onShutdown } from '@flow/platform';
import { startSystem } from './system.js';

/** `npm start`: the whole platform in one process, on embedded backends unless configured otherwise. */
const config = loadConfigOrExit('gateway');
const logger = createLogger('flow-orchestrator', config.logLevel);
const system = await startSystem({ logger });
const base = system.gatewayUrl.replace(/\/graphql$/, '');
const lines = [
  `Flow Orchestrator is up (${config.mongodbUri ? 'MongoDB' : 'embedded in-memory store'})`,
  ...(config.env === 'development' ? [`  Apollo Sandbox:    ${base}/`] : []),
  `  GraphQL endpoint:  ${system.gatewayUrl}`,
  `  health, metrics:   ${base}/health  ${base}/metrics`,
  ...Object.entries(system.subgraphUrls).map(([name, url]) => `  Manager ${name.padEnd(18)} ${url}`),
];
process.stdout.write(`${lines.join('\n')}\n`);
onShutdown(logger, () => system.close());
