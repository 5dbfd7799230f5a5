import { AppError, ErrorCode, isAppError } from '../errors.js';
import { isOutage } from '../outage.js';
import { DeadLetterReason, type ConsumeOptions, type Headers } from './bus.js';

export { DeadLetterReason } from './bus.js';

/**
 * Rules both bus adapters share, so the twin and RabbitMQ cannot drift apart: how a body is
 * encoded, which headers a handler sees, and what happens to a delivery whose handler threw.
 */

/** Internal header: which delivery of the message the next one is (absent on the first). */
export const DELIVERY_COUNT_HEADER = 'x-flow-delivery-count';
/** Internal header: how many times in a row the message was held back by an outage (absent: none). */
export const OUTAGE_RETRIES_HEADER = 'x-flow-outage-retries';
/** Set on every message moved to `<queue>.dead`: why it was given up on, as `<DeadLetterReason>: <detail>`. */
export const DEATH_REASON_HEADER = 'x-death-reason';

/** Also set on a dead letter: how many deliveries it had, its id among the dead letters, and when it got there. */
export const DEATH_DELIVERIES_HEADER = 'x-death-deliveries';
export const DEAD_LETTER_ID_HEADER = 'x-dead-letter-id';
export const DEAD_LETTERED_AT_HEADER = 'x-dead-lettered-at';

/** The `x-death-reason` value: the reason, then what happened. */
export function deathReason(reason: DeadLetterReason, detail: string): string {
  return `${reason}: ${detail}`;
}

/**
 * Encodes a body as JSON; refuses what JSON cannot carry instead of sending `undefined`, and,
 * with a PAYLOAD_TOO_LARGE AppError (not retryable), a body of more than `maxBytes` bytes.
 */
export function encodeBody(body: unknown, maxBytes = Infinity): string {
  const json = JSON.stringify(body) as string | undefined;
  if (json === undefined) throw new TypeError(`a bus message body must be JSON-serializable, got ${typeof body}`);
  // A UTF-16 unit is at most 3 bytes of UTF-8, so a short string needs no byte count.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut only; counting the bytes of every body decides the same
  if (json.length * 3 > maxBytes) {
    const bytes = Buffer.byteLength(json); // UTF-8, byteLength's default
    if (bytes > maxBytes) throw messageTooLarge(bytes, maxBytes);
  }
  return json;
}

/** Why a message may not go on, or come off, the bus. */
export function messageTooLarge(bytes: number, maxBytes: number): AppError {
  return new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `The message is ${bytes} bytes, more than a bus message may be (${maxBytes}, MESSAGE_MAX_BYTES)`, {
    retryable: false, details: { bytes, maxBytes },
  });
}

/**
 * The headers a handler sees: string values only. Our delivery counter and the broker's own
 * dead-lettering bookkeeping (`x-death`, `x-first-death-*`, `x-last-death-*`, left by the delay
 * queues) are transport details, so they are dropped; numbers and booleans become strings.
 */
export function publicHeaders(raw: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (name === DELIVERY_COUNT_HEADER || name === OUTAGE_RETRIES_HEADER || name === 'x-death' || /^x-(first|last)-death-/.test(name)) continue;
    if (typeof value === 'string') headers[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') headers[name] = String(value);
  }
  return headers;
}

/** The delivery count a message carries (1 when it has never failed). */
export function carriedDeliveryCount(raw: Readonly<Record<string, unknown>> | undefined): number {
  const value = Number(raw?.[DELIVERY_COUNT_HEADER]);
  return Number.isInteger(value) ? Math.max(value, 1) : 1;
}

/** How many outage retries in a row a message carries (0 when it has had none). */
export function carriedOutageRetries(raw: Readonly<Record<string, unknown>> | undefined): number {
  const value = Number(raw?.[OUTAGE_RETRIES_HEADER]);
  return Number.isInteger(value) ? Math.max(value, 0) : 0;
}

/**
 * A retry either counts toward the delivery bound (`nextDeliveryCount` one more, outage
 * retries back to 0) or, for an outage, does not (same count, one more outage retry).
 */
export type FailureOutcome =
  | { action: 'retry'; delayMs: number; nextDeliveryCount: number; outageRetries: number }
  | { action: 'dead'; kind: DeadLetterReason; reason: string };

function describeError(error: unknown): string {
  // String() of an Error is `name: message`.
  return isAppError(error) ? `${error.code}: ${error.message}` : String(error);
}

/**
 * What to do with a delivery whose handler threw (the port's failure rules, bus.ts), decided
 * from the error's `retryable` as data: an AppError that is not retryable is dead-lettered at
 * once; an outage (`isOutage`: a dependency unavailable) is redelivered with a growing,
 * jittered delay and never counts toward the bound, however long it lasts; any other
 * retryable error or thrown value (unexpected, so presumed transient) is redelivered until
 * the delivery bound. `outageRetries` is how many outage retries in a row the message had.
 */
export function failureOutcome(error: unknown, deliveryCount: number, options: ConsumeOptions, outageRetries = 0, random: () => number = Math.random): FailureOutcome {
  if (isAppError(error) && !error.retryable) return dead(DeadLetterReason.NON_RETRYABLE, describeError(error));
  if (isOutage(error)) {
    return { action: 'retry', delayMs: outageDelayMs(outageRetries, options.retryDelayMs, random), nextDeliveryCount: deliveryCount, outageRetries: outageRetries + 1 };
  }
  if (deliveryCount >= options.maxDeliveries) {
    return dead(DeadLetterReason.DELIVERIES_EXHAUSTED, `${describeError(error)} (gave up after ${deliveryCount} deliveries)`);
  }
  return { action: 'retry', delayMs: options.retryDelayMs, nextDeliveryCount: deliveryCount + 1, outageRetries: 0 };
}

/** The first outage retry waits at least this long, whatever the consumer's retry delay. */
export const OUTAGE_MIN_DELAY_MS = 100;
/** The longest wait between two deliveries of a message held back by an outage. */
export const OUTAGE_MAX_DELAY_MS = 30_000;

/**
 * The wait before outage retry number `retries + 1`: doubling from the retry delay up to
 * OUTAGE_MAX_DELAY_MS, of which the upper half is jitter in quarter steps, so a backlog's
 * redeliveries spread out without the AMQP bus needing a delay queue per millisecond.
 */
export function outageDelayMs(retries: number, retryDelayMs: number, random: () => number): number {
  const ceiling = Math.min(OUTAGE_MAX_DELAY_MS, Math.max(retryDelayMs, OUTAGE_MIN_DELAY_MS) * 2 ** Math.min(retries, 20));
  const quarters = Math.min(Math.floor(random() * 5), 4);
  return Math.round(ceiling / 2 + (ceiling / 2) * (quarters / 4));
}

/** A dead-letter outcome: the reason and its `x-death-reason` text. */
export function dead(kind: DeadLetterReason, detail: string): FailureOutcome & { action: 'dead' } {
  return { action: 'dead', kind, reason: deathReason(kind, detail) };
}

/**
 * Headers of a message moved to the dead-letter queue: the original ones plus the reason, the
 * deliveries it had, and its id and time there (deadLetters.ts reads them back).
 */
export function deadLetterHeaders(headers: Headers, reason: string, deliveryCount: number, death: { id: string; at: string }): Record<string, string> {
  return { ...headers, [DEATH_REASON_HEADER]: reason, [DEATH_DELIVERIES_HEADER]: String(deliveryCount), [DEAD_LETTER_ID_HEADER]: death.id, [DEAD_LETTERED_AT_HEADER]: death.at };
}

/** Refuses consume options that would stall a consumer or retry forever. */
export function checkConsumeOptions(options: ConsumeOptions): void {
  const { prefetch, maxDeliveries, retryDelayMs } = options;
  if (!Number.isInteger(prefetch) || prefetch < 1) throw new RangeError(`prefetch must be a positive integer, got ${prefetch}`);
  if (!Number.isInteger(maxDeliveries) || maxDeliveries < 1) throw new RangeError(`maxDeliveries must be a positive integer, got ${maxDeliveries}`);
  if (!Number.isFinite(retryDelayMs) || retryDelayMs < 0) throw new RangeError(`retryDelayMs must be >= 0, got ${retryDelayMs}`);
}
