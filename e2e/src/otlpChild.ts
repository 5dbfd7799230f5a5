/**
 * The whole system in a process of its own, on free ports, for otlpEnvironment.test.ts: run with
 * `--import ./platform/src/telemetry/register.ts` like every service, configured only by the
 * OTEL_* variables of its environment. Prints `GATEWAY <url>` when ready; SIGTERM flushes the
 * exporters and exits.
 */
import { startSystem } from '@flow/launcher';
import { createLogger, loadConfigOrExit, onShutdown, startTelemetry } from '@flow/platform';
import { echoProcessor } from '@flow/processor-echo';

const config = loadConfigOrExit('gateway');
const telemetry = await startTelemetry(config.telemetry);
const logger = createLogger('flow-orchestrator', config.logLevel);
const system = await startSystem({ ephemeralPorts: true, processors: [echoProcessor], logger });
process.stdout.write(`GATEWAY ${system.gatewayUrl}\n`);
onShutdown(logger, async () => {
  await system.close();
  await telemetry.shutdown();
});
