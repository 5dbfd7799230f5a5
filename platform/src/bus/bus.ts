import type { HealthCheck } from '../health.js';

/**
 * The message bus port (DESIGN.md section 7). Adapters: `createAmqpBus` (amqplib, RabbitMQ)
 * and `createMemoryBus` (embedded mode, unit tests); both pass `busContract.ts`.
 *
 * Queues are durable and messages persistent. `publish` resolves only once the broker has
 * confirmed the message (publisher confirms), so a caller that persisted state first and
 * then published can ack its own input safely. Delivery is at-least-once: a handler may see a
 * message again (an ack lost with a connection, a crash after a retry was published), so
 * handlers must be idempotent. Bodies are JSON; headers are strings.
 */
/**
 * Why a message was dead-lettered: the first word of its `x-death-reason` header, before
 * `: ` and the detail (docs/protocol.md, "Errors"). Protocol constants, listed there.
 */
export const DeadLetterReason = {
  /** The body is not JSON: no handler can read it. */
  MALFORMED_BODY: 'MALFORMED_BODY',
  /** The handler threw an AppError with `retryable: false` (a message that does not parse, say): given up at once. */
  NON_RETRYABLE: 'NON_RETRYABLE',
  /** The message failed `maxDeliveries` deliveries (errors that may pass, or its consumer lost while holding it). */
  DELIVERIES_EXHAUSTED: 'DELIVERIES_EXHAUSTED',
  /** The body is larger than the consumer's bus accepts (MESSAGE_MAX_BYTES): given up on unread. */
  MESSAGE_TOO_LARGE: 'MESSAGE_TOO_LARGE',
} as const;
export type DeadLetterReason = (typeof DeadLetterReason)[keyof typeof DeadLetterReason];

export type Headers = Readonly<Record<string, string>>;

export interface Delivery<T = unknown> {
  body: T;
  headers: Headers;
  /** 1 on the first delivery; counts redeliveries after failures and crashes. */
  deliveryCount: number;
  /** The queue it came from (the exchange, for a `subscribe` handler). */
  queue: string;
}

/**
 * Handles one delivery. Resolving acks it. Throwing an `AppError` whose `retryable` is false
 * (or anything once `maxDeliveries` is reached) moves it to the dead-letter queue
 * `<queue>.dead` with the reason in header `x-death-reason` (a `DeadLetterReason`, then the
 * error); an outage (`isOutage`, platform outage.ts) redelivers it with a growing delay without
 * counting the delivery; a retryable AppError or any other thrown value redelivers it after
 * `retryDelayMs`.
 */
export type MessageHandler<T = unknown> = (delivery: Delivery<T>) => Promise<void>;

export interface ConsumeOptions {
  /** Unacknowledged deliveries in flight at once for this consumer (AMQP prefetch). */
  prefetch: number;
  /** Deliveries before a failing message is dead-lettered (poison message bound). */
  maxDeliveries: number;
  /** Wait before a failed delivery is redelivered. */
  retryDelayMs: number;
  /** Told of each message of this consumer moved to the dead-letter queue, with why (a consumer's dead-letter metric). */
  onDeadLetter?: (reason: DeadLetterReason) => void;
}

export interface PublishOptions {
  headers?: Headers;
  /** Deliver no sooner than this many milliseconds from now (retry backoff). */
  delayMs?: number;
}

export interface SubscribeOptions {
  /**
   * Called each time the subscription attached again after losing its connection: broadcasts
   * sent meanwhile were lost, so a subscriber that keeps state should read it afresh.
   */
  onResubscribed?: () => void;
}

export interface Subscription {
  /** Stops new deliveries and waits for the ones in flight to settle. */
  cancel(): Promise<void>;
}

export interface Bus {
  /** Declares a durable queue and its dead-letter queue; idempotent. */
  declareQueue(queue: string): Promise<void>;
  /**
   * Sends a JSON body to a queue (declared first if need be, so nothing is dropped for want of
   * a queue); resolves once the broker confirmed it. Rejects with a TypeError for a body JSON
   * cannot carry, with a PAYLOAD_TOO_LARGE AppError (not retryable) for a body larger than the
   * bus's `maxMessageBytes` (MESSAGE_MAX_BYTES; a consumer dead-letters a larger one unread,
   * `MESSAGE_TOO_LARGE`), and when the broker stays unreachable longer than the adapter's bound.
   */
  publish(queue: string, body: unknown, options?: PublishOptions): Promise<void>;
  /**
   * Consumes a queue (declaring it), with competing consumers sharing its messages. The
   * subscription outlives broker reconnections; `cancel` it (or `close` the bus) to stop.
   */
  consume<T>(queue: string, handler: MessageHandler<T>, options: ConsumeOptions): Promise<Subscription>;
  /** Publishes to a fanout exchange: every current subscriber gets a copy. */
  broadcast(exchange: string, body: unknown, headers?: Headers): Promise<void>;
  /**
   * Subscribes with an exclusive, auto-deleted queue bound to the fanout exchange: broadcasts
   * sent while nobody listens (or during a reconnection) are not kept. The handler sees them
   * one at a time, in order; if it throws, the error is logged and the broadcast dropped, since
   * a copy has no queue of its own to retry from. `onResubscribed` says when a gap may have
   * opened (never for the in-memory bus, which cannot lose its connection).
   */
  subscribe<T>(exchange: string, handler: MessageHandler<T>, options?: SubscribeOptions): Promise<Subscription>;
  /** Messages waiting in a queue (not those delivered and unacked, nor delayed); 0 for an unknown queue. */
  depth(queue: string): Promise<number>;
  /** The dead letters of the queues: list, replay, discard (DeadLetterQueues below). */
  deadLetters: DeadLetterQueues;
  health: HealthCheck;
  /** Cancels every consumer and subscription, waiting for handlers in flight, then disconnects. */
  close(): Promise<void>;
}

/** A message of a dead-letter queue, as an operator inspects it before replaying or discarding it. */
export interface DeadLetter {
  /** Stable while it waits (`x-dead-letter-id`; a digest of the message for one dead-lettered before ids). */
  id: string;
  /** The queue it was given up on, where a replay puts it back. */
  queue: string;
  /** `<DeadLetterReason>: <detail>` (`x-death-reason`). */
  reason: string;
  deliveries: number | null;
  deadLetteredAt: string | null;
  /** The body as it was sent (it may not even be JSON: MALFORMED_BODY). */
  body: string;
  /** Its other headers, as a handler would have seen them. */
  headers: Headers;
}

/** What an operator does with the dead letters of a queue; both bus adapters pass `busContract.ts`. */
export interface DeadLetterQueues {
  /** How many wait in `<queue>.dead`. */
  count(queue: string): Promise<number>;
  /** Up to `limit` dead letters of `queue`, oldest first (of the first 1,000 waiting). */
  list(queue: string, limit: number): Promise<DeadLetter[]>;
  /**
   * Puts dead letters back on `queue` as new messages, first deliveries again (all of them, or
   * those of `ids`): for after the cause was repaired. Answers how many were replayed.
   */
  replay(queue: string, ids?: readonly string[]): Promise<number>;
  /** Deletes dead letters (all, or those of `ids`) for good. Answers how many. */
  discard(queue: string, ids?: readonly string[]): Promise<number>;
}

export const deadLetterQueue = (queue: string): string => `${queue}.dead`;
