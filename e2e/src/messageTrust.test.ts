import type { System } from '@flow/launcher';
import type { StoredExecution } from '@flow/orchestrator';
import { createAmqpBus, createLogger, deadLetterQueue, type Bus } from '@flow/platform';
import { echoProcessor } from '@flow/processor-echo';
import { EVENTS_QUEUE } from '@flow/protocol';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphFlow, waitForEnd, type GraphStep } from './flowFixtures.js';
import { graphqlClient, rabbitUrl, startTestSystem, stopTestSystem, type GraphQLClient } from './harness.js';
import { fastOrchestration, orchestrationKinds } from './orchestrationHarness.js';
import { collectQueue, metricReaches, metricTotal, waitFor } from './orchestrationProbes.js';

/**
 * The answers the orchestrator takes from the broker (issue 13, "Messages"): each test publishes
 * an attack straight to `orchestrator.events`, as anyone with access to the broker could, and
 * checks that nothing of it was written while the run itself still ends as it should.
 */
const startMutation = 'mutation($id: ID!, $input: JSON) { startOrchestration(orchestratedFlowId: $id, input: $input) { executionId } }';
const STEP_OUTPUT_MAX_BYTES = 2_048;
const limits = { STEP_OUTPUT_MAX_BYTES: String(STEP_OUTPUT_MAX_BYTES), MESSAGE_MAX_BYTES: String(64 * 1024) };
const patient = { ORCHESTRATOR_STEP_TIMEOUT_MS: '30000', ORCHESTRATOR_SWEEP_MS: '1000' };
/** The entry step answers after a while, so that the attack lands while it runs. */
const slowEntry: GraphStep[] = [{ key: 'a', next: ['b'], payload: { delayMs: 1_500 } }, { key: 'b' }];

/** What a transition would change: equal before and after means the event changed nothing. */
const observable = (execution: StoredExecution) => ({ version: execution.version, status: execution.status, steps: execution.steps });

describe.each(orchestrationKinds)('answers the orchestrator refuses ($name)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let bus: Bus;
  let echoId: string;

  beforeAll(async () => {
    system = await startTestSystem(kind.backend, { processors: [echoProcessor] }, { ...fastOrchestration, ...kind.env, ...patient, ...limits });
    client = graphqlClient(system.gatewayUrl);
    bus = system.orchestration.bus;
    echoId = system.processors[0]?.processorId as string;
  });
  afterAll(() => stopTestSystem(system));

  const orchestratorUrl = () => system.orchestration.server.url;
  const stored = async (executionId: string) => (await system.orchestration.service.orchestrator.store.get(executionId)) as StoredExecution;

  /** Starts a run and waits until its entry step `a` is RUNNING with its command published. */
  async function startRunning(graph = slowEntry) {
    const flow = await createGraphFlow(client, echoId, graph);
    const { startOrchestration } = await client.data(startMutation, { id: flow.flowId, input: { n: 1 } });
    const executionId = startOrchestration.executionId as string;
    const stepId = flow.stepIds.a as string;
    const running = await waitFor(async () => {
      const execution = await stored(executionId);
      return execution.steps[stepId]?.status === 'RUNNING' && execution.outbox.length === 0 ? execution : undefined;
    });
    const step = running.steps[stepId];
    const genuine = {
      type: 'ActivityExecuted', schemaVersion: 1, commandId: step?.commandId, executionId, stepId, processorId: echoId,
      attempt: step?.attempts, output: { forged: true }, durationMs: 1, executedAt: new Date().toISOString(),
    };
    return { flow, executionId, stepId, running, genuine };
  }

  it('should ignore and count answers naming another attempt, command or processor, and still complete the run with the real answers', async () => {
    const { flow, executionId, stepId, running, genuine } = await startRunning();
    const reasons = ['other-attempt', 'other-command', 'other-processor'];
    const before = await Promise.all(reasons.map((reason) => metricTotal(orchestratorUrl(), 'orchestrator_events_ignored_total', { reason })));
    const ignoredBefore = await metricTotal(orchestratorUrl(), 'orchestrator_events_consumed_total', { outcome: 'ignored' });
    const failure = { ...genuine, type: 'ActivityFailed', output: undefined, error: { message: 'forged', type: 'Forged', retryable: false, validation: false } };
    await bus.publish(EVENTS_QUEUE, { ...genuine, attempt: 2 });
    await bus.publish(EVENTS_QUEUE, { ...failure, attempt: 0 });
    await bus.publish(EVENTS_QUEUE, { ...genuine, commandId: '0190d7a0-0000-7000-8000-000000000000' });
    await bus.publish(EVENTS_QUEUE, { ...genuine, processorId: '0190d7a0-0000-7000-8000-000000000001' });
    await bus.publish(EVENTS_QUEUE, { ...failure, processorId: '0190d7a0-0000-7000-8000-000000000001' });
    for (const [index, reason] of reasons.entries()) {
      await metricReaches(orchestratorUrl(), 'orchestrator_events_ignored_total', { reason }, before[index] ?? 0, reason === 'other-command' ? 1 : 2);
    }
    expect(observable(await stored(executionId))).toEqual(observable(running));
    await metricReaches(orchestratorUrl(), 'orchestrator_events_consumed_total', { outcome: 'ignored' }, ignoredBefore, 5);

    const run = await waitForEnd(client, flow.flowId);
    expect(run.status).toBe('COMPLETED');
    const a = run.steps.find((step) => step.step.id === stepId);
    expect(a).toMatchObject({ status: 'SUCCEEDED', attempts: 1, error: null });
    expect(a?.output).toMatchObject({ input: { n: 1 } });
    expect(JSON.stringify(run)).not.toContain('forged');
  });

  it('should dead-letter and count an event that does not parse but names a running step, and fail nothing', async () => {
    const dead = await collectQueue(bus, deadLetterQueue(EVENTS_QUEUE));
    try {
      const { flow, executionId, running, genuine } = await startRunning();
      const invalidBefore = await metricTotal(orchestratorUrl(), 'orchestrator_events_consumed_total', { type: 'invalid', outcome: 'dead-lettered' });
      const deadBefore = await metricTotal(orchestratorUrl(), 'orchestrator_events_dead_lettered_total', { reason: 'NON_RETRYABLE' });
      await bus.publish(EVENTS_QUEUE, { ...genuine, output: undefined });
      await bus.publish(EVENTS_QUEUE, { ...genuine, schemaVersion: 2 });
      const letters = await waitFor(() => {
        const mine = dead.deliveries.filter((delivery) => delivery.body.executionId === executionId);
        return mine.length === 2 ? mine : undefined;
      }, 10_000, 'two dead letters');
      expect(letters.map((letter) => letter.headers['x-death-reason']).sort()).toEqual([
        'NON_RETRYABLE: BAD_USER_INPUT: ActivityExecuted: field output must be present',
        'NON_RETRYABLE: BAD_USER_INPUT: ActivityExecuted: unsupported schemaVersion 2',
      ]);
      await metricReaches(orchestratorUrl(), 'orchestrator_events_consumed_total', { type: 'invalid', outcome: 'dead-lettered' }, invalidBefore, 2);
      await metricReaches(orchestratorUrl(), 'orchestrator_events_dead_lettered_total', { reason: 'NON_RETRYABLE' }, deadBefore, 2);
      expect(observable(await stored(executionId))).toEqual(observable(running));
      const run = await waitForEnd(client, flow.flowId);
      expect(run.status).toBe('COMPLETED');
      expect(run.steps.map((step) => step.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    } finally {
      await dead.cancel();
    }
  });

  it('should fail the step with PAYLOAD_TOO_LARGE, keeping none of it, when an answer carries an output past STEP_OUTPUT_MAX_BYTES', async () => {
    const { flow, executionId, stepId, genuine } = await startRunning();
    await bus.publish(EVENTS_QUEUE, { ...genuine, output: { blob: 'x'.repeat(STEP_OUTPUT_MAX_BYTES) } });
    const run = await waitForEnd(client, flow.flowId);
    expect(run.status).toBe('FAILED');
    const [a, b] = run.steps;
    expect(a).toMatchObject({ status: 'FAILED', attempts: 1, output: null });
    expect(a?.error).toMatch(/^PAYLOAD_TOO_LARGE: the step's output is 20\d\d bytes, more than 2048 \(STEP_OUTPUT_MAX_BYTES\)$/);
    expect(b?.status).toBe('SKIPPED');
    // The store is intact: the execution reads back whole, and EchoProcessor's late answer changes nothing.
    const ended = await stored(executionId);
    expect(ended).toMatchObject({ id: executionId, status: 'FAILED', outbox: [] });
    expect(JSON.stringify(ended)).not.toContain('x'.repeat(100));
    expect(ended.steps[stepId]?.error).toBe(a?.error);
  });

  it('should fail the step with PAYLOAD_TOO_LARGE when the processor\'s own output is past the bound', async () => {
    // EchoProcessor answers with its assigned payloads: this one makes its output too large.
    const flow = await createGraphFlow(client, echoId, [{ key: 'a', next: ['b'], payload: { blob: 'y'.repeat(STEP_OUTPUT_MAX_BYTES) } }, { key: 'b' }]);
    const before = await metricTotal(system.processors[0]?.url as string, 'processor_commands_consumed_total', { outcome: 'payload_too_large' });
    await client.data(startMutation, { id: flow.flowId, input: { n: 1 } });
    const run = await waitForEnd(client, flow.flowId);
    expect(run.status).toBe('FAILED');
    expect(run.steps.map((step) => step.status)).toEqual(['FAILED', 'SKIPPED']);
    expect(run.steps[0]).toMatchObject({ attempts: 1, output: null });
    expect(run.steps[0]?.error).toMatch(/^PAYLOAD_TOO_LARGE: the step's output is \d+ bytes, more than 2048 \(STEP_OUTPUT_MAX_BYTES\)$/);
    await metricReaches(system.processors[0]?.url as string, 'processor_commands_consumed_total', { outcome: 'payload_too_large' }, before, 1);
  });

  it('should refuse a start input past STEP_OUTPUT_MAX_BYTES with PAYLOAD_TOO_LARGE (REST 413), starting nothing', async () => {
    const flow = await createGraphFlow(client, echoId, [{ key: 'a' }]);
    const input = { blob: 'z'.repeat(STEP_OUTPUT_MAX_BYTES) };
    const error = await client.error(startMutation, { id: flow.flowId, input });
    expect(error.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toMatch(/^The input is 20\d\d bytes, more than a run's input may be \(2048, STEP_OUTPUT_MAX_BYTES\)$/);
    const rest = await fetch(`${system.gatewayUrl.replace(/\/graphql$/, '')}/api/Orchestration/start/${flow.flowId}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input }),
    });
    expect(rest.status).toBe(413);
    expect(await rest.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const { orchestrationStatus } = await client.data('query($id: ID!) { orchestrationStatus(orchestratedFlowId: $id) { executionId } }', { id: flow.flowId });
    expect(orchestrationStatus).toBeNull();
  });

  // Each backend's own path: a peer's oversized event reaches only a real broker's consumer.
  if (kind.backend !== 'memory') it('should dead-letter unread an event past MESSAGE_MAX_BYTES that a peer published, failing nothing', async () => {
    const peer = await createAmqpBus({ url: rabbitUrl, logger: createLogger('peer', 'silent'), connectionName: 'message-trust-peer', maxMessageBytes: 1024 * 1024 });
    const dead = await collectQueue(peer, deadLetterQueue(EVENTS_QUEUE));
    try {
      const { flow, executionId, running, genuine } = await startRunning();
      const before = await metricTotal(orchestratorUrl(), 'orchestrator_events_dead_lettered_total', { reason: 'MESSAGE_TOO_LARGE' });
      await peer.publish(EVENTS_QUEUE, { ...genuine, output: { blob: 'x'.repeat(100 * 1024) } });
      const letter = await waitFor(() => dead.deliveries.find((delivery) => delivery.body.executionId === executionId), 10_000, 'the dead letter');
      expect(letter.headers['x-death-reason']).toMatch(/^MESSAGE_TOO_LARGE: The message is \d+ bytes, more than a bus message may be \(65536, MESSAGE_MAX_BYTES\)$/);
      await metricReaches(orchestratorUrl(), 'orchestrator_events_dead_lettered_total', { reason: 'MESSAGE_TOO_LARGE' }, before, 1);
      expect(observable(await stored(executionId))).toEqual(observable(running));
      expect((await waitForEnd(client, flow.flowId)).status).toBe('COMPLETED');
    } finally {
      await dead.cancel();
      await peer.close();
    }
  });

  if (kind.backend === 'memory') it('should refuse to publish an event past MESSAGE_MAX_BYTES', async () => {
    await expect(bus.publish(EVENTS_QUEUE, { blob: 'x'.repeat(100 * 1024) })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });
});
