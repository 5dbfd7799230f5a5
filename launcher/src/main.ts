import { buildConsoleInBackground } from '@flow/console';
import { createLogger, createServiceCredentials, LAUNCHER_IDENTITY, loadConfigOrExit, logAuthMode, onShutdown, startTelemetry } from '@flow/platform';
import { echoProcessor } from '@flow/processor-echo';
import { createFileProcessor, openFileSandbox } from '@flow/processor-file';
import { ensureDemoFlow } from './demo.js';
import { startSystem } from './system.js';

/** `npm start`: the whole platform in one process, on embedded backends unless configured otherwise. */
const config = loadConfigOrExit('gateway');
// Off unless OTEL_TRACES_EXPORTER or an OTLP endpoint is set (README "Tracing and logs").
const telemetry = await startTelemetry(config.telemetry, { serviceName: 'flow-orchestrator' });
const logger = createLogger('flow-orchestrator', config.logLevel);
logAuthMode(logger, config.auth);
// The console's Vite build, when missing or older than its sources (first start after an install or a change), beside the start.
buildConsoleInBackground({ info: (message) => logger.info(message), warn: (message) => logger.warn(message) });
const fileProcessor = createFileProcessor(await openFileSandbox(config.fileProcessor));
const system = await startSystem({ logger, processors: [echoProcessor, fileProcessor] });
if (system.processors.length !== 2) throw new Error('the example processors did not start');
// The demo flow is written as the launcher itself (editor) when authentication is on.
const launcher = createServiceCredentials(config.auth, LAUNCHER_IDENTITY, { logger });
const demo = await ensureDemoFlow(system.gatewayUrl, config.fileProcessor.root, await launcher.authorization());
const bearer = config.auth.required ? ' -H "authorization: Bearer $TOKEN"' : '';
const base = system.gatewayUrl.replace(/\/graphql$/, '');
const lines = [
  `Flow Orchestrator is up (${config.mongodbUri ? 'MongoDB' : 'embedded in-memory store'}, ${config.rabbitmqUrl ? 'RabbitMQ' : 'embedded bus'}, ${config.hazelcastAddresses ? 'Hazelcast' : 'embedded cache'})`,
  ...(config.env === 'development' ? [`  Apollo Sandbox:    ${base}/`] : []),
  `  console, GraphiQL: ${base}/console  ${base}/graphiql`,
  `  GraphQL endpoint:  ${system.gatewayUrl}`,
  `  REST, Swagger UI:  ${base}/api  ${base}/swagger`,
  `  health, metrics:   ${base}/health  ${base}/metrics`,
  ...Object.entries(system.subgraphUrls).map(([name, url]) => `  Manager ${name.padEnd(18)} ${url}`),
  `  processors:        EchoProcessor 1.0.0, FileProcessor 1.0.0`,
  `  demo flow:         ${demo.flowId} (writes into ${demo.directory})`,
  config.auth.required
    ? `  authentication:    on; a token for the commands below: export TOKEN=$(npm run -s token -- --roles operator)`
    : '  authentication:    OFF: anyone who can reach these ports has every role (README "Security")',
  `    run it:          curl -X POST${bearer} ${base}/api/Orchestration/start/${demo.flowId}`,
  `    watch it:        curl${bearer} ${base}/api/Orchestration/status/${demo.flowId}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
onShutdown(logger, async () => {
  await system.close();
  await telemetry.shutdown();
});
