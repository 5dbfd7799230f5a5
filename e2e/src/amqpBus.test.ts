import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createAmqpBus, createLogger, deadLetterQueue, type AmqpBusOptions, type Bus, type Delivery } from '@flow/platform';
import { describeBusContract, describeDeadLetterContract, type BusContractNames } from '@flow/platform/testing';
import { connect as connectAmqp, type GetMessage } from 'amqplib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { rabbitUnavailable, rabbitUrl } from './harness.js';
import { startTcpProxy } from './tcpProxy.js';

const logger = createLogger('test', 'silent');
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unique = (label: string) => `amqp-test.${label}.${randomUUID().slice(0, 8)}`;
const used: BusContractNames = { queues: [], exchanges: [] };

function busOptions(label: string, overrides: Partial<AmqpBusOptions> = {}): AmqpBusOptions {
  return { url: rabbitUrl, logger, connectionName: unique(label), reconnectDelayMs: { initial: 50, max: 500 }, ...overrides };
}

async function eventually(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

const healthy = (bus: Bus) => bus.health.check().then(() => true, () => false);

/** Deletes queues and exchanges the tests left on the broker (they are durable). */
async function deleteNames(names: BusContractNames): Promise<void> {
  const connection = await connectAmqp(rabbitUrl);
  const channel = await connection.createChannel();
  for (const queue of names.queues) await channel.deleteQueue(queue);
  for (const exchange of names.exchanges) await channel.deleteExchange(exchange);
  await connection.close();
}

/** Closes, on the broker side, the connection the bus opened under `connectionName`. */
async function forceCloseConnection(connectionName: string): Promise<void> {
  const script = `source infra/lib.sh && rabbit_env && ctl="$RABBITMQ_BIN/rabbitmqctl" &&
    pid=$("$ctl" list_connections pid client_properties -q --no-table-headers | grep -F "\\"$1\\"" | cut -f1) &&
    test -n "$pid" && "$ctl" close_connection "$pid" "forced by the bus test"`;
  await promisify(execFile)('bash', ['-c', script, 'close', connectionName], { cwd: repoRoot, timeout: 60_000 });
}

describe.skipIf(rabbitUnavailable !== undefined)(`on RabbitMQ${rabbitUnavailable ? ` (skipped: ${rabbitUnavailable})` : ''}`, () => {
  describeBusContract('amqplib', () => createAmqpBus(busOptions('contract')), { cleanup: deleteNames });
  describeDeadLetterContract('amqplib', () => createAmqpBus(busOptions('dead-letters')), { cleanup: deleteNames });

  describe('the AMQP adapter', () => {
    const open: Bus[] = [];
    async function newBus(label: string, overrides: Partial<AmqpBusOptions> = {}): Promise<Bus> {
      const bus = await createAmqpBus(busOptions(label, overrides));
      open.push(bus);
      return bus;
    }
    function queueName(label: string): string {
      const queue = unique(label);
      used.queues.push(queue, deadLetterQueue(queue), deadLetterQueue(deadLetterQueue(queue)));
      return queue;
    }
    async function collect(bus: Bus, queue: string): Promise<Delivery[]> {
      const received: Delivery[] = [];
      await bus.consume(queue, async (delivery) => void received.push(delivery), { prefetch: 10, maxDeliveries: 3, retryDelayMs: 20 });
      return received;
    }
    afterEach(async () => {
      await Promise.all(open.splice(0).map((bus) => bus.close()));
    });
    afterAll(async () => {
      await deleteNames(used);
    });

    it('should keep a confirmed message on the broker for a consumer on another connection', async () => {
      const queue = queueName('durable');
      const publisher = await newBus('publisher');
      await publisher.publish(queue, { kept: true }, { headers: { 'x-correlation-id': 'c-1' } });
      await publisher.close();
      const connection = await connectAmqp(rabbitUrl);
      const channel = await connection.createChannel();
      const message = await channel.get(queue, { noAck: true });
      await connection.close();
      expect(message && JSON.parse(message.content.toString())).toEqual({ kept: true });
      expect(message && message.properties).toMatchObject({ deliveryMode: 2, contentType: 'application/json', headers: { 'x-correlation-id': 'c-1' } });
    });

    it('should dead-letter unread, as MESSAGE_TOO_LARGE, a message past its own bound that another publisher sent', async () => {
      const queue = queueName('too-large');
      const consumer = await newBus('small', { maxMessageBytes: 1_000 });
      const handled: Delivery[] = [];
      const told: string[] = [];
      await consumer.consume(queue, async (delivery) => void handled.push(delivery), {
        prefetch: 10, maxDeliveries: 3, retryDelayMs: 20, onDeadLetter: (reason) => void told.push(reason),
      });
      const publisher = await newBus('large');
      const dead = await collect(publisher, deadLetterQueue(queue));
      await publisher.publish(queue, { blob: 'x'.repeat(2_000) }, { headers: { 'x-correlation-id': 'big-1' } });
      await publisher.publish(queue, { small: true });
      await eventually('the dead letter and the small message', () => dead.length === 1 && handled.length === 1);
      expect(handled.map((delivery) => delivery.body)).toEqual([{ small: true }]);
      expect(dead[0]?.headers['x-correlation-id']).toBe('big-1');
      expect(dead[0]?.headers['x-death-reason']).toBe('MESSAGE_TOO_LARGE: The message is 2011 bytes, more than a bus message may be (1000, MESSAGE_MAX_BYTES)');
      expect(told).toEqual(['MESSAGE_TOO_LARGE']);
    });

    it('should declare the dead-letter queue with every queue', async () => {
      const queue = queueName('declared');
      await (await newBus('declare')).declareQueue(queue);
      const connection = await connectAmqp(rabbitUrl);
      const channel = await connection.createChannel();
      await expect(channel.checkQueue(deadLetterQueue(queue))).resolves.toMatchObject({ messageCount: 0 });
      await connection.close();
    });

    it('should create nothing on the broker when reading the dead letters of a queue that does not exist', async () => {
      const queue = queueName('absent');
      const bus = await newBus('absent');
      expect([await bus.deadLetters.count(queue), (await bus.deadLetters.list(queue, 5)).length, await bus.deadLetters.discard(queue)]).toEqual([0, 0, 0]);
      const connection = await connectAmqp(rabbitUrl);
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      await expect(channel.checkQueue(deadLetterQueue(queue))).rejects.toMatchObject({ code: 404 });
      await connection.close();
    });

    /** The reply code of declaring `queue` with `type` on a fresh channel: 0 when it is of that type, 406 when not. */
    async function declaredAs(queue: string, type: 'quorum' | 'classic', extra: Record<string, unknown> = {}): Promise<number> {
      const connection = await connectAmqp(rabbitUrl);
      try {
        const channel = await connection.createChannel();
        channel.on('error', () => undefined);
        await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': type, ...extra } });
        return 0;
      } catch (error) {
        return (error as { code: number }).code;
      } finally {
        await connection.close().catch(() => undefined);
      }
    }

    it('should declare its queues, their dead-letter queues and its delay queues as quorum queues, and run on them', async () => {
      const bus = await newBus('quorum');
      const queue = queueName('quorum');
      // A delay no other test uses, so its delay queue is declared here, now.
      const delayMs = 86_300_000 + Math.floor(Math.random() * 10) * 10_000;
      const delayQueue = `bus.delay.${delayMs}ms`;
      used.queues.push(delayQueue);
      used.exchanges.push(delayQueue);
      const received = await collect(bus, queue);
      await bus.publish(queue, { on: 'quorum' });
      await bus.publish(queue, { later: true }, { delayMs });
      await eventually('the message', () => received.length === 1);
      expect(await declaredAs(queue, 'quorum')).toBe(0);
      expect(await declaredAs(deadLetterQueue(queue), 'quorum')).toBe(0);
      expect(await declaredAs(delayQueue, 'quorum', { 'x-message-ttl': delayMs, 'x-dead-letter-exchange': '' })).toBe(0);
      expect(await declaredAs(queue, 'classic')).toBe(406);
    });

    it('should use a queue that already exists as a classic queue as it is, instead of failing', async () => {
      const queue = queueName('legacy');
      expect(await declaredAs(queue, 'classic')).toBe(0);
      const bus = await newBus('legacy');
      const received = await collect(bus, queue);
      await bus.publish(queue, { on: 'classic' });
      await eventually('the message', () => received.length === 1);
      expect(received[0]?.body).toEqual({ on: 'classic' });
      expect(await declaredAs(queue, 'classic')).toBe(0);
    });

    it('should turn off Nagle on its socket', async () => {
      // Without noDelay, a small write (an ack) followed at once by another (the next publish)
      // can wait for the broker's delayed TCP ACK, up to 40 ms on loopback. How often that bites
      // depends on the kernel's ACK heuristics, so the option itself is checked here.
      const calls: Array<{ remotePort: number | undefined; noDelay: boolean | undefined }> = [];
      const prototype = Socket.prototype;
      const descriptor = Object.getOwnPropertyDescriptor(prototype, 'setNoDelay') as PropertyDescriptor;
      const original = descriptor.value as (this: Socket, noDelay?: boolean) => Socket;
      prototype.setNoDelay = function (this: Socket, noDelay?: boolean) {
        calls.push({ remotePort: this.remotePort, noDelay });
        return original.call(this, noDelay);
      };
      try {
        await newBus('nodelay');
      } finally {
        Object.defineProperty(prototype, 'setNoDelay', descriptor);
      }
      expect(calls).toContainEqual({ remotePort: Number(new URL(rabbitUrl).port || 5672), noDelay: true });
    });

    it('should run a publish -> consume -> publish -> consume chain in a few milliseconds a hop', async () => {
      const bus = await newBus('latency');
      const [first, second] = [queueName('latency-1'), queueName('latency-2')];
      let arrived: () => void = () => undefined;
      const once = { prefetch: 1, maxDeliveries: 1, retryDelayMs: 0 };
      await bus.consume(first, async (delivery) => bus.publish(second, delivery.body), once);
      await bus.consume(second, async () => arrived(), once);
      const hops: number[] = [];
      for (let index = 0; index < 40; index++) {
        const received = new Promise<void>((resolve) => (arrived = resolve));
        const started = performance.now();
        await bus.publish(first, { index });
        await received;
        hops.push(performance.now() - started);
      }
      hops.sort((a, b) => a - b);
      expect(hops[Math.floor(hops.length / 2)]).toBeLessThan(15);
    });

    it('should count a delivery whose consumer died as a further delivery', async () => {
      const bus = await newBus('redelivery');
      const queue = queueName('redelivery');
      await bus.publish(queue, { job: 'crash' });
      // A consumer that takes the message and dies without acking it.
      const connection = await connectAmqp(rabbitUrl);
      const channel = await connection.createChannel();
      await channel.prefetch(1);
      const taken = new Promise<void>((resolve) => void channel.consume(queue, () => resolve(), { noAck: false }));
      await taken;
      await connection.close();
      const received = await collect(bus, queue);
      await eventually('the redelivery', () => received.length === 1);
      expect(received[0]).toMatchObject({ body: { job: 'crash' }, deliveryCount: 2, headers: {} });
    });

    it('should dead-letter a message that was lost with its consumer on its last allowed delivery', async () => {
      const bus = await newBus('crash-loop');
      const queue = queueName('crash-loop');
      await bus.declareQueue(queue);
      const connection = await connectAmqp(rabbitUrl);
      const channel = await connection.createConfirmChannel();
      channel.sendToQueue(queue, Buffer.from('{"job":"poison"}'), { persistent: true, headers: { 'x-flow-delivery-count': '3' } });
      await channel.waitForConfirms();
      await channel.prefetch(1);
      await new Promise<void>((resolve) => void channel.consume(queue, () => resolve(), { noAck: false }));
      await connection.close();
      const handled = await collect(bus, queue);
      const dead = await collect(bus, deadLetterQueue(queue));
      await eventually('the dead letter', () => dead.length === 1);
      expect(handled).toEqual([]);
      expect(dead[0]?.headers['x-death-reason']).toMatch(/consumer was lost.*after 3 deliveries/);
    });

    it('should dead-letter a body that is not JSON at once as MALFORMED_BODY, without calling the handler', async () => {
      const bus = await newBus('malformed');
      const queue = queueName('malformed');
      await bus.declareQueue(queue);
      const handled = await collect(bus, queue);
      const connection = await connectAmqp(rabbitUrl);
      try {
        const channel = await connection.createConfirmChannel();
        channel.sendToQueue(queue, Buffer.from('{not json'), { persistent: true, headers: { 'x-correlation-id': 'c-malformed' } });
        await channel.waitForConfirms();
        const deadLetters: GetMessage[] = [];
        await eventually('the dead letter', async () => {
          const message = await channel.get(deadLetterQueue(queue), { noAck: true });
          if (message) deadLetters.push(message);
          return deadLetters.length > 0;
        });
        const [{ content, properties }] = deadLetters as [GetMessage];
        expect(content.toString()).toBe('{not json');
        expect(properties.headers).toMatchObject({ 'x-correlation-id': 'c-malformed', 'x-death-reason': expect.stringMatching(/^MALFORMED_BODY: message body is not JSON/) });
        expect(handled).toEqual([]);
      } finally {
        await connection.close();
      }
    });

    it('should resume consumers and subscriptions after the broker force-closes the connection', async () => {
      const options = busOptions('forced');
      const bus = await newBus('forced', options);
      const queue = queueName('forced');
      const exchange = unique('forced-fanout');
      used.exchanges.push(exchange);
      const received = await collect(bus, queue);
      const broadcasts: Delivery[] = [];
      let resubscribed = 0;
      await bus.subscribe(exchange, async (delivery) => void broadcasts.push(delivery), { onResubscribed: () => void (resubscribed += 1) });
      expect(resubscribed).toBe(0);
      await forceCloseConnection(options.connectionName as string);
      await eventually('the reconnection', () => healthy(bus));
      await bus.publish(queue, { after: 'reconnect' });
      await eventually('the message after reconnecting', () => received.length === 1);
      await eventually('the subscription to come back', async () => {
        await bus.broadcast(exchange, { after: 'reconnect' });
        await sleep(50);
        return broadcasts.length > 0;
      });
      expect(received[0]?.body).toEqual({ after: 'reconnect' });
      expect(broadcasts[0]?.body).toEqual({ after: 'reconnect' });
      // Broadcasts sent while it was away are lost: the subscriber was told so, once.
      expect(resubscribed).toBe(1);
    }, 90_000); // rabbitmqctl boots an Erlang VM per call: seconds each, more on a loaded machine

    it('should hold a publish through a short outage and reject one that outlasts outageWaitMs', async () => {
      const proxy = await startTcpProxy(rabbitUrl);
      try {
        const bus = await newBus('outage', { url: proxy.url, outageWaitMs: 3_000 });
        const queue = queueName('outage');
        const received = await collect(bus, queue);
        proxy.cut();
        await eventually('the outage to show in health', async () => !(await healthy(bus)));
        let settled = false;
        const held = bus.publish(queue, { during: 'outage' }).finally(() => (settled = true));
        await sleep(400);
        expect(settled).toBe(false);
        proxy.restore();
        await held;
        // Delivery is at-least-once: an ack cut off by the next outage brings a message back.
        const bodies = () => new Set(received.map((delivery) => JSON.stringify(delivery.body)));
        await eventually('the held message', () => bodies().has('{"during":"outage"}'));

        proxy.cut();
        const started = Date.now();
        await expect(bus.publish(queue, { during: 'long outage' })).rejects.toThrow(/unavailable/);
        expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
        proxy.restore();
        await eventually('the reconnection', () => healthy(bus));
        await bus.publish(queue, { after: 'outage' });
        await eventually('the message after the outage', () => bodies().has('{"after":"outage"}'));
        expect(bodies()).toEqual(new Set(['{"during":"outage"}', '{"after":"outage"}']));
      } finally {
        await Promise.all(open.splice(0).map((bus) => bus.close()));
        await proxy.close();
      }
    });

    it('should refuse to start when no broker answers within connectTimeoutMs', async () => {
      const proxy = await startTcpProxy(rabbitUrl);
      proxy.cut();
      const started = Date.now();
      await expect(createAmqpBus(busOptions('unreachable', { url: proxy.url, connectTimeoutMs: 500 }))).rejects.toThrow(/cannot connect to RabbitMQ/);
      expect(Date.now() - started).toBeLessThan(3_000);
      await proxy.close();
    });
  });
});
