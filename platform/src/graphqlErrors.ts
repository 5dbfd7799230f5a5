import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError, ErrorCode, httpStatusOf, isAppError } from './errors.js';
import { tokenLimitError } from './graphqlLimits.js';
import { redactEndpoints } from './redact.js';

/** Apollo Server's codes for a request the client got wrong (its own text, never a dependency's). */
const apolloClientCodes: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Whether an error of this code may carry what a failing dependency said (its host, its port):
 * anything but a client error. A client error repeats the client's own input, which stays.
 */
const mayNameInternals = (code: string): boolean => !apolloClientCodes.has(code) && httpStatusOf(code) >= 500;

/**
 * The GraphQL edge of AppError: `extensions.code` carries the code, `extensions.details` the
 * structured detail. Stack traces are dropped unless explicitly allowed (never in production),
 * unexpected errors lose their message in production, and the other server-side ones the
 * internal hosts, ports and credentials a connection error names (redact.ts).
 */
export function createFormatError(options: { exposeDetails: boolean }) {
  const shown = (message: string, code: string): string => (options.exposeDetails || !mayNameInternals(code) ? message : redactEndpoints(message));
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // Not `instanceof GraphQLError`: a test runner or bundler may hold two copies of graphql.
    // The parser's token limit is a syntax error to graphql-js; to clients it is the limit refusal.
    const original = tokenLimitError(formatted.message) ?? (error as { originalError?: unknown } | null)?.originalError ?? error;
    const { stacktrace, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    const keep = options.exposeDetails && stacktrace !== undefined ? { stacktrace } : {};
    if (isAppError(original)) {
      return {
        ...formatted,
        message: shown(original.message, original.code),
        extensions: {
          ...extensions,
          code: original.code,
          ...(original.details ? { details: original.details } : {}),
          ...keep,
        },
      };
    }
    const code = (extensions.code as string | undefined) ?? ErrorCode.INTERNAL_SERVER_ERROR;
    const hide = !options.exposeDetails && code === ErrorCode.INTERNAL_SERVER_ERROR;
    return {
      ...formatted,
      message: hide ? 'Internal server error' : shown(formatted.message, code),
      extensions: { ...extensions, code, ...keep },
    };
  };
}

/** An AppError as a GraphQLError, for code that must throw GraphQL errors itself. */
export function toGraphQLError(error: AppError): GraphQLError {
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { code: error.code, ...(error.details ? { details: error.details } : {}) },
  });
}
