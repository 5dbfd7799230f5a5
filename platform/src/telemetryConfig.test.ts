import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const telemetry = (env: Record<string, string>) => loadConfig('gateway', env).telemetry;

describe('the OpenTelemetry variables', () => {
  it('should export nothing unless an exporter or an endpoint is named', () => {
    expect(telemetry({})).toMatchObject({ tracesExporter: 'none', logsExporter: 'none' });
    expect(telemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toMatchObject({ tracesExporter: 'otlp', logsExporter: 'otlp' });
    expect(telemetry({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toMatchObject({ tracesExporter: 'otlp', logsExporter: 'none' });
    expect(telemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toMatchObject({ tracesExporter: 'none', logsExporter: 'none' });
  });

  it('should take each setting from the signal\'s own variable, else the shared one', () => {
    const config = telemetry({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://logs:4318/v1/logs',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=a%20b,tenant=t1',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'tenant=t2',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_LOGS_COMPRESSION: 'gzip',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=staging,service.namespace=flow',
    });
    expect(config.traces).toEqual({ protocol: 'grpc', url: 'http://collector:4317', headers: { 'api-key': 'a b', tenant: 't2' }, timeoutMs: 2500, compression: 'none' });
    expect(config.logs).toEqual({ protocol: 'http/json', url: 'http://logs:4318/v1/logs', headers: { 'api-key': 'a b', tenant: 't1' }, timeoutMs: 2500, compression: 'gzip' });
    expect(config.resourceAttributes).toEqual({ 'deployment.environment': 'staging', 'service.namespace': 'flow' });
  });

  it('should add the signal path to an HTTP base endpoint only', () => {
    expect(telemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' }).traces.url).toBe('http://c:4318/v1/traces');
    expect(telemetry({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).logs.url).toBe('http://localhost:4317');
  });

  it('should refuse an unknown protocol, exporter or compression, naming the variable', () => {
    expect(() => telemetry({ OTEL_EXPORTER_OTLP_PROTOCOL: 'thrift' })).toThrow(ConfigError);
    expect(() => telemetry({ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'json' })).toThrow(/OTEL_EXPORTER_OTLP_TRACES_PROTOCOL/);
    expect(() => telemetry({ OTEL_LOGS_EXPORTER: 'zipkin' })).toThrow(/OTEL_LOGS_EXPORTER/);
    expect(() => telemetry({ OTEL_EXPORTER_OTLP_COMPRESSION: 'br' })).toThrow(/OTEL_EXPORTER_OTLP_COMPRESSION/);
  });
});
