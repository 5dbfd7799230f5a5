import type { System } from '@flow/launcher';
import { createMemoryCache } from '@flow/platform';
import { EVENTS_QUEUE, heartbeatKey, PROCESSOR_HEALTH_MAP, processorQueue, type Heartbeat } from '@flow/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { behavingProcessor } from '@flow/processor-sdk/testing';
import { executeActivity, startProcessorHarness, startRegistrySystem, waitFor } from './processorHarness.js';

let system: System;

beforeAll(async () => {
  system = await startRegistrySystem();
});
afterAll(async () => system?.close());

async function start(options: { heartbeatMs?: number; shutdownGraceMs?: number } = {}) {
  const behaving = await behavingProcessor();
  const cache = createMemoryCache();
  const harness = await startProcessorHarness({
    gatewayUrl: system.gatewayUrl, definition: behaving.definition, cache,
    config: { heartbeatMs: options.heartbeatMs ?? 1_000 }, shutdownGraceMs: options.shutdownGraceMs ?? 5_000,
  });
  const heartbeats = cache.map<Heartbeat>(PROCESSOR_HEALTH_MAP);
  const key = heartbeatKey(harness.processor.processorId, harness.processor.instanceId);
  return { ...harness, log: behaving.log, definition: behaving.definition, heartbeats, key };
}

describe('a running processor', () => {
  it('should keep a heartbeat with a TTL of three periods while it runs, and remove it on close', async () => {
    const { processor, definition, heartbeats, key, close } = await start({ heartbeatMs: 100 });
    const first = await heartbeats.getEntry(key);
    expect(first?.value).toMatchObject({ processorId: processor.processorId, instanceId: processor.instanceId, name: definition.name, version: '1.0.0', inFlight: 0 });
    expect((first?.expiresAt ?? 0) - Date.parse(first?.value.at ?? '')).toBeGreaterThanOrEqual(300);
    expect((first?.expiresAt ?? 0) - Date.parse(first?.value.at ?? '')).toBeLessThan(350);
    await waitFor(async () => ((await heartbeats.get(key))?.at !== first?.value.at ? true : undefined), 1_000, 'a newer heartbeat');
    await close();
    expect(await heartbeats.get(key)).toBeUndefined();
  });

  it('should report the commands in flight in its heartbeat', async () => {
    const { processor, send, heartbeats, key, eventOf, close } = await start({ heartbeatMs: 100 });
    const command = executeActivity(processor.processorId, { input: { n: 1, mode: 'wait', ms: 400 } });
    await send(command);
    await waitFor(async () => ((await heartbeats.get(key))?.inFlight === 1 ? true : undefined), 1_000, 'a heartbeat with one command in flight');
    await eventOf(command.commandId);
    await close();
  });

  it('should let an in-flight command finish and publish its event before close() resolves', async () => {
    const { processor, send, events, eventOf, close, log, bus } = await start();
    const command = executeActivity(processor.processorId, { input: { n: 2, mode: 'wait', ms: 300 } });
    await send(command);
    await waitFor(() => (log.running === 1 ? true : undefined));
    await processor.close();
    // Published (confirmed) already: delivered to the test's collector or still waiting in the queue.
    expect(events.length + (await bus.depth(EVENTS_QUEUE))).toBe(1);
    expect(log.running).toBe(0);
    expect(log.aborts).toEqual([]);
    expect(await eventOf(command.commandId)).toMatchObject({ type: 'ActivityExecuted', output: { doubled: 4 } });
    await close();
  });

  it('should abort a command that outlives the shutdown grace period and put it back on the queue for another instance', async () => {
    const { processor, send, events, close, log, bus } = await start({ shutdownGraceMs: 100 });
    const command = executeActivity(processor.processorId, { input: { n: 2, mode: 'wait-for-abort' } });
    await send(command);
    await waitFor(() => (log.running === 1 ? true : undefined));
    await close();
    expect(log.aborts).toHaveLength(1);
    expect(events).toEqual([]);
    expect(await bus.depth(processorQueue(processor.processorId))).toBe(1);
  });

  it('should serve /health and the processor_* families on /metrics', async () => {
    const { processor, execute, close } = await start();
    await execute({ input: { n: 1 } });
    await execute({ input: { n: 'x' } });
    const health = await fetch(`${processor.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'Healthy', checks: { bus: { status: 'Healthy' }, cache: { status: 'Healthy' }, consumer: { status: 'Healthy' } } });
    const metrics = await (await fetch(`${processor.url}/metrics`)).text();
    expect(metrics).toMatch(/processor_commands_consumed_total\{outcome="succeeded",service="processor-test"\} 1/);
    expect(metrics).toMatch(/processor_commands_consumed_total\{outcome="validation_failed",service="processor-test"\} 1/);
    expect(metrics).toMatch(/processor_events_published_total\{type="ActivityExecuted",service="processor-test"\} 1/);
    expect(metrics).toMatch(/processor_activity_duration_seconds_count\{service="processor-test"\} 2/);
    expect(metrics).toMatch(/processor_in_flight\{service="processor-test"\} 0/);
    await close();
  });
});
