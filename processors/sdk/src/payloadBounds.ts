import { ErrorCode, isAppError, type PayloadLimits } from '@flow/platform';
import { ActivityErrorType, jsonBytes, type ActivityExecuted, type ActivityFailed } from '@flow/protocol';

type Outcome = ActivityExecuted | ActivityFailed;

/** The answer that fails a step whose own answer is too large: short, and never retried. */
export function payloadTooLarge(event: Outcome, reason: string): ActivityFailed {
  const { commandId, executionId, stepId, processorId, attempt, durationMs, executedAt, schemaVersion } = event;
  return {
    type: 'ActivityFailed', schemaVersion, commandId, executionId, stepId, processorId, attempt, durationMs, executedAt,
    error: { message: `${ErrorCode.PAYLOAD_TOO_LARGE}: ${reason}`, type: ActivityErrorType.PAYLOAD_TOO_LARGE, retryable: false, validation: false },
  };
}

/**
 * The event to publish for a handler's answer: itself, or a PAYLOAD_TOO_LARGE failure when its
 * output is larger than STEP_OUTPUT_MAX_BYTES (the orchestrator would refuse to keep it).
 */
export function boundedEvent(event: Outcome, limits: Pick<PayloadLimits, 'stepOutputMaxBytes'>): Outcome {
  if (event.type !== 'ActivityExecuted') return event;
  const bytes = jsonBytes(event.output);
  if (bytes <= limits.stepOutputMaxBytes) return event;
  return payloadTooLarge(event, `the step's output is ${bytes} bytes, more than ${limits.stepOutputMaxBytes} (STEP_OUTPUT_MAX_BYTES)`);
}

/** Whether the bus refused a message as larger than MESSAGE_MAX_BYTES. */
export const refusedAsTooLarge = (error: unknown): error is Error => isAppError(error) && error.code === ErrorCode.PAYLOAD_TOO_LARGE;
