import { STATUS_EXCHANGE, type ExecuteActivity, type OrchestrationStatusChanged } from '@flow/protocol';
import type { Bus, Delivery } from '@flow/platform';
import { temporaryProcessor, uniqueProcessorName } from '@flow/processor-sdk/testing';
import { fetch } from 'undici';

/**
 * Probes for the orchestration fault tests: read what the services count on `/metrics`,
 * collect what reaches a queue or the status exchange, and small processors defined in the
 * tests. They observe the real bus and services; nothing is mocked.
 */

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` every `everyMs` until it answers something other than undefined; fails after
 * `timeoutMs`. Polls gently: the services under test share this process and its 2 cores.
 */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000, what = 'the condition', everyMs = 25): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > giveUpAt) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The sum of a Prometheus counter's samples at `baseUrl/metrics` whose labels include `labels`. */
export async function metricTotal(baseUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => wanted.every((pair) => line.slice(0, line.lastIndexOf(' ')).includes(pair)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Waits until the counter has grown by at least `by` from `from`; answers its new value. */
export function metricReaches(baseUrl: string, name: string, labels: Record<string, string>, from: number, by = 1, timeoutMs = 10_000): Promise<number> {
  return waitFor(async () => {
    const value = await metricTotal(baseUrl, name, labels);
    return value >= from + by ? value : undefined;
  }, timeoutMs, `${name}${JSON.stringify(labels)} to reach ${from + by}`);
}

export interface Collector<T> {
  deliveries: Array<Delivery<T>>;
  cancel(): Promise<void>;
}

/**
 * Consumes a queue (a dead-letter queue, typically) and keeps every delivery. On the shared
 * broker this also drains what earlier runs left there, so tests filter by their own ids.
 */
export async function collectQueue<T = Record<string, unknown>>(bus: Bus, queue: string): Promise<Collector<T>> {
  const deliveries: Array<Delivery<T>> = [];
  const subscription = await bus.consume<T>(queue, async (delivery) => void deliveries.push(delivery), { prefetch: 100, maxDeliveries: 1, retryDelayMs: 0 });
  return { deliveries, cancel: () => subscription.cancel() };
}

/** Every OrchestrationStatusChanged broadcast while subscribed. */
export async function collectStatus(bus: Bus): Promise<Collector<OrchestrationStatusChanged>> {
  const deliveries: Array<Delivery<OrchestrationStatusChanged>> = [];
  const subscription = await bus.subscribe<OrchestrationStatusChanged>(STATUS_EXCHANGE, async (delivery) => void deliveries.push(delivery));
  return { deliveries, cancel: () => subscription.cancel() };
}

export interface StrictInput {
  /** The run's input, as the EchoProcessor step before it answers it. */
  input: { orderId: string; badOutput?: boolean };
}

/**
 * A processor meant to follow an EchoProcessor step: its input must carry `input.orderId`
 * (the run's input, echoed) and its output needs an integer `total`; `badOutput` in the run's
 * input makes it answer a string there.
 */
export function strictProcessor() {
  return temporaryProcessor<StrictInput, { total: unknown }>({
    name: uniqueProcessorName('Strict'),
    version: '1.0.0',
    inputSchema: {
      type: 'object',
      properties: { input: { type: 'object', properties: { orderId: { type: 'string' }, badOutput: { type: 'boolean' } }, required: ['orderId'] } },
      required: ['input'],
    },
    outputSchema: { type: 'object', properties: { total: { type: 'integer' } }, required: ['total'] },
    async handle({ input }) {
      return { total: input.input.badOutput ? 'a lot' : 42 };
    },
  });
}

/** A processor that keeps every command it is given and answers `{ ok: true }`. */
export async function recordingProcessor() {
  const commands: Array<Pick<ExecuteActivity, 'executionId' | 'stepId' | 'commandId' | 'attempt'>> = [];
  const definition = await temporaryProcessor<unknown, { ok: boolean }>({
    name: uniqueProcessorName('Recording'),
    version: '1.0.0',
    inputSchema: {},
    outputSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
    async handle({ executionId, stepId, commandId, attempt }) {
      commands.push({ executionId, stepId, commandId, attempt });
      return { ok: true };
    },
  });
  return { definition, commands };
}
