import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../errors.js';
import { deadLetterQueue, type Bus, type ConsumeOptions, type Delivery, type Subscription } from './bus.js';

/** Names a run of the contract created, for adapters whose broker keeps them (durable). */
export interface BusContractNames {
  queues: string[];
  exchanges: string[];
}

export interface BusContractHooks {
  /** Runs once after the suite with every queue and exchange it used, to delete them. */
  cleanup?: (names: BusContractNames) => Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `predicate` holds; fails with `what` after `timeoutMs`. */
export async function eventually(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const options = (overrides: Partial<ConsumeOptions> = {}): ConsumeOptions => ({ prefetch: 10, maxDeliveries: 3, retryDelayMs: 20, ...overrides });

/**
 * The behaviour every Bus adapter must have (bus.ts). `fresh` answers a new, connected bus
 * for each test; queue and exchange names are unique per test.
 */
export function describeBusContract(adapter: string, fresh: () => Promise<Bus>, hooks: BusContractHooks = {}): void {
  describe(`Bus contract (${adapter})`, () => {
    const names: BusContractNames = { queues: [], exchanges: [] };
    let bus: Bus;
    const subscriptions: Subscription[] = [];

    const queueName = (label: string): string => {
      const queue = `contract.${label}.${randomUUID().slice(0, 8)}`;
      names.queues.push(queue, deadLetterQueue(queue), deadLetterQueue(deadLetterQueue(queue)));
      return queue;
    };
    const exchangeName = (label: string): string => {
      const exchange = `contract.${label}.${randomUUID().slice(0, 8)}`;
      names.exchanges.push(exchange);
      return exchange;
    };
    /** Consumes into an array; the subscription is cancelled after the test. */
    /** Declares `queue` and consumes it with a handler that throws `error()` at every delivery; the delivery counts it saw. */
    async function failEveryDelivery(queue: string, error: () => unknown, maxDeliveries: number): Promise<number[]> {
      await bus.declareQueue(queue);
      const counts: number[] = [];
      const handler = async (delivery: Delivery): Promise<void> => {
        counts.push(delivery.deliveryCount);
        throw error();
      };
      subscriptions.push(await bus.consume(queue, handler, options({ maxDeliveries })));
      return counts;
    }

    async function collect(queue: string, consumeOptions = options()): Promise<Delivery[]> {
      const received: Delivery[] = [];
      subscriptions.push(await bus.consume(queue, async (delivery) => void received.push(delivery), consumeOptions));
      return received;
    }

    beforeEach(async () => {
      bus = await fresh();
    });
    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((subscription) => subscription.cancel()));
      await bus.close();
    });
    afterAll(async () => {
      await hooks.cleanup?.(names);
    });

    it('should deliver a published body and its headers to a consumer', async () => {
      const queue = queueName('roundtrip');
      await bus.declareQueue(queue);
      await bus.declareQueue(queue);
      const received = await collect(queue);
      const body = { id: 'm1', nested: { list: [1, 'two', null], flag: true } };
      const headers = { 'x-correlation-id': 'corr-1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
      await bus.publish(queue, body, { headers });
      await eventually('the delivery', () => received.length === 1);
      expect(received[0]).toEqual({ body, headers, deliveryCount: 1, queue });
    });

    it('should hold a confirmed message for a consumer that starts later', async () => {
      const queue = queueName('confirm');
      await bus.declareQueue(queue);
      for (let index = 0; index < 5; index++) await bus.publish(queue, { index });
      expect(await bus.depth(queue)).toBe(5);
      const received = await collect(queue);
      await eventually('five deliveries', () => received.length === 5);
      expect(received.map((delivery) => delivery.body)).toEqual([0, 1, 2, 3, 4].map((index) => ({ index })));
    });

    it('should refuse a body JSON cannot carry', async () => {
      await expect(bus.publish(queueName('undefined'), undefined)).rejects.toThrow(TypeError);
    });

    it('should refuse a body past MESSAGE_MAX_BYTES (default 4 MiB) with PAYLOAD_TOO_LARGE, sending nothing', async () => {
      const queue = queueName('too-large');
      await bus.declareQueue(queue);
      const refused = bus.publish(queue, { blob: 'x'.repeat(4 * 1024 * 1024) });
      await expect(refused).rejects.toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE, retryable: false });
      await expect(bus.broadcast(exchangeName('too-large'), { blob: 'x'.repeat(4 * 1024 * 1024) })).rejects.toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE });
      expect(await bus.depth(queue)).toBe(0);
    });

    it('should tell the consumer of each message it dead-letters, and why', async () => {
      const queue = queueName('told');
      await bus.declareQueue(queue);
      const told: string[] = [];
      const refuse = async (): Promise<void> => {
        throw new AppError(ErrorCode.BAD_USER_INPUT, 'never', { retryable: false });
      };
      subscriptions.push(await bus.consume(queue, refuse, options({ onDeadLetter: (reason) => void told.push(reason) })));
      await bus.publish(queue, { n: 1 });
      await bus.publish(queue, { n: 2 });
      await eventually('two dead letters told', () => told.length === 2);
      expect(told).toEqual(['NON_RETRYABLE', 'NON_RETRYABLE']);
    });

    it('should run no more handlers at once than the prefetch', async () => {
      const queue = queueName('prefetch');
      await bus.declareQueue(queue);
      const release = gate();
      let active = 0;
      let maxActive = 0;
      let done = 0;
      subscriptions.push(
        await bus.consume(
          queue,
          async () => {
            maxActive = Math.max(maxActive, ++active);
            await release.opened;
            active--;
            done++;
          },
          options({ prefetch: 2 }),
        ),
      );
      await Promise.all(Array.from({ length: 6 }, (_, index) => bus.publish(queue, { index })));
      await eventually('two handlers running', () => active === 2);
      await sleep(150);
      expect(maxActive).toBe(2);
      release.open();
      await eventually('every message handled', () => done === 6);
      expect(maxActive).toBe(2);
    });

    it('should share a queue between competing consumers, each message handled once', async () => {
      const queue = queueName('compete');
      await bus.declareQueue(queue);
      const seen: Array<{ consumer: string; index: number }> = [];
      for (const consumer of ['a', 'b']) {
        const handler = async (delivery: Delivery<{ index: number }>) => {
          seen.push({ consumer, index: delivery.body.index });
          await sleep(10);
        };
        subscriptions.push(await bus.consume(queue, handler, options({ prefetch: 1 })));
      }
      await Promise.all(Array.from({ length: 10 }, (_, index) => bus.publish(queue, { index })));
      await eventually('ten deliveries', () => seen.length === 10);
      await sleep(100);
      expect(seen.map((entry) => entry.index).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(new Set(seen.map((entry) => entry.consumer))).toEqual(new Set(['a', 'b']));
    });

    it('should redeliver a failed message after the retry delay with its delivery count', async () => {
      const queue = queueName('retry');
      await bus.declareQueue(queue);
      const attempts: Array<{ count: number; at: number; headers: Record<string, string> }> = [];
      subscriptions.push(
        await bus.consume(
          queue,
          async (delivery) => {
            attempts.push({ count: delivery.deliveryCount, at: performance.now(), headers: { ...delivery.headers } });
            if (delivery.deliveryCount < 3) throw new Error(`transient failure ${delivery.deliveryCount}`);
          },
          options({ maxDeliveries: 5, retryDelayMs: 100 }),
        ),
      );
      await bus.publish(queue, { job: 1 }, { headers: { 'x-correlation-id': 'corr-retry' } });
      await eventually('three attempts', () => attempts.length === 3);
      await sleep(150);
      expect(attempts.map((attempt) => attempt.count)).toEqual([1, 2, 3]);
      expect(attempts.every((attempt) => attempt.headers['x-correlation-id'] === 'corr-retry')).toBe(true);
      expect(attempts.every((attempt) => Object.keys(attempt.headers).length === 1)).toBe(true);
      for (let index = 1; index < 3; index++) {
        expect((attempts[index]?.at ?? 0) - (attempts[index - 1]?.at ?? 0)).toBeGreaterThanOrEqual(100);
      }
      expect(await bus.depth(deadLetterQueue(queue))).toBe(0);
    });

    it('should dead-letter a message that fails maxDeliveries times, saying why', async () => {
      const queue = queueName('poison');
      const counts = await failEveryDelivery(queue, () => new Error('boom'), 3);
      const dead = await collect(deadLetterQueue(queue));
      await bus.publish(queue, { poison: true }, { headers: { 'x-correlation-id': 'corr-poison' } });
      await eventually('the dead letter', () => dead.length === 1);
      expect(counts).toEqual([1, 2, 3]);
      expect(dead[0]?.body).toEqual({ poison: true });
      expect(dead[0]?.headers['x-correlation-id']).toBe('corr-poison');
      expect(dead[0]?.headers['x-death-reason']).toMatch(/boom.*after 3 deliveries/);
      expect(await bus.depth(queue)).toBe(0);
    });

    it('should dead-letter at once on an AppError that is not retryable', async () => {
      const queue = queueName('permanent');
      const counts = await failEveryDelivery(queue, () => new AppError(ErrorCode.BAD_USER_INPUT, 'input fails its schema', { retryable: false }), 5);
      const dead = await collect(deadLetterQueue(queue));
      await bus.publish(queue, { bad: true });
      await eventually('the dead letter', () => dead.length === 1);
      await sleep(100);
      expect(counts).toEqual([1]);
      expect(dead[0]?.headers['x-death-reason']).toMatch(/^NON_RETRYABLE: BAD_USER_INPUT: input fails its schema/);
    });

    it('should redeliver an AppError marked retryable until maxDeliveries, then dead-letter it', async () => {
      const queue = queueName('retryable');
      const counts = await failEveryDelivery(queue, () => new AppError(ErrorCode.CONFLICT, 'locked elsewhere', { retryable: true }), 3);
      const dead = await collect(deadLetterQueue(queue));
      await bus.publish(queue, { flaky: true });
      await eventually('the dead letter', () => dead.length === 1);
      expect(counts).toEqual([1, 2, 3]);
      expect(dead[0]?.headers['x-death-reason']).toMatch(/^DELIVERIES_EXHAUSTED: CONFLICT: locked elsewhere \(gave up after 3 deliveries\)/);
    });

    it('should hold a message back through an outage longer than maxDeliveries, never counting or dead-lettering it', async () => {
      const queue = queueName('outage');
      await bus.declareQueue(queue);
      const seen: Array<{ count: number; headers: Record<string, string> }> = [];
      const handler = async (delivery: Delivery): Promise<void> => {
        seen.push({ count: delivery.deliveryCount, headers: { ...delivery.headers } });
        if (seen.length <= 4) throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'store down');
        if (seen.length === 5) throw new Error('its own failure');
      };
      subscriptions.push(await bus.consume(queue, handler, options({ maxDeliveries: 2 })));
      await bus.publish(queue, { waits: true }, { headers: { 'x-correlation-id': 'corr-outage' } });
      await eventually('the delivery after the outage', () => seen.length === 6, 10_000);
      expect(seen.map((delivery) => delivery.count)).toEqual([1, 1, 1, 1, 1, 2]);
      expect(seen.every((delivery) => JSON.stringify(delivery.headers) === '{"x-correlation-id":"corr-outage"}')).toBe(true);
      expect(await bus.depth(deadLetterQueue(queue))).toBe(0);
    });

    it('should not deliver a delayed message before its delay', async () => {
      const queue = queueName('delay');
      await bus.declareQueue(queue);
      const received = await collect(queue);
      const started = performance.now();
      await bus.publish(queue, { late: true }, { delayMs: 300 });
      expect(await bus.depth(queue)).toBe(0);
      await bus.publish(queue, { late: false });
      await eventually('the delayed delivery', () => received.length === 2);
      const elapsed = performance.now() - started;
      expect(received.map((delivery) => delivery.body)).toEqual([{ late: false }, { late: true }]);
      expect(elapsed).toBeGreaterThanOrEqual(300);
      expect(elapsed).toBeLessThan(3_000);
    });

    it('should broadcast to every current subscriber and none that cancelled', async () => {
      const exchange = exchangeName('fanout');
      const first: Delivery[] = [];
      const second: Delivery[] = [];
      const firstSubscription = await bus.subscribe(exchange, async (delivery) => void first.push(delivery));
      subscriptions.push(await bus.subscribe(exchange, async (delivery) => void second.push(delivery)));
      await bus.broadcast(exchange, { version: 1 }, { 'x-correlation-id': 'corr-fan' });
      await eventually('both copies', () => first.length === 1 && second.length === 1);
      expect(first[0]?.body).toEqual({ version: 1 });
      expect(second[0]?.headers).toEqual({ 'x-correlation-id': 'corr-fan' });
      await firstSubscription.cancel();
      await bus.broadcast(exchange, { version: 2 });
      await eventually('the second copy', () => second.length === 2);
      await sleep(100);
      expect(first).toHaveLength(1);
    });

    it('should wait for in-flight handlers when a consumer is cancelled', async () => {
      const queue = queueName('cancel');
      await bus.declareQueue(queue);
      const release = gate();
      const events: string[] = [];
      const subscription = await bus.consume(
        queue,
        async () => {
          events.push('started');
          await release.opened;
          events.push('finished');
        },
        options(),
      );
      await bus.publish(queue, { slow: true });
      await eventually('the handler to start', () => events.length === 1);
      const cancelled = subscription.cancel().then(() => events.push('cancelled'));
      await sleep(100);
      expect(events).toEqual(['started']);
      release.open();
      await cancelled;
      expect(events).toEqual(['started', 'finished', 'cancelled']);
      await bus.publish(queue, { afterCancel: true });
      await sleep(100);
      expect(events).toHaveLength(3);
      expect(await bus.depth(queue)).toBe(1);
    });

    it('should count the messages waiting in a queue', async () => {
      const queue = queueName('depth');
      expect(await bus.depth(queueName('never-declared'))).toBe(0);
      await bus.declareQueue(queue);
      expect(await bus.depth(queue)).toBe(0);
      await Promise.all([1, 2, 3].map((index) => bus.publish(queue, { index })));
      expect(await bus.depth(queue)).toBe(3);
      const received = await collect(queue);
      await eventually('three deliveries', () => received.length === 3);
      await eventually('an empty queue', async () => (await bus.depth(queue)) === 0);
    });

    it('should report healthy while open and refuse to publish once closed', async () => {
      await bus.health.check();
      const closing = await fresh();
      await closing.close();
      await expect(closing.health.check()).rejects.toThrow();
      await expect(closing.publish(queueName('closed'), { late: true })).rejects.toThrow(/closed/);
    });
  });
}
