import { EVENTS_QUEUE, STATUS_EXCHANGE } from '@flow/protocol';
import type { Bus } from '@flow/platform';

/**
 * `orchestrator.events` and `orchestration.status` are one per broker (docs/protocol.md): every
 * orchestrator on a RabbitMQ competes for the same events. Another orchestrator on the broker
 * (a test run) would take the bench's events and the bench's would take its events, breaking
 * both. So the bench's orchestrators and processors reach the broker through this decorator,
 * which gives those two names a suffix of the run's own; everything else (confirms, acks,
 * prefetch, delay and dead-letter queues) is the bus unchanged.
 */
export function benchNames(suffix: string): { events: string; status: string } {
  return { events: `${EVENTS_QUEUE}.${suffix}`, status: `${STATUS_EXCHANGE}.${suffix}` };
}

export function namespacedBus(inner: Bus, suffix: string): Bus {
  const names = benchNames(suffix);
  const queue = (name: string): string => (name === EVENTS_QUEUE ? names.events : name);
  const exchange = (name: string): string => (name === STATUS_EXCHANGE ? names.status : name);
  return {
    ...inner,
    declareQueue: (name) => inner.declareQueue(queue(name)),
    publish: (name, body, options) => inner.publish(queue(name), body, options),
    consume: (name, handler, options) => inner.consume(queue(name), handler, options),
    broadcast: (name, body, headers) => inner.broadcast(exchange(name), body, headers),
    subscribe: (name, handler) => inner.subscribe(exchange(name), handler),
    depth: (name) => inner.depth(queue(name)),
    close: () => inner.close(),
  };
}
