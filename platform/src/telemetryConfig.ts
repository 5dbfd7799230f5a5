import type { Reader } from './configReader.js';

/**
 * OpenTelemetry export, from the variables of the OpenTelemetry environment specification
 * (README "Tracing and logs"), read here once: the SDK is handed these values and never reads
 * the environment itself. Each signal (traces, logs) has its exporter, and its OTLP protocol,
 * endpoint, headers, timeout and compression, each taken from the signal's own variable
 * (`OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`) or else the shared one (`OTEL_EXPORTER_OTLP_PROTOCOL`).
 */
export interface TelemetryConfig {
  /**
   * Where finished spans go (OTEL_TRACES_EXPORTER): `otlp`, `console`, or `none` (tracing off).
   * Default `otlp` when an OTLP endpoint is set, else `none`; OTEL_SDK_DISABLED=true forces `none`.
   */
  tracesExporter: TelemetryExporter;
  /** Where log lines go besides stdout (OTEL_LOGS_EXPORTER), through the pino bridge; defaults as for traces. */
  logsExporter: TelemetryExporter;
  /** OTEL_SERVICE_NAME; each process names itself otherwise (`startTelemetry`). */
  serviceName: string | undefined;
  /** OTEL_RESOURCE_ATTRIBUTES (`key=value,...`, values percent-decoded): `deployment.environment`, `service.namespace`, ... */
  resourceAttributes: Readonly<Record<string, string>>;
  traces: Readonly<OtlpSettings>;
  logs: Readonly<OtlpSettings>;
}

export type TelemetryExporter = 'otlp' | 'console' | 'none';
export type OtlpProtocol = 'grpc' | 'http/protobuf' | 'http/json';
export type OtlpSignal = 'traces' | 'logs';

export interface OtlpSettings {
  /** Default `http/protobuf`. */
  protocol: OtlpProtocol;
  /**
   * The URL the signal is sent to: the signal's endpoint as given, else the shared endpoint with
   * `/v1/<signal>` added for HTTP (gRPC takes it as is). Default `http://localhost:4318/v1/<signal>`,
   * `http://localhost:4317` for gRPC.
   */
  url: string;
  /** Sent with every export (HTTP headers, gRPC metadata): a vendor's API key, say. */
  headers: Readonly<Record<string, string>>;
  /** Per export, in milliseconds; default 10000. */
  timeoutMs: number;
  compression: 'gzip' | 'none';
}

const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];
const EXPORTERS: readonly TelemetryExporter[] = ['otlp', 'console', 'none'];

/** `key=value` pairs separated by commas, as OTEL_RESOURCE_ATTRIBUTES and the header variables write them. */
function keyValues(read: Reader, name: string): Record<string, string> {
  const pairs = (read.optional(name) ?? '').split(',').flatMap((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) return [];
    try {
      return [[decodeURIComponent(pair.slice(0, at).trim()), decodeURIComponent(pair.slice(at + 1).trim())] as const];
    } catch {
      read.problems.push(`${name} must be key=value pairs separated by commas, percent-encoded (a pair does not decode)`);
      return [];
    }
  });
  return Object.fromEntries(pairs);
}

function otlpSettings(read: Reader, signal: OtlpSignal): Readonly<OtlpSettings> {
  const own = `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_`;
  const either = (suffix: string) => (read.optional(`${own}${suffix}`) !== undefined ? `${own}${suffix}` : `OTEL_EXPORTER_OTLP_${suffix}`);
  const protocol = read.oneOf(either('PROTOCOL'), PROTOCOLS, 'http/protobuf');
  const signalUrl = read.url(`${own}ENDPOINT`, undefined, ['http:', 'https:']);
  const base = read.url('OTEL_EXPORTER_OTLP_ENDPOINT', undefined, ['http:', 'https:']);
  const fallbackBase = protocol === 'grpc' ? 'http://localhost:4317' : 'http://localhost:4318';
  const url = signalUrl ?? (protocol === 'grpc' ? base ?? fallbackBase : `${(base ?? fallbackBase).replace(/\/$/, '')}/v1/${signal}`);
  return Object.freeze({
    protocol,
    url,
    headers: Object.freeze({ ...keyValues(read, 'OTEL_EXPORTER_OTLP_HEADERS'), ...keyValues(read, `${own}HEADERS`) }),
    timeoutMs: read.int(either('TIMEOUT'), 10_000, 1, 600_000),
    compression: read.oneOf(either('COMPRESSION'), ['gzip', 'none'], 'none'),
  });
}

/** The OTEL_* variables this platform honours; nothing is exported unless an exporter or an endpoint is named. */
export function telemetryConfig(read: Reader): Readonly<TelemetryConfig> {
  const disabled = read.oneOf('OTEL_SDK_DISABLED', ['true', 'false'], 'false') === 'true';
  const anyEndpoint = read.optional('OTEL_EXPORTER_OTLP_ENDPOINT') !== undefined;
  const exporter = (signal: OtlpSignal): TelemetryExporter => {
    const configured = anyEndpoint || read.optional(`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`) !== undefined ? 'otlp' : 'none';
    const chosen = read.oneOf(`OTEL_${signal.toUpperCase()}_EXPORTER`, EXPORTERS, configured);
    return disabled ? 'none' : chosen;
  };
  return Object.freeze({
    tracesExporter: exporter('traces'),
    logsExporter: exporter('logs'),
    serviceName: read.optional('OTEL_SERVICE_NAME'),
    resourceAttributes: Object.freeze(keyValues(read, 'OTEL_RESOURCE_ATTRIBUTES')),
    traces: otlpSettings(read, 'traces'),
    logs: otlpSettings(read, 'logs'),
  });
}
