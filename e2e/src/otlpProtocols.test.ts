import type { System } from '@flow/launcher';
import { loadConfig, spanProcessorsFor, startTelemetry, withSpan } from '@flow/platform';
import { echoProcessor } from '@flow/processor-echo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphFlow, waitForEnd } from './flowFixtures.js';
import { graphqlClient, startTestSystem, stopTestSystem } from './harness.js';
import { startOtlpReceiver, type Protocol } from './otlpReceiver.js';

// One process, one run, exported three times: once per OTEL_EXPORTER_OTLP_PROTOCOL value, each
// exporter chosen by the configuration from the standard variables, to a receiver that decodes
// that protocol (otlpChild.test.ts does the same through the environment of a real process).
const protocols: readonly Protocol[] = ['http/protobuf', 'http/json', 'grpc'];
const receiver = await startOtlpReceiver();
const exporters = await Promise.all(protocols.map((protocol) => spanProcessorsFor(loadConfig('gateway', {
  OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
  OTEL_EXPORTER_OTLP_ENDPOINT: protocol === 'grpc' ? receiver.grpcUrl : receiver.httpUrl,
  OTEL_EXPORTER_OTLP_HEADERS: `x-sent-as=${encodeURIComponent(protocol)}`,
}).telemetry)));
const telemetry = await startTelemetry(loadConfig('gateway', {}).telemetry, { spanProcessors: exporters.flat(), serviceName: 'otlp-protocols' });
afterAll(async () => {
  await telemetry.shutdown();
  await receiver.close();
});

describe('OTLP export by protocol', () => {
  let system: System;
  let traceId: string;

  beforeAll(async () => {
    system = await startTestSystem('memory', { processors: [echoProcessor] });
    const client = graphqlClient(system.gatewayUrl);
    const processorId = (system.processors[0] as { processorId: string }).processorId;
    const flow = await createGraphFlow(client, processorId, [{ key: 'a', next: ['b'] }, { key: 'b' }]);
    traceId = await withSpan('e2e client', {}, async (span) => {
      await client.data('mutation($id: ID!) { startOrchestration(orchestratedFlowId: $id) { executionId } }', { id: flow.flowId });
      return span.spanContext().traceId;
    });
    expect((await waitForEnd(client, flow.flowId)).status).toBe('COMPLETED');
    await Promise.all(exporters.flat().map((processor) => processor.forceFlush()));
  });
  afterAll(() => stopTestSystem(system));

  it.each(protocols)('should deliver the run\'s trace, from the mutation to the processor and back, over %s', (protocol) => {
    const exports = receiver.received.filter((entry) => entry.protocol === protocol && entry.signal === 'traces');
    expect(exports.length).toBeGreaterThan(0);
    const names = new Set(exports.flatMap((entry) => entry.items).filter((span) => span.traceId === traceId).map((span) => span.name));
    expect([...names]).toEqual(expect.arrayContaining(['e2e client', 'processor.handle', 'send orchestrator.events', 'process orchestrator.events']));
    expect(exports[0]?.headers['x-sent-as']).toBe(protocol);
    expect(exports[0]?.resource).toMatchObject({ 'service.name': 'otlp-protocols', 'service.version': expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});
