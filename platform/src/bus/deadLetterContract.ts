import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../errors.js';
import { deadLetterQueue, type Bus, type Delivery, type Subscription } from './bus.js';
import { eventually, type BusContractHooks, type BusContractNames } from './busContract.js';

/** What every Bus adapter's `deadLetters` must do (deadLetters.ts): list, replay, discard. */
export function describeDeadLetterContract(adapter: string, fresh: () => Promise<Bus>, hooks: BusContractHooks = {}): void {
  describe(`dead letters (${adapter})`, () => {
    const names: BusContractNames = { queues: [], exchanges: [] };
    let bus: Bus;
    const subscriptions: Subscription[] = [];
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

    /** A queue whose three messages `{ n: 1..3 }` were dead-lettered as not retryable, its poisoned consumer gone. */
    async function poisoned(): Promise<string> {
      const queue = `dead-letters.${randomUUID().slice(0, 8)}`;
      names.queues.push(queue, deadLetterQueue(queue), deadLetterQueue(deadLetterQueue(queue)));
      const refuse = async (): Promise<void> => {
        throw new AppError(ErrorCode.BAD_USER_INPUT, 'input fails its schema', { retryable: false });
      };
      const consumer = await bus.consume(queue, refuse, { prefetch: 1, maxDeliveries: 3, retryDelayMs: 10 });
      for (const n of [1, 2, 3]) await bus.publish(queue, { n }, { headers: { 'x-correlation-id': `corr-${n}` } });
      await eventually('three dead letters', async () => (await bus.deadLetters.count(queue)) === 3);
      await consumer.cancel();
      return queue;
    }
    const bodies = async (queue: string) => (await bus.deadLetters.list(queue, 10)).map((letter) => JSON.parse(letter.body) as unknown);

    it('should list dead letters oldest first with their reason, deliveries, time, id and headers, leaving them in place', async () => {
      const before = Date.now();
      const queue = await poisoned();
      const letters = await bus.deadLetters.list(queue, 10);
      expect(letters.map((letter) => JSON.parse(letter.body) as unknown)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
      expect(letters[0]).toMatchObject({ queue, deliveries: 1, headers: { 'x-correlation-id': 'corr-1' } });
      expect(letters[0]?.reason).toMatch(/^NON_RETRYABLE: BAD_USER_INPUT: input fails its schema/);
      expect(Date.parse(letters[0]?.deadLetteredAt ?? '')).toBeGreaterThanOrEqual(before - 1_000);
      expect(letters[0]?.headers).not.toHaveProperty('x-death-reason');
      expect(new Set(letters.map((letter) => letter.id)).size).toBe(3);
      // Listing again changes nothing: same letters, same order, still waiting.
      expect(await bus.deadLetters.list(queue, 10)).toEqual(letters);
      expect((await bus.deadLetters.list(queue, 2)).map((letter) => letter.id)).toEqual(letters.slice(0, 2).map((letter) => letter.id));
      expect(await bus.deadLetters.count(queue)).toBe(3);
    });

    it('should replay a named dead letter as a first delivery with its own headers, keeping the others in order', async () => {
      const queue = await poisoned();
      const [, second] = await bus.deadLetters.list(queue, 10);
      const received: Delivery[] = [];
      subscriptions.push(await bus.consume(queue, async (delivery) => void received.push(delivery), { prefetch: 5, maxDeliveries: 3, retryDelayMs: 10 }));
      expect(await bus.deadLetters.replay(queue, [second?.id ?? ''])).toBe(1);
      await eventually('the replayed message', () => received.length === 1);
      expect(received[0]).toMatchObject({ body: { n: 2 }, deliveryCount: 1, headers: { 'x-correlation-id': 'corr-2' } });
      expect(received[0]?.headers).not.toHaveProperty('x-death-reason');
      expect(await bodies(queue)).toEqual([{ n: 1 }, { n: 3 }]);
    });

    it('should replay every dead letter when none is named', async () => {
      const queue = await poisoned();
      const received: Delivery[] = [];
      subscriptions.push(await bus.consume(queue, async (delivery) => void received.push(delivery), { prefetch: 5, maxDeliveries: 3, retryDelayMs: 10 }));
      expect(await bus.deadLetters.replay(queue)).toBe(3);
      await eventually('three replayed messages', () => received.length === 3);
      expect(received.map((delivery) => delivery.body)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
      expect(await bus.deadLetters.count(queue)).toBe(0);
    });

    it('should answer no dead letters for a queue that does not exist', async () => {
      const queue = `dead-letters.absent.${randomUUID().slice(0, 8)}`;
      names.queues.push(queue, deadLetterQueue(queue));
      expect(await bus.deadLetters.count(queue)).toBe(0);
      expect(await bus.deadLetters.list(queue, 10)).toEqual([]);
      expect(await bus.deadLetters.replay(queue)).toBe(0);
      expect(await bus.deadLetters.discard(queue)).toBe(0);
      expect(await bus.depth(deadLetterQueue(queue))).toBe(0);
    });

    it('should discard named dead letters for good, and change nothing for an id it does not hold', async () => {
      const queue = await poisoned();
      const [first, , third] = await bus.deadLetters.list(queue, 10);
      expect(await bus.deadLetters.discard(queue, [first?.id ?? '', third?.id ?? ''])).toBe(2);
      expect(await bodies(queue)).toEqual([{ n: 2 }]);
      expect(await bus.deadLetters.discard(queue, ['no-such-letter'])).toBe(0);
      expect(await bus.deadLetters.replay(queue, ['no-such-letter'])).toBe(0);
      expect(await bodies(queue)).toEqual([{ n: 2 }]);
      expect(await bus.depth(queue)).toBe(0);
      expect(await bus.deadLetters.discard(queue)).toBe(1);
      expect(await bus.deadLetters.count(queue)).toBe(0);
    });
  });
}
