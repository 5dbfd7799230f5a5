import type { Logger } from '@flow/platform';
import { ActivityErrorType, type ActivityError, type ExecuteActivity, type Json } from '@flow/protocol';
import type { AnyProcessorDefinition } from './defineProcessor.js';
import { createLimiter } from './limiter.js';
import { toActivityError } from './processorError.js';
import type { ProcessorMetrics } from './processorMetrics.js';
import { compileSchema, parseEntities, validateInput, validateOutput } from './validation.js';

/** What one run of a command came to; the command handler turns it into an event. */
type Answer = { output: Json } | { error: ActivityError };
export type ActivityResult = Answer & { durationMs: number };

/** Thrown instead of a result when shutdown interrupted the command: it goes back to the queue. */
export class ReleasedError extends Error {
  constructor() {
    super('the processor is shutting down; the command goes back to the queue');
    this.name = 'ReleasedError';
  }
}

/** Publishes one ActivityHeartbeat of the command (the command handler's). */
export type SendHeartbeat = () => Promise<void>;

/** Heartbeats closer together than this, or than a quarter of the step's timeout, send nothing. */
export const HEARTBEAT_MIN_INTERVAL_MS = 1_000;

export interface ActivityRunner {
  run(command: ExecuteActivity, logger: Logger, sendHeartbeat?: SendHeartbeat): Promise<ActivityResult>;
  /** Commands holding a concurrency slot now (in flight). */
  inFlight(): number;
  /** Shutdown's grace period is over: handlers see their signal abort; commands not started are released. */
  abort(): void;
  /** Resolves once every handler run has settled (including ones that outlived their deadline). */
  idle(): Promise<void>;
}

/** Node timers overflow past 2^31-1 ms; a deadline further away than ~24 days is as good as none. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const deadlinePassed = (message: string): ActivityError => ({ message, type: ActivityErrorType.DEADLINE_PASSED, retryable: false, validation: false });

/**
 * Runs commands through a processor's handler: at most `concurrency` at once, validating
 * input, entity payloads and output, and answering 'deadline passed' at the command's deadline
 * even when a handler ignores its signal (its slot stays taken until it really settles).
 */
export function createActivityRunner(definition: AnyProcessorDefinition, concurrency: number, metrics: ProcessorMetrics): ActivityRunner {
  const limiter = createLimiter(concurrency);
  const inputValidator = compileSchema(definition.inputSchema, `${definition.name} inputSchema`);
  const outputValidator = compileSchema(definition.outputSchema, `${definition.name} outputSchema`);
  const controllers = new Set<AbortController>();
  const running = new Set<Promise<unknown>>();
  let shuttingDown = false;

  async function handle(command: ExecuteActivity, signal: AbortSignal, deadlineReached: () => boolean, logger: Logger, heartbeat: () => Promise<void>): Promise<Answer> {
    try {
      validateInput(inputValidator, command.input);
      const entities = parseEntities(command.entities);
      const { input, attempt, commandId, executionId, orchestratedFlowId, stepId } = command;
      const output = await definition.handle({ input: input as never, entities, attempt, commandId, executionId, orchestratedFlowId, stepId, signal, logger, heartbeat });
      return { output: validateOutput(outputValidator, output) };
    } catch (thrown) {
      const error = toActivityError(thrown);
      if (deadlineReached()) return { error: deadlinePassed(`deadline passed while the command was handled: ${error.message}`) };
      if (shuttingDown && error.retryable) throw new ReleasedError();
      return { error };
    }
  }

  /**
   * Starts the handler with a signal of its own (aborted by the deadline or by shutdown), and
   * a promise of 'deadline passed' that resolves at the deadline. Plain timers and one
   * controller per command: nothing outlives the command.
   */
  function start(command: ExecuteActivity, logger: Logger, sendHeartbeat?: SendHeartbeat): { work: Promise<Answer>; expired: Promise<Answer> } {
    const controller = new AbortController();
    let reached = false;
    let expire: (answer: Answer) => void = () => undefined;
    const expired = new Promise<Answer>((resolve) => (expire = resolve));
    const arm = (ms: number): NodeJS.Timeout => setTimeout(() => {
      reached = true;
      controller.abort(new Error('deadline passed'));
      expire({ error: deadlinePassed('deadline passed while the command was handled') });
    }, Math.min(ms, MAX_TIMER_MS));
    let timer = arm(Date.parse(command.deadline) - Date.now());
    let lastBeat = 0;
    const interval = Math.min(HEARTBEAT_MIN_INTERVAL_MS, (command.timeoutMs ?? Infinity) / 4);
    /** Sends a sign of life and, once it is out, gives this attempt a full timeout from now, as the orchestrator does. */
    const heartbeat = async (): Promise<void> => {
      const now = Date.now();
      if (reached || !sendHeartbeat || now - lastBeat < interval) return;
      lastBeat = now;
      await sendHeartbeat();
      if (reached || command.timeoutMs === undefined) return;
      clearTimeout(timer);
      timer = arm(command.timeoutMs - (Date.now() - now));
    };
    controllers.add(controller);
    const work = handle(command, controller.signal, () => reached, logger, heartbeat).finally(() => {
      clearTimeout(timer);
      controllers.delete(controller);
    });
    return { work, expired };
  }

  async function run(command: ExecuteActivity, logger: Logger, sendHeartbeat?: SendHeartbeat): Promise<ActivityResult> {
    const release = await limiter.acquire();
    if (shuttingDown) {
      release();
      throw new ReleasedError();
    }
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    if (Date.parse(command.deadline) <= Date.now()) {
      release();
      return { error: deadlinePassed('deadline passed before the command was started'), durationMs: 0 };
    }
    metrics.started(command);
    metrics.inFlight.inc();
    const { work, expired } = start(command, logger, sendHeartbeat);
    const settled = work.finally(() => {
      metrics.inFlight.dec();
      release();
    });
    running.add(settled);
    void settled.then(() => running.delete(settled), () => running.delete(settled));
    const result = await Promise.race([settled, expired]);
    return { ...result, durationMs: elapsed() };
  }

  return {
    run,
    inFlight: () => limiter.active,
    abort() {
      shuttingDown = true;
      for (const controller of controllers) controller.abort(new ReleasedError());
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
