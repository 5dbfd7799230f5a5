import { ActivityErrorType, jsonBytes, type ActivityFailed, type Json, type OrchestratorEvent, type StepDeadlineReached } from '@flow/protocol';
import {
  failedStatuses,
  liveStatuses,
  PAYLOAD_TOO_LARGE,
  ranStatuses,
  terminalStepStatuses,
  type Command,
  type EngineOptions,
  type Execution,
  type IgnoredBecause,
  type Plan,
  type PlannedStep,
  type StepState,
  type StopEvent,
} from './state.js';
import { backoff, policyOf } from './policy.js';
import { recordAttempts } from './attempts.js';

/**
 * The orchestration engine of docs/protocol.md as pure functions of (state, event): no I/O,
 * no clock, no randomness (time and ids come in the options). Callers persist the answer's
 * execution, with its outbox, before publishing anything.
 */
export interface Decision {
  execution: Execution;
  /** False when the event was late, duplicated, stale, forged or for a finished run: nothing to write. */
  changed: boolean;
  /** Why an event changed nothing (absent when it changed something). */
  ignored?: IgnoredBecause;
}

/** An execution being changed by one transition, with the commands it decided (controls.ts works on it too). */
export type Draft = Execution & { commands: Command[] };

export const stepOf = (draft: Draft, stepId: string): PlannedStep => draft.plan.steps.find((step) => step.stepId === stepId) as PlannedStep;
export const stateOf = (draft: Draft, stepId: string): StepState => draft.steps[stepId] as StepState;

/**
 * Sends the step's attempt, or fails the step with PAYLOAD_TOO_LARGE when its command would be
 * larger than a message may be, or its input would take the run past its bound. Answers
 * whether it was sent (a step failed here must be advanced from by the caller).
 */
export function dispatch(draft: Draft, stepId: string, attempt: number, input: Json, delayMs: number, options: EngineOptions): boolean {
  if (draft.status === 'PAUSED') return hold(draft, { stepId, attempt, input, delayMs });
  const planned = stepOf(draft, stepId);
  const commandId = options.newId();
  const at = options.now.getTime();
  const previous = stateOf(draft, stepId);
  const timeoutMs = policyOf(planned, options).timeoutMs;
  const deadline = new Date(at + delayMs + timeoutMs).toISOString();
  const message = {
    type: 'ExecuteActivity' as const, schemaVersion: 1 as const, commandId, executionId: draft.id, stepId, attempt,
    orchestratedFlowId: draft.orchestratedFlowId, processorId: planned.processorId,
    input, entities: planned.entities, correlationId: draft.correlationId, createdAt: options.now.toISOString(), deadline, timeoutMs,
  };
  // A later attempt resends an input already checked and counted, unless the step has none kept:
  // its first command was refused (or its input was null, which checking again only recounts).
  const tooLarge = attempt === 1 || previous.input === null ? oversizedCommand(draft, message, options) : undefined;
  if (tooLarge) {
    finish(draft, stepId, 'FAILED', options, { attempts: attempt, input: null, error: tooLarge });
    return false;
  }
  draft.steps[stepId] = {
    ...previous, status: 'RUNNING', attempts: attempt, commandId, input, deadline,
    startedAt: previous.startedAt ?? options.now.toISOString(), error: null,
  };
  draft.commands.push({ kind: 'dispatch', id: options.newId(), delayMs, message });
  // Stryker disable next-line BooleanLiteral: advancing from a step just dispatched changes nothing, its next steps wait for it to finish
  return true;
}

/** A PAUSED run sends nothing: the dispatch waits in `held` for resume, its step not running meanwhile. */
function hold(draft: Draft, held: NonNullable<Execution['held']>[number]): boolean {
  const previous = stateOf(draft, held.stepId);
  draft.held = [...(draft.held ?? []), held];
  draft.steps[held.stepId] = { ...previous, status: 'PENDING', attempts: held.attempt - 1, commandId: null, deadline: null, input: held.input };
  // Stryker disable next-line BooleanLiteral: advancing from a held step (PENDING, not ended) changes nothing, as from one just sent
  return true;
}

/** Why a command carrying an input not yet counted may not go out, or undefined (and the input counted). */
function oversizedCommand(draft: Draft, message: { input: Json }, options: EngineOptions): string | undefined {
  const limits = options.limits;
  if (!limits) return undefined;
  const commandBytes = jsonBytes(message);
  if (commandBytes > limits.messageMaxBytes) {
    return `${PAYLOAD_TOO_LARGE}: the step's command would be ${commandBytes} bytes, more than a message may be (${limits.messageMaxBytes}, MESSAGE_MAX_BYTES)`;
  }
  const inputBytes = jsonBytes(message.input);
  const held = draft.payloadBytes ?? 0;
  if (held + inputBytes > limits.executionMaxBytes) {
    return `${PAYLOAD_TOO_LARGE}: the step's input (${inputBytes} bytes) would take the run's data past ${limits.executionMaxBytes} bytes (EXECUTION_MAX_BYTES)`;
  }
  draft.payloadBytes = held + inputBytes;
  return undefined;
}

/** Why an output may not be kept, or undefined (and the output counted in the run's data). */
function oversizedOutput(draft: Draft, output: Json, options: EngineOptions): string | undefined {
  const limits = options.limits;
  if (!limits) return undefined;
  const bytes = jsonBytes(output);
  if (bytes > limits.stepOutputMaxBytes) {
    return `${PAYLOAD_TOO_LARGE}: the step's output is ${bytes} bytes, more than ${limits.stepOutputMaxBytes} (STEP_OUTPUT_MAX_BYTES)`;
  }
  const held = draft.payloadBytes ?? 0;
  if (held + bytes > limits.executionMaxBytes) {
    return `${PAYLOAD_TOO_LARGE}: the step's output (${bytes} bytes) would take the run's data past ${limits.executionMaxBytes} bytes (EXECUTION_MAX_BYTES)`;
  }
  draft.payloadBytes = held + bytes;
  return undefined;
}

export function finish(draft: Draft, stepId: string, status: StepState['status'], options: EngineOptions, patch: Partial<StepState> = {}): void {
  draft.steps[stepId] = { ...stateOf(draft, stepId), ...patch, status, commandId: null, deadline: null, finishedAt: options.now.toISOString() };
}

/** Input of a step after others (entry points get the start input): the outputs of the predecessors that ran. */
export function inputOf(draft: Draft, step: PlannedStep): Json {
  const ran = step.previous.filter((id) => ranStatuses.has(stateOf(draft, id).status));
  if (ran.length === 1) return stateOf(draft, ran[0] as string).output;
  return Object.fromEntries(ran.map((id) => [id, stateOf(draft, id).output]));
}

/** Whether an eligible step runs, by docs/protocol.md's eligibility rules. */
export function shouldRun(draft: Draft, step: PlannedStep): boolean {
  if (step.previous.length === 0) return step.entryCondition === 'PREVIOUS_SUCCESS' || step.entryCondition === 'ALWAYS';
  const ran = step.previous.map((id) => stateOf(draft, id).status).filter((status) => ranStatuses.has(status));
  if (ran.length === 0) return false;
  switch (step.entryCondition) {
    // Stryker disable next-line StringLiteral: a step no case matches falls out of the switch as undefined, which skips it like NEVER
    case 'NEVER':
      return false;
    case 'ALWAYS':
      return true;
    case 'PREVIOUS_SUCCESS':
      return ran.every((status) => status === 'SUCCEEDED');
    case 'PREVIOUS_FAILURE':
      return ran.some((status) => failedStatuses.has(status));
  }
}

/** Runs or skips every step made eligible by the steps just finished, cascading skips. */
export function advance(draft: Draft, finished: readonly string[], options: EngineOptions): void {
  const work = [...finished];
  while (work.length > 0) {
    const done = stepOf(draft, work.shift() as string);
    for (const nextId of done.next) {
      const next = stepOf(draft, nextId);
      if (stateOf(draft, nextId).status !== 'PENDING') continue;
      if (!next.previous.every((id) => terminalStepStatuses.has(stateOf(draft, id).status))) continue;
      if (shouldRun(draft, next)) {
        // A step re-evaluated after a retry (controls.ts) goes on counting its attempts.
        if (!dispatch(draft, nextId, stateOf(draft, nextId).attempts + 1, inputOf(draft, next), 0, options)) work.push(nextId);
      } else {
        finish(draft, nextId, 'SKIPPED', options);
        work.push(nextId);
      }
    }
  }
}

/** COMPLETED when every failure was handled by a next step that ran, FAILED otherwise. */
export function settle(draft: Draft, options: EngineOptions): void {
  const states = draft.plan.steps.map((step) => [step, stateOf(draft, step.stepId)] as const);
  if (!states.every(([, state]) => terminalStepStatuses.has(state.status))) return;
  const unhandled = states.some(
    ([step, state]) => failedStatuses.has(state.status) && !step.next.some((id) => ranStatuses.has(stateOf(draft, id).status)),
  );
  draft.status = unhandled ? 'FAILED' : 'COMPLETED';
  draft.finishedAt = options.now.toISOString();
}

export function seal(draft: Draft, options: EngineOptions): Execution {
  const { commands, ...execution } = draft;
  execution.version += 1;
  execution.steps = recordAttempts(execution.steps, options.now.toISOString());
  const completedSteps = execution.plan.steps.filter((step) => terminalStepStatuses.has(stateOf(draft, step.stepId).status)).length;
  const status: Command = {
    kind: 'status', id: options.newId(),
    message: {
      type: 'OrchestrationStatusChanged', schemaVersion: 1, executionId: execution.id, orchestratedFlowId: execution.orchestratedFlowId,
      version: execution.version, status: execution.status, completedSteps, totalSteps: execution.plan.steps.length,
      currentSteps: currentSteps(execution), changedAt: options.now.toISOString(),
    },
  };
  // A transition that ends the run dispatches nothing: a dispatch leaves its step, so the run, RUNNING.
  execution.outbox = [...execution.outbox, ...commands, status];
  const deadlines = Object.values(execution.steps).flatMap((step) => (step.deadline ? [step.deadline] : []));
  // toISOString() instants sort as text in time order: the first is the earliest.
  execution.nextDeadline = deadlines.sort()[0] ?? null;
  return execution;
}

export function currentSteps(execution: Execution): string[] {
  // Stryker disable next-line OptionalChaining: every planned step has a state from the start
  return execution.plan.steps.filter((step) => execution.steps[step.stepId]?.status === 'RUNNING').map((step) => step.stepId);
}

/** The state of a step that has not been dispatched yet. */
export const pendingStep = (): StepState => ({
  status: 'PENDING', attempts: 0, commandId: null, input: null, output: null, error: null, startedAt: null, finishedAt: null, deadline: null,
});

/** A new RUNNING execution with its entry points dispatched (or skipped). */
export function startExecution(start: { id: string; plan: Plan; input: Json; correlationId: string; version?: number }, options: EngineOptions): Execution {
  const draft: Draft = {
    id: start.id, orchestratedFlowId: start.plan.orchestratedFlowId, status: 'RUNNING', version: start.version ?? 0, input: start.input,
    correlationId: start.correlationId, startedAt: options.now.toISOString(), finishedAt: null, plan: start.plan,
    steps: Object.fromEntries(start.plan.steps.map((step) => [step.stepId, pendingStep()])), outbox: [], nextDeadline: null, commands: [],
    ...(options.limits ? { payloadBytes: jsonBytes(start.input) } : {}),
  };
  const finished: string[] = [];
  for (const id of start.plan.entryPoints) {
    if (!shouldRun(draft, stepOf(draft, id))) finish(draft, id, 'SKIPPED', options);
    else if (dispatch(draft, id, 1, start.input, 0, options)) continue;
    finished.push(id);
  }
  advance(draft, finished, options);
  settle(draft, options);
  return seal(draft, options);
}

/** The error type a processor reports when a command's deadline passes before it is done. */
export const DEADLINE_PASSED = ActivityErrorType.DEADLINE_PASSED;

/** The deadline events due at `now`: the store's sweep feeds them back through applyEvent. */
export function dueDeadlines(execution: Execution, now: Date): StepDeadlineReached[] {
  // A run that is not RUNNING has no RUNNING step, so no deadline.
  return Object.entries(execution.steps).flatMap(([stepId, step]) =>
    // Stryker disable next-line ConditionalExpression,LogicalOperator: dispatch sets status, command and deadline together and finish clears them together, so each check implies the others (two narrow the types)
    step.status === 'RUNNING' && step.commandId && step.deadline && Date.parse(step.deadline) <= now.getTime()
      ? [{ type: 'StepDeadlineReached' as const, schemaVersion: 1 as const, commandId: step.commandId, executionId: execution.id, stepId, attempt: step.attempts }]
      : [],
  );
}

/**
 * Why an event may not be applied, or undefined: an answer counts only when its command id,
 * processor id and attempt all match the step's current command (a deadline has no processor).
 */
export function mismatchOf(execution: Execution, event: OrchestratorEvent | StepDeadlineReached): IgnoredBecause | undefined {
  if (!liveStatuses.has(execution.status)) return 'ended';
  const state = execution.steps[event.stepId];
  const planned = execution.plan.steps.find((step) => step.stepId === event.stepId);
  // Stryker disable next-line LogicalOperator: startExecution gives every planned step a state and no other step one, so both are there or neither
  if (!state || !planned) return 'unknown-step';
  if (state.status !== 'RUNNING') return 'not-running';
  if (state.commandId !== event.commandId) return 'other-command';
  if (event.type !== 'StepDeadlineReached' && event.processorId !== planned.processorId) return 'other-processor';
  if (event.attempt !== state.attempts) return 'other-attempt';
  return undefined;
}

function stop(draft: Draft, options: EngineOptions): Decision {
  for (const step of draft.plan.steps) {
    const status = stateOf(draft, step.stepId).status;
    if (status === 'PENDING' || status === 'RUNNING') finish(draft, step.stepId, 'CANCELLED', options);
  }
  draft.status = 'STOPPED';
  draft.finishedAt = options.now.toISOString();
  delete draft.held;
  // Commands decided earlier but not yet published must not go out after a stop.
  draft.outbox = draft.outbox.filter((command) => command.kind === 'status');
  return { execution: seal(draft, options), changed: true };
}

/** Applies one event; late, duplicated, stale, forged and post-terminal events change nothing. */
export function applyEvent(execution: Execution, event: OrchestratorEvent | StepDeadlineReached | StopEvent, options: EngineOptions): Decision {
  // A queued run takes nothing but Stop: mismatchOf finds it not live for any other event (admission.ts starts it).
  if (!liveStatuses.has(execution.status) && execution.status !== 'QUEUED') return { execution, changed: false, ignored: 'ended' };
  const draft: Draft = { ...execution, steps: { ...execution.steps }, commands: [] };
  if (event.type === 'Stop') return stop(draft, options);
  const ignored = mismatchOf(execution, event);
  if (ignored) return { execution, changed: false, ignored };
  const state = stateOf(draft, event.stepId);
  const policy = policyOf(stepOf(draft, event.stepId), options);
  if (event.type === 'ActivityHeartbeat') {
    // A sign of life gives the attempt a full timeout from now. It comes after the command was
    // received, so after any backoff: the deadline only ever moves later.
    draft.steps[event.stepId] = { ...state, deadline: new Date(options.now.getTime() + policy.timeoutMs).toISOString() };
    return { execution: seal(draft, options), changed: true };
  }
  if (event.type === 'ActivityExecuted') {
    const tooLarge = oversizedOutput(draft, event.output, options);
    if (tooLarge) finish(draft, event.stepId, 'FAILED', options, { error: tooLarge });
    else finish(draft, event.stepId, 'SUCCEEDED', options, { output: event.output });
  } else {
    const timedOut = event.type === 'StepDeadlineReached' || event.error.type === DEADLINE_PASSED;
    const error = event.type === 'StepDeadlineReached' ? `No answer by the deadline of attempt ${state.attempts}` : event.error.message;
    const failure = (event as ActivityFailed).error;
    const retryable = timedOut ? policy.retryOnTimeout : failure.retryable && !failure.validation;
    if (retryable && state.attempts < policy.maxAttempts) {
      dispatch(draft, event.stepId, state.attempts + 1, state.input, backoff(state.attempts, policy), options);
      draft.steps[event.stepId] = { ...stateOf(draft, event.stepId), error };
      return { execution: seal(draft, options), changed: true };
    }
    finish(draft, event.stepId, timedOut ? 'TIMED_OUT' : 'FAILED', options, { error });
  }
  advance(draft, [event.stepId], options);
  settle(draft, options);
  return { execution: seal(draft, options), changed: true };
}
