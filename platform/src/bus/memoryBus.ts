import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import {
  deadLetterQueue,
  type Bus,
  type ConsumeOptions,
  type DeadLetter,
  type DeadLetterQueues,
  type Delivery,
  type Headers,
  type MessageHandler,
  type PublishOptions,
  type Subscription,
} from './bus.js';
import { checkConsumeOptions, deadLetterHeaders, encodeBody, failureOutcome } from './busRules.js';
import { DEAD_LETTER_SCAN_LIMIT, replayHeaders, selects, toDeadLetter } from './deadLetters.js';
import { defaultPayloadLimits } from '../payloadLimits.js';

/** A message as a queue holds it: the body stays JSON so every delivery gets a fresh copy. */
interface StoredMessage {
  json: string;
  headers: Headers;
  deliveryCount: number;
  /** Outage retries in a row (busRules `failureOutcome`); absent before the first. */
  outageRetries?: number;
}

interface MemoryConsumer {
  handler: MessageHandler;
  options: ConsumeOptions;
  inFlight: Set<Promise<void>>;
}

interface MemoryQueue {
  ready: StoredMessage[];
  consumers: MemoryConsumer[];
  /** Round-robin position, so competing consumers share the work. */
  next: number;
  pumpScheduled: boolean;
}

export interface MemoryBusOptions {
  /** Where errors of `subscribe` handlers are reported (they are not retried). */
  logger?: Logger;
  /**
   * The largest body published (MESSAGE_MAX_BYTES). Default 4 MiB. No larger one ever enters,
   * so unlike RabbitMQ's, this bus never meets one to dead-letter.
   */
  maxMessageBytes?: number;
}

/**
 * The in-memory twin of the AMQP bus, for embedded mode and unit tests: the same contract
 * (busContract.ts) in one process, without durability. Deliveries are asynchronous, as from
 * a broker, and JSON-encoded, so a handler never shares an object with the publisher.
 */
export function createMemoryBus(options: MemoryBusOptions = {}): Bus {
  const queues = new Map<string, MemoryQueue>();
  const exchanges = new Map<string, Set<(message: StoredMessage) => void>>();
  const timers = new Set<NodeJS.Timeout>();
  const subscriptions = new Set<Subscription>();
  let closed = false;
  const maxMessageBytes = options.maxMessageBytes ?? defaultPayloadLimits.messageMaxBytes;

  const queueOf = (name: string): MemoryQueue => {
    let queue = queues.get(name);
    if (!queue) {
      queue = { ready: [], consumers: [], next: 0, pumpScheduled: false };
      queues.set(name, queue);
    }
    return queue;
  };
  const assertOpen = (): void => {
    if (closed) throw new Error('the bus is closed');
  };

  function enqueue(name: string, message: StoredMessage): void {
    queueOf(name).ready.push(message);
    schedulePump(name);
  }

  /** Runs `action` no sooner than `delayMs` from now (timers may fire a hair early: re-arm). */
  function later(delayMs: number, action: () => void): void {
    const due = performance.now() + delayMs;
    const arm = (wait: number): void => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        const left = due - performance.now();
        if (left > 0) arm(Math.ceil(left));
        else action();
      }, wait);
      timers.add(timer);
    };
    arm(delayMs);
  }

  function schedulePump(name: string): void {
    const queue = queueOf(name);
    if (queue.pumpScheduled) return;
    queue.pumpScheduled = true;
    setImmediate(() => {
      queue.pumpScheduled = false;
      pump(name, queue);
    });
  }

  function pump(name: string, queue: MemoryQueue): void {
    while (queue.ready.length > 0) {
      const consumer = nextWithCapacity(queue);
      if (!consumer) return;
      deliver(name, consumer, queue.ready.shift() as StoredMessage);
    }
  }

  function nextWithCapacity(queue: MemoryQueue): MemoryConsumer | undefined {
    for (let tried = 0; tried < queue.consumers.length; tried++) {
      const consumer = queue.consumers[queue.next++ % queue.consumers.length] as MemoryConsumer;
      if (consumer.inFlight.size < consumer.options.prefetch) return consumer;
    }
    return undefined;
  }

  function deliver(name: string, consumer: MemoryConsumer, message: StoredMessage): void {
    const delivery: Delivery = { body: JSON.parse(message.json), headers: { ...message.headers }, deliveryCount: message.deliveryCount, queue: name };
    const settled = Promise.resolve()
      .then(() => consumer.handler(delivery))
      .catch((error: unknown) => settleFailure(name, consumer.options, message, error))
      .finally(() => {
        consumer.inFlight.delete(settled);
        schedulePump(name);
      });
    consumer.inFlight.add(settled);
  }

  function settleFailure(name: string, consumeOptions: ConsumeOptions, message: StoredMessage, error: unknown): void {
    const outcome = failureOutcome(error, message.deliveryCount, consumeOptions, message.outageRetries);
    if (outcome.action === 'dead') {
      const headers = deadLetterHeaders(message.headers, outcome.reason, message.deliveryCount, { id: randomUUID(), at: new Date().toISOString() });
      enqueue(deadLetterQueue(name), { json: message.json, headers, deliveryCount: 1 });
      consumeOptions.onDeadLetter?.(outcome.kind);
      return;
    }
    const retry = { ...message, deliveryCount: outcome.nextDeliveryCount, outageRetries: outcome.outageRetries };
    if (outcome.delayMs > 0) later(outcome.delayMs, () => enqueue(name, retry));
    else enqueue(name, retry);
  }

  /** Takes the dead letters of `queue` that `ids` names (all when undefined) out of its dead-letter queue, in order. */
  function takeDeadLetters(queue: string, ids: readonly string[] | undefined): Array<{ message: StoredMessage; letter: DeadLetter }> {
    const dead = queueOf(deadLetterQueue(queue));
    const letters = dead.ready.slice(0, DEAD_LETTER_SCAN_LIMIT).map((message) => ({ message, letter: toDeadLetter(queue, message.json, message.headers) }));
    const taken = letters.filter(({ letter }) => selects(ids, letter));
    dead.ready = dead.ready.filter((message) => !taken.some((one) => one.message === message));
    return taken;
  }

  const deadLetters: DeadLetterQueues = {
    async count(queue) {
      return queues.get(deadLetterQueue(queue))?.ready.length ?? 0;
    },
    async list(queue, limit) {
      return (queues.get(deadLetterQueue(queue))?.ready ?? []).slice(0, Math.min(limit, DEAD_LETTER_SCAN_LIMIT)).map((message) => toDeadLetter(queue, message.json, message.headers));
    },
    async replay(queue, ids) {
      assertOpen();
      const taken = takeDeadLetters(queue, ids);
      for (const { message } of taken) enqueue(queue, { json: message.json, headers: replayHeaders(message.headers), deliveryCount: 1 });
      return taken.length;
    },
    async discard(queue, ids) {
      assertOpen();
      return takeDeadLetters(queue, ids).length;
    },
  };

  function subscriber(handler: MessageHandler, exchange: string) {
    let chain = Promise.resolve();
    // One at a time, in order, like the AMQP adapter's subscriptions.
    const receive = (message: StoredMessage): void => {
      const delivery: Delivery = { body: JSON.parse(message.json), headers: { ...message.headers }, deliveryCount: 1, queue: exchange };
      chain = chain
        .then(() => handler(delivery))
        .catch((error: unknown) => {
          if (options.logger) options.logger.error({ err: error, exchange }, 'bus subscriber failed; message dropped');
          else console.error(`bus subscriber on ${exchange} failed; message dropped`, error);
        });
    };
    return { receive, settled: () => chain };
  }

  return {
    async declareQueue(queue) {
      assertOpen();
      queueOf(queue);
      queueOf(deadLetterQueue(queue));
    },
    async publish(queue, body, publishOptions: PublishOptions = {}) {
      assertOpen();
      const message: StoredMessage = { json: encodeBody(body, maxMessageBytes), headers: { ...publishOptions.headers }, deliveryCount: 1 };
      queueOf(queue);
      const delayMs = publishOptions.delayMs ?? 0;
      if (delayMs > 0) later(delayMs, () => enqueue(queue, message));
      else enqueue(queue, message);
    },
    async consume<T>(queue: string, handler: MessageHandler<T>, consumeOptions: ConsumeOptions) {
      assertOpen();
      checkConsumeOptions(consumeOptions);
      const consumer: MemoryConsumer = { handler: handler as MessageHandler, options: consumeOptions, inFlight: new Set() };
      queueOf(queue).consumers.push(consumer);
      schedulePump(queue);
      const subscription: Subscription = {
        async cancel() {
          const owner = queueOf(queue);
          owner.consumers = owner.consumers.filter((candidate) => candidate !== consumer);
          subscriptions.delete(subscription);
          await Promise.allSettled([...consumer.inFlight]);
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },
    async broadcast(exchange, body, headers = {}) {
      assertOpen();
      const message: StoredMessage = { json: encodeBody(body, maxMessageBytes), headers: { ...headers }, deliveryCount: 1 };
      setImmediate(() => exchanges.get(exchange)?.forEach((receive) => receive(message)));
    },
    async subscribe<T>(exchange: string, handler: MessageHandler<T>) {
      assertOpen();
      const { receive, settled } = subscriber(handler as MessageHandler, exchange);
      const receivers = exchanges.get(exchange) ?? new Set();
      exchanges.set(exchange, receivers.add(receive));
      const subscription: Subscription = {
        async cancel() {
          receivers.delete(receive);
          subscriptions.delete(subscription);
          await settled();
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },
    async depth(queue) {
      return queues.get(queue)?.ready.length ?? 0;
    },
    deadLetters,
    health: {
      name: 'bus',
      critical: true,
      check: async () => assertOpen(),
    },
    async close() {
      if (closed) return;
      closed = true;
      timers.forEach((timer) => clearTimeout(timer));
      timers.clear();
      await Promise.all([...subscriptions].map((subscription) => subscription.cancel()));
    },
  };
}
