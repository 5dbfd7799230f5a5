import type { EntityBackend } from '@flow/kit';
import { startOrchestratorProcess, type OrchestratorProcess } from '@flow/orchestrator';
import { loadConfig, serviceLogger, type Logger, type SubgraphName } from '@flow/platform';

export type RunningOrchestration = OrchestratorProcess;

/**
 * The orchestrator in this process: executions beside the entities (the same MongoDB or the
 * embedded store), RabbitMQ and Hazelcast when configured, else in-memory twins that the
 * processors of this process share. Its close() is idempotent: tests may stop the orchestrator
 * early to run another one elsewhere.
 */
export async function startOrchestration(
  env: Readonly<Record<string, string | undefined>>,
  backend: EntityBackend,
  subgraphUrls: () => Readonly<Record<SubgraphName, string>>,
  logger: Logger,
): Promise<RunningOrchestration> {
  const config = loadConfig('orchestrator', env);
  return startOrchestratorProcess(config, serviceLogger(logger, 'orchestrator'), {
    connection: backend.connection, graphRevision: backend.revision, subgraphUrls, dropConnectionsOnClose: true,
  });
}
