import type { System } from '@flow/launcher';
import { echoProcessor } from '@flow/processor-echo';
import { expect } from 'vitest';
import { createGraphFlow, type GraphFlow } from './flowFixtures.js';
import type { GraphQLClient } from './harness.js';

/** The acceptance selection: the run plus fields of three other subgraphs (flow, workflow, step, processor). */
export const watchRun = /* GraphQL */ `
  subscription WatchRun($id: ID!) {
    orchestrationStatus(orchestratedFlowId: $id) {
      executionId status version completedSteps totalSteps
      flow { id workflow { steps { id processor { name } } } }
    }
  }
`;

export const startRun = 'mutation Start($id: ID!) { startOrchestration(orchestratedFlowId: $id) { executionId version } }';

export interface WatchedStatus {
  executionId: string;
  status: string;
  version: number;
  completedSteps: number;
  totalSteps: number;
  flow: { id: string; workflow: { steps: Array<{ id: string; processor: { name: string } }> } };
}

/**
 * The fast orchestration settings, but a step timeout no loaded machine reaches: these tests
 * watch runs, they do not time steps out (a timed-out step would end a run FAILED).
 */
export const watchedRunEnv: Record<string, string> = { ORCHESTRATOR_STEP_TIMEOUT_MS: '60000' };

/**
 * Three steps in a chain, each held ~`delayMs` by EchoProcessor: its transitions lie further
 * apart than the coalescing window (25 ms), so a subscriber sees several of them.
 */
export function createChainFlow(client: GraphQLClient, echoId: string, delayMs = 300): Promise<GraphFlow> {
  return createGraphFlow(client, echoId, [
    { key: 'a', next: ['b'], payload: { delayMs } },
    { key: 'b', next: ['c'], payload: { delayMs } },
    { key: 'c', payload: { delayMs } },
  ]);
}

/** The EchoProcessor running in the system: its id, and its name as Processor.name answers it. */
export function echoProcessorOf(system: System): { id: string; name: string } {
  return { id: (system.processors[0] as { processorId: string }).processorId, name: echoProcessor.name };
}

/** Versions strictly increasing, RUNNING until the last one, which is `terminal`. */
export function expectLiveRun(statuses: readonly WatchedStatus[], terminal: string): void {
  const versions = statuses.map((status) => status.version);
  expect(versions).toEqual([...versions].sort((a, b) => a - b));
  expect(new Set(versions).size).toBe(versions.length);
  expect(statuses.slice(0, -1).map((status) => status.status)).toEqual(statuses.slice(0, -1).map(() => 'RUNNING'));
  expect(statuses.at(-1)?.status).toBe(terminal);
  expect(new Set(statuses.map((status) => status.executionId)).size).toBe(1);
}
