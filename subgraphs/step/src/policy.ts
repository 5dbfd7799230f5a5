import { AppError, type FieldViolation } from '@flow/platform';
import type { FieldSpecs } from '@flow/kit';

/** The longest backoff or timeout a step may ask for: one day, the bound of the global settings. */
export const MAX_POLICY_MS = 86_400_000;

/**
 * A step's own retry and timeout policy (docs/protocol.md "Step policies"). Each field is
 * optional: absent, the orchestrator's setting applies (ORCHESTRATOR_MAX_ATTEMPTS, ...). The
 * run reads them from its pinned plan, so an edit affects the runs started after it.
 */
export const stepPolicyFields: FieldSpecs = {
  maxAttempts: { kind: 'int', min: 1, max: 100, doc: 'Attempts of the step before it fails (default ORCHESTRATOR_MAX_ATTEMPTS)' },
  retryBackoffMs: { kind: 'int', min: 0, max: MAX_POLICY_MS, doc: 'Delay before the first retry, doubled per attempt (default ORCHESTRATOR_RETRY_BASE_MS)' },
  retryBackoffMaxMs: { kind: 'int', min: 0, max: MAX_POLICY_MS, doc: 'Cap of the retry delay (default ORCHESTRATOR_RETRY_MAX_MS)' },
  timeoutMs: { kind: 'int', min: 100, max: MAX_POLICY_MS, doc: 'Time an attempt has to answer, heartbeats extending it (default ORCHESTRATOR_STEP_TIMEOUT_MS)' },
  retryOnTimeout: { kind: 'boolean', fallback: false, doc: 'Whether a timed-out attempt is retried like a retryable failure (while attempts are left)' },
};

/** The rules across policy fields that a range alone does not state. */
export function validateStepPolicy(record: Record<string, unknown>): void {
  const violations: FieldViolation[] = [];
  const base = record.retryBackoffMs as number | null | undefined;
  const cap = record.retryBackoffMaxMs as number | null | undefined;
  if (typeof base === 'number' && typeof cap === 'number' && cap < base) {
    violations.push({ field: 'retryBackoffMaxMs', constraint: 'range', message: `retryBackoffMaxMs (${cap}) must not be less than retryBackoffMs (${base})` });
  }
  if (violations.length > 0) throw AppError.badInput(violations);
}
