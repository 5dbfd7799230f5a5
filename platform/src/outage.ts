import { ErrorCode, isAppError } from './errors.js';

/**
 * Whether an error means "a dependency is unavailable" rather than "this message is wrong":
 * the store, the cache, the broker or a subgraph cannot be reached, or did not answer in time.
 * Such a failure says nothing about the message, so a consumer waits it out instead of counting
 * it toward the message's dead-letter bound (docs/protocol.md, "Outages").
 *
 * Recognised: a SERVICE_UNAVAILABLE AppError (that is still retryable: an adapter's own
 * "down for good" is not an outage); the MongoDB driver's network, selection and pool errors;
 * Node's and undici's socket and timeout errors; anything whose `cause` chain holds one of these.
 * Any other AppError is the message's own failure, whatever it wraps.
 */
export function isOutage(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof current === 'object' && current !== null; depth++) {
    if (isAppError(current)) return current.code === ErrorCode.SERVICE_UNAVAILABLE && current.retryable;
    const { name, code } = current as { name?: unknown; code?: unknown };
    if (typeof name === 'string' && OUTAGE_ERROR_NAMES.has(name)) return true;
    if (typeof code === 'string' && OUTAGE_ERROR_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Wrappers seen in practice are one or two deep; the bound only guards against a cycle. */
const MAX_CAUSE_DEPTH = 8;

/** The MongoDB driver's errors for a server it cannot reach or lost (not its write or query errors). */
const OUTAGE_ERROR_NAMES: ReadonlySet<string> = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoServerClosedError',
  // AbortSignal.timeout() and fetch timeouts.
  'TimeoutError',
]);

/** Socket-level codes of Node (libuv) and undici: the other end is not there or not answering. */
const OUTAGE_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
