import type { Channel } from 'amqplib';
import type { Logger } from '../logger.js';
import { deadLetterQueue } from './bus.js';
import type { AmqpLink } from './amqpLink.js';

/**
 * What the AMQP bus declares on the broker, and a per-connection memo so each name is
 * declared once per connection rather than once per publish.
 *
 * Delays (retry backoff and `delayMs`) use one durable queue per delay: a message waits there
 * with the queue's `x-message-ttl`, then RabbitMQ dead-letters it through the default exchange
 * with its original routing key, which is the target queue. A fanout exchange of the same
 * name fronts each delay queue so any routing key lands in it. Messages wait on the broker,
 * persistent, so a delay survives a crash of the publishing process. Per-queue TTLs keep
 * each delay queue FIFO (per-message TTLs would let a long delay block shorter ones behind it).
 */

/** Delays round up to two significant digits (1234 -> 1300 ms) to bound the number of queues. */
export function delayBucket(delayMs: number): number {
  if (delayMs <= 0) return 0;
  const ceiling = Math.ceil(delayMs);
  const step = 10 ** Math.max(0, Math.floor(Math.log10(ceiling)) - 1);
  return Math.ceil(ceiling / step) * step;
}

export const delayExchange = (bucketMs: number): string => `bus.delay.${bucketMs}ms`;

export interface Declarations {
  /** A durable queue and its durable `<queue>.dead`. */
  queue(queue: string): Promise<void>;
  /** The delay exchange and queue for a bucket (see `delayBucket`). */
  delay(bucketMs: number): Promise<void>;
  /** A durable fanout exchange. */
  fanout(exchange: string): Promise<void>;
}

/** RabbitMQ's durable queue types: `quorum` replicates (Raft), `classic` lives on one node. */
export const queueTypes = ['quorum', 'classic'] as const;
/** The AMQP reply code of a declaration that contradicts the existing entity. */
const PRECONDITION_FAILED = 406;
export type QueueType = (typeof queueTypes)[number];

/**
 * Declares what the bus uses, every durable queue of type `queueType`. A queue that already
 * exists with another type (a deployment from before quorum queues) cannot be redeclared: it is
 * used as it is, with a warning naming it (README "Operations" says how to move it).
 */
export function createDeclarations(link: AmqpLink, queueType: QueueType, logger: Logger): Declarations {
  const typed = { 'x-queue-type': queueType };
  let generation = -1;

  /** Runs `declare` on a channel of its own: a refused declaration closes its channel, and only that one. */
  async function onOwnChannel(declare: (channel: Channel) => Promise<unknown>): Promise<void> {
    const channel = await (await link.model()).createChannel();
    channel.on('error', () => undefined);
    try {
      await declare(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  async function durableQueue(queue: string, extra: Record<string, unknown> = {}): Promise<void> {
    try {
      await onOwnChannel((channel) => channel.assertQueue(queue, { durable: true, arguments: { ...typed, ...extra } }));
    } catch (error) {
      if ((error as { code?: number }).code !== PRECONDITION_FAILED) throw error;
      await onOwnChannel((channel) => channel.checkQueue(queue));
      logger.warn({ queue, queueType }, 'queue exists with other arguments (another x-queue-type?): using it as it is; see README "Operations" to migrate it');
    }
  }

  const done = new Map<string, Promise<void>>();

  function once(key: string, declare: () => Promise<void>): Promise<void> {
    if (generation !== link.generation()) {
      generation = link.generation();
      done.clear();
    }
    const existing = done.get(key);
    if (existing) return existing;
    const declaring = link.retrying(declare);
    declaring.catch(() => done.delete(key));
    done.set(key, declaring);
    return declaring;
  }

  return {
    queue: (queue) =>
      once(`queue:${queue}`, async () => {
        await durableQueue(queue);
        await durableQueue(deadLetterQueue(queue));
      }),
    delay: (bucketMs) =>
      once(`delay:${bucketMs}`, async () => {
        const name = delayExchange(bucketMs);
        await durableQueue(name, { 'x-message-ttl': bucketMs, 'x-dead-letter-exchange': '' });
        const channel = await link.adminChannel();
        await channel.assertExchange(name, 'fanout', { durable: true });
        await channel.bindQueue(name, name, '');
      }),
    fanout: (exchange) =>
      once(`fanout:${exchange}`, async () => {
        const channel = await link.adminChannel();
        await channel.assertExchange(exchange, 'fanout', { durable: true });
      }),
  };
}
