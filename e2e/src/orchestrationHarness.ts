import type { System } from '@flow/launcher';
import { echoProcessor } from '@flow/processor-echo';
import { hazelcastTarget, hazelcastUnavailable, mongoUnavailable, rabbitUnavailable, rabbitUrl, startTestSystem, type BackendKind } from './harness.js';

export interface OrchestrationKind {
  name: string;
  backend: BackendKind;
  env: Record<string, string>;
}

/** The real servers' settings, when all three are reachable (REQUIRE_INFRA=1 makes them required). */
export const realServersEnv: Record<string, string> | undefined =
  mongoUnavailable || rabbitUnavailable || hazelcastUnavailable
    ? undefined
    : { RABBITMQ_URL: rabbitUrl, HAZELCAST_ADDRESSES: hazelcastTarget.addresses.join(','), HAZELCAST_CLUSTER_NAME: hazelcastTarget.clusterName };

/** Embedded twins always; MongoDB + RabbitMQ + Hazelcast when reachable. */
export const orchestrationKinds: OrchestrationKind[] = [
  { name: 'embedded', backend: 'memory', env: {} },
  ...(realServersEnv ? [{ name: 'real servers', backend: 'mongo' as const, env: realServersEnv }] : []),
];

/** Fast retries, short timeouts and a quick sweep, so failure paths take well under a second. */
export const fastOrchestration: Record<string, string> = {
  ORCHESTRATOR_RETRY_BASE_MS: '50',
  ORCHESTRATOR_RETRY_MAX_MS: '200',
  ORCHESTRATOR_STEP_TIMEOUT_MS: '2000',
  ORCHESTRATOR_SWEEP_MS: '100',
  ORCHESTRATOR_RECOVERY_SCAN_MS: '500',
  ORCHESTRATOR_MAX_ATTEMPTS: '3',
  PROCESSOR_HEARTBEAT_MS: '500',
};

/** The whole system with EchoProcessor running in it. */
export function startOrchestrationSystem(kind: OrchestrationKind, env: Record<string, string> = {}): Promise<System> {
  return startTestSystem(kind.backend, { processors: [echoProcessor] }, { ...fastOrchestration, ...kind.env, ...env });
}
