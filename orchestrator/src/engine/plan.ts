import { AppError, ErrorCode } from '@flow/platform/errors';
import type { AssignedEntity } from '@flow/protocol';
import type { EntryCondition, Plan, PlannedStep, StepPolicy } from './state.js';

/** A step as its entity stores it: the policy fields are null (or absent) when the step leaves them to the global settings. */
export interface StepDefinition {
  id: string;
  processorId: string;
  entryCondition: EntryCondition;
  nextStepIds: string[];
  maxAttempts?: number | null;
  retryBackoffMs?: number | null;
  retryBackoffMaxMs?: number | null;
  timeoutMs?: number | null;
  retryOnTimeout?: boolean | null;
}

const policyFields = ['maxAttempts', 'retryBackoffMs', 'retryBackoffMaxMs', 'timeoutMs', 'retryOnTimeout'] as const;

/** The policy fields a step sets (retryOnTimeout only when true), or undefined when it sets none. */
export function stepPolicyOf(step: StepDefinition): StepPolicy | undefined {
  const set = policyFields.filter((field) => step[field] !== null && step[field] !== undefined && step[field] !== false);
  return set.length === 0 ? undefined : Object.fromEntries(set.map((field) => [field, step[field]]));
}

/** The first cycle found in the graph, as a closed path of step ids, or undefined. */
export function findCycle(steps: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  // Stryker disable next-line ArrayDeclaration: the path is read only from the revisited step on, and a step being visited is always on it
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const next of steps.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of steps.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * Validates a workflow graph and builds the plan of a run: every next step belongs to the
 * workflow, and there is no cycle (the error names it). Entry points are the steps that are
 * nobody's next step.
 */
export function buildPlan(orchestratedFlowId: string, steps: readonly StepDefinition[], entities: ReadonlyMap<string, AssignedEntity[]>): Plan {
  const ids = new Set(steps.map((step) => step.id));
  const outside = steps.flatMap((step) => step.nextStepIds.filter((next) => !ids.has(next)).map((next) => `${step.id} -> ${next}`));
  if (outside.length > 0) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `Next steps outside the workflow: ${outside.join(', ')}`, { details: { outside } });
  }
  const cycle = findCycle(new Map(steps.map((step) => [step.id, step.nextStepIds])));
  if (cycle) throw new AppError(ErrorCode.BAD_USER_INPUT, `The workflow has a cycle: ${cycle.join(' -> ')}`, { details: { cycle } });
  const previous = new Map<string, string[]>(steps.map((step) => [step.id, []]));
  // Stryker disable next-line OptionalChaining: every next step is a step of the workflow (checked above), so the map has it
  for (const step of steps) for (const next of step.nextStepIds) previous.get(next)?.push(step.id);
  const planned: PlannedStep[] = steps.map((step) => {
    const policy = stepPolicyOf(step);
    return {
      stepId: step.id,
      processorId: step.processorId,
      entryCondition: step.entryCondition,
      next: [...step.nextStepIds],
      // Stryker disable next-line ArrayDeclaration: every step has an entry in previous, so the fallback is never used
      previous: previous.get(step.id) ?? [],
      entities: entities.get(step.id) ?? [],
      ...(policy ? { policy } : {}),
    };
  });
  return { orchestratedFlowId, steps: planned, entryPoints: planned.filter((step) => step.previous.length === 0).map((step) => step.stepId) };
}
