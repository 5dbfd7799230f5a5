import type { Channel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Logger } from '../logger.js';
import type { Bus, ConsumeOptions, Delivery, Headers, MessageHandler, SubscribeOptions, Subscription } from './bus.js';
import { checkConsumeOptions, encodeBody, publicHeaders } from './busRules.js';
import { defaultPayloadLimits } from '../payloadLimits.js';
import { settle, startConsumer } from './amqpConsumer.js';
import { createAmqpDeadLetters } from './amqpDeadLetters.js';
import { queueDeliveryHandler } from './amqpDelivery.js';
import { createAmqpLink, type AmqpLink } from './amqpLink.js';
import { createDeclarations, delayBucket, delayExchange, type Declarations, type QueueType } from './amqpTopology.js';

export interface AmqpBusOptions {
  /** `amqp://user:pass@host:port/vhost`; a `heartbeat` query parameter overrides `heartbeatSeconds`. */
  url: string;
  logger: Logger;
  /** Shown by the broker for this connection (management UI, `rabbitmqctl list_connections`). Default `flow-bus`. */
  connectionName?: string;
  /** AMQP heartbeat in seconds: how soon a silent broker or network is noticed. Default 10. */
  heartbeatSeconds?: number;
  /** How long the first connection may take, retrying with backoff, before this rejects. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** How long publish, declare and depth wait for a reconnection during an outage before rejecting. Default 10 000 ms. */
  outageWaitMs?: number;
  /** Reconnect backoff: the first delay and the cap, doubling in between. Default 100 and 5 000 ms. */
  reconnectDelayMs?: { initial: number; max: number };
  /** Unacked broadcasts in flight per subscriber (they are handled one at a time, in order). Default 16. */
  subscriberPrefetch?: number;
  /** The largest body published or consumed (MESSAGE_MAX_BYTES). Default 4 MiB. */
  maxMessageBytes?: number;
  /**
   * The type of every durable queue the bus declares (RABBITMQ_QUEUE_TYPE). Default `quorum`:
   * replicated on a cluster (no single node holds the only copy), and on one node too.
   */
  queueType?: QueueType;
}

/** The failure a publish callback reports when the broker nacks or the channel closes. */
function confirmedPublish(channel: ConfirmChannel, exchange: string, routingKey: string, content: Buffer, headers: Headers): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      const publishOptions = { persistent: true, contentType: 'application/json', headers };
      channel.publish(exchange, routingKey, content, publishOptions, (error: unknown) => (error ? reject(error as Error) : resolve()));
    } catch (error) {
      reject(error as Error);
    }
  });
}

/**
 * The Bus on RabbitMQ (amqplib): one self-healing connection, one confirm channel shared by
 * every publish, one channel per consumer and subscriber. See bus.ts for the contract and
 * amqpTopology.ts for what is declared on the broker.
 */
export async function createAmqpBus(options: AmqpBusOptions): Promise<Bus> {
  const logger = options.logger.child({ component: 'bus' });
  const outageWaitMs = options.outageWaitMs ?? 10_000;
  const maxMessageBytes = options.maxMessageBytes ?? defaultPayloadLimits.messageMaxBytes;
  const link: AmqpLink = await createAmqpLink({
    url: options.url,
    logger,
    connectionName: options.connectionName ?? 'flow-bus',
    heartbeatSeconds: options.heartbeatSeconds ?? 10,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    outageWaitMs,
    reconnectDelayMs: options.reconnectDelayMs ?? { initial: 100, max: 5_000 },
  });
  const declare: Declarations = createDeclarations(link, options.queueType ?? 'quorum', logger);
  const subscriptions = new Set<Subscription>();
  let closing: Promise<void> | undefined;

  /**
   * Publishes and waits for the broker's confirm. When the connection drops before the confirm,
   * the message is published again on the next connection (at-least-once) until `outageWaitMs`.
   */
  function send(exchange: string, routingKey: string, content: Buffer, headers: Headers): Promise<void> {
    return link.retrying(async () => confirmedPublish(await link.confirmChannel(), exchange, routingKey, content, headers));
  }

  async function sendToQueue(queue: string, content: Buffer, headers: Headers, delayMs: number): Promise<void> {
    const bucket = delayBucket(delayMs);
    if (bucket === 0) return send('', queue, content, headers);
    await declare.delay(bucket);
    await send(delayExchange(bucket), queue, content, headers);
  }

  function assertOpen(): void {
    if (closing) throw new Error('the bus is closed');
  }

  function track(subscription: Subscription): Subscription {
    subscriptions.add(subscription);
    return {
      async cancel() {
        subscriptions.delete(subscription);
        await subscription.cancel();
      },
    };
  }

  async function consume<T>(queue: string, handler: MessageHandler<T>, consumeOptions: ConsumeOptions): Promise<Subscription> {
    assertOpen();
    checkConsumeOptions(consumeOptions);
    const handle = queueDeliveryHandler({ queue, handler: handler as MessageHandler, options: consumeOptions, republish: sendToQueue, logger, maxMessageBytes });
    const prepare = async (): Promise<string> => {
      await declare.queue(queue);
      return queue;
    };
    return track(await startConsumer(link, logger, { label: queue, prefetch: consumeOptions.prefetch, prepare, handle }));
  }

  async function subscribe<T>(exchange: string, handler: MessageHandler<T>, subscribeOptions: SubscribeOptions = {}): Promise<Subscription> {
    assertOpen();
    // Handled one at a time so a subscriber sees broadcasts in publish order; a failing handler
    // is logged and the message dropped: a fanout copy has no queue of its own to retry from.
    let chain = Promise.resolve();
    const handle = (message: ConsumeMessage, channel: Channel): Promise<void> => {
      chain = chain.then(async () => {
        const headers = publicHeaders(message.properties.headers as Record<string, unknown> | undefined);
        try {
          const delivery: Delivery<T> = { body: JSON.parse(message.content.toString('utf8')) as T, headers, deliveryCount: 1, queue: exchange };
          await handler(delivery);
        } catch (error) {
          logger.error({ err: error, exchange }, 'bus subscriber failed; message dropped');
        }
        settle(channel, message, 'ack', logger);
      });
      return chain;
    };
    const prepare = async (channel: Channel): Promise<string> => {
      await declare.fanout(exchange);
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
      await channel.bindQueue(queue, exchange, '');
      return queue;
    };
    const prefetch = options.subscriberPrefetch ?? 16;
    const { onResubscribed: onReattached } = subscribeOptions;
    return track(await startConsumer(link, logger, { label: `fanout ${exchange}`, prefetch, prepare, handle, ...(onReattached ? { onReattached } : {}) }));
  }

  return {
    async declareQueue(queue) {
      assertOpen();
      await declare.queue(queue);
    },
    async publish(queue, body, publishOptions = {}) {
      assertOpen();
      const content = Buffer.from(encodeBody(body, maxMessageBytes), 'utf8');
      await declare.queue(queue);
      await sendToQueue(queue, content, publishOptions.headers ?? {}, publishOptions.delayMs ?? 0);
    },
    consume,
    async broadcast(exchange, body, headers = {}) {
      assertOpen();
      const content = Buffer.from(encodeBody(body, maxMessageBytes), 'utf8');
      await declare.fanout(exchange);
      await send(exchange, '', content, headers);
    },
    subscribe,
    async depth(queue) {
      assertOpen();
      // A channel of its own: checking a missing queue is a channel error (404) that would
      // otherwise fail declarations sharing the channel.
      return link.retrying(async () => {
        const channel = await (await link.model()).createChannel();
        channel.on('error', () => undefined);
        try {
          return (await channel.checkQueue(queue)).messageCount;
        } catch (error) {
          if ((error as { code?: number }).code === 404) return 0;
          throw error;
        } finally {
          await channel.close().catch(() => undefined);
        }
      });
    },
    deadLetters: createAmqpDeadLetters({ link, assertOpen, send: (queue, content, headers) => sendToQueue(queue, content, headers, 0) }),
    health: {
      name: 'rabbitmq',
      critical: true,
      check: async () => {
        if (!link.isOpen()) throw new Error(link.isClosed() ? 'the bus is closed' : 'not connected to RabbitMQ');
      },
    },
    close() {
      closing ??= (async () => {
        await Promise.all([...subscriptions].map((subscription) => subscription.cancel()));
        await link.close();
      })();
      return closing;
    },
  };
}
