import type { Channel, ConsumeMessage } from 'amqplib';
import type { Logger } from '../logger.js';
import type { Subscription } from './bus.js';
import type { AmqpLink } from './amqpLink.js';

export interface ConsumerSpec {
  /** Names the consumer in logs. */
  label: string;
  prefetch: number;
  /** Declares what the consumer reads and answers the queue to consume; runs on every (re)attach. */
  prepare(channel: Channel): Promise<string>;
  /** Handles one message and acks or nacks it on `channel`; must not reject. */
  handle(message: ConsumeMessage, channel: Channel): Promise<void>;
  /** Called after each attach that follows a lost channel (not after the first one). */
  onReattached?: () => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const REATTACH_DELAY_MS = { initial: 100, max: 5_000 };

/**
 * A consumer on its own channel (so its prefetch is its own) that survives the connection:
 * when its channel closes for any reason other than `cancel` (broker restart, forced close,
 * a channel error, the queue deleted), it attaches again on the reconnected link with backoff,
 * declaring its queue again. Resolves once the first attach succeeded, or rejects with why not.
 */
export async function startConsumer(link: AmqpLink, logger: Logger, spec: ConsumerSpec): Promise<Subscription> {
  let active = true;
  let channel: Channel | undefined;
  let consumerTag: string | undefined;
  const inFlight = new Set<Promise<void>>();
  const log = logger.child({ consumer: spec.label });

  function onMessage(owner: Channel, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled us (queue deleted): closing the channel makes us attach anew.
      log.warn('consumer cancelled by the broker; attaching again');
      owner.close().catch(() => undefined);
      return;
    }
    const handled = spec
      .handle(message, owner)
      .catch((error: unknown) => log.error({ err: error }, 'message handling failed'))
      .finally(() => inFlight.delete(handled));
    inFlight.add(handled);
  }

  function onChannelClosed(closed: Channel): void {
    if (channel !== closed) return;
    channel = undefined;
    consumerTag = undefined;
    if (active) void reattach();
  }

  async function attach(): Promise<void> {
    const model = await link.model();
    const opened = await model.createChannel();
    let lost = false;
    opened.on('error', (error: Error) => log.warn({ err: error }, 'consumer channel error'));
    opened.on('close', () => {
      lost = true;
      onChannelClosed(opened);
    });
    try {
      await opened.prefetch(spec.prefetch);
      const queue = await spec.prepare(opened);
      const reply = await opened.consume(queue, (message) => onMessage(opened, message), { noAck: false });
      // The close event may have fired before this continuation ran.
      if (lost) throw new Error('channel closed while attaching the consumer');
      channel = opened;
      consumerTag = reply.consumerTag;
    } catch (error) {
      await opened.close().catch(() => undefined);
      throw error;
    }
  }

  async function reattach(): Promise<void> {
    let delay = REATTACH_DELAY_MS.initial;
    while (active) {
      try {
        await attach();
        if (!active) await detach();
        else {
          log.info('consumer attached again');
          spec.onReattached?.();
        }
        return;
      } catch (error) {
        if (!active) return;
        log.warn({ err: error, nextDelayMs: delay }, 'consumer could not attach; retrying');
        await sleep(delay);
        delay = Math.min(delay * 2, REATTACH_DELAY_MS.max);
      }
    }
  }

  /** Stops deliveries, lets the handlers in flight settle, then closes the channel. */
  async function detach(): Promise<void> {
    const owned = channel;
    const tag = consumerTag;
    channel = undefined;
    consumerTag = undefined;
    if (owned && tag) await owned.cancel(tag).catch(() => undefined);
    await Promise.allSettled([...inFlight]);
    await owned?.close().catch(() => undefined);
  }

  await attach();
  return {
    async cancel() {
      active = false;
      await detach();
    },
  };
}

/** Acks or nacks (requeue) on a channel that may have closed meanwhile: the broker then redelivers. */
export function settle(channel: Channel, message: ConsumeMessage, outcome: 'ack' | 'requeue', logger: Logger): void {
  try {
    if (outcome === 'ack') channel.ack(message);
    else channel.nack(message, false, true);
  } catch (error) {
    logger.debug({ err: error }, 'could not settle a delivery on a closed channel; the broker redelivers it');
  }
}
