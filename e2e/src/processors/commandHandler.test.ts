import type { System } from '@flow/launcher';
import { AppError, createMemoryBus, ErrorCode, type Bus } from '@flow/platform';
import { EVENTS_QUEUE, type ActivityExecuted, type ActivityFailed } from '@flow/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { behavingProcessor, type BehaviourLog } from '@flow/processor-sdk/testing';
import { executeActivity, startProcessorHarness, startRegistrySystem, waitFor, type ProcessorHarness } from './processorHarness.js';

let system: System;
let harness: ProcessorHarness | undefined;
let log: BehaviourLog;

beforeAll(async () => {
  system = await startRegistrySystem();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});
afterAll(async () => system?.close());

async function start(options: { bus?: Bus; config?: { concurrency?: number; prefetch?: number }; maxDeliveries?: number } = {}): Promise<ProcessorHarness> {
  const behaving = await behavingProcessor();
  log = behaving.log;
  harness = await startProcessorHarness({ gatewayUrl: system.gatewayUrl, definition: behaving.definition, ...options });
  return harness;
}

const payloadSchema = JSON.stringify({ type: 'object', properties: { path: { type: 'string' } }, required: ['path'] });
const delivery = (payload: string | null, id = 'delivery-1') => ({ type: 'DELIVERY' as const, entity: { id, name: 'd', payload }, schemaDefinition: payloadSchema });

describe('a processor handling commands', () => {
  it('should answer a command with ActivityExecuted on orchestrator.events, with the ids, output and correlation id', async () => {
    const { processor, send, eventOf, events } = await start();
    const command = executeActivity(processor.processorId, { input: { n: 21 }, attempt: 2 });
    await send(command);
    const event = (await eventOf(command.commandId)) as ActivityExecuted;
    expect(event).toMatchObject({
      type: 'ActivityExecuted', schemaVersion: 1, commandId: command.commandId, executionId: command.executionId, stepId: command.stepId,
      processorId: processor.processorId, attempt: 2, output: { doubled: 42, payloads: [] },
    });
    expect(event.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(event.executedAt)).not.toBeNaN();
    expect(events[0]?.headers['x-correlation-id']).toBe(command.correlationId);
  });

  it('should hand the handler each entity payload parsed', async () => {
    const { execute } = await start();
    const event = await execute({ input: { n: 1 }, entities: [delivery('{"path":"a.json"}'), { ...delivery(null, 'address-1'), type: 'ADDRESS' }] });
    expect(event).toMatchObject({ type: 'ActivityExecuted', output: { payloads: [{ path: 'a.json' }, null] } });
  });

  it.each([
    ['input breaking the input schema', { input: { n: 'one' } }, /^input does not match its schema: \/n must be integer/],
    ['an entity payload breaking its schema', { input: { n: 1 }, entities: [delivery('{"size":3}')] }, /^Delivery delivery-1 payload does not match its schema: \/ must have required property 'path'/],
    ['an entity payload that is not JSON', { input: { n: 1 }, entities: [delivery('{oops')] }, /^Delivery delivery-1 payload is not valid JSON/],
    ['output breaking the output schema', { input: { n: 1, mode: 'bad-output' } }, /^output does not match its schema: \/doubled must be integer/],
  ])('should fail non-retryably with validation for %s', async (_case, overrides, message) => {
    const { execute } = await start();
    const event = (await execute(overrides)) as ActivityFailed;
    expect(event.type).toBe('ActivityFailed');
    expect(event.error).toMatchObject({ type: 'ValidationError', retryable: false, validation: true });
    expect(event.error.message).toMatch(message);
  });

  it.each([
    ['a CONFLICT AppError, not retryable by default', 'app-error', { message: 'already done elsewhere', type: 'ProcessorError', retryable: false, validation: false }],
    ['a SERVICE_UNAVAILABLE AppError, retryable by default', 'unavailable', { message: 'the archive is down', type: 'ProcessorError', retryable: true, validation: false }],
    ['an AppError flagged validation, never retryable', 'invalid', { message: 'n is odd', type: 'ValidationError', retryable: false, validation: true }],
  ] as const)('should report %s thrown by the handler with its own flags', async (_case, mode, error) => {
    const { execute } = await start();
    expect((await execute({ input: { n: 1, mode } }) as ActivityFailed).error).toEqual(error);
  });

  it('should report an unexpected throw as retryable, and a ProcessorError as it says', async () => {
    const { execute } = await start();
    expect((await execute({ input: { n: 1, mode: 'throw' } }) as ActivityFailed).error)
      .toEqual({ message: 'something broke', type: 'TypeError', retryable: true, validation: false });
    expect((await execute({ input: { n: 1, mode: 'permanent' } }) as ActivityFailed).error)
      .toEqual({ message: 'refused for good', type: 'Refused', retryable: false, validation: false });
    expect((await execute({ input: { n: 1, mode: 'retryable' } }) as ActivityFailed).error)
      .toEqual({ message: 'try again later', type: 'ProcessorError', retryable: true, validation: false });
  });

  it('should fail a command past its deadline as "deadline passed", non-retryably, without running it', async () => {
    const { execute } = await start();
    const event = (await execute({ input: { n: 1 }, deadline: new Date(Date.now() - 1).toISOString() })) as ActivityFailed;
    expect(event.error).toMatchObject({ type: 'DeadlinePassed', retryable: false, validation: false });
    expect(event.error.message).toMatch(/^deadline passed/);
    expect(log.runs).toBe(0);
  });

  it('should answer "deadline passed" at the deadline and abort the signal of a handler still running', async () => {
    const { execute } = await start();
    const started = Date.now();
    const event = (await execute({ input: { n: 1, mode: 'wait-for-abort' }, deadline: new Date(Date.now() + 200).toISOString() })) as ActivityFailed;
    expect(event.error).toMatchObject({ type: 'DeadlinePassed', retryable: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(log.aborts).toEqual(['deadline passed']);
  });

  it('should run at most `concurrency` handlers at once, however many are prefetched', async () => {
    const { processor, send, eventOf } = await start({ config: { concurrency: 2, prefetch: 6 } });
    const commands = Array.from({ length: 6 }, () => executeActivity(processor.processorId, { input: { n: 1, mode: 'wait', ms: 50 } }));
    await Promise.all(commands.map(send));
    await waitFor(() => (processor.inFlight() === 2 ? true : undefined));
    await Promise.all(commands.map((command) => eventOf(command.commandId)));
    expect(log.runs).toBe(6);
    expect(log.maxRunning).toBe(2);
  });
});

describe('a processor facing poison commands', () => {
  it('should dead-letter a command that does not parse and fail the step it names, with the reason', async () => {
    const { processor, send, eventOf, deadLetters } = await start();
    const broken = { ...executeActivity(processor.processorId), entities: 'none' };
    await send(broken);
    const event = (await eventOf(broken.commandId)) as ActivityFailed;
    expect(event).toMatchObject({ type: 'ActivityFailed', commandId: broken.commandId, executionId: broken.executionId, stepId: broken.stepId, attempt: 1 });
    expect(event.error).toEqual({
      message: 'Poison command dead-lettered: ExecuteActivity: field entities must be a non-empty array', type: 'PoisonMessage', retryable: false, validation: false,
    });
    const dead = await waitFor(() => deadLetters[0]);
    expect(dead.body).toEqual(broken);
    expect(dead.headers['x-death-reason']).toMatch(/entities must be a non-empty array/);
    expect(log.runs).toBe(0);
  });

  it('should dead-letter a command that names no step without publishing anything', async () => {
    const { send, deadLetters, events } = await start();
    await send({ type: 'ExecuteActivity', schemaVersion: 1, hello: 'world' });
    await send('not even an object');
    await waitFor(() => (deadLetters.length === 2 ? true : undefined));
    expect(events).toEqual([]);
  });

  it('should treat a command addressed to another processor, or with a bad entity, as poison', async () => {
    const { processor, send, eventOf } = await start();
    const misrouted = executeActivity('another-processor');
    const badEntity = { ...executeActivity(processor.processorId), entities: [{ type: 'FILE', entity: {}, schemaDefinition: '{}' }] };
    await send(misrouted);
    await send(badEntity);
    expect(((await eventOf(misrouted.commandId)) as ActivityFailed).error.message).toMatch(/addressed to processor another-processor/);
    expect(((await eventOf(badEntity.commandId)) as ActivityFailed).error.message).toMatch(/entities\[0\] must be/);
  });

  it('should fail the step of a command whose handling keeps crashing on its last delivery, then dead-letter it', async () => {
    const memory = createMemoryBus();
    // The broker refuses this command's answer (too large, say) on every delivery; a small failure event still goes through.
    const refusing: Bus = {
      ...memory,
      publish: async (queue, body, options) => {
        if (queue === EVENTS_QUEUE && (body as { type?: string }).type === 'ActivityExecuted') throw new Error('message refused by the broker');
        return memory.publish(queue, body, options);
      },
    };
    const { processor, send, eventOf, deadLetters } = await start({ bus: refusing, maxDeliveries: 3 });
    const command = executeActivity(processor.processorId, { input: { n: 1 } });
    await send(command);
    const event = (await eventOf(command.commandId)) as ActivityFailed;
    expect(event.error).toEqual({
      message: 'handling crashed on all 3 deliveries, the last with: message refused by the broker', type: 'DeliveryExhausted', retryable: false, validation: false,
    });
    const dead = await waitFor(() => deadLetters[0]);
    expect(dead.body).toEqual(command);
    expect(dead.headers['x-death-reason']).toMatch(/message refused by the broker \(gave up after 3 deliveries\)/);
    expect(log.runs).toBe(3);
    await harness?.close();
    harness = undefined;
    await memory.close();
  });

  it('should keep a command whose answer cannot be sent during a broker outage, even on its last delivery, and answer it once the broker is back', async () => {
    const memory = createMemoryBus();
    // The answer is refused once for its own reason (that delivery counts), then 3 times by an outage (those do not).
    const refusals: string[] = [];
    const outage: Bus = {
      ...memory,
      publish: async (queue, body, options) => {
        if (queue === EVENTS_QUEUE && (body as { type?: string }).type === 'ActivityExecuted' && refusals.length < 4) {
          refusals.push(refusals.length === 0 ? 'own' : 'outage');
          if (refusals.length === 1) throw new Error('message refused by the broker');
          throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'RabbitMQ unavailable: no connection within 10 ms');
        }
        return memory.publish(queue, body, options);
      },
    };
    const { processor, send, eventOf, events, deadLetters } = await start({ bus: outage, maxDeliveries: 2 });
    const command = executeActivity(processor.processorId, { input: { n: 4 } });
    await send(command);
    const event = await eventOf(command.commandId);
    expect(event).toMatchObject({ type: 'ActivityExecuted', output: { doubled: 8 } });
    expect(refusals).toEqual(['own', 'outage', 'outage', 'outage']);
    expect(log.runs).toBe(5);
    expect(events.map((delivery) => delivery.body.type)).toEqual(['ActivityExecuted']);
    expect(deadLetters).toEqual([]);
    await harness?.close();
    harness = undefined;
    await memory.close();
  });
});
