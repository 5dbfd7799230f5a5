import { randomBytes } from 'node:crypto';
import { connect, type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { now } from './recorder.js';
import { distribution, type Distribution } from './stats.js';

/**
 * The floor: what RabbitMQ itself costs for one step's two hops, with the bus's settings and
 * nothing else. A "sender" publishes to queue A; a relay (on its own connection, like a
 * processor) consumes A and publishes to queue B, acking A after B's confirm (as the bus
 * does); a sink consumes B. Durable queues, persistent messages, confirm channels, noDelay,
 * manual acks, prefetch 16 for the relay and 64 for the sink (the processor's and the
 * orchestrator's defaults). Unique queue names, deleted at the end.
 */
export interface RawResult {
  concurrency: number;
  roundTrips: number;
  elapsedMs: number;
  /** A published -> relay received. */
  hop1: Distribution;
  /** Relay received (and published at once) -> sink received. */
  hop2: Distribution;
  /** A published -> sink received: the two hops of a step. */
  roundTrip: Distribution;
  /** Relay received -> its publish confirmed: the floor of "event received -> command confirmed". */
  relayConfirm: Distribution;
}

interface Times {
  sent: number;
  relayed?: number;
  relayConfirmed?: number;
  arrived?: number;
  done?: () => void;
}

/** The 16 hex characters of `{"id":"<id>",...}`: no JSON parse on the measured path. */
const idOf = (message: ConsumeMessage): string => message.content.subarray(7, 23).toString('utf8');

function confirmedPublish(channel: ConfirmChannel, queue: string, content: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    channel.sendToQueue(queue, content, { persistent: true, contentType: 'application/json' }, (error: unknown) => (error ? reject(error as Error) : resolve()));
  });
}

async function consume(model: ChannelModel, queue: string, prefetch: number, handle: (message: ConsumeMessage, channel: Channel) => void): Promise<void> {
  const channel = await model.createChannel();
  await channel.prefetch(prefetch);
  await channel.consume(queue, (message) => message && handle(message, channel), { noAck: false });
}

/** Wires relay and sink; answers a closed loop that runs `count` round trips, `concurrency` at a time. */
async function wire(sender: ChannelModel, relay: ChannelModel, queues: { a: string; b: string }, payloadBytes: number) {
  const times = new Map<string, Times>();
  const senderConfirm = await sender.createConfirmChannel();
  const relayConfirm = await relay.createConfirmChannel();
  await consume(relay, queues.a, 16, (message, channel) => {
    const entry = times.get(idOf(message));
    if (entry) entry.relayed = now();
    void confirmedPublish(relayConfirm, queues.b, message.content).then(() => {
      if (entry) entry.relayConfirmed = now();
      channel.ack(message);
    });
  });
  await consume(sender, queues.b, 64, (message, channel) => {
    const entry = times.get(idOf(message));
    channel.ack(message);
    if (!entry) return;
    entry.arrived = now();
    entry.done?.();
  });
  const pad = 'x'.repeat(Math.max(0, payloadBytes - 40));

  return async function loop(count: number, concurrency: number): Promise<{ entries: Times[]; elapsedMs: number }> {
    times.clear();
    let started = 0;
    const begin = now();
    async function worker(): Promise<void> {
      while (started < count) {
        started += 1;
        const id = randomBytes(8).toString('hex');
        const entry: Times = { sent: now() };
        const arrived = new Promise<void>((resolve) => (entry.done = resolve));
        times.set(id, entry);
        await confirmedPublish(senderConfirm, queues.a, Buffer.from(`{"id":"${id}","pad":"${pad}"}`, 'utf8'));
        await arrived;
      }
    }
    await Promise.all(Array.from({ length: concurrency }, () => worker()));
    return { entries: [...times.values()], elapsedMs: now() - begin };
  };
}

const between = (from: number | undefined, to: number | undefined): number | undefined => (from === undefined || to === undefined ? undefined : to - from);

function summarize(entries: readonly Times[], concurrency: number, elapsedMs: number): RawResult {
  const pick = (f: (t: Times) => number | undefined) => distribution(entries.map(f).filter((v): v is number => v !== undefined));
  return {
    concurrency,
    roundTrips: entries.length,
    elapsedMs,
    hop1: pick((t) => between(t.sent, t.relayed)),
    hop2: pick((t) => between(t.relayed, t.arrived)),
    roundTrip: pick((t) => between(t.sent, t.arrived)),
    relayConfirm: pick((t) => between(t.relayed, t.relayConfirmed)),
  };
}

/** One unmeasured warm-up loop (a tenth), then one measured loop per concurrency. */
export async function measureRawRoundTrips(url: string, runs: ReadonlyArray<{ roundTrips: number; concurrency: number }>, payloadBytes: number): Promise<RawResult[]> {
  const sender = await connect(url, { noDelay: true });
  const relay = await connect(url, { noDelay: true });
  const admin = await sender.createChannel();
  const base = `bench.raw.${randomBytes(4).toString('hex')}`;
  const queues = { a: `${base}.a`, b: `${base}.b` };
  try {
    for (const queue of Object.values(queues)) await admin.assertQueue(queue, { durable: true });
    const loop = await wire(sender, relay, queues, payloadBytes);
    const results: RawResult[] = [];
    for (const run of runs) {
      await loop(Math.max(10, Math.ceil(run.roundTrips / 10)), run.concurrency);
      const { entries, elapsedMs } = await loop(run.roundTrips, run.concurrency);
      results.push(summarize(entries, run.concurrency, elapsedMs));
    }
    return results;
  } finally {
    for (const queue of Object.values(queues)) await admin.deleteQueue(queue).catch(() => undefined);
    await sender.close().catch(() => undefined);
    await relay.close().catch(() => undefined);
  }
}
