import { AppError, ErrorCode } from '@flow/platform';
import type { Json } from '@flow/protocol';
import { permanent, retryable } from '../processorError.js';
import { temporaryProcessor, uniqueProcessorName } from './temporaryProcessor.js';

/** What the behaving processor is told to do, by its input's `mode`. */
export type Behaviour =
  | 'double' | 'bad-output' | 'throw' | 'permanent' | 'retryable' | 'app-error' | 'unavailable' | 'invalid' | 'wait-for-abort' | 'wait' | 'heartbeat';

export interface BehavingInput {
  n: number;
  mode?: Behaviour;
  /** For 'wait' (which ignores its signal) and 'heartbeat' (which calls context.heartbeat() every 100 ms meanwhile): how long to take. */
  ms?: number;
}

/** Runs and abort reasons the handler saw, for tests to inspect. */
export interface BehaviourLog {
  runs: number;
  running: number;
  maxRunning: number;
  aborts: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A test processor (input `{n, mode?, ms?}`, output `{doubled, payloads}`) whose handler does
 * what its input says: answer, answer an invalid output, throw in each way, or wait.
 */
export async function behavingProcessor(log: BehaviourLog = { runs: 0, running: 0, maxRunning: 0, aborts: [] }) {
  const definition = await temporaryProcessor<BehavingInput, { doubled: unknown; payloads: Json[] }>({
    name: uniqueProcessorName('Behaving'),
    version: '1.0.0',
    inputSchema: { type: 'object', properties: { n: { type: 'integer' }, mode: { type: 'string' }, ms: { type: 'integer' } }, required: ['n'] },
    outputSchema: { type: 'object', properties: { doubled: { type: 'integer' }, payloads: { type: 'array' } }, required: ['doubled'] },
    async handle({ input, entities, signal, heartbeat }) {
      log.runs += 1;
      log.running += 1;
      log.maxRunning = Math.max(log.maxRunning, log.running);
      signal.addEventListener('abort', () => log.aborts.push(String((signal.reason as Error)?.message ?? signal.reason)));
      try {
        switch (input.mode) {
          case 'bad-output': return { doubled: 'two', payloads: [] };
          case 'throw': throw new TypeError('something broke');
          case 'permanent': throw permanent('refused for good', { type: 'Refused' });
          case 'retryable': throw retryable('try again later');
          case 'app-error': throw new AppError(ErrorCode.CONFLICT, 'already done elsewhere');
          case 'unavailable': throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'the archive is down');
          case 'invalid': throw new AppError(ErrorCode.BAD_USER_INPUT, 'n is odd', { retryable: true, details: { validation: true } });
          case 'wait-for-abort': await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
            break;
          case 'wait': await sleep(input.ms ?? 100);
            break;
          case 'heartbeat':
            for (let waited = 0; waited < (input.ms ?? 100); waited += 100) {
              await heartbeat();
              await sleep(100);
            }
            break;
          default:
        }
        return { doubled: input.n * 2, payloads: entities.map(({ payload }) => payload ?? null) };
      } finally {
        log.running -= 1;
      }
    },
  });
  return { definition, log };
}
