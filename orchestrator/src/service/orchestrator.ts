import { AppError, ErrorCode, withSpan, type Bus, type Cache, type Delivery, type Logger, type Metrics, type OrchestrationConfig, type Subscription } from '@flow/platform';
import { v7 as uuidv7 } from 'uuid';
import { applyEvent, dueDeadlines, startExecution } from '../engine/engine.js';
import type { Command, EngineOptions, Execution, StopEvent } from '../engine/state.js';
import { EVENTS_QUEUE, MessageParseError, parseOrchestratorEvent, processorQueue, STATUS_EXCHANGE, type Json, type OrchestratorEvent, type StepDeadlineReached } from '@flow/protocol';
import type { ExecutionStore, StoredExecution } from '../store/executionStore.js';
import type { FlowReader } from './flowReader.js';
import { createExecutionLocks } from './executionLocks.js';
import { createFlowSnapshots } from './flowSnapshots.js';
import { createLiveProcessors } from './heartbeats.js';

export { FLOW_CACHE_MAP } from './flowSnapshots.js';
/** Outbox entries younger than this belong to a writer still publishing them. */
const OUTBOX_GRACE_MS = 5_000;
/** How long an execution's cluster lock is kept for its next event (executionLocks.ts). */
const LOCK_LINGER_MS = 50;

export interface OrchestratorDeps {
  store: ExecutionStore;
  bus: Bus;
  cache: Cache;
  flows: FlowReader;
  settings: Readonly<OrchestrationConfig>;
  logger: Logger;
  metrics: Metrics;
}

export type Orchestrator = ReturnType<typeof createOrchestrator>;
type Transition = OrchestratorEvent | StepDeadlineReached | StopEvent;

/**
 * Runs executions: applies events through the pure engine, persists each transition with its
 * outbox, then publishes (docs/protocol.md, durability). Several instances may run at once.
 */
export function createOrchestrator({ store, bus, cache, flows, settings, logger, metrics }: OrchestratorDeps) {
  const options = (): EngineOptions => ({ now: new Date(), newId: uuidv7, ...settings });
  const started = metrics.counter('orchestrator_executions_started_total', 'Executions started', []);
  const finished = metrics.counter('orchestrator_executions_finished_total', 'Executions finished, by status', ['status']);
  const published = metrics.counter('orchestrator_commands_published_total', 'Commands published, by kind', ['kind']);
  const consumed = metrics.counter('orchestrator_events_consumed_total', 'Events consumed, by type and outcome', ['type', 'outcome']);
  // The next holder of an execution's lock finds its latest head shared (store.share).
  const locks = createExecutionLocks(cache, { leaseMs: 10_000, lingerMs: LOCK_LINGER_MS, beforeRelease: (id) => store.share(id) });
  const processors = createLiveProcessors(cache);
  const snapshots = createFlowSnapshots(cache);
  /** Events waiting for their execution's lock, by execution (transition). */
  const waiting = new Map<string, Array<{ event: Transition; settle: (result: Promise<StoredExecution | null>) => void }>>();
  /** The first publications of starts already answered (close waits for them). */
  const starting = new Set<Promise<void>>();
  let subscription: Subscription | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> = Promise.resolve();
  let closed = false;

  async function publish(command: Command): Promise<void> {
    const headers = { 'x-correlation-id': 'correlationId' in command.message ? command.message.correlationId : command.message.executionId };
    if (command.kind === 'dispatch') await bus.publish(processorQueue(command.message.processorId), command.message, { headers, delayMs: command.delayMs });
    else await bus.broadcast(STATUS_EXCHANGE, command.message, headers);
    published.inc({ kind: command.kind });
  }

  /**
   * Publishes the outbox, then records it as published. The commands go out together: the
   * channel keeps their order per queue, and each is confirmed before this resolves.
   */
  async function flush(stored: StoredExecution): Promise<StoredExecution> {
    if (stored.outbox.length === 0) return stored;
    await Promise.all(stored.outbox.map(publish));
    const done = await store.published(stored);
    if (done.status !== 'RUNNING' && stored.outbox.some((c) => c.kind === 'status' && c.message.status === done.status)) {
      finished.inc({ status: done.status });
    }
    return done;
  }

  /**
   * Applies events under the execution's lock, so transitions and their publications are
   * serialized (status versions go out in order); the revision check guards the write too.
   * Events of one execution that arrive while its lock is taken (the branches of a fan-out
   * answering together) wait, and the next holder applies all of them, one after the other,
   * in one write: each still is a transition with its own version and status message.
   */
  function transition(executionId: string, event: Transition): Promise<StoredExecution | null> {
    return new Promise((settle) => {
      const queue = waiting.get(executionId) ?? [];
      queue.push({ event, settle });
      waiting.set(executionId, queue);
      locks.withLock(executionId, () => applyWaiting(executionId)).catch((error: unknown) => {
        // This lock was never held: whatever waits now was taken by nobody (it is redelivered).
        const stranded = waiting.get(executionId);
        waiting.delete(executionId);
        const reason = error instanceof Error ? error : new Error(String(error));
        for (const item of stranded ?? []) item.settle(Promise.reject(reason));
      });
    });
  }

  /** Under the lock: takes every event waiting for the execution (none when an earlier holder took them). */
  async function applyWaiting(executionId: string): Promise<void> {
    const batch = waiting.get(executionId);
    if (!batch) return;
    waiting.delete(executionId);
    const events = batch.map((item) => item.event);
    const attributes = { 'flow.execution_id': executionId, 'flow.event': events.map((e) => e.type).join(','), 'flow.events': events.length };
    const result = withSpan('orchestrator.transition', attributes, () => applyAll(executionId, events));
    for (const item of batch) item.settle(result);
    await result.catch(() => undefined);
  }

  async function applyAll(executionId: string, events: readonly Transition[]): Promise<StoredExecution | null> {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      // What this process last wrote is usually current. A stale state is caught by the
      // refused write, or, when the events change nothing in it, by reading the store past
      // it: a head shared by an instance that crashed before sharing its last revision is
      // behind the journal, and an event may belong to that revision.
      const fresh = attempt > 0;
      const current = fresh ? await store.get(executionId, { verify: true }) : await store.peek(executionId);
      if (!current) return null;
      let next: Execution = current;
      for (const event of events) {
        const decision = applyEvent(next, event, options());
        if (decision.changed) next = decision.execution;
      }
      if (next === current && fresh) return current;
      if (next === current) continue;
      const written = await store.replace(next, current);
      if (written) return flush(written);
    }
    throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `Execution ${executionId} is too contended; try again`);
  }

  async function failPoisoned(error: MessageParseError): Promise<void> {
    const { executionId, stepId } = error.about;
    const execution = executionId ? await store.get(executionId) : null;
    const step = stepId ? execution?.steps[stepId] : undefined;
    if (!execution || !stepId || !step?.commandId) return;
    const reason = `Poison message dead-lettered: ${error.message}`;
    await transition(execution.id, {
      type: 'ActivityFailed', schemaVersion: 1, commandId: step.commandId, executionId: execution.id, stepId,
      processorId: '', attempt: step.attempts, durationMs: 0, executedAt: new Date().toISOString(),
      error: { message: reason, type: 'PoisonMessage', retryable: false, validation: false },
    });
  }

  async function onEvent(delivery: Delivery): Promise<void> {
    let event: OrchestratorEvent;
    try {
      event = parseOrchestratorEvent(delivery.body);
    } catch (error) {
      if (!(error instanceof MessageParseError)) throw error;
      consumed.inc({ type: 'invalid', outcome: 'dead-lettered' });
      await failPoisoned(error);
      throw new AppError(ErrorCode.BAD_USER_INPUT, error.message, { retryable: false, cause: error });
    }
    const before = await transition(event.executionId, event);
    consumed.inc({ type: event.type, outcome: before ? 'applied' : 'unknown-execution' });
  }

  async function sweep(): Promise<void> {
    const now = new Date();
    for (const stale of await store.withOutbox(new Date(now.getTime() - OUTBOX_GRACE_MS), 100)) {
      await locks.withLock(stale.id, async () => {
        const current = await store.get(stale.id);
        if (current) await flush(current);
      });
    }
    for (const execution of await store.withDueDeadline(now, 100)) {
      for (const deadline of dueDeadlines(execution, now)) await transition(execution.id, deadline);
    }
  }

  return {
    async start(orchestratedFlowId: string, input: Json, correlationId: string): Promise<StoredExecution> {
      const snapshot = await flows.read(orchestratedFlowId);
      await processors.assertLive(snapshot.processorIds);
      await snapshots.remember(snapshot);
      const execution = startExecution({ id: uuidv7(), plan: snapshot.plan, input, correlationId }, options());
      started.inc();
      // The answer goes once the execution is stored: from then on it runs whatever happens (a
      // publication that fails is retried by the sweep), so a caller never retries a start that
      // took place. The first commands go out under the lock all the same: the first step's
      // answer may arrive before this outbox is cleared.
      let answer!: (stored: StoredExecution) => void;
      const inserted = new Promise<StoredExecution>((resolve) => (answer = resolve));
      let stored = false;
      const run = locks.withLock(execution.id, async () => {
        const written = await store.insert(execution);
        stored = true;
        answer(written);
        return flush(written);
      });
      const publishing = run.then(
        () => undefined,
        (error: unknown) => {
          if (stored) logger.warn({ err: error, executionId: execution.id }, 'could not publish the first commands of a started execution; the sweep publishes them');
        },
      );
      starting.add(publishing);
      void publishing.finally(() => starting.delete(publishing));
      return Promise.race([inserted, run]);
    },

    async stop(orchestratedFlowId: string): Promise<StoredExecution> {
      const latest = await store.latestForFlow(orchestratedFlowId);
      if (!latest) throw AppError.notFound('Execution of OrchestratedFlow', orchestratedFlowId);
      if (latest.status !== 'RUNNING') return latest;
      return (await transition(latest.id, { type: 'Stop' })) ?? latest;
    },

    store,

    /** Consumes events and sweeps the store until closed. */
    async run(): Promise<void> {
      await bus.declareQueue(EVENTS_QUEUE);
      subscription = await bus.consume(EVENTS_QUEUE, onEvent, { prefetch: settings.prefetch, maxDeliveries: settings.maxDeliveries, retryDelayMs: 500 });
      // The next sweep is scheduled when one ends, so a slow store never stacks sweeps.
      const schedule = (): void => {
        if (closed) return;
        sweeper = setTimeout(() => {
          sweeping = sweep()
            .catch((error: unknown) => logger.warn({ err: error }, 'orchestrator sweep failed'))
            .finally(schedule);
        }, settings.sweepMs);
        sweeper.unref();
      };
      schedule();
    },

    async close(): Promise<void> {
      closed = true;
      clearTimeout(sweeper);
      await subscription?.cancel();
      await sweeping;
      await Promise.all(starting);
      await locks.close();
    },

    sweep,
  };
}

export type { Execution };
