import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';

export { SpanKind, type Attributes, type Span };

/** The tracer of this platform's own spans (instrumentations have theirs). */
export const tracer = () => trace.getTracer('flow-orchestrator');

export interface SpanOptions {
  kind?: SpanKind;
  /** The parent; the active context by default (a consumer passes what it extracted from headers). */
  parent?: Context;
}

/** Marks a span failed with the error, so a trace shows where a run went wrong. */
export function recordFailure(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/**
 * Runs `fn` inside a new active span (child of the active one), ending it when `fn` settles
 * and marking it failed when `fn` throws. Without tracing configured the span is a no-op.
 */
export async function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T> | T, options: SpanOptions = {}): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active span's ids for log lines; undefined outside a sampled span. */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return undefined;
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
