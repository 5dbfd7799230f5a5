import type { ActivityError, AssignedEntity, ExecuteActivity, ExecutionStatus, Json, OrchestrationStatusChanged } from '@flow/protocol';

export type StepStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'CANCELLED' | 'TIMED_OUT';
export type EntryCondition = 'PREVIOUS_SUCCESS' | 'PREVIOUS_FAILURE' | 'ALWAYS' | 'NEVER';

/** One step of the workflow as the run sees it (a snapshot taken at start). */
export interface PlannedStep {
  stepId: string;
  processorId: string;
  entryCondition: EntryCondition;
  next: string[];
  previous: string[];
  entities: AssignedEntity[];
}

/** The validated workflow graph of one run. */
export interface Plan {
  orchestratedFlowId: string;
  /** Steps in the workflow's order. */
  steps: PlannedStep[];
  entryPoints: string[];
}

export interface StepState {
  status: StepStatus;
  attempts: number;
  /** The command of the attempt in flight; events for any other command are ignored. */
  commandId: string | null;
  input: Json;
  output: Json;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** When the attempt in flight times out (RUNNING steps only). */
  deadline: string | null;
}

export interface Execution {
  id: string;
  orchestratedFlowId: string;
  status: ExecutionStatus;
  /** Incremented by every transition; the optimistic-concurrency token of the store. */
  version: number;
  input: Json;
  correlationId: string;
  startedAt: string;
  finishedAt: string | null;
  plan: Plan;
  steps: Record<string, StepState>;
  /** Commands decided but not yet confirmed published (docs/protocol.md, durability). */
  outbox: Command[];
  /** The earliest deadline of a RUNNING step: the store's deadline sweep queries it. */
  nextDeadline: string | null;
}

/** What the engine asks the outside world to do, recorded in the outbox first. */
export type Command =
  | { kind: 'dispatch'; id: string; message: ExecuteActivity; delayMs: number }
  | { kind: 'status'; id: string; message: OrchestrationStatusChanged };

export interface EngineOptions {
  now: Date;
  newId: () => string;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  stepTimeoutMs: number;
}

export type StopEvent = { type: 'Stop' };
export type { ActivityError };

export const terminalStepStatuses: ReadonlySet<StepStatus> = new Set(['SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED', 'TIMED_OUT']);
export const ranStatuses: ReadonlySet<StepStatus> = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT']);
export const failedStatuses: ReadonlySet<StepStatus> = new Set(['FAILED', 'TIMED_OUT']);
