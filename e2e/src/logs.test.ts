import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { System } from '@flow/launcher';
import { createLogger, loadConfig, signToken, startTelemetry, withSpan } from '@flow/platform';
import { echoProcessor } from '@flow/processor-echo';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGraphFlow, waitForEnd } from './flowFixtures.js';
import { graphqlClient, startTestSystem, stopTestSystem } from './harness.js';
import { fastOrchestration, orchestrationKinds } from './orchestrationHarness.js';
import { duplicatedKeys } from './jsonKeys.js';

// Tracing on in this process, so log lines can carry trace ids (spans are kept in memory).
const telemetry = await startTelemetry(loadConfig('gateway', {}).telemetry, { spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())] });
afterAll(() => telemetry.shutdown());

const secret = 'logs-test-secret-0123456789-abcdefghij';
const startMutation = 'mutation($id: ID!) { startOrchestration(orchestratedFlowId: $id, input: { n: 1 }) { executionId } }';

/** Every line the system writes: raw, to search for secrets, and parsed. */
function captureLogs() {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      raw.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>), stream };
}

describe.each(orchestrationKinds)('the log lines of a run ($name)', (kind) => {
  let system: System;
  const logs = captureLogs();
  let token: string;
  let forged: string;

  beforeAll(async () => {
    token = `Bearer ${await signToken(secret, { sub: 'alice', roles: ['admin'], jti: randomUUID() })}`;
    forged = `Bearer ${await signToken('not-the-secret-0123456789-abcdefghijkl', { sub: 'mallory', roles: ['admin'], jti: randomUUID() })}`;
    const logger = createLogger('flow-orchestrator', 'debug', logs.stream);
    system = await startTestSystem(kind.backend, { processors: [echoProcessor], logger }, { ...fastOrchestration, ...kind.env, AUTH_JWT_SECRET: secret });
  });
  afterAll(() => stopTestSystem(system));

  it('should carry the run\'s trace id and correlation id, across the gateway, the subgraphs and the processor', async () => {
    const correlationId = `logs-${randomUUID()}`;
    const client = graphqlClient(system.gatewayUrl, { authorization: token, 'x-correlation-id': correlationId });
    const echoId = (system.processors[0] as { processorId: string }).processorId;
    const flow = await createGraphFlow(client, echoId, [{ key: 'a' }]);
    const traceId = await withSpan('e2e client', {}, async (span) => {
      await client.data(startMutation, { id: flow.flowId });
      return span.spanContext().traceId;
    });
    expect((await waitForEnd(client, flow.flowId)).status).toBe('COMPLETED');

    await vi.waitFor(() => {
      const services = new Set(logs.lines().filter((line) => line.trace_id === traceId).map((line) => line.service));
      expect([...services]).toEqual(expect.arrayContaining(['gateway', 'orchestrator', 'manager-orchestrated-flow', 'processor-EchoProcessor']));
    }, { timeout: 5_000 });
    const ofRun = logs.lines().filter((line) => line.trace_id === traceId);
    for (const line of ofRun) expect(line, JSON.stringify(line)).toMatchObject({ correlationId, span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('should log a run\'s start, transitions, failures and end with its ids, and write no line with a key twice over every line of the file\'s runs', async () => {
    const client = graphqlClient(system.gatewayUrl, { authorization: token });
    const echoId = (system.processors[0] as { processorId: string }).processorId;
    const flow = await createGraphFlow(client, echoId, [{ key: 'flaky', next: ['broken'], payload: { failTimes: 1 } }, { key: 'broken', payload: { fail: true } }]);
    await client.data(startMutation, { id: flow.flowId });
    const run = await waitForEnd(client, flow.flowId);
    expect(run.status).toBe('FAILED');
    expect(logs.raw.length).toBeGreaterThan(50);
    // The run's handling, in the orchestrator and the processor: start, each transition, each failure, end.
    await vi.waitFor(() => expect(logs.lines().some((line) => line.executionId === run.executionId && line.msg === 'execution ended')).toBe(true));
    const ofRun = logs.lines().filter((line) => line.executionId === run.executionId);
    expect(ofRun.map((line) => line.msg)).toEqual(expect.arrayContaining(['execution started', 'execution transition', 'step failed', 'execution ended', 'command handled']));
    for (const line of ofRun) {
      expect(line, JSON.stringify(line)).toMatchObject({ trace_id: expect.stringMatching(/^[0-9a-f]{32}$/), span_id: expect.stringMatching(/^[0-9a-f]{16}$/), correlationId: expect.any(String) });
    }
    expect(ofRun.find((line) => line.msg === 'execution ended')).toMatchObject({ level: 'info', service: 'orchestrator', status: 'FAILED' });
    const repeated = logs.raw.map((line) => ({ line, keys: duplicatedKeys(line) })).filter(({ keys }) => keys.length > 0);
    expect(repeated.slice(0, 5), `${repeated.length} lines with a repeated key`).toEqual([]);
  });

  it('should never write an authorization header value, valid or refused', async () => {
    const refused = await graphqlClient(system.gatewayUrl, { authorization: forged }).request('{ schemas { nodes { id } } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(logs.raw.length).toBeGreaterThan(0);
    for (const value of [token, forged]) {
      const credential = value.replace(/^Bearer /, '');
      const leaked = logs.raw.filter((line) => line.includes(credential));
      expect(leaked, `log lines with the credential:\n${leaked.join('\n')}`).toEqual([]);
    }
  });
});
