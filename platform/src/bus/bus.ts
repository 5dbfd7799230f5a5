import type { HealthCheck } from '../health.js';

/**
 * The message bus port (DESIGN.md section 7). Adapters: `createAmqpBus` (amqplib, RabbitMQ)
 * and `createMemoryBus` (embedded mode, unit tests); both pass `busContract.ts`.
 *
 * Queues are durable and messages persistent. `publish` resolves only once the broker has
 * confirmed the message (publisher confirms), so a caller that persisted state first and
 * then published can ack its own input safely.
 */
export type Headers = Readonly<Record<string, string>>;

export interface Delivery<T = unknown> {
  body: T;
  headers: Headers;
  /** 1 on the first delivery; counts redeliveries after failures and crashes. */
  deliveryCount: number;
  queue: string;
}

/**
 * Handles one delivery. Resolving acks it. Throwing a `PermanentMessageError` (or any error
 * once `maxDeliveries` is reached) moves it to the dead-letter queue `<queue>.dead` with the
 * reason in header `x-death-reason`; any other error redelivers it after `retryDelayMs`.
 */
export type MessageHandler<T = unknown> = (delivery: Delivery<T>) => Promise<void>;

export interface ConsumeOptions {
  /** Unacknowledged deliveries in flight at once for this consumer (AMQP prefetch). */
  prefetch: number;
  /** Deliveries before a failing message is dead-lettered (poison message bound). */
  maxDeliveries: number;
  /** Wait before a failed delivery is redelivered. */
  retryDelayMs: number;
}

export interface PublishOptions {
  headers?: Headers;
  /** Deliver no sooner than this many milliseconds from now (retry backoff). */
  delayMs?: number;
}

export interface Subscription {
  /** Stops new deliveries and waits for the ones in flight to settle. */
  cancel(): Promise<void>;
}

export interface Bus {
  /** Declares a durable queue and its dead-letter queue; idempotent. */
  declareQueue(queue: string): Promise<void>;
  publish(queue: string, body: unknown, options?: PublishOptions): Promise<void>;
  consume<T>(queue: string, handler: MessageHandler<T>, options: ConsumeOptions): Promise<Subscription>;
  /** Publishes to a fanout exchange: every current subscriber gets a copy. */
  broadcast(exchange: string, body: unknown, headers?: Headers): Promise<void>;
  /** Subscribes with an exclusive, auto-deleted queue bound to the fanout exchange. */
  subscribe<T>(exchange: string, handler: MessageHandler<T>): Promise<Subscription>;
  /** Messages waiting in a queue (not counting those delivered and unacked). */
  depth(queue: string): Promise<number>;
  health: HealthCheck;
  close(): Promise<void>;
}

/** Thrown by a handler for a message that can never succeed: dead-letter it at once. */
export class PermanentMessageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentMessageError';
  }
}

export const deadLetterQueue = (queue: string): string => `${queue}.dead`;
