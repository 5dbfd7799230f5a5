import { ROOT_CONTEXT } from '@opentelemetry/api';
import { CORRELATION_HEADER, currentContext } from '../context.js';
import { contextFromHeaders, withTraceHeaders } from '../telemetry/propagation.js';
import { SpanKind, withSpan, type Attributes } from '../telemetry/spans.js';
import type { Bus, Delivery, Headers, MessageHandler } from './bus.js';

export interface TracedBusOptions {
  /** `messaging.system` of every span: `rabbitmq`, or `memory` for the embedded twin. */
  system: string;
}

/**
 * The bus with tracing (docs/protocol.md "Headers"): `publish` and `broadcast` run in a
 * PRODUCER span and add its W3C `traceparent` and a `baggage` entry for the correlation id to
 * the headers; `consume` and `subscribe` handlers run in a CONSUMER span whose parent is the
 * context those headers carry, so one trace follows a run across processes. Spans carry
 * destinations and ids, never bodies. With tracing off, headers pass through untouched.
 */
export function tracedBus(bus: Bus, { system }: TracedBusOptions): Bus {
  const attributes = (destination: string, operation: 'send' | 'process', headers: Headers, extra: Attributes = {}): Attributes => {
    const correlationId = headers[CORRELATION_HEADER];
    return {
      'messaging.system': system,
      'messaging.destination.name': destination,
      'messaging.operation.type': operation,
      ...(correlationId ? { 'messaging.message.conversation_id': correlationId } : {}),
      ...extra,
    };
  };

  /** The sender's headers plus trace context; the correlation id defaults to the request's. */
  const outgoing = (headers: Headers = {}): Record<string, string> =>
    withTraceHeaders(headers, headers[CORRELATION_HEADER] ?? currentContext()?.correlationId);

  function traced<T>(operation: string, handler: MessageHandler<T>): MessageHandler<T> {
    return (delivery: Delivery<T>) =>
      withSpan(
        `process ${delivery.queue}`,
        attributes(delivery.queue, 'process', delivery.headers, { 'messaging.operation.name': operation, 'flow.delivery_count': delivery.deliveryCount }),
        () => handler(delivery),
        // Only the headers name the parent: whatever context the adapter's loop carries is not the sender's.
        { kind: SpanKind.CONSUMER, parent: contextFromHeaders(delivery.headers, ROOT_CONTEXT) },
      );
  }

  return {
    declareQueue: (queue) => bus.declareQueue(queue),
    publish(queue, body, options = {}) {
      const headers = options.headers ?? {};
      return withSpan(`send ${queue}`, attributes(queue, 'send', headers, { 'messaging.operation.name': 'publish' }), () =>
        bus.publish(queue, body, { ...options, headers: outgoing(headers) }), { kind: SpanKind.PRODUCER });
    },
    broadcast(exchange, body, headers = {}) {
      return withSpan(`send ${exchange}`, attributes(exchange, 'send', headers, { 'messaging.operation.name': 'broadcast' }), () =>
        bus.broadcast(exchange, body, outgoing(headers)), { kind: SpanKind.PRODUCER });
    },
    consume: (queue, handler, options) => bus.consume(queue, traced('consume', handler), options),
    subscribe: (exchange, handler, options) => bus.subscribe(exchange, traced('subscribe', handler), options),
    depth: (queue) => bus.depth(queue),
    deadLetters: bus.deadLetters,
    health: bus.health,
    close: () => bus.close(),
  };
}
