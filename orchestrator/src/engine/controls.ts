import type { ExecutionStatus } from '@flow/protocol';
import { advance, applyEvent, dispatch, finish, inputOf, seal, settle, shouldRun, stateOf, stepOf, type Decision, type Draft } from './engine.js';
import { endedStatuses, type EngineOptions, type Execution, type StepStatus } from './state.js';

/** An operator's control of one run (docs/protocol.md, "Run controls"). */
export type ControlAction = 'stop' | 'pause' | 'resume' | 'retry';
export interface ControlEvent {
  type: 'Control';
  action: ControlAction;
  /** retry only: the steps to attempt again (default: every FAILED, TIMED_OUT and CANCELLED step). */
  stepIds?: readonly string[];
}

/** Why a control was refused: `status` is the run's current status. */
export interface Refusal {
  code: 'CONFLICT' | 'BAD_USER_INPUT';
  message: string;
  status: ExecutionStatus;
}

export type ControlDecision = Decision & { refusal?: Refusal };

/** The execution statuses each control applies to; any other is refused with CONFLICT. */
export const controlAllowedFrom: Readonly<Record<ControlAction | 'rerun', ReadonlySet<ExecutionStatus>>> = {
  stop: new Set(['QUEUED', 'RUNNING', 'PAUSED']),
  pause: new Set(['RUNNING']),
  resume: new Set(['PAUSED']),
  retry: new Set(['FAILED', 'STOPPED']),
  rerun: endedStatuses,
};

/** The step statuses retry attempts again; a step named in any other is refused. */
export const retryableStepStatuses: ReadonlySet<StepStatus> = new Set(['FAILED', 'TIMED_OUT', 'CANCELLED']);

/** The refusal of `action` on a run in `execution.status`, or undefined when it applies. */
export function refusalOf(execution: Execution, action: ControlAction | 'rerun'): Refusal | undefined {
  if (controlAllowedFrom[action].has(execution.status)) return undefined;
  return { code: 'CONFLICT', message: `Execution ${execution.id} is ${execution.status}: ${action} is not possible`, status: execution.status };
}

/** Pause: nothing new is dispatched (engine.ts holds it); steps in flight finish and are recorded. */
function pause(draft: Draft, options: EngineOptions): Execution {
  draft.status = 'PAUSED';
  return seal(draft, options);
}

/** Resume: sends what the pause held, in order, and goes on from there. */
function resume(draft: Draft, options: EngineOptions): Execution {
  const held = draft.held ?? [];
  delete draft.held;
  draft.status = 'RUNNING';
  const finished: string[] = [];
  for (const { stepId, attempt, input, delayMs } of held) {
    if (!dispatch(draft, stepId, attempt, input, delayMs, options)) finished.push(stepId);
  }
  advance(draft, finished, options);
  settle(draft, options);
  return seal(draft, options);
}

/** The named steps and every step after them that did not succeed (they re-evaluate their entry conditions). */
function stepsToReset(draft: Draft, named: readonly string[]): Set<string> {
  const reset = new Set(named);
  const work = [...named];
  while (work.length > 0) {
    for (const next of stepOf(draft, work.shift() as string).next) {
      if (reset.has(next) || stateOf(draft, next).status === 'SUCCEEDED') continue;
      reset.add(next);
      work.push(next);
    }
  }
  return reset;
}

/**
 * Retry: the run is RUNNING again; a named step that ran gets its next attempt with the input
 * it had, once no step before it is being retried; the others wait for their predecessors and
 * re-evaluate their entry condition. SUCCEEDED steps keep their outputs.
 */
function retry(draft: Draft, named: readonly string[], options: EngineOptions): Execution {
  const reset = stepsToReset(draft, named);
  for (const id of reset) {
    // An ended step has no command, deadline or (unless it succeeded, and those are not reset) output.
    draft.steps[id] = { ...stateOf(draft, id), status: 'PENDING', error: null, finishedAt: null };
  }
  draft.status = 'RUNNING';
  draft.finishedAt = null;
  const finished: string[] = [];
  for (const step of draft.plan.steps) {
    if (!reset.has(step.stepId) || step.previous.some((id) => reset.has(id))) continue;
    // A named step's entry condition still holds: its predecessors are as they were when it ran.
    if (!shouldRun(draft, step)) {
      finish(draft, step.stepId, 'SKIPPED', options);
      finished.push(step.stepId);
      continue;
    }
    // The input it had, computed again from the run input or its predecessors' kept outputs: also
    // for a step whose first command was refused as too large, which kept none.
    const input = step.previous.length === 0 ? draft.input : inputOf(draft, step);
    if (!dispatch(draft, step.stepId, stateOf(draft, step.stepId).attempts + 1, input, 0, options)) finished.push(step.stepId);
  }
  advance(draft, finished, options);
  settle(draft, options);
  return seal(draft, options);
}

/** The steps a retry names, or why they may not be retried. */
function retryTargets(execution: Execution, stepIds: readonly string[] | undefined): readonly string[] | Refusal {
  const named: readonly string[] = stepIds ?? execution.plan.steps.filter((step) => retryableStepStatuses.has(stateOf(execution as Draft, step.stepId).status)).map((step) => step.stepId);
  if (named.length === 0) return { code: 'BAD_USER_INPUT', message: 'Name at least one step to retry', status: execution.status };
  for (const id of named) {
    const state = execution.steps[id];
    if (!state) return { code: 'BAD_USER_INPUT', message: `Step ${id} is not a step of execution ${execution.id}`, status: execution.status };
    if (!retryableStepStatuses.has(state.status)) {
      return { code: 'CONFLICT', message: `Step ${id} is ${state.status}: only FAILED, TIMED_OUT and CANCELLED steps are retried`, status: execution.status };
    }
  }
  // Duplicates are harmless: the retry goes through the plan's steps, each once.
  return named;
}

/** Applies an operator's control; a control that does not apply is refused and changes nothing. */
export function applyControl(execution: Execution, control: ControlEvent, options: EngineOptions): ControlDecision {
  const refusal = refusalOf(execution, control.action);
  if (refusal) return { execution, changed: false, refusal };
  if (control.action === 'stop') return applyEvent(execution, { type: 'Stop' }, options);
  const draft: Draft = { ...execution, steps: { ...execution.steps }, commands: [] };
  if (control.action === 'pause') return { execution: pause(draft, options), changed: true };
  if (control.action === 'resume') return { execution: resume(draft, options), changed: true };
  const targets = retryTargets(execution, control.stepIds);
  if ('code' in targets) return { execution, changed: false, refusal: targets };
  return { execution: retry(draft, targets, options), changed: true };
}

/** What a rerun starts from: the run's pinned plan, and its input unless another is given; or why not. */
export function rerunOf(execution: Execution, input: Execution['input'] | undefined): Refusal | { plan: Execution['plan']; input: Execution['input']; rerunOf: string } {
  const refusal = refusalOf(execution, 'rerun');
  if (refusal) return refusal;
  return { plan: execution.plan, input: input === undefined ? execution.input : input, rerunOf: execution.id };
}
