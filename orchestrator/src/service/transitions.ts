import { AppError, ErrorCode, withSpan } from '@flow/platform';
import { applyControl, type ControlEvent, type Refusal } from '../engine/controls.js';
import { applyEvent, type Decision } from '../engine/engine.js';
import type { EngineOptions, Execution, IgnoredBecause, StopEvent } from '../engine/state.js';
import type { OrchestratorEvent, StepDeadlineReached } from '@flow/protocol';
import type { ExecutionStore, StoredExecution } from '../store/executionStore.js';
import type { ExecutionLocks } from './executionLocks.js';
import type { Outbox } from './outbox.js';

/** What changes a running execution: a processor's answer, a passed deadline, a stop, an operator's control. */
export type Transition = OrchestratorEvent | StepDeadlineReached | StopEvent | ControlEvent;

const decide = (execution: Execution, event: Transition, options: EngineOptions): Decision & { refusal?: Refusal } =>
  event.type === 'Control' ? applyControl(execution, event, options) : applyEvent(execution, event, options);

export interface Transitions {
  /**
   * Applies `event` to the execution and publishes what it decided; resolves to the stored
   * result, or null for an execution this store does not know.
   */
  transition: (executionId: string, event: Transition) => Promise<StoredExecution | null>;
}

export interface TransitionsDeps {
  store: ExecutionStore;
  locks: ExecutionLocks;
  outbox: Outbox;
  /** The engine's options for one transition (its clock and ids). */
  options: () => EngineOptions;
  /** Told once per event that changed nothing, with why (late, duplicated, stale, forged). */
  onIgnored?: (event: Transition, reason: IgnoredBecause) => void;
  /** Told once per stored transition, inside its span (the run's log lines). */
  onTransition?: (before: Execution, after: Execution, events: readonly Transition[]) => void;
  /** Told once a transition ended a run (after its outbox went out): a queued run of its flow may start. */
  onEnded?: (execution: StoredExecution) => void;
  /** Told once per control refused (the run is in a status it does not apply to). */
  onRefused?: (event: ControlEvent, refusal: Refusal) => void;
}

/** Transitions through the pure engine, each persisted with its outbox before it is published. */
export function createTransitions({ store, locks, outbox, options, onIgnored, onTransition, onEnded, onRefused }: TransitionsDeps): Transitions {
  /** Events waiting for their execution's lock, by execution (transition). */
  const waiting = new Map<string, Array<{ event: Transition; settle: (result: Promise<StoredExecution | null>) => void }>>();

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
      const ignored: Array<[Transition, IgnoredBecause]> = [];
      const refused: Array<[ControlEvent, Refusal]> = [];
      for (const event of events) {
        const decision = decide(next, event, options());
        if (decision.changed) next = decision.execution;
        else if (decision.ignored) ignored.push([event, decision.ignored]);
        else if (decision.refusal && event.type === 'Control') refused.push([event, decision.refusal]);
      }
      // Reported once, from the pass that decided: an earlier pass on a stale state may differ.
      const report = () => {
        ignored.forEach(([event, reason]) => onIgnored?.(event, reason));
        refused.forEach(([event, refusal]) => onRefused?.(event, refusal));
      };
      if (next === current && fresh) {
        report();
        return current;
      }
      if (next === current) continue;
      const written = await store.replace(next, current);
      if (written) {
        report();
        onTransition?.(current, written, events);
        const flushed = await outbox.flush(written);
        if (current.finishedAt === null && written.finishedAt !== null) onEnded?.(flushed);
        return flushed;
      }
    }
    throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `Execution ${executionId} is too contended; try again`);
  }

  return { transition };
}
