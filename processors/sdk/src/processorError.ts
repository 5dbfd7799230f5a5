import type { ActivityError } from '@flow/protocol';

/**
 * A failure a handler reports on purpose. `retryable` tells the orchestrator whether another
 * attempt of the step may succeed (it re-dispatches with backoff up to its bound); anything
 * else a handler throws is treated as retryable, since an unexpected error is usually transient.
 */
export class ProcessorError extends Error {
  readonly retryable: boolean;
  /** True when input, an entity payload or the output broke its JSON Schema (never retried). */
  readonly validation: boolean;
  /** Reported as `error.type` of ActivityFailed. */
  readonly type: string;

  constructor(message: string, options: { retryable: boolean; validation?: boolean; type?: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProcessorError';
    this.retryable = options.retryable && !options.validation;
    this.validation = options.validation ?? false;
    this.type = options.type ?? (options.validation ? 'ValidationError' : 'ProcessorError');
  }
}

/** A failure another attempt may fix (a dependency was down, a lock was busy). */
export const retryable = (message: string, options: { type?: string; cause?: unknown } = {}): ProcessorError =>
  new ProcessorError(message, { ...options, retryable: true });

/** A failure no retry can fix (bad data, a refused operation). */
export const permanent = (message: string, options: { type?: string; cause?: unknown } = {}): ProcessorError =>
  new ProcessorError(message, { ...options, retryable: false });

/** A JSON Schema violation: non-retryable, flagged `validation`. */
export const validationFailure = (message: string): ProcessorError =>
  new ProcessorError(message, { retryable: false, validation: true });

/** The `error` of ActivityFailed for anything a handler threw. */
export function toActivityError(thrown: unknown): ActivityError {
  if (thrown instanceof ProcessorError) {
    return { message: thrown.message, type: thrown.type, retryable: thrown.retryable, validation: thrown.validation };
  }
  if (thrown instanceof Error) return { message: thrown.message || thrown.name, type: thrown.name, retryable: true, validation: false };
  return { message: String(thrown), type: 'Error', retryable: true, validation: false };
}
