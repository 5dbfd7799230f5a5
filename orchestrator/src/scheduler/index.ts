import type { FederationClient } from '@flow/kit';
import type { Cache, Config, Logger, Metrics, SubgraphName } from '@flow/platform';
import { randomUUID } from 'node:crypto';
import type { Orchestrator } from '../service/orchestrator.js';
import { createFireClaims } from './fireClaims.js';
import { createFlowSchedules } from './flowSchedules.js';
import { createScheduler, FIRE_RECORD_TTL_MS, type Scheduler } from './scheduler.js';

export { SCHEDULE_FIRES_MAP } from './fireClaims.js';
export type { Scheduler } from './scheduler.js';

export interface OrchestratorSchedulerOptions {
  orchestrator: Pick<Orchestrator, 'start' | 'store'>;
  federation: FederationClient;
  urls: () => Readonly<Record<SubgraphName, string>>;
  /** The orchestrator's own credential: schedules are read and turned off as the orchestrator. */
  authorization: () => Promise<string | undefined>;
  cache: Cache;
  config: Readonly<Config>;
  logger: Logger;
  metrics: Metrics;
}

/** The scheduler of one orchestrator instance, reading flows through the subgraphs and claiming fires in the cache. */
export function createOrchestratorScheduler({ orchestrator, federation, urls, authorization, cache, config, logger, metrics }: OrchestratorSchedulerOptions): Scheduler {
  return createScheduler({
    orchestrator,
    schedules: createFlowSchedules({ federation, urls, authorization, timeoutMs: config.subgraphTimeoutMs }),
    claims: createFireClaims(cache, randomUUID(), FIRE_RECORD_TTL_MS),
    settings: config.scheduler,
    logger: logger.child({ component: 'scheduler' }),
    metrics,
  });
}
