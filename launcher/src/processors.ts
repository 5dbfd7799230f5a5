import { createMetrics, loadConfig, serviceLogger, type Logger, type Metrics } from '@flow/platform';
import { startProcessor, type AnyProcessorDefinition, type RunningProcessor } from '@flow/processor-sdk';
import type { RunningOrchestration } from './orchestration.js';

/** Runs processors in this process on the orchestrator's bus and cache, registered at the gateway. */
export async function startProcessors(
  definitions: readonly AnyProcessorDefinition[],
  env: Readonly<Record<string, string | undefined>>,
  orchestration: RunningOrchestration,
  gatewayUrl: string,
  logger: Logger,
): Promise<Array<RunningProcessor & { metrics: Metrics }>> {
  const config = loadConfig('worker', { ...env, PORT: '0' });
  const running: Array<RunningProcessor & { metrics: Metrics }> = [];
  for (const definition of definitions) {
    const metrics = createMetrics(`processor-${definition.name}`);
    running.push({
      metrics,
      ...await startProcessor({
        definition, bus: orchestration.bus, cache: orchestration.cache, config: { ...config.processor, gatewayUrl }, auth: config.auth,
        logger: serviceLogger(logger, `processor-${definition.name}`), metrics,
        port: 0, host: config.host, maxDeliveries: config.processor.maxDeliveries, payloads: config.payloads,
      }),
    });
  }
  return running;
}
