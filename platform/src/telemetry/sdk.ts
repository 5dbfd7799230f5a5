import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AlwaysOnSampler, ParentBasedSampler, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { TelemetryConfig } from '../config.js';
import { logRecordProcessorsOf, spanProcessorsOf } from './exporters.js';

/**
 * The OpenTelemetry SDK proper. Loaded only when tracing is on: its instrumentations take
 * seconds to import, which no process (or test) with tracing off should pay.
 */

/** The instrumentations DESIGN.md section 10 asks for; the others auto-instrumentations-node offers stay off. */
const INSTRUMENTATIONS = new Set([
  '@opentelemetry/instrumentation-http',
  '@opentelemetry/instrumentation-undici',
  '@opentelemetry/instrumentation-express',
  '@opentelemetry/instrumentation-graphql',
  '@opentelemetry/instrumentation-mongodb',
  '@opentelemetry/instrumentation-amqplib',
  // The pino bridge: sends each log line to the OpenTelemetry Logs SDK (OTEL_LOGS_EXPORTER).
  '@opentelemetry/instrumentation-pino',
]);

/** Node's core modules the HTTP instrumentation patches in place (see `patchLoadedCoreModules`). */
const CORE_MODULES = ['node:http', 'node:https'];

/** The product's version (the root package.json), as `service.version`. */
function productVersion(): string | undefined {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function instrumentations(logsExported: boolean) {
  return getNodeAutoInstrumentations({
    // The trace ids on each line are the logger's own (logger.ts); the bridge only sends lines.
    '@opentelemetry/instrumentation-pino': { enabled: logsExported, disableLogCorrelation: true },
    '@opentelemetry/instrumentation-http': { ignoreIncomingRequestHook: (request) => /^\/(health|metrics)\b/.test(request.url ?? '') },
    '@opentelemetry/instrumentation-graphql': { mergeItems: true, ignoreTrivialResolveSpans: true },
  }).filter((instrumentation) => {
    if (INSTRUMENTATIONS.has(instrumentation.instrumentationName)) return true;
    instrumentation.disable();
    return false;
  });
}

/**
 * The HTTP instrumentation patches `http.Server.prototype.emit` and `http.request` when `http`
 * is required. Modules loaded through ESM `import` never call `require`, so this does it once:
 * the patch applies in place, to servers created by any module.
 */
function patchLoadedCoreModules(): void {
  const require = createRequire(import.meta.url);
  for (const name of CORE_MODULES) require(name);
}

/**
 * Registers the SDK globally (tracer and logger providers, W3C propagators, context manager,
 * instrumentations); answers its shutdown. `service.name` is OTEL_SERVICE_NAME, else the one in
 * OTEL_RESOURCE_ATTRIBUTES, else the process's; `service.version` the product's unless given.
 */
export function startSdk(config: Readonly<TelemetryConfig>, serviceName: string, extra: SpanProcessor[]): (() => Promise<void>) | undefined {
  const spanProcessors = [...spanProcessorsOf(config), ...extra];
  const logRecordProcessors = logRecordProcessorsOf(config);
  if (spanProcessors.length === 0 && logRecordProcessors.length === 0) return undefined;
  const version = productVersion();
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      ...(version ? { [ATTR_SERVICE_VERSION]: version } : {}),
      [ATTR_SERVICE_NAME]: serviceName,
      ...config.resourceAttributes,
      ...(config.serviceName ? { [ATTR_SERVICE_NAME]: config.serviceName } : {}),
    }),
    autoDetectResources: false,
    spanProcessors,
    logRecordProcessors,
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    textMapPropagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    instrumentations: instrumentations(logRecordProcessors.length > 0),
    // Metrics are prom-client's (metrics.ts): the SDK must not start its own exporters for them.
    metricReaders: [],
  });
  sdk.start();
  patchLoadedCoreModules();
  return () => sdk.shutdown();
}
