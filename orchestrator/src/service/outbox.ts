import type { Bus, Metrics } from '@flow/platform';
import { endedStatuses, type Command } from '../engine/state.js';
import { processorQueue, STATUS_EXCHANGE } from '@flow/protocol';
import type { ExecutionStore, StoredExecution } from '../store/executionStore.js';

export interface Outbox {
  /**
   * Publishes the outbox, then records it as published. The commands go out together: the
   * channel keeps their order per queue, and each is confirmed before this resolves.
   */
  flush(stored: StoredExecution): Promise<StoredExecution>;
}

export interface OutboxDeps {
  store: ExecutionStore;
  bus: Bus;
  metrics: Metrics;
}

/** Publishes the commands each transition recorded with its state (docs/protocol.md, durability). */
export function createOutbox({ store, bus, metrics }: OutboxDeps): Outbox {
  const finished = metrics.counter('orchestrator_executions_finished_total', 'Executions finished, by status', ['status']);
  const published = metrics.counter('orchestrator_commands_published_total', 'Commands published, by kind', ['kind']);

  async function publish(command: Command): Promise<void> {
    const headers = { 'x-correlation-id': 'correlationId' in command.message ? command.message.correlationId : command.message.executionId };
    if (command.kind === 'dispatch') await bus.publish(processorQueue(command.message.processorId), command.message, { headers, delayMs: command.delayMs });
    else await bus.broadcast(STATUS_EXCHANGE, command.message, headers);
    published.inc({ kind: command.kind });
  }

  return {
    async flush(stored) {
      if (stored.outbox.length === 0) return stored;
      await Promise.all(stored.outbox.map(publish));
      const done = await store.published(stored);
      if (endedStatuses.has(done.status) && stored.outbox.some((c) => c.kind === 'status' && c.message.status === done.status)) {
        finished.inc({ status: done.status });
      }
      return done;
    },
  };
}
