import { loadConfig, type Cache, type OrchestrationConfig } from '@flow/platform';
import { PROCESSOR_HEALTH_MAP, type Heartbeat } from '@flow/protocol';
import { randomUUID } from 'node:crypto';
import { buildPlan } from '../engine/plan.js';
import type { Plan } from '../engine/state.js';
import type { FlowReader } from '../service/flowReader.js';

/**
 * For service tests on the embedded twins: a flow of one step whose processor has a live
 * heartbeat in `cache`, the reader that answers it, and the test configuration's orchestration settings.
 */
export async function oneStepFlow(cache: Cache): Promise<{ flowId: string; plan: Plan; flows: FlowReader; settings: OrchestrationConfig }> {
  const [flowId, stepId, processorId] = [randomUUID(), randomUUID(), randomUUID()];
  const beat: Heartbeat = { processorId, instanceId: 'i', name: 'P', version: '1.0.0', at: new Date().toISOString(), inFlight: 0 };
  await cache.map<Heartbeat>(PROCESSOR_HEALTH_MAP).set(processorId, beat, 60_000);
  const plan = buildPlan(flowId, [{ id: stepId, processorId, entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [] }], new Map());
  const flows: FlowReader = { read: async () => ({ orchestratedFlowId: flowId, plan, processorIds: [processorId], cronExpression: null, isScheduleEnabled: false }) };
  return { flowId, plan, flows, settings: loadConfig('orchestrator', { NODE_ENV: 'test', LOG_LEVEL: 'silent' }).orchestration };
}
