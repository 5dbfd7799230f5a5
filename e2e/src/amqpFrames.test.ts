import { coalesceFrames } from '@flow/platform';
import { connect, type ChannelModel } from 'amqplib';
import { afterEach, describe, expect, it } from 'vitest';
import { rabbitUnavailable, rabbitUrl } from './harness.js';

const MESSAGES = 100;

/** Counts the socket writes (`write` and `writev` calls into the socket) an amqplib connection makes. */
function countWrites(model: ChannelModel): () => number {
  const socket = (model as unknown as { connection: { stream: { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void } } }).connection.stream;
  let writes = 0;
  for (const method of ['_write', '_writev'] as const) {
    const original = socket[method].bind(socket);
    socket[method] = (...args: unknown[]) => {
      writes += 1;
      original(...args);
    };
  }
  return () => writes;
}

/** Publishes `MESSAGES` messages in one tick and answers how many socket writes they took and what arrived. */
async function publishBurst(model: ChannelModel): Promise<{ writes: number; received: string[] }> {
  const channel = await model.createConfirmChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true });
  const received: string[] = [];
  await channel.consume(queue, (message) => message && received.push(message.content.toString()), { noAck: true });
  const writes = countWrites(model);
  const sent = Array.from({ length: MESSAGES }, (_, index) => String(index));
  for (const body of sent) channel.sendToQueue(queue, Buffer.from(body), { persistent: true });
  await channel.waitForConfirms();
  const counted = writes();
  for (let waited = 0; received.length < MESSAGES && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  await channel.close();
  return { writes: counted, received };
}

describe.skipIf(rabbitUnavailable !== undefined)(`amqplib frame coalescing on RabbitMQ${rabbitUnavailable ? ` (skipped: ${rabbitUnavailable})` : ''}`, () => {
  const opened: ChannelModel[] = [];
  const open = async () => {
    const model = await connect(rabbitUrl, { noDelay: true });
    opened.push(model);
    return model;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((model) => model.close()));
  });

  it('should send a burst of publishes in a few socket writes, in order, where amqplib alone writes each frame', async () => {
    const plain = await publishBurst(await open());
    const coalesced = await open();
    expect(coalesceFrames(coalesced)).toBe(true);
    const burst = await publishBurst(coalesced);

    const inOrder = Array.from({ length: MESSAGES }, (_, index) => String(index));
    expect(plain.received).toEqual(inOrder);
    expect(burst.received).toEqual(inOrder);
    expect(plain.writes).toBeGreaterThanOrEqual(MESSAGES / 2);
    expect(burst.writes).toBeLessThanOrEqual(3);
  });

  it('should leave a connection whose internals it does not recognize as it is', () => {
    const stranger = { connection: { stream: {} } } as unknown as ChannelModel;
    expect(coalesceFrames(stranger)).toBe(false);
  });
});
