/**
 * The few error codes of the platform (DESIGN.md section 5). Every failure that leaves a
 * process is an AppError; each edge (GraphQL, HTTP, AMQP) translates the code in one place.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  /** HTTP-level refusals of the REST edge (405, 413, 415, 421); never GraphQL codes. */
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  /** A `Host` outside ALLOWED_HOSTS: the request was meant for another server (DNS rebinding). */
  MISDIRECTED_REQUEST: 'MISDIRECTED_REQUEST',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** Over a rate limit or a connection cap: HTTP 429 with `Retry-After` (DESIGN.md section 13). */
  RATE_LIMITED: 'RATE_LIMITED',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One violated constraint of an input: the field path and what it must satisfy. */
export interface FieldViolation {
  field: string;
  constraint: string;
  message: string;
}

export interface AppErrorOptions {
  /** Structured detail for clients (ids, referrers, violations); must be JSON-safe. */
  details?: Record<string, unknown>;
  /** Whether repeating the same operation later may succeed. Defaults by code. */
  retryable?: boolean;
  cause?: unknown;
}

/** Marks AppErrors across copies of this module (bundlers and test runners may load two). */
const APP_ERROR = Symbol.for('flow-orchestrator.AppError');

export class AppError extends Error {
  readonly [APP_ERROR] = true;
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.retryable = options.retryable ?? code === ErrorCode.SERVICE_UNAVAILABLE;
  }

  static badInput(violations: FieldViolation[]): AppError {
    const message = violations.map((v) => v.message).join('; ');
    return new AppError(ErrorCode.BAD_USER_INPUT, message, { details: { violations } });
  }

  static notFound(what: string, id: string): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${what} ${id} was not found`, { details: { id } });
  }
}

export function isAppError(error: unknown): error is AppError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[APP_ERROR] === true;
}

const httpStatusByCode: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  MISDIRECTED_REQUEST: 421,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

/** The HTTP status of an error code: the one mapping used by every HTTP edge. */
export function httpStatusOf(code: string): number {
  return httpStatusByCode[code as ErrorCode] ?? 500;
}

/** Any thrown value as an AppError; unknown failures become INTERNAL_SERVER_ERROR. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  return new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error', { cause: error });
}
