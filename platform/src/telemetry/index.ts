export { spanProcessorsFor, startTelemetry, type Telemetry, type TelemetryOptions } from './startTelemetry.js';
export { activeTraceIds, recordFailure, SpanKind, tracer, withSpan, type Attributes, type Span, type SpanOptions } from './spans.js';
export { contextFromHeaders, CORRELATION_BAGGAGE, correlationIdOf, withTraceHeaders } from './propagation.js';
