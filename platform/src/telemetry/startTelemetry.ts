import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TelemetryConfig } from '../config.js';

export interface TelemetryOptions {
  /** `service.name` of the spans unless OTEL_SERVICE_NAME sets one. Default `flow-orchestrator`. */
  serviceName?: string;
  /** Extra span processors (tests record spans in memory); they turn tracing on whatever the config says. */
  spanProcessors?: SpanProcessor[];
}

export interface Telemetry {
  /** False when tracing and log export are off: spans are no-ops and nothing is exported. */
  readonly enabled: boolean;
  /** Flushes spans still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

// The OpenTelemetry API is process-wide: the embedded mode runs every service in one process,
// and each may call startTelemetry; the first call wins and the others share it.
let current: Promise<Telemetry> | undefined;

async function start(config: Readonly<TelemetryConfig>, options: TelemetryOptions): Promise<Telemetry> {
  const extra = options.spanProcessors ?? [];
  if (config.tracesExporter === 'none' && config.logsExporter === 'none' && extra.length === 0) return { enabled: false, shutdown: async () => undefined };
  const { startSdk } = await import('./sdk.js');
  const stop = startSdk(config, options.serviceName ?? 'flow-orchestrator', extra);
  let stopped: Promise<void> | undefined;
  return { enabled: stop !== undefined, shutdown: () => (stopped ??= stop?.() ?? Promise.resolve()) };
}

/**
 * Starts tracing and log export for this process (call it first thing in `main`, or load
 * register.ts with `--import`). It is on when the config names an exporter (OTEL_TRACES_EXPORTER,
 * OTEL_LOGS_EXPORTER, or an OTLP endpoint) or `options` brings span processors; otherwise nothing
 * is loaded or registered and every span is a no-op. See README "Tracing and logs".
 */
export function startTelemetry(config: Readonly<TelemetryConfig>, options: TelemetryOptions = {}): Promise<Telemetry> {
  current ??= start(config, options);
  return current;
}

/**
 * The span processors a configuration asks for (OTEL_TRACES_EXPORTER and the OTLP settings),
 * for a process that exports to several places at once, as the protocol tests do.
 */
export async function spanProcessorsFor(config: Readonly<TelemetryConfig>): Promise<SpanProcessor[]> {
  const { spanProcessorsOf } = await import('./exporters.js');
  return spanProcessorsOf(config);
}
