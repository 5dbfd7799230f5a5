import { randomUUID } from 'node:crypto';
import { startSystem, type System } from '@flow/launcher';
import {
  createLogger, createMemoryBus, createMemoryCache, createMetrics, deadLetterQueue, type Bus, type Cache, type Delivery, type ProcessorConfig,
} from '@flow/platform';
import { EVENTS_QUEUE, processorQueue, type ExecuteActivity, type OrchestratorEvent } from '@flow/protocol';
import { startProcessor, type AnyProcessorDefinition, type RunningProcessor, type StartProcessorOptions } from '@flow/processor-sdk';

/** Every manager and the gateway in this process on free ports and the memory store: where processors register. */
export function startRegistrySystem(): Promise<System> {
  return startSystem({ ephemeralPorts: true, env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' } });
}

export const quietLogger = () => createLogger('processor-test', 'silent');

/** Polls `probe` until it answers something other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000, what = 'the condition'): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > giveUpAt) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A command as the orchestrator would send it; `overrides` replace any field. */
export function executeActivity(processorId: string, overrides: Partial<ExecuteActivity> = {}): ExecuteActivity {
  return {
    type: 'ExecuteActivity', schemaVersion: 1, commandId: randomUUID(), executionId: randomUUID(), orchestratedFlowId: randomUUID(),
    stepId: randomUUID(), processorId, attempt: 1, input: { hello: 'world' }, entities: [], correlationId: randomUUID(),
    createdAt: new Date().toISOString(), deadline: new Date(Date.now() + 30_000).toISOString(), ...overrides,
  };
}

export interface ProcessorHarness {
  bus: Bus;
  cache: Cache;
  processor: RunningProcessor;
  /** Everything published on orchestrator.events, in order. */
  events: Array<Delivery<OrchestratorEvent>>;
  /** Everything dead-lettered from the processor's queue. */
  deadLetters: Delivery[];
  /** Publishes a command (any body) to the processor's queue with a correlation id header. */
  send: (body: unknown) => Promise<void>;
  /** Sends a command built from `overrides` and answers its event. */
  execute: (overrides?: Partial<ExecuteActivity>) => Promise<OrchestratorEvent>;
  eventOf: (commandId: string, timeoutMs?: number) => Promise<OrchestratorEvent>;
  close: () => Promise<void>;
}

export interface HarnessOptions extends Partial<Omit<StartProcessorOptions, 'definition' | 'config'>> {
  gatewayUrl: string;
  definition: AnyProcessorDefinition;
  config?: Partial<ProcessorConfig>;
}

/** A processor on the in-memory bus and cache twins, registered at `gatewayUrl`, with its events and dead letters collected. */
export async function startProcessorHarness(options: HarnessOptions): Promise<ProcessorHarness> {
  const bus = options.bus ?? createMemoryBus();
  const cache = options.cache ?? createMemoryCache();
  const config: ProcessorConfig = { prefetch: 16, concurrency: 10, heartbeatMs: 1_000, maxDeliveries: 5, gatewayUrl: options.gatewayUrl, ...options.config };
  const events: Array<Delivery<OrchestratorEvent>> = [];
  const deadLetters: Delivery[] = [];
  const collect = { prefetch: 1_000, maxDeliveries: 1, retryDelayMs: 0 };
  await bus.declareQueue(EVENTS_QUEUE);
  const collecting = await bus.consume<OrchestratorEvent>(EVENTS_QUEUE, async (delivery) => void events.push(delivery), collect);
  const processor = await startProcessor({
    logger: quietLogger(), metrics: createMetrics('processor-test'), retryDelayMs: 10, ...options, bus, cache, config,
  }).catch(async (error: unknown) => {
    await collecting.cancel();
    if (!options.bus) await bus.close();
    throw error;
  });
  const queue = processorQueue(processor.processorId);
  const dead = await bus.consume(deadLetterQueue(queue), async (delivery) => void deadLetters.push(delivery), collect);
  const send = (body: unknown) => bus.publish(queue, body, { headers: { 'x-correlation-id': 'test-correlation' } });
  const eventOf = (commandId: string, timeoutMs = 5_000) =>
    waitFor(() => events.find((delivery) => delivery.body.commandId === commandId)?.body, timeoutMs, `the event of command ${commandId}`);
  return {
    bus, cache, processor, events, deadLetters, send, eventOf,
    async execute(overrides = {}) {
      const command = executeActivity(processor.processorId, overrides);
      await send(command);
      return eventOf(command.commandId);
    },
    async close() {
      await processor.close();
      await collecting.cancel();
      await dead.cancel();
      if (!options.bus) await bus.close();
      if (!options.cache) await cache.close();
    },
  };
}
