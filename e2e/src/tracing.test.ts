import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { System } from '@flow/launcher';
import { EVENTS_QUEUE, processorQueue, STATUS_EXCHANGE } from '@flow/protocol';
import { loadConfig, startTelemetry, withSpan } from '@flow/platform';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGraphFlow, waitForEnd } from './flowFixtures.js';
import { graphqlClient, stopTestSystem, type GraphQLClient } from './harness.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';

// Spans of every service of the in-process system land here, as an OTLP collector would get them.
const exporter = new InMemorySpanExporter();
const telemetry = await startTelemetry(loadConfig('gateway', {}).telemetry, { spanProcessors: [new SimpleSpanProcessor(exporter)] });
afterAll(() => telemetry.shutdown());

const startMutation = 'mutation($id: ID!) { startOrchestration(orchestratedFlowId: $id, input: { n: 1 }) { executionId } }';

const portOf = (url: string): number => Number(new URL(url).port);
/** HTTP attributes under the stable semantic conventions or the older ones, whichever the instrumentation emits. */
const serverPort = (span: ReadableSpan) => span.attributes['server.port'] ?? span.attributes['net.host.port'];
/** Whether `ancestor` is `span`'s parent, or its parent's, and so on. */
function descendsFrom(span: ReadableSpan, ancestor: ReadableSpan, spans: ReadableSpan[]): boolean {
  const byId = new Map(spans.map((each) => [each.spanContext().spanId, each]));
  for (let parent = span.parentSpanContext?.spanId; parent !== undefined; parent = byId.get(parent)?.parentSpanContext?.spanId) {
    if (parent === ancestor.spanContext().spanId) return true;
  }
  return false;
}
const describeSpans = (spans: ReadableSpan[]) => spans.map((span) => `${SpanKind[span.kind]} ${span.name} ${JSON.stringify(span.attributes)}`).join('\n');

describe.each(orchestrationKinds)('one trace from the mutation to the processor and back ($name)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let echoId: string;

  beforeAll(async () => {
    system = await startOrchestrationSystem(kind);
    client = graphqlClient(system.gatewayUrl);
    echoId = (system.processors[0] as { processorId: string }).processorId;
  });
  afterAll(() => stopTestSystem(system));

  /** Starts a one-step run from inside a client span and answers that span's trace id. */
  async function tracedRun(): Promise<{ traceId: string; executionId: string }> {
    const flow = await createGraphFlow(client, echoId, [{ key: 'a' }]);
    const { traceId, executionId } = await withSpan('e2e client', {}, async (span) => {
      const started = await client.data<{ startOrchestration: { executionId: string } }>(startMutation, { id: flow.flowId });
      return { traceId: span.spanContext().traceId, executionId: started.startOrchestration.executionId };
    });
    const run = await waitForEnd(client, flow.flowId);
    expect(run.status, JSON.stringify(run.steps)).toBe('COMPLETED');
    return { traceId, executionId };
  }

  it('should carry one trace id from the gateway through the orchestrator subgraph, the bus and the processor back to the orchestrator', async () => {
    const { traceId, executionId } = await tracedRun();
    const inTrace = () => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
    const find = (what: string, test: (span: ReadableSpan) => boolean): ReadableSpan => {
      const found = inTrace().find(test);
      if (!found) throw new Error(`no ${what} span in trace ${traceId}; it has:\n${describeSpans(inTrace())}`);
      return found;
    };
    // The orchestrator's handling of the event ends a moment after the run's status is visible.
    const eventHandling = await vi.waitFor(() => find('orchestrator event handling', (span) =>
      span.kind === SpanKind.CONSUMER && span.attributes['messaging.destination.name'] === EVENTS_QUEUE), { timeout: 5_000 });

    const gatewayServer = find('gateway HTTP server', (span) => span.kind === SpanKind.SERVER && serverPort(span) === portOf(system.gatewayUrl));
    find('gateway request', (span) => span.name === 'gateway.request');
    const orchestratorServer = find('orchestrator subgraph HTTP server', (span) =>
      span.kind === SpanKind.SERVER && serverPort(span) === portOf(system.subgraphUrls.orchestrator));
    const commandPublish = find('command publish', (span) =>
      span.kind === SpanKind.PRODUCER && span.attributes['messaging.destination.name'] === processorQueue(echoId));
    const handling = find('processor handling', (span) => span.name === 'processor.handle');
    const eventPublish = find('event publish', (span) => span.kind === SpanKind.PRODUCER && span.attributes['messaging.destination.name'] === EVENTS_QUEUE);
    // The orchestrator publishes while handling the event, so its publications continue the trace under that span.
    find('status broadcast of the event', (span) => span.kind === SpanKind.PRODUCER && span.attributes['messaging.destination.name'] === STATUS_EXCHANGE
      && descendsFrom(span, eventHandling, inTrace()));

    expect(gatewayServer.startTime[0] * 1e9 + gatewayServer.startTime[1]).toBeLessThanOrEqual(orchestratorServer.startTime[0] * 1e9 + orchestratorServer.startTime[1]);
    expect(commandPublish.attributes).toMatchObject({ 'messaging.system': kind.name === 'embedded' ? 'memory' : 'rabbitmq', 'messaging.operation.type': 'send' });
    expect(handling.attributes).toMatchObject({
      'flow.processor.name': 'EchoProcessor', 'flow.processor.version': '1.0.0', 'flow.processor.id': echoId, 'flow.execution.id': executionId, 'flow.outcome': 'succeeded',
    });
    expect(handling.attributes['flow.step.id']).toEqual(expect.any(String));
    // Parentage across the bus: the event went out inside the processor's span, and was handled under it.
    expect(eventPublish.parentSpanContext?.spanId).toBe(handling.spanContext().spanId);
    expect(eventHandling.parentSpanContext?.spanId).toBe(eventPublish.spanContext().spanId);
    expect(eventHandling.parentSpanContext?.isRemote).toBe(true);
  });

  it('should trace the cache operations of the run with the map or lock and the key', async () => {
    const { traceId, executionId } = await tracedRun();
    await vi.waitFor(() => {
      const cacheSpans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId && span.name.startsWith('cache.'));
      expect(cacheSpans.some((span) => span.attributes['flow.cache.key'] === executionId && span.name === 'cache.lock')).toBe(true);
      expect(cacheSpans.every((span) => span.kind === SpanKind.CLIENT && span.attributes['db.system.name'] === (kind.name === 'embedded' ? 'memory' : 'hazelcast'))).toBe(true);
    }, { timeout: 5_000 });
  });
});
