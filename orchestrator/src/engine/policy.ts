import type { EngineOptions, PlannedStep, StepPolicy } from './state.js';

/** A step's retry and timeout policy with the orchestrator's settings filling what the step leaves open. */
export type EffectivePolicy = Required<StepPolicy>;

/** The policy a step of the run follows: its own fields (pinned in the plan at start), else the global settings. */
export function policyOf(step: PlannedStep, options: EngineOptions): EffectivePolicy {
  const own = step.policy ?? {};
  return {
    maxAttempts: own.maxAttempts ?? options.maxAttempts,
    retryBackoffMs: own.retryBackoffMs ?? options.retryBaseMs,
    retryBackoffMaxMs: own.retryBackoffMaxMs ?? options.retryMaxMs,
    timeoutMs: own.timeoutMs ?? options.stepTimeoutMs,
    retryOnTimeout: own.retryOnTimeout ?? false,
  };
}

/** The delay before the attempt after `attempt`: the backoff doubled per attempt, capped. */
export function backoff(attempt: number, policy: EffectivePolicy): number {
  return Math.min(policy.retryBackoffMs * 2 ** (attempt - 1), policy.retryBackoffMaxMs);
}
