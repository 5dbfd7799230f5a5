import { randomUUID } from 'node:crypto';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { Logger } from '../logger.js';
import { deadLetterQueue, type ConsumeOptions, type Headers, type MessageHandler } from './bus.js';
import {
  carriedDeliveryCount, carriedOutageRetries, dead, deadLetterHeaders, DeadLetterReason, DELIVERY_COUNT_HEADER, failureOutcome, messageTooLarge, OUTAGE_RETRIES_HEADER,
  publicHeaders, type FailureOutcome,
} from './busRules.js';
import { settle } from './amqpConsumer.js';

/** Publishes a message body as is, confirmed, to a queue, no sooner than `delayMs` from now. */
export type Republish = (queue: string, content: Buffer, headers: Headers, delayMs: number) => Promise<void>;

export interface QueueDeliveryDeps {
  queue: string;
  handler: MessageHandler;
  options: ConsumeOptions;
  republish: Republish;
  logger: Logger;
  /** A larger body is dead-lettered unread (`MESSAGE_TOO_LARGE`). */
  maxMessageBytes: number;
}

/**
 * Turns a handler into the settle logic of a queue consumer (the failure rules of bus.ts).
 * A retry or a dead letter is a new message published (and confirmed) before the original is
 * acked, so a crash in between duplicates it rather than losing it. A message the broker
 * redelivers because its consumer was lost counts as one more delivery: it is first
 * re-published carrying that count (and the original acked), so a message that keeps killing
 * its consumer still reaches the dead-letter queue after `maxDeliveries`.
 */
export function queueDeliveryHandler(deps: QueueDeliveryDeps): (message: ConsumeMessage, channel: Channel) => Promise<void> {
  const { queue, handler, options, republish, logger, maxMessageBytes } = deps;

  async function deadLetter(content: Buffer, headers: Headers, outcome: FailureOutcome & { action: 'dead' }, deliveryCount: number): Promise<void> {
    const { reason } = outcome;
    logger.warn({ queue, reason, deliveryCount }, 'message moved to the dead-letter queue');
    await republish(deadLetterQueue(queue), content, deadLetterHeaders(headers, reason, deliveryCount, { id: randomUUID(), at: new Date().toISOString() }), 0);
    options.onDeadLetter?.(outcome.kind);
  }

  async function run(content: Buffer, headers: Headers, deliveryCount: number, outageRetries: number): Promise<void> {
    if (content.length > maxMessageBytes) {
      return deadLetter(content, headers, dead(DeadLetterReason.MESSAGE_TOO_LARGE, messageTooLarge(content.length, maxMessageBytes).message), deliveryCount);
    }
    const parsed = parseBody(content);
    if ('unreadable' in parsed) return deadLetter(content, headers, dead(DeadLetterReason.MALFORMED_BODY, parsed.unreadable), deliveryCount);
    try {
      await handler({ body: parsed.body, headers, deliveryCount, queue });
    } catch (error) {
      const outcome = failureOutcome(error, deliveryCount, options, outageRetries);
      if (outcome.action === 'dead') return deadLetter(content, headers, outcome, deliveryCount);
      const { delayMs, nextDeliveryCount } = outcome;
      if (outcome.outageRetries > 0) logger.warn({ queue, err: error, outageRetries: outcome.outageRetries, retryInMs: delayMs }, 'a dependency is unavailable; message held back, not counted as a failed delivery');
      else logger.info({ queue, err: error, deliveryCount, retryInMs: delayMs }, 'handler failed; message will be redelivered');
      await republish(queue, content, { ...headers, [DELIVERY_COUNT_HEADER]: String(nextDeliveryCount), [OUTAGE_RETRIES_HEADER]: String(outcome.outageRetries) }, delayMs);
    }
  }

  async function recount(content: Buffer, headers: Headers, deliveryCount: number): Promise<void> {
    if (deliveryCount > options.maxDeliveries) {
      const outcome = dead(DeadLetterReason.DELIVERIES_EXHAUSTED, `its consumer was lost during delivery ${deliveryCount - 1} (gave up after ${deliveryCount - 1} deliveries)`);
      return deadLetter(content, headers, outcome, deliveryCount - 1);
    }
    await republish(queue, content, { ...headers, [DELIVERY_COUNT_HEADER]: String(deliveryCount) }, 0);
  }

  return async (message, channel) => {
    const raw = message.properties.headers as Record<string, unknown> | undefined;
    const headers = publicHeaders(raw);
    const deliveryCount = carriedDeliveryCount(raw) + (message.fields.redelivered ? 1 : 0);
    try {
      if (message.fields.redelivered) await recount(message.content, headers, deliveryCount);
      else await run(message.content, headers, deliveryCount, carriedOutageRetries(raw));
      settle(channel, message, 'ack', logger);
    } catch (error) {
      // Could not republish (broker gone): leave the message to the broker to redeliver.
      logger.error({ queue, err: error }, 'could not settle a failed delivery; requeueing it');
      settle(channel, message, 'requeue', logger);
    }
  };
}

/** The JSON body, or why there is none: such a message can never be handled. */
function parseBody(content: Buffer): { body: unknown } | { unreadable: string } {
  try {
    return { body: JSON.parse(content.toString('utf8')) as unknown };
  } catch (error) {
    return { unreadable: `message body is not JSON: ${(error as Error).message}` };
  }
}
