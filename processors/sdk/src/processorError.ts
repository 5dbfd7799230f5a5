import { AppError, ErrorCode, isAppError } from '@flow/platform';
import { ActivityErrorType, type ActivityError } from '@flow/protocol';

/**
 * A handler reports a failure on purpose by throwing an AppError: its `retryable` tells the
 * orchestrator whether another attempt of the step may succeed (it re-dispatches with backoff
 * up to its bound). The ActivityFailed fields an AppError has no twin for travel in its
 * `details`, under the keys of `ActivityErrorDetails`. Anything else a handler throws is
 * reported as retryable, since an unexpected error is usually transient.
 */
export interface ActivityErrorDetails {
  /** Reported as `error.type` of ActivityFailed; default `ProcessorError`. */
  activityErrorType?: string;
  /** True when input, an entity payload or the output broke its JSON Schema (never retried). */
  validation?: boolean;
}

export interface FailureOptions {
  /** Reported as `error.type` of ActivityFailed; default `ProcessorError`. */
  type?: string;
  /** The AppError's code; default SERVICE_UNAVAILABLE for `retryable`, INTERNAL_SERVER_ERROR for `permanent`. */
  code?: ErrorCode;
  cause?: unknown;
}

function failure(message: string, retryable: boolean, defaultCode: ErrorCode, options: FailureOptions): AppError {
  const details = { activityErrorType: options.type ?? ActivityErrorType.PROCESSOR_ERROR } satisfies ActivityErrorDetails;
  return new AppError(options.code ?? defaultCode, message, { retryable, details, cause: options.cause });
}

/** A failure another attempt may fix (a dependency was down, a lock was busy). */
export const retryable = (message: string, options: FailureOptions = {}): AppError =>
  failure(message, true, ErrorCode.SERVICE_UNAVAILABLE, options);

/** A failure no retry can fix (bad data, a refused operation). */
export const permanent = (message: string, options: FailureOptions = {}): AppError =>
  failure(message, false, ErrorCode.INTERNAL_SERVER_ERROR, options);

/** A JSON Schema violation: non-retryable, flagged `validation`. */
export const validationFailure = (message: string): AppError =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, {
    retryable: false, details: { activityErrorType: ActivityErrorType.VALIDATION_ERROR, validation: true } satisfies ActivityErrorDetails,
  });

/** The `error` of ActivityFailed for anything a handler threw; a validation failure is never retryable. */
export function toActivityError(thrown: unknown): ActivityError {
  if (isAppError(thrown)) {
    const { activityErrorType, validation } = (thrown.details ?? {}) as ActivityErrorDetails;
    const isValidation = validation === true;
    const type = typeof activityErrorType === 'string' ? activityErrorType : isValidation ? ActivityErrorType.VALIDATION_ERROR : ActivityErrorType.PROCESSOR_ERROR;
    return { message: thrown.message, type, retryable: thrown.retryable && !isValidation, validation: isValidation };
  }
  if (thrown instanceof Error) return { message: thrown.message || thrown.name, type: thrown.name, retryable: true, validation: false };
  return { message: String(thrown), type: 'Error', retryable: true, validation: false };
}
