import { context, propagation, type Context } from '@opentelemetry/api';

/** The baggage entry carrying the correlation id beside `traceparent` (docs/protocol.md). */
export const CORRELATION_BAGGAGE = 'correlation.id';

/**
 * Headers with the trace context of `from` (W3C `traceparent`, `tracestate`) and a `baggage`
 * entry for the correlation id added; `headers` as they are when tracing is off.
 */
export function withTraceHeaders(headers: Readonly<Record<string, string>>, correlationId: string | undefined, from: Context = context.active()): Record<string, string> {
  let carrierContext = from;
  if (correlationId !== undefined) {
    const baggage = (propagation.getBaggage(from) ?? propagation.createBaggage()).setEntry(CORRELATION_BAGGAGE, { value: correlationId });
    carrierContext = propagation.setBaggage(from, baggage);
  }
  const carrier: Record<string, string> = { ...headers };
  propagation.inject(carrierContext, carrier);
  return carrier;
}

/** The context a sender's headers describe (its span as remote parent, its baggage); the active one when they carry none. */
export function contextFromHeaders(headers: Readonly<Record<string, string>>, base: Context = context.active()): Context {
  return propagation.extract(base, headers);
}

/** The correlation id a context's baggage carries, if any. */
export function correlationIdOf(from: Context = context.active()): string | undefined {
  return propagation.getBaggage(from)?.getEntry(CORRELATION_BAGGAGE)?.value;
}
