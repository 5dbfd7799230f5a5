import { createRequire } from 'node:module';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AlwaysOnSampler, BatchSpanProcessor, ConsoleSpanExporter, ParentBasedSampler, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TelemetryConfig } from '../config.js';

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
]);

/** Node's core modules the HTTP instrumentation patches in place (see `patchLoadedCoreModules`). */
const CORE_MODULES = ['node:http', 'node:https'];

function exportingProcessors(config: Readonly<TelemetryConfig>): SpanProcessor[] {
  if (config.tracesExporter === 'console') return [new BatchSpanProcessor(new ConsoleSpanExporter())];
  if (config.tracesExporter === 'otlp') return [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.otlpTracesUrl, headers: { ...config.otlpHeaders } }))];
  return [];
}

function instrumentations() {
  return getNodeAutoInstrumentations({
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

/** Registers the SDK globally (tracer provider, W3C propagators, context manager, instrumentations); answers its shutdown. */
export function startSdk(config: Readonly<TelemetryConfig>, serviceName: string, extra: SpanProcessor[]): (() => Promise<void>) | undefined {
  const spanProcessors = [...exportingProcessors(config), ...extra];
  if (spanProcessors.length === 0) return undefined;
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    autoDetectResources: false,
    spanProcessors,
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    textMapPropagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    instrumentations: instrumentations(),
    // Metrics are prom-client's (metrics.ts) and logs pino's: the SDK must not start its own exporters for them.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  patchLoadedCoreModules();
  return () => sdk.shutdown();
}
