import {
  AppError, defaultPayloadLimits, ErrorCode, isAppError, type Bus, type Cache, type Delivery, type FieldViolation, type Logger, type Metrics, type OrchestrationConfig, type PayloadLimits, type Subscription,
} from '@flow/platform';
import { v7 as uuidv7 } from 'uuid';
import { endedStatuses, type EngineOptions, type Execution, type IgnoredBecause } from '../engine/state.js';
import { EVENTS_QUEUE, MessageParseError, parseOrchestratorEvent, type Json, type OrchestratorEvent } from '@flow/protocol';
import type { ExecutionStore, StoredExecution } from '../store/executionStore.js';
import type { EventSenders } from './eventSenders.js';
import type { FlowReader } from './flowReader.js';
import { createControls } from './controls.js';
import { createExecutionLocks } from './executionLocks.js';
import { createOutbox } from './outbox.js';
import { createFlowLimits } from './flowLimits.js';
import { createStarts } from './starts.js';
import { startInputViolations } from './startInput.js';
import { createSweeper } from './sweeper.js';
import { createRunLog } from './runLog.js';
import { createMemoryStartKeys, type StartKeys } from '../store/startKeys.js';
import { createTransitions, type Transition } from './transitions.js';

/** How long an execution's cluster lock is kept for its next event (executionLocks.ts). */
const LOCK_LINGER_MS = 50;

export interface OrchestratorDeps {
  store: ExecutionStore;
  bus: Bus;
  cache: Cache;
  flows: FlowReader;
  settings: Readonly<OrchestrationConfig>;
  /** Size bounds of commands and run data (loadConfig(...).payloads). Default: the platform's defaults. */
  payloads?: Readonly<PayloadLimits>;
  logger: Logger;
  metrics: Metrics;
  /** With authentication on: events are applied only from the processor they name (eventSenders.ts). */
  senders?: EventSenders;
  /** The idempotency keys of starts; in memory (one instance) when not given. */
  startKeys?: StartKeys;
}

export type Orchestrator = ReturnType<typeof createOrchestrator>;

/**
 * Runs executions: applies events through the pure engine, persists each transition with its
 * outbox, then publishes (docs/protocol.md, durability). Several instances may run at once.
 * Composes the starts (starts.ts), the transitions (transitions.ts), the outbox (outbox.ts)
 * and the sweeper (sweeper.ts) around one set of execution locks.
 */
export function createOrchestrator({ store, bus, cache, flows, settings, payloads = defaultPayloadLimits, logger, metrics, senders, startKeys = createMemoryStartKeys() }: OrchestratorDeps) {
  const limits = { stepOutputMaxBytes: payloads.stepOutputMaxBytes, messageMaxBytes: payloads.messageMaxBytes, executionMaxBytes: payloads.executionMaxBytes };
  const options = (): EngineOptions => ({ now: new Date(), newId: uuidv7, ...settings, limits });
  const consumed = metrics.counter('orchestrator_events_consumed_total', 'Events consumed, by type and outcome', ['type', 'outcome']);
  const ignored = metrics.counter('orchestrator_events_ignored_total', 'Events that changed nothing, by why: late or duplicated (ended, unknown-step, not-running), stale or forged (other-command, other-processor, other-attempt)', ['reason']);
  const deadLettered = metrics.counter('orchestrator_events_dead_lettered_total', 'Events moved to the dead-letter queue, by DeadLetterReason', ['reason']);
  /** The events of onEvent that changed nothing, for its `outcome` label. */
  const unapplied = new WeakSet<Transition>();
  /** Late and duplicated answers are routine (at-least-once); a stale or forged one is worth a warning. */
  function onIgnored(event: Transition, reason: IgnoredBecause): void {
    ignored.inc({ reason });
    unapplied.add(event);
    if (!reason.startsWith('other-') || event.type === 'Stop' || event.type === 'Control') return;
    const { executionId, stepId, commandId, attempt } = event;
    logger.warn({ executionId, stepId, commandId, attempt, reason, ...('processorId' in event ? { processorId: event.processorId } : {}) }, 'event ignored: it does not answer the step\'s current command');
  }
  // The next holder of an execution's lock finds its latest head shared (store.share).
  const locks = createExecutionLocks(cache, { leaseMs: 10_000, lingerMs: LOCK_LINGER_MS, beforeRelease: (id) => store.share(id) });
  const outbox = createOutbox({ store, bus, metrics });
  const runLog = createRunLog(logger);
  const flowLimits = createFlowLimits({ store, locks, outbox, flows, options, logger });
  const starts = createStarts({
    store, cache, flows, locks, outbox, limits: flowLimits, options, logger, metrics, runLog, keys: startKeys, idempotencyWindowMs: settings.idempotencyWindowMs,
  });
  // The controls hear of their refusals from the transitions, which they drive.
  let onRefused: NonNullable<Parameters<typeof createTransitions>[0]['onRefused']> = () => undefined;
  const transitions = createTransitions({
    store, locks, outbox, options, onIgnored, onTransition: runLog.transitioned, onEnded: (execution) => flowLimits.ended(execution.orchestratedFlowId),
    onRefused: (event, refusal) => onRefused(event, refusal),
  });
  const controls = createControls({ store, transitions, starts, options, logger, metrics });
  onRefused = controls.onRefused;
  const { transition } = transitions;
  const sweeper = createSweeper({ store, locks, outbox, transitions, logger, sweepMs: settings.sweepMs });
  let subscription: Subscription | undefined;

  /** Counts a refused sender before the bus dead-letters the event (the error is not retryable). */
  async function refusing<T>(type: string, check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } catch (error) {
      if (isAppError(error) && !error.retryable) {
        consumed.inc({ type, outcome: 'refused' });
        logger.warn({ reason: error.message }, 'event refused: its sender may not answer for its processor; dead-lettering it');
      }
      throw error;
    }
  }

  async function onEvent(delivery: Delivery): Promise<void> {
    // The sender first: an event from anyone but a processor is not even read.
    const sender = senders ? await refusing('unknown', () => senders.authenticate(delivery.headers)) : undefined;
    let event: OrchestratorEvent;
    try {
      event = parseOrchestratorEvent(delivery.body);
    } catch (error) {
      if (!(error instanceof MessageParseError)) throw error;
      // Dead-lettered, and nothing else: whoever can publish a broken event must not be able to fail a step with it.
      consumed.inc({ type: 'invalid', outcome: 'dead-lettered' });
      logger.warn({ reason: error.message, ...error.about }, 'an event that does not parse: dead-lettering it');
      throw new AppError(ErrorCode.BAD_USER_INPUT, error.message, { retryable: false, cause: error });
    }
    if (senders && sender) await refusing(event.type, () => senders.authorize(sender, event.processorId));
    const before = await transition(event.executionId, event);
    consumed.inc({ type: event.type, outcome: !before ? 'unknown-execution' : unapplied.has(event) ? 'ignored' : 'applied' });
  }

  return {
    start: starts.start,

    /** What a start with this input would be refused for by the entry steps' input schemas (none: it passes); starts nothing. */
    async checkStartInput(orchestratedFlowId: string, input: Json): Promise<FieldViolation[]> {
      return startInputViolations(input, (await flows.read(orchestratedFlowId)).entryInputSchemas ?? []);
    },

    async stop(orchestratedFlowId: string): Promise<StoredExecution> {
      const latest = await store.latestForFlow(orchestratedFlowId);
      if (!latest) throw AppError.notFound('Execution of OrchestratedFlow', orchestratedFlowId);
      if (endedStatuses.has(latest.status)) return latest;
      return (await transition(latest.id, { type: 'Stop' })) ?? latest;
    },

    store,

    /** stopExecution, pauseExecution, resumeExecution, retryExecution (service/controls.ts). */
    control: controls.control,
    rerun: controls.rerun,
    bulk: controls.bulk,

    /** Consumes events and sweeps the store until closed. */
    async run(): Promise<void> {
      await bus.declareQueue(EVENTS_QUEUE);
      subscription = await bus.consume(EVENTS_QUEUE, onEvent, {
        prefetch: settings.prefetch, maxDeliveries: settings.maxDeliveries, retryDelayMs: 500, onDeadLetter: (reason) => deadLettered.inc({ reason }),
      });
      sweeper.start();
      await flowLimits.resume().catch((error: unknown) => logger.warn({ err: error }, 'queued runs could not be looked for at start; the next end of a run of their flow starts them'));
    },

    async close(): Promise<void> {
      locks.drain();
      const swept = sweeper.stop();
      await subscription?.cancel();
      await swept;
      await starts.settled();
      await flowLimits.settled();
      await locks.close();
    },

    sweep: sweeper.sweep,
  };
}

export type { Execution };
