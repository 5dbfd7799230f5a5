import type { Channel, GetMessage } from 'amqplib';
import type { AmqpLink } from './amqpLink.js';
import { deadLetterQueue, type DeadLetter, type DeadLetterQueues, type Headers } from './bus.js';
import { publicHeaders } from './busRules.js';
import { DEAD_LETTER_SCAN_LIMIT, replayHeaders, selects, toDeadLetter } from './deadLetters.js';

export interface AmqpDeadLetterDeps {
  link: AmqpLink;
  /** Declares a queue and its dead-letter queue. */
  declare: (queue: string) => Promise<void>;
  /** Publishes to a queue and waits for the broker's confirm. */
  send: (queue: string, content: Buffer, headers: Headers) => Promise<void>;
}

/**
 * Dead letters on RabbitMQ. AMQP cannot read a queue without taking its messages, and a message
 * put back unacked may count as a failed delivery (RabbitMQ 4's quorum queues drop one past
 * their delivery limit), so an operation reads the messages waiting in `<queue>.dead` (at most
 * DEAD_LETTER_SCAN_LIMIT), one at a time: one it takes is replayed (published to `queue`,
 * confirmed) or discarded; every other is published again at the tail (confirmed), so they keep
 * their order. Each is acked only after its copy was confirmed: a crash in between leaves a
 * duplicate, never a loss. Operations on one queue should not run at once.
 */
export function createAmqpDeadLetters({ link, declare, send }: AmqpDeadLetterDeps): DeadLetterQueues {
  /** Runs `operation` on a channel of its own (a missing queue is a channel error), closed after: unacked messages return. */
  async function onChannel<T>(operation: (channel: Channel) => Promise<T>): Promise<T> {
    const channel = await (await link.model()).createChannel();
    channel.on('error', () => undefined);
    try {
      return await operation(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  async function sweep(queue: string, take: (letter: DeadLetter) => boolean, replay: boolean): Promise<DeadLetter[]> {
    await declare(queue);
    const dead = deadLetterQueue(queue);
    return onChannel(async (channel) => {
      const { messageCount } = await channel.checkQueue(dead);
      const letters: DeadLetter[] = [];
      for (let read = 0; read < Math.min(messageCount, DEAD_LETTER_SCAN_LIMIT); read += 1) {
        const message: GetMessage | false = await channel.get(dead, { noAck: false });
        if (!message) break;
        const headers = publicHeaders(message.properties.headers as Record<string, unknown> | undefined);
        const letter = toDeadLetter(queue, message.content.toString('utf8'), headers);
        const taken = take(letter);
        if (!taken) await send(dead, message.content, headers);
        else if (replay) await send(queue, message.content, replayHeaders(headers));
        channel.ack(message);
        letters.push(letter);
      }
      return letters;
    });
  }

  return {
    async count(queue) {
      await declare(queue);
      return onChannel(async (channel) => (await channel.checkQueue(deadLetterQueue(queue))).messageCount);
    },
    async list(queue, limit) {
      return (await sweep(queue, () => false, false)).slice(0, limit);
    },
    async replay(queue, ids) {
      return (await sweep(queue, (letter) => selects(ids, letter), true)).filter((letter) => selects(ids, letter)).length;
    },
    async discard(queue, ids) {
      return (await sweep(queue, (letter) => selects(ids, letter), false)).filter((letter) => selects(ids, letter)).length;
    },
  };
}
