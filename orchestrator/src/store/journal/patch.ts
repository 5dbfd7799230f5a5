import type { Execution, StepState } from '../../engine/state.js';

/**
 * What one transition changed: the top-level fields that differ and the steps whose state
 * differs. A journal record carries this instead of the whole execution, so a write costs
 * what changed, not the size of the plan and of every step's data.
 */
export interface ExecutionPatch {
  set: Partial<Omit<Execution, 'steps' | 'id'>>;
  steps: Record<string, StepState>;
}

/**
 * The engine shares what a transition leaves alone (the plan, the input, every untouched step
 * state) and builds anew what it changes, so identity finds the changes without serializing
 * both states (a part rebuilt equal is written again, which costs bytes, not correctness).
 */
const same = (a: unknown, b: unknown): boolean => a === b;

export function diffExecution(before: Execution, after: Execution): ExecutionPatch {
  if (before.id !== after.id) throw new Error(`a patch joins states of one execution, not ${before.id} and ${after.id}`);
  const set: Record<string, unknown> = {};
  for (const key of Object.keys(after) as Array<keyof Execution>) {
    if (key === 'steps' || key === 'id') continue;
    if (!same(before[key], after[key])) set[key] = after[key];
  }
  const steps: Record<string, StepState> = {};
  for (const [stepId, state] of Object.entries(after.steps)) {
    if (!same(before.steps[stepId], state)) steps[stepId] = state;
  }
  return { set: set as ExecutionPatch['set'], steps };
}

export function applyPatch(execution: Execution, patch: ExecutionPatch): Execution {
  return { ...execution, ...patch.set, steps: { ...execution.steps, ...patch.steps } };
}
