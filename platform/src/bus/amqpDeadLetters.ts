import type { Channel, GetMessage } from 'amqplib';
import type { AmqpLink } from './amqpLink.js';
import { deadLetterQueue, type DeadLetter, type DeadLetterQueues, type Headers } from './bus.js';
import { publicHeaders } from './busRules.js';
import { DEAD_LETTER_SCAN_LIMIT, replayHeaders, selects, toDeadLetter } from './deadLetters.js';

export interface AmqpDeadLetterDeps {
  link: AmqpLink;
  /** Throws once the bus is closed. */
  assertOpen: () => void;
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
export function createAmqpDeadLetters({ link, assertOpen, send }: AmqpDeadLetterDeps): DeadLetterQueues {
  /**
   * How many wait in `queue`'s dead-letter queue, on a channel of its own, which runs `operation`
   * on them and is closed after (unacked messages return). Nothing is declared: reading the dead
   * letters of a queue that does not exist answers none and creates nothing on the broker.
   */
  async function onDeadLetters<T>(queue: string, none: T, operation: (channel: Channel, dead: string, waiting: number) => Promise<T>): Promise<T> {
    assertOpen();
    const channel = await (await link.model()).createChannel();
    channel.on('error', () => undefined);
    const dead = deadLetterQueue(queue);
    try {
      const { messageCount } = await channel.checkQueue(dead);
      return await operation(channel, dead, messageCount);
    } catch (error) {
      if ((error as { code?: number }).code === 404) return none;
      throw error;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  function sweep(queue: string, take: (letter: DeadLetter) => boolean, replay: boolean): Promise<DeadLetter[]> {
    return onDeadLetters(queue, [], async (channel, dead, messageCount) => {
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
    count: (queue) => onDeadLetters(queue, 0, async (_channel, _dead, waiting) => waiting),
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
