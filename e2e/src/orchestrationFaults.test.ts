import type { System } from '@flow/launcher';
import type { StoredExecution } from '@flow/orchestrator';
import { EVENTS_QUEUE, processorQueue } from '@flow/protocol';
import { deadLetterQueue, type Bus } from '@flow/platform';
import { echoProcessor } from '@flow/processor-echo';
import type { RunningProcessor } from '@flow/processor-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphFlow, statusesByKey, waitForEnd, type GraphFlow, type GraphStep } from './flowFixtures.js';
import { graphqlClient, startTestSystem, stopTestSystem, type GraphQLClient } from './harness.js';
import { fastOrchestration, orchestrationKinds } from './orchestrationHarness.js';
import { startExtraOrchestrator, startExtraProcessor } from './orchestrationInstances.js';
import { collectQueue, collectStatus, metricReaches, metricTotal, recordingProcessor, sleep, strictProcessor, waitFor } from './orchestrationProbes.js';

const startMutation = 'mutation($id: ID!, $input: JSON) { startOrchestration(orchestratedFlowId: $id, input: $input) { executionId } }';
const stopMutation = 'mutation($id: ID!) { stopOrchestration(orchestratedFlowId: $id) { executionId status version steps { status } } }';
/**
 * No test here waits for a step timeout or for the sweep. On a loaded 2-core machine an event
 * of a run on the MongoDB-wire server can take longer than the fast 2 s deadline, and sweeps
 * every 100 ms pile up and overload it (orchestratorSweep.test.ts), so these runs get patient settings.
 */
const patient = { ORCHESTRATOR_STEP_TIMEOUT_MS: '30000', ORCHESTRATOR_SWEEP_MS: '1000' };
const EVENTS_CONSUMED = 'orchestrator_events_consumed_total';
const COMMANDS_CONSUMED = 'processor_commands_consumed_total';

/** A counter's value on each service. */
const counts = (urls: string[], name: string, labels: Record<string, string>) => Promise.all(urls.map((url) => metricTotal(url, name, labels)));

/** How much a counter grew on each service, once the growths add up to at least `total`. */
const growth = (urls: string[], name: string, labels: Record<string, string>, before: number[], total: number) =>
  waitFor(async () => {
    const grown = (await counts(urls, name, labels)).map((value, i) => value - (before[i] ?? 0));
    return grown.reduce((sum, value) => sum + value, 0) >= total ? grown : undefined;
  }, 10_000, `${name} to count ${total} more`);

/** What a transition would change: equal before and after means the event changed nothing. */
const observable = (execution: StoredExecution) => ({ version: execution.version, status: execution.status, steps: execution.steps, outbox: execution.outbox });

/** Entry steps take a moment, so that no answer races the start of its run (see the test of runs started at once). */
const entryDelay = { delayMs: 400 };
const linear = (length: number): GraphStep[] =>
  Array.from({ length }, (_, i) => ({ key: `s${i}`, next: i + 1 < length ? [`s${i + 1}`] : [], ...(i === 0 ? { payload: entryDelay } : {}) }));
const fanOutJoin = (width: number): GraphStep[] => [
  { key: 'split', next: Array.from({ length: width }, (_, i) => `b${i}`), payload: entryDelay },
  ...Array.from({ length: width }, (_, i) => ({ key: `b${i}`, next: ['join'] })),
  { key: 'join' },
];

describe.each(orchestrationKinds)('orchestration faults and scale-out ($name)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let bus: Bus;
  let echoId: string;
  let strictId: string;
  let recorderId: string;
  let recorder: Awaited<ReturnType<typeof recordingProcessor>>;

  beforeAll(async () => {
    const strict = await strictProcessor();
    recorder = await recordingProcessor();
    system = await startTestSystem(kind.backend, { processors: [echoProcessor, strict, recorder.definition] }, { ...fastOrchestration, ...kind.env, ...patient });
    client = graphqlClient(system.gatewayUrl);
    bus = system.orchestration.bus;
    [echoId, strictId, recorderId] = system.processors.map((processor) => processor.processorId) as [string, string, string];
  });
  afterAll(() => stopTestSystem(system));

  const orchestratorUrl = () => system.orchestration.server.url;
  const consumedEvents = (type: string) => metricTotal(orchestratorUrl(), EVENTS_CONSUMED, { type });
  const eventsReach = (type: string, from: number, by: number) => metricReaches(orchestratorUrl(), EVENTS_CONSUMED, { type }, from, by);
  const stored = async (executionId: string) => (await system.orchestration.service.orchestrator.store.get(executionId)) as StoredExecution;

  async function start(graph: GraphStep[], input: unknown = { n: 1 }) {
    const flow = await createGraphFlow(client, echoId, graph);
    const { startOrchestration } = await client.data(startMutation, { id: flow.flowId, input });
    expect(startOrchestration.executionId).toEqual(expect.any(String));
    return { flow, executionId: startOrchestration.executionId as string };
  }

  /** An ActivityExecuted exactly as EchoProcessor sent it for a step's command. */
  const executed = (executionId: string, stepId: string, commandId: string | null, output: unknown) => ({
    type: 'ActivityExecuted', schemaVersion: 1, commandId, executionId, stepId, processorId: echoId, attempt: 1, output, durationMs: 1, executedAt: new Date().toISOString(),
  });

  /**
   * The strict step follows an EchoProcessor step that takes a moment, so that its answer never
   * races the start of the run (see the test of runs started at once below).
   */
  const strictFlow: GraphStep[] = [{ key: 'echo', next: ['strict'], payload: entryDelay }, { key: 'strict', next: ['after'] }, { key: 'after' }];
  const withStrict = () => strictFlow.map((step) => (step.key === 'strict' ? { ...step, processorId: strictId } : step));

  it.each([
    { name: 'an input its schema refuses', input: { n: 1 }, reason: /input does not match its schema.*orderId/ },
    { name: 'an output its schema refuses', input: { orderId: 'o-1', badOutput: true }, reason: /output does not match its schema.*total/ },
  ])('should fail a step at once, attempts 1, on $name', async ({ input, reason }) => {
    const { flow } = await start(withStrict(), input);
    const run = await waitForEnd(client, flow.flowId);
    expect(statusesByKey(flow, run)).toEqual({ echo: 'SUCCEEDED', strict: 'FAILED', after: 'SKIPPED' });
    const strict = run.steps.find((step) => flow.keyOf(step.step.id) === 'strict');
    expect(strict).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(strict?.error).toMatch(reason);
    expect(run.status).toBe('FAILED');
  });

  it('should run the strict processor to SUCCEEDED when its input and output are valid', async () => {
    const { flow } = await start(withStrict(), { orderId: 'o-1' });
    const run = await waitForEnd(client, flow.flowId);
    expect(statusesByKey(flow, run)).toEqual({ echo: 'SUCCEEDED', strict: 'SUCCEEDED', after: 'SUCCEEDED' });
    expect(run.steps.find((step) => flow.keyOf(step.step.id) === 'strict')).toMatchObject({ attempts: 1, output: { total: 42 } });
  });

  it('should change nothing on a duplicated ActivityExecuted, mid-run or after the end', async () => {
    const initial = await consumedEvents('ActivityExecuted');
    const { flow, executionId } = await start([{ key: 'a', next: ['b'], payload: entryDelay }, { key: 'b', payload: { delayMs: 1_000 } }]);
    const [a, b] = [flow.stepIds.a as string, flow.stepIds.b as string];
    const commandOfA = (await stored(executionId)).steps[a]?.commandId ?? null;
    const midRun = await waitFor(async () => {
      const execution = await stored(executionId);
      return execution.steps[b]?.status === 'RUNNING' && execution.outbox.length === 0 ? execution : undefined;
    });
    await bus.publish(EVENTS_QUEUE, executed(executionId, a, commandOfA, midRun.steps[a]?.output));
    await eventsReach('ActivityExecuted', initial, 2);
    expect(observable(await stored(executionId))).toEqual(observable(midRun));

    const run = await waitForEnd(client, flow.flowId);
    expect(run.status).toBe('COMPLETED');
    await eventsReach('ActivityExecuted', initial, 3);
    const ended = await stored(executionId);
    await bus.publish(EVENTS_QUEUE, executed(executionId, a, commandOfA, ended.steps[a]?.output));
    await bus.publish(EVENTS_QUEUE, executed(executionId, b, midRun.steps[b]?.commandId ?? null, ended.steps[b]?.output));
    await eventsReach('ActivityExecuted', initial, 5);
    expect(observable(await stored(executionId))).toEqual(observable(ended));
    expect(await waitForEnd(client, flow.flowId)).toEqual(run);
  });

  // An event that does not parse is dead-lettered and fails nothing: messageTrust.test.ts.

  it('should dead-letter a command that does not parse from the processor queue and fail its step with the reason', async () => {
    const queue = processorQueue(echoId);
    const dead = await collectQueue(bus, deadLetterQueue(queue));
    try {
      const initial = await consumedEvents('ActivityExecuted');
      const { flow, executionId } = await start([{ key: 'a', payload: { delayMs: 700 } }]);
      const stepId = flow.stepIds.a as string;
      const { commandId } = (await stored(executionId)).steps[stepId] ?? {};
      // Names its command, execution and step, but lacks every other field of ExecuteActivity.
      await bus.publish(queue, { type: 'ExecuteActivity', schemaVersion: 1, commandId, executionId, stepId, processorId: echoId, attempt: 1 });
      const deadLetter = await waitFor(() => dead.deliveries.find((delivery) => delivery.body.executionId === executionId), 10_000, 'the dead letter');
      expect(deadLetter.headers['x-death-reason']).toMatch(/orchestratedFlowId/);
      const run = await waitForEnd(client, flow.flowId);
      expect(run.steps[0]).toMatchObject({ status: 'FAILED', attempts: 1 });
      expect(run.steps[0]?.error).toMatch(/poison command dead-lettered.*orchestratedFlowId/i);
      await eventsReach('ActivityExecuted', initial, 1);
      expect(await waitForEnd(client, flow.flowId)).toEqual(run);
    } finally {
      await dead.cancel();
    }
  });

  it('should publish nothing for a stopped execution, even when its running step answers later', async () => {
    const status = await collectStatus(bus);
    try {
      const published = (kind: string) => metricTotal(orchestratorUrl(), 'orchestrator_commands_published_total', { kind });
      const failedBefore = await consumedEvents('ActivityFailed');
      // Left alone, `slow` would fail once retryably, be retried, then hand over to the recorder's step.
      const { flow, executionId } = await start([
        { key: 'slow', next: ['after'], payload: { delayMs: 400, failTimes: 1 } },
        { key: 'after', processorId: recorderId },
      ]);
      const { stopOrchestration: stopped } = await client.data(stopMutation, { id: flow.flowId });
      expect(stopped).toMatchObject({ executionId, status: 'STOPPED', steps: [{ status: 'CANCELLED' }, { status: 'CANCELLED' }] });
      const publishedAtStop = [await published('dispatch'), await published('status')];
      await eventsReach('ActivityFailed', failedBefore, 1);
      await sleep(500); // longer than the retry backoff and a hop to any processor
      expect([await published('dispatch'), await published('status')]).toEqual(publishedAtStop);
      expect(recorder.commands.filter((command) => command.executionId === executionId)).toEqual([]);
      const versions = status.deliveries.filter((d) => d.body.executionId === executionId).map((d) => d.body.version);
      expect(Math.max(...versions)).toBe(stopped.version);
      expect(status.deliveries.find((d) => d.body.version === stopped.version && d.body.executionId === executionId)?.body.status).toBe('STOPPED');
      const execution = await stored(executionId);
      expect(execution).toMatchObject({ status: 'STOPPED', version: stopped.version, outbox: [] });
      expect(await bus.depth(processorQueue(echoId))).toBe(0);
      expect(await bus.depth(processorQueue(recorderId))).toBe(0);
    } finally {
      await status.cancel();
    }
  });

  it('should run concurrent flows correctly on two orchestrators and three processor instances', { timeout: 90_000 }, async () => {
    const second = await startExtraOrchestrator(kind, system, patient);
    const extras: RunningProcessor[] = [];
    try {
      for (const instanceId of ['echo-2', 'echo-3']) extras.push(await startExtraProcessor(kind, system, echoProcessor, instanceId, patient));
      expect(extras.map((processor) => processor.processorId)).toEqual([echoId, echoId]);
      const orchestrators = [orchestratorUrl(), second.server.url];
      const echoes = [system.processors[0]?.url as string, ...extras.map((processor) => processor.url)];
      const eventsBefore = await counts(orchestrators, EVENTS_CONSUMED, { type: 'ActivityExecuted' });
      const commandsBefore = await counts(echoes, COMMANDS_CONSUMED, { outcome: 'succeeded' });

      const graphs = [linear(20), fanOutJoin(6), fanOutJoin(6)];
      const flows: GraphFlow[] = [];
      for (const graph of graphs) flows.push(await createGraphFlow(client, echoId, graph));
      const started = await Promise.all(flows.map((flow, n) => client.data(startMutation, { id: flow.flowId, input: { n } })));
      const ids: string[] = started.map((answer) => answer.startOrchestration.executionId);
      await waitFor(async () => ((await Promise.all(ids.map(stored))).every((execution) => execution.status !== 'RUNNING') ? true : undefined), 60_000, 'every run to end', 250);
      const runs = await Promise.all(flows.map((flow) => waitForEnd(client, flow.flowId)));

      for (const [n, run] of runs.entries()) {
        expect(run.steps.filter((step) => step.status !== 'SUCCEEDED' || step.attempts !== 1)).toEqual([]);
        expect(run.status).toBe('COMPLETED');
        const step = (key: string) => run.steps.find((candidate) => flows[n]?.keyOf(candidate.step.id) === key);
        expect(step(graphs[n]?.[0]?.key as string)?.input).toEqual({ n });
        for (const { key, next = [] } of graphs[n] ?? []) {
          for (const nextKey of next.filter((candidate) => candidate !== 'join')) expect(step(nextKey)?.input).toEqual(step(key)?.output);
        }
      }
      const join = runs[1]?.steps.find((step) => flows[1]?.keyOf(step.step.id) === 'join');
      expect(Object.keys(join?.input as object).sort()).toEqual(Array.from({ length: 6 }, (_, i) => flows[1]?.stepIds[`b${i}`]).sort());

      // Every instance took part; duplicates are allowed (at-least-once), fewer than one per step are not.
      const steps = graphs.reduce((sum, graph) => sum + graph.length, 0);
      const events = await growth(orchestrators, EVENTS_CONSUMED, { type: 'ActivityExecuted' }, eventsBefore, steps);
      const commands = await growth(echoes, COMMANDS_CONSUMED, { outcome: 'succeeded' }, commandsBefore, steps);
      expect(events.every((count) => count > 0)).toBe(true);
      expect(commands.every((count) => count > 0)).toBe(true);
    } finally {
      for (const processor of extras) await processor.close();
      await second.close();
    }
  });

  /**
   * Each run's first command is answered at once, so its event races the start's own outbox
   * clean-up. Neither may lose: a command published twice shows as 3 commands given and a
   * status version broadcast twice; a lost transition as a run left RUNNING after both of its
   * commands were answered.
   */
  it('should publish each command and each status version once, in order, for runs started at once', async () => {
    const status = await collectStatus(bus);
    try {
      const flows: GraphFlow[] = [];
      for (let n = 0; n < 12; n += 1) flows.push(await createGraphFlow(client, recorderId, [{ key: 'a', next: ['b'] }, { key: 'b' }]));
      const started = await Promise.all(flows.map((flow) => client.data(startMutation, { id: flow.flowId })));
      const ids: string[] = started.map((answer) => answer.startOrchestration.executionId);
      const completed = async () => ((await Promise.all(ids.map(stored))).every((execution) => execution.status === 'COMPLETED') ? true : undefined);
      await waitFor(completed, 8_000, 'every run to complete', 50).catch(() => undefined);
      await sleep(300); // the last broadcasts and any stray command
      const summaries = (await Promise.all(ids.map(stored))).map((execution) => {
        const given = recorder.commands.filter((command) => command.executionId === execution.id).length;
        return `${execution.status}: ${Object.values(execution.steps).map((step) => step.status).join(', ')}; ${given} commands given`;
      });
      expect(summaries).toEqual(ids.map(() => 'COMPLETED: SUCCEEDED, SUCCEEDED; 2 commands given'));
      const versions = ids.map((id) => status.deliveries.filter((delivery) => delivery.body.executionId === id).map((delivery) => delivery.body.version));
      expect(versions).toEqual(ids.map(() => [1, 2, 3]));
    } finally {
      await status.cancel();
    }
  });
});
