import type { System } from '@flow/launcher';
import type { ActivityExecuted, ActivityFailed, AssignedEntity } from '@flow/protocol';
import { builtImplementationHash, createGraphqlRegistry } from '@flow/processor-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoProcessor } from '@flow/processor-echo';
import { quietLogger, startProcessorHarness, startRegistrySystem, type ProcessorHarness } from './processorHarness.js';

let system: System;
let echo: ProcessorHarness;

beforeAll(async () => {
  system = await startRegistrySystem();
  echo = await startProcessorHarness({ gatewayUrl: system.gatewayUrl, definition: echoProcessor });
});
afterAll(async () => {
  await echo?.close();
  await system?.close();
});

const anySchema = '{}';
const delivery = (payload: unknown): AssignedEntity => ({
  type: 'DELIVERY', entity: { id: 'delivery-1', name: 'switches', payload: JSON.stringify(payload) }, schemaDefinition: anySchema,
});

describe('EchoProcessor 1.0.0', () => {
  it('should start from a current implementation.sha256 and register as EchoProcessor 1.0.0 with that hash', async () => {
    const registered = await createGraphqlRegistry({ url: system.gatewayUrl, logger: quietLogger() }).processorByKey('1.0.0', 'EchoProcessor');
    expect(registered).toMatchObject({ id: echo.processor.processorId, implementationHash: await builtImplementationHash(echoProcessor) });
  });

  it('should answer its input and the parsed payloads of its entities', async () => {
    const address: AssignedEntity = { type: 'ADDRESS', entity: { id: 'address-1', connectionString: 'file:///tmp', payload: null }, schemaDefinition: anySchema };
    const event = (await echo.execute({ input: { order: 7, lines: ['a'] }, entities: [delivery({ path: 'a.json' }), address] })) as ActivityExecuted;
    expect(event.type).toBe('ActivityExecuted');
    expect(event.output).toEqual({ input: { order: 7, lines: ['a'] }, entities: [{ path: 'a.json' }, null] });
  });

  it('should accept any JSON as input', async () => {
    for (const input of [null, 42, 'text', [1, { a: true }]]) {
      expect(await echo.execute({ input })).toMatchObject({ type: 'ActivityExecuted', output: { input, entities: [] } });
    }
  });

  it('should fail non-retryably when a payload says "fail": true', async () => {
    const event = (await echo.execute({ entities: [delivery({ fail: true })] })) as ActivityFailed;
    expect(event.error).toMatchObject({ type: 'EchoFailure', retryable: false, validation: false });
  });

  it('should fail retryably on the first "failTimes" attempts, then answer', async () => {
    const entities = [delivery({ failTimes: 2 })];
    const outcomes = [];
    for (const attempt of [1, 2, 3]) outcomes.push(await echo.execute({ attempt, entities }));
    expect(outcomes.map((event) => event.type)).toEqual(['ActivityFailed', 'ActivityFailed', 'ActivityExecuted']);
    expect((outcomes[0] as ActivityFailed).error).toMatchObject({ type: 'EchoFailure', retryable: true, validation: false });
    expect((outcomes[1] as ActivityFailed).error.message).toMatch(/first 2 attempt\(s\); this is attempt 2/);
  });

  it('should wait "delayMs" before answering', async () => {
    const started = Date.now();
    const event = (await echo.execute({ entities: [delivery({ delayMs: 150 })] })) as ActivityExecuted;
    expect(event.type).toBe('ActivityExecuted');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(event.durationMs).toBeGreaterThanOrEqual(149);
  });

  it('should stop waiting at the deadline and answer "deadline passed"', async () => {
    const started = Date.now();
    const event = (await echo.execute({ entities: [delivery({ delayMs: 5_000 })], deadline: new Date(Date.now() + 150).toISOString() })) as ActivityFailed;
    expect(event.error).toMatchObject({ type: 'DeadlinePassed', retryable: false });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
