import type { ActivityError, AssignedEntity, ExecuteActivity, ExecutionStatus, Json, OrchestrationStatusChanged } from '@flow/protocol';

export type StepStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'CANCELLED' | 'TIMED_OUT';
export type EntryCondition = 'PREVIOUS_SUCCESS' | 'PREVIOUS_FAILURE' | 'ALWAYS' | 'NEVER';

/** A step's own retry and timeout settings (Step entity fields); what it leaves out, the global settings decide. */
export interface StepPolicy {
  maxAttempts?: number;
  retryBackoffMs?: number;
  retryBackoffMaxMs?: number;
  timeoutMs?: number;
  retryOnTimeout?: boolean;
}

/** One step of the workflow as the run sees it (a snapshot taken at start). */
export interface PlannedStep {
  stepId: string;
  processorId: string;
  entryCondition: EntryCondition;
  next: string[];
  previous: string[];
  entities: AssignedEntity[];
  /** Present when the step sets any policy field; pinned with the plan, so an edit affects later runs only. */
  policy?: StepPolicy;
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
  /** Every attempt, oldest first (kept by the engine's seal; absent in runs stored before it was kept). */
  attemptHistory?: AttemptRecord[];
}

/** One attempt of a step: its outcome is RUNNING while it is in flight. */
export interface AttemptRecord {
  attempt: number;
  startedAt: string;
  finishedAt: string | null;
  outcome: StepStatus;
  error: string | null;
}

/** A dispatch decided while the run was PAUSED: sent by resume (controls.ts). */
export interface HeldDispatch {
  stepId: string;
  attempt: number;
  input: Json;
  delayMs: number;
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
  /**
   * Bytes of JSON the run holds: its input, and each step's input and output as they were
   * taken in (EngineLimits.executionMaxBytes bounds it). Absent in runs stored before it was kept.
   */
  payloadBytes?: number;
  /** Dispatches held while PAUSED, in the order they were decided (controls.ts). */
  held?: HeldDispatch[];
  /** The execution this one re-runs (rerunExecution), if any. */
  rerunOf?: string;
}

/** What the engine asks the outside world to do, recorded in the outbox first. */
export type Command =
  | { kind: 'dispatch'; id: string; message: ExecuteActivity; delayMs: number }
  | { kind: 'status'; id: string; message: OrchestrationStatusChanged };

/** Size bounds (platform PayloadLimits): what would pass one fails its step with PAYLOAD_TOO_LARGE. */
export interface EngineLimits {
  /** An ActivityExecuted whose output is larger fails its step. */
  stepOutputMaxBytes: number;
  /** A command larger than this is never published: its step fails instead. */
  messageMaxBytes: number;
  /** A step whose input or output would take the run's payloadBytes past this fails. */
  executionMaxBytes: number;
}

export interface EngineOptions {
  now: Date;
  newId: () => string;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  stepTimeoutMs: number;
  /** Without limits, sizes are not checked (unit tests of other rules). */
  limits?: EngineLimits;
}

/**
 * Why an event changed nothing. `ended`, `unknown-step` and `not-running` are late or
 * duplicated answers; the other three are stale or forged: an answer is applied only when its
 * command id, processor id and attempt all match the step's current command.
 */
export type IgnoredBecause = 'ended' | 'unknown-step' | 'not-running' | 'other-command' | 'other-processor' | 'other-attempt';

export type StopEvent = { type: 'Stop' };

/** The error of a step failed by a size bound starts with this code. */
export const PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE';
export type { ActivityError };

/** The execution statuses no event changes (a control may: retry, docs/protocol.md). */
export const endedStatuses: ReadonlySet<ExecutionStatus> = new Set(['COMPLETED', 'FAILED', 'STOPPED']);
/** The statuses in which events are applied: a PAUSED run records its running steps' results. */
export const liveStatuses: ReadonlySet<ExecutionStatus> = new Set(['RUNNING', 'PAUSED']);
export const terminalStepStatuses: ReadonlySet<StepStatus> = new Set(['SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED', 'TIMED_OUT']);
export const ranStatuses: ReadonlySet<StepStatus> = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT']);
export const failedStatuses: ReadonlySet<StepStatus> = new Set(['FAILED', 'TIMED_OUT']);
