import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphFlow, waitForEnd } from './flowFixtures.js';
import { graphqlClient } from './harness.js';
import { startOtlpReceiver, type OtlpReceiver, type Received } from './otlpReceiver.js';

const root = new URL('../../', import.meta.url);
const traceId = randomBytes(16).toString('hex');

/**
 * A real process configured by the standard variables alone: traces over gRPC and logs over
 * OTLP/HTTP JSON, gzip, with headers and resource attributes, as an operator would set them.
 */
describe('a process configured by the OTEL_* variables', () => {
  let receiver: OtlpReceiver;
  let output = '';
  let executionId: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', './platform/src/telemetry/register.ts', 'e2e/src/otlpChild.ts'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', LOG_LEVEL: 'debug',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.grpcUrl,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${receiver.httpUrl}/v1/logs`,
        OTEL_EXPORTER_OTLP_LOGS_COMPRESSION: 'gzip',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=key-1',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=ci,service.namespace=flow',
        OTEL_SERVICE_NAME: 'flow-child',
      },
    });
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const exited = once(child, 'exit');
    try {
      const gatewayUrl = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no gateway within 30 s:\n${output}`)), 30_000);
        child.stdout.on('data', () => {
          const url = /^GATEWAY (\S+)$/m.exec(output)?.[1];
          if (!url) return;
          clearTimeout(timer);
          resolve(url);
        });
      });
      // The client's own span: the run's trace is the one this traceparent starts.
      const client = graphqlClient(gatewayUrl, { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
      const processorId = (await graphqlClient(gatewayUrl).data<{ processorByKey: { id: string } }>('{ processorByKey(version: "1.0.0", name: "EchoProcessor") { id } }')).processorByKey.id;
      const flow = await createGraphFlow(graphqlClient(gatewayUrl), processorId, [{ key: 'a' }]);
      executionId = (await client.data<{ startOrchestration: { executionId: string } }>('mutation($id: ID!) { startOrchestration(orchestratedFlowId: $id) { executionId } }', { id: flow.flowId })).startOrchestration.executionId;
      expect((await waitForEnd(graphqlClient(gatewayUrl), flow.flowId)).status).toBe('COMPLETED');
    } finally {
      child.kill('SIGTERM'); // flushes what is still batched
      await exited;
    }
  }, 60_000);
  afterAll(() => receiver.close());

  const of = (signal: Received['signal']) => receiver.received.filter((entry) => entry.signal === signal);

  it('should send the run\'s trace over gRPC with the headers as metadata and the resource attributes', () => {
    expect(of('traces').every((entry) => entry.protocol === 'grpc')).toBe(true);
    const spans = of('traces').flatMap((entry) => entry.items).filter((span) => span.traceId === traceId);
    expect(spans.map((span) => span.name)).toEqual(expect.arrayContaining(['processor.handle', 'process orchestrator.events']));
    expect(of('traces')[0]?.headers['x-api-key']).toBe('key-1');
    expect(of('traces')[0]?.resource).toMatchObject({ 'service.name': 'flow-child', 'service.version': expect.any(String), 'deployment.environment': 'ci', 'service.namespace': 'flow' });
  });

  it('should send the log lines over OTLP/HTTP JSON, gzip, each line of the run with its trace', () => {
    expect(of('logs').length).toBeGreaterThan(0);
    expect(of('logs').every((entry) => entry.protocol === 'http/json' && entry.headers['content-encoding'] === 'gzip')).toBe(true);
    expect(of('logs')[0]?.headers['x-api-key']).toBe('key-1');
    const ofRun = of('logs').flatMap((entry) => entry.items).filter((record) => record.traceId === traceId);
    expect(ofRun.map((record) => record.attributes.service)).toEqual(expect.arrayContaining(['gateway', 'orchestrator', 'processor-EchoProcessor']));
    expect(ofRun.filter((record) => record.attributes.executionId === executionId).length).toBeGreaterThan(0);
  });
});
