import { defineProcessor, permanent, retryable, type ProcessorEntity } from '@flow/processor-sdk';
import type { Json } from '@flow/protocol';

export interface EchoOutput {
  input: Json;
  /** The parsed payloads of the step's assigned entities, in assignment order (null when none). */
  entities: Json[];
}

/** The demo switches an entity payload may carry; the strongest one among the payloads wins. */
interface EchoSwitches {
  fail: boolean;
  failTimes: number;
  delayMs: number;
}

const count = (value: Json | undefined): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0);

function switchesOf(entities: readonly ProcessorEntity[]): EchoSwitches {
  const switches: EchoSwitches = { fail: false, failTimes: 0, delayMs: 0 };
  for (const { payload } of entities) {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) continue;
    switches.fail ||= payload.fail === true;
    switches.failTimes = Math.max(switches.failTimes, count(payload.failTimes));
    switches.delayMs = Math.max(switches.delayMs, count(payload.delayMs));
  }
  return switches;
}

/** Waits `ms`, or rejects as soon as the command is aborted (deadline, shutdown). */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * EchoProcessor 1.0.0 (DESIGN.md section 9): answers its input and its entities' payloads.
 * Payloads drive it for demos, tests and benchmarks: `"delayMs": n` waits n ms first;
 * `"fail": true` fails non-retryably; `"failTimes": n` fails retryably on attempts 1..n.
 */
export const echoProcessor = defineProcessor<Json, EchoOutput>({
  name: 'EchoProcessor',
  version: '1.0.0',
  description: 'Answers { input, entities } with the parsed payloads; payload flags fail, failTimes and delayMs drive failures and delays',
  inputSchema: {},
  outputSchema: {
    type: 'object',
    properties: { input: {}, entities: { type: 'array' } },
    required: ['input', 'entities'],
    additionalProperties: false,
  },
  implementationFiles: [import.meta.url],
  async handle({ input, entities, attempt, signal }) {
    const switches = switchesOf(entities);
    if (switches.delayMs > 0) await delay(switches.delayMs, signal);
    if (switches.fail) throw permanent('EchoProcessor was told to fail ("fail": true in a payload)', { type: 'EchoFailure' });
    if (attempt <= switches.failTimes) {
      throw retryable(`EchoProcessor was told to fail the first ${switches.failTimes} attempt(s); this is attempt ${attempt}`, { type: 'EchoFailure' });
    }
    return { input, entities: entities.map(({ payload }) => payload ?? null) };
  },
});
