import { Metadata } from '@grpc/grpc-js';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { logs, tracing } from '@opentelemetry/sdk-node';
import type { OtlpProtocol, OtlpSettings, TelemetryConfig } from '../telemetryConfig.js';

type Compression = NonNullable<NonNullable<ConstructorParameters<typeof ProtobufTraceExporter>[0]>['compression']>;

/** What every OTLP exporter takes: HTTP ones headers, gRPC ones metadata. */
interface ExporterOptions {
  url: string;
  timeoutMillis: number;
  compression: Compression;
  headers?: Record<string, string>;
  metadata?: Metadata;
}

/** The OpenTelemetry exporter of each protocol, per signal: the one table both signals choose from. */
const otlpExporters = {
  traces: { grpc: GrpcTraceExporter, 'http/json': JsonTraceExporter, 'http/protobuf': ProtobufTraceExporter },
  logs: { grpc: GrpcLogExporter, 'http/json': JsonLogExporter, 'http/protobuf': ProtobufLogExporter },
} as const satisfies Record<string, Record<OtlpProtocol, new (options: ExporterOptions) => unknown>>;

function exporterOptions(settings: Readonly<OtlpSettings>): ExporterOptions {
  const options = { url: settings.url, timeoutMillis: settings.timeoutMs, compression: settings.compression as Compression };
  if (settings.protocol !== 'grpc') return { ...options, headers: { ...settings.headers } };
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(settings.headers)) metadata.set(key, value);
  return { ...options, metadata };
}

/** The span processors `OTEL_TRACES_EXPORTER` and the OTLP trace settings ask for (none when tracing is off). */
export function spanProcessorsOf(config: Readonly<TelemetryConfig>): tracing.SpanProcessor[] {
  if (config.tracesExporter === 'console') return [new tracing.BatchSpanProcessor(new tracing.ConsoleSpanExporter())];
  if (config.tracesExporter === 'none') return [];
  const Exporter = otlpExporters.traces[config.traces.protocol];
  return [new tracing.BatchSpanProcessor(new Exporter(exporterOptions(config.traces)))];
}

/** Likewise for log records (`OTEL_LOGS_EXPORTER`), which the pino bridge emits. */
export function logRecordProcessorsOf(config: Readonly<TelemetryConfig>): logs.LogRecordProcessor[] {
  if (config.logsExporter === 'console') return [new logs.SimpleLogRecordProcessor({ exporter: new logs.ConsoleLogRecordExporter() })];
  if (config.logsExporter === 'none') return [];
  const Exporter = otlpExporters.logs[config.logs.protocol];
  return [new logs.BatchLogRecordProcessor({ exporter: new Exporter(exporterOptions(config.logs)) })];
}
