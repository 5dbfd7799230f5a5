import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.js';
import { runWithContext } from '../context.js';
import { correlationIdOf, startTelemetry, withSpan } from '../telemetry/index.js';
import type { Delivery } from './bus.js';
import { createMemoryBus } from './memoryBus.js';
import { tracedBus } from './tracedBus.js';

const exporter = new InMemorySpanExporter();
const telemetry = await startTelemetry(loadConfig('worker', {}).telemetry, { spanProcessors: [new SimpleSpanProcessor(exporter)] });
afterAll(() => telemetry.shutdown());

const consumeOptions = { prefetch: 1, maxDeliveries: 3, retryDelayMs: 0 };
const traceparent = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

function received() {
  const deliveries: Array<{ delivery: Delivery; traceId?: string; correlationId?: string }> = [];
  const handler = async (delivery: Delivery) => {
    const span = await withSpan('inside', {}, (inner) => inner.spanContext());
    deliveries.push({ delivery, traceId: span.traceId, correlationId: correlationIdOf() });
  };
  return { deliveries, handler };
}

describe('tracedBus on the memory bus', () => {
  const bus = tracedBus(createMemoryBus(), { system: 'memory' });
  afterEach(() => exporter.reset());
  afterAll(() => bus.close());

  it('should put traceparent and the correlation id in baggage into the headers of a published message', async () => {
    const { deliveries, handler } = received();
    await bus.consume('traced.headers', handler, consumeOptions);
    await bus.publish('traced.headers', { a: 1 }, { headers: { 'x-correlation-id': 'corr-1', custom: 'kept' } });
    await vi.waitFor(() => expect(deliveries).toHaveLength(1));
    const headers = deliveries[0]?.delivery.headers ?? {};
    expect(headers).toMatchObject({ 'x-correlation-id': 'corr-1', custom: 'kept', baggage: 'correlation.id=corr-1' });
    const producer = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.PRODUCER);
    expect(headers.traceparent).toBe(`00-${producer?.spanContext().traceId}-${producer?.spanContext().spanId}-01`);
  });

  it('should run the consumer in a CONSUMER span whose parent is the PRODUCER span, with messaging attributes and no payload', async () => {
    const { deliveries, handler } = received();
    await bus.consume('traced.consume', handler, consumeOptions);
    await withSpan('caller', {}, () => runWithContext({ correlationId: 'corr-2', user: 'test' }, () => bus.publish('traced.consume', { secret: 'payload' })));
    await vi.waitFor(() => expect(exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.CONSUMER)).toHaveLength(1));
    const spans = exporter.getFinishedSpans();
    const caller = spans.find((span) => span.name === 'caller');
    const producer = spans.find((span) => span.kind === SpanKind.PRODUCER);
    const consumer = spans.find((span) => span.kind === SpanKind.CONSUMER);
    expect(producer).toMatchObject({ name: 'send traced.consume', parentSpanContext: { spanId: caller?.spanContext().spanId } });
    expect(consumer).toMatchObject({ name: 'process traced.consume', parentSpanContext: { spanId: producer?.spanContext().spanId, isRemote: true } });
    expect(consumer?.attributes).toEqual({
      'messaging.system': 'memory', 'messaging.destination.name': 'traced.consume', 'messaging.operation.type': 'process',
      'messaging.operation.name': 'consume', 'flow.delivery_count': 1,
    });
    // The handler sees the sender's trace and, through baggage, the request's correlation id.
    expect(deliveries[0]).toMatchObject({ traceId: caller?.spanContext().traceId, correlationId: 'corr-2' });
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain('payload');
  });

  it('should carry the trace through broadcast and subscribe', async () => {
    const { deliveries, handler } = received();
    await bus.subscribe('traced.fanout', handler);
    await withSpan('caller', {}, () => bus.broadcast('traced.fanout', { n: 1 }, { 'x-correlation-id': 'corr-3' }));
    await vi.waitFor(() => expect(deliveries).toHaveLength(1));
    const caller = exporter.getFinishedSpans().find((span) => span.name === 'caller');
    expect(deliveries[0]?.delivery.headers.traceparent).toMatch(traceparent);
    expect(deliveries[0]).toMatchObject({ traceId: caller?.spanContext().traceId, correlationId: 'corr-3' });
    await vi.waitFor(() => expect(exporter.getFinishedSpans().find((span) => span.kind === SpanKind.CONSUMER)?.attributes).toMatchObject({
      'messaging.operation.name': 'subscribe', 'messaging.message.conversation_id': 'corr-3',
    }));
  });

  it('should mark the CONSUMER span of a failing delivery failed, and trace the redelivery under the same producer', async () => {
    let calls = 0;
    await bus.consume('traced.failing', async () => {
      calls += 1;
      if (calls === 1) throw new Error('first delivery fails');
    }, consumeOptions);
    await bus.publish('traced.failing', {});
    await vi.waitFor(() => expect(exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.CONSUMER)).toHaveLength(2));
    const [failed, retried] = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.CONSUMER);
    expect(failed?.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'first delivery fails' });
    expect(retried?.attributes['flow.delivery_count']).toBe(2);
    expect(retried?.parentSpanContext?.spanId).toBe(failed?.parentSpanContext?.spanId);
  });
});
