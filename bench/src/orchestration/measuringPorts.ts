import type { ExecutionStore } from '@flow/orchestrator';
import type { Bus, Cache, Delivery, MessageHandler } from '@flow/platform';
import { now, type EventScope, type Recorder } from './recorder.js';

/**
 * Decorators of the orchestrator's and processors' ports that time what passes through them,
 * so the bench measures the real code without changing it: the bus stamps every command and
 * event on publish, confirm and handler entry (keyed by commandId); the orchestrator's
 * handling of an event runs in an AsyncLocalStorage scope, so a command published during it
 * is linked to that event, and every store, lock and publish call made during it is timed.
 */
type Message = { type?: string; commandId?: string; executionId?: string; status?: string; completedSteps?: number };

const isEvent = (type: string | undefined): boolean => type === 'ActivityExecuted' || type === 'ActivityFailed';

/** Runs `work`, adding its wall time to the current event scope under `name` (when there is one). */
async function timed<T>(recorder: Recorder, name: string, work: () => Promise<T>): Promise<T> {
  const scope = recorder.scopes.getStore();
  if (!scope) return work();
  const started = now();
  try {
    return await work();
  } finally {
    const part = scope.parts.get(name) ?? { ms: 0, calls: 0 };
    part.ms += now() - started;
    part.calls += 1;
    scope.parts.set(name, part);
  }
}

function measuringHandler<T>(recorder: Recorder, handler: MessageHandler<T>): MessageHandler<T> {
  return async (delivery: Delivery<T>) => {
    const message = delivery.body as Message;
    const at = now();
    if (message.type === 'ExecuteActivity' && message.commandId) {
      recorder.commandReceived(message.commandId, at);
      return handler(delivery);
    }
    if (!isEvent(message.type) || !message.commandId) return handler(delivery);
    recorder.answerReceived(message.commandId, at);
    const scope: EventScope = { receivedAt: at, parts: new Map() };
    try {
      await recorder.scopes.run(scope, () => handler(delivery));
    } finally {
      recorder.eventHandled(scope, now() - at);
    }
  };
}

export function measuringBus(inner: Bus, recorder: Recorder): Bus {
  return {
    ...inner,
    declareQueue: (queue) => inner.declareQueue(queue),
    async publish(queue, body, options) {
      const message = body as Message;
      const id = message.commandId ?? '';
      const command = message.type === 'ExecuteActivity';
      if (command) recorder.commandPublished(id, now());
      else if (isEvent(message.type)) recorder.answerPublished(id, now());
      await timed(recorder, command ? 'bus.publish command' : `bus.publish ${message.type ?? 'other'}`, () => inner.publish(queue, body, options));
      if (command) recorder.commandConfirmed(id, now());
      else if (isEvent(message.type)) recorder.answerConfirmed(id, now());
    },
    consume: (queue, handler, options) => inner.consume(queue, measuringHandler(recorder, handler), options),
    async broadcast(exchange, body, headers) {
      const message = body as Message;
      await timed(recorder, 'bus.broadcast status', () => inner.broadcast(exchange, body, headers));
      if (message.type === 'OrchestrationStatusChanged' && message.status !== 'RUNNING' && message.executionId) {
        recorder.executionFinished(message.executionId, message.status ?? '?', message.completedSteps ?? 0);
      }
    },
    subscribe: (exchange, handler) => inner.subscribe(exchange, handler),
    depth: (queue) => inner.depth(queue),
    close: () => inner.close(),
  };
}

/** Times a call made outside events: the sweep's queries for stale outboxes and due deadlines. */
async function background<T>(recorder: Recorder, name: string, work: () => Promise<T>): Promise<T> {
  const started = now();
  try {
    return await work();
  } finally {
    recorder.backgroundCall(name, now() - started);
  }
}

export function measuringStore(inner: ExecutionStore, recorder: Recorder): ExecutionStore {
  return {
    ...inner,
    withOutbox: (olderThan, limit) => background(recorder, 'store.withOutbox (sweep)', () => inner.withOutbox(olderThan, limit)),
    withDueDeadline: (at, limit) => background(recorder, 'store.withDueDeadline (sweep)', () => inner.withDueDeadline(at, limit)),
    get: (id, options) => timed(recorder, 'store.get', () => inner.get(id, options)),
    peek: (id) => timed(recorder, 'store.peek', () => inner.peek(id)),
    published: (stored) => timed(recorder, 'store.published', () => inner.published(stored)),
    replace: (execution, expected) => timed(recorder, 'store.replace', () => inner.replace(execution, expected)),
    insert: (execution) => timed(recorder, 'store.insert', () => inner.insert(execution)),
  };
}

/** Times the cluster lock of each transition: acquiring (tryLock, retries included) and releasing. */
export function measuringCache(inner: Cache, recorder: Recorder): Cache {
  return {
    ...inner,
    map: (name) => inner.map(name),
    async tryLock(name, key, leaseMs) {
      const release = await timed(recorder, 'cache.tryLock', () => inner.tryLock(name, key, leaseMs));
      return release && (() => timed(recorder, 'cache.unlock', release));
    },
    close: () => inner.close(),
  };
}
