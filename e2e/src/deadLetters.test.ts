import type { System } from '@flow/launcher';
import { echoProcessor } from '@flow/processor-echo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphFlow, statusQuery, waitForEnd } from './flowFixtures.js';
import { graphqlClient, startTestSystem, stopTestSystem, type GraphQLClient } from './harness.js';
import { fastOrchestration, orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';
import { startExtraProcessor } from './orchestrationInstances.js';
import { expectAnswer, restClient, type RestAnswer, type RestCall } from './restClient.js';

const list = 'query($queue: String!, $first: Int, $after: ID) { deadLetters(queue: $queue, first: $first, after: $after) { total nodes { id queue reason deliveries deadLetteredAt body headers } } }';
const replay = 'mutation($queue: String!, $ids: [ID!]) { replayDeadLetters(queue: $queue, ids: $ids) }';
const discard = 'mutation($queue: String!, $ids: [ID!]) { discardDeadLetters(queue: $queue, ids: $ids) }';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Letter { id: string; queue: string; reason: string; deliveries: number | null; deadLetteredAt: string | null; body: string; headers: Record<string, string> }

/**
 * An operator's view of the dead letters: commands a processor gave up on (here, messages that
 * are not commands at all, refused as not retryable by the real Echo processor), listed with
 * why, replayed onto their queue, discarded, through the gateway's GraphQL and REST.
 */
describe.each(orchestrationKinds)('dead letters through the gateway ($name)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let queue: string;
  let rest: (call: RestCall) => Promise<RestAnswer>;

  beforeAll(async () => {
    system = await startOrchestrationSystem(kind);
    client = graphqlClient(system.gatewayUrl);
    queue = `processor.${(system.processors[0] as { processorId: string }).processorId}`;
    rest = restClient(system.gatewayUrl.replace(/\/graphql$/, ''));
  });
  afterAll(() => stopTestSystem(system));

  const letters = async (): Promise<{ total: number; nodes: Letter[] }> => (await client.data(list, { queue, first: 100 })).deadLetters;
  async function until(what: string, predicate: () => Promise<boolean>): Promise<void> {
    for (const deadline = Date.now() + 15_000; !(await predicate()); await sleep(100)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    }
  }
  /** Sends messages no processor can execute onto the processor's queue, and waits for them to be dead-lettered. */
  async function poison(bodies: unknown[]): Promise<Letter[]> {
    const before = (await letters()).total;
    for (const body of bodies) await system.orchestration.bus.publish(queue, body, { headers: { 'x-correlation-id': 'poison', authorization: 'Bearer secret' } });
    await until('the dead letters', async () => (await letters()).total === before + bodies.length);
    return (await letters()).nodes.slice(before);
  }

  it('should list dead letters oldest first with why, and without the sender\'s credentials', async () => {
    const [first, second] = await poison([{ poison: 1 }, { poison: 2 }]);
    expect(JSON.parse(first?.body ?? '')).toEqual({ poison: 1 });
    expect(JSON.parse(second?.body ?? '')).toEqual({ poison: 2 });
    expect(first).toMatchObject({ queue, deliveries: 1, headers: { 'x-correlation-id': 'poison' } });
    expect(first?.reason).toMatch(/^NON_RETRYABLE: /);
    expect(first?.headers).not.toHaveProperty('authorization');
    expect(Number.isNaN(Date.parse(first?.deadLetteredAt ?? ''))).toBe(false);
    // Paging by id: the one after the first.
    const page = (await client.data(list, { queue, first: 1, after: first?.id })).deadLetters;
    expect(page.nodes.map((letter: Letter) => letter.id)).toEqual([second?.id]);
  });

  it('should replay a named dead letter onto its queue (given up on again, still poison) and discard for good', async () => {
    const [one, two] = await poison([{ poison: 'replayed' }, { poison: 'discarded' }]);
    const total = (await letters()).total;
    expect((await client.data(replay, { queue, ids: [one?.id] })).replayDeadLetters).toBe(1);
    // The processor received it again as a first delivery and gave up on it again: a new dead letter.
    await until('the replayed letter back', async () => (await letters()).nodes.some((letter) => letter.body === one?.body && letter.id !== one?.id));
    expect((await letters()).total).toBe(total);
    expect((await client.data(discard, { queue, ids: [two?.id] })).discardDeadLetters).toBe(1);
    expect((await letters()).nodes.map((letter) => letter.id)).not.toContain(two?.id);
    expect((await client.data(discard, { queue, ids: ['no-such-letter'] })).discardDeadLetters).toBe(0);
    expect((await letters()).total).toBe(total - 1);
  });

  it('should refuse a queue that is not the orchestrator\'s or a processor\'s with BAD_USER_INPUT', async () => {
    for (const name of ['orders', 'processor.not-a-guid', `${queue}.dead`]) {
      const error = await client.error(list, { queue: name });
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('queue must be orchestrator.events or processor.<processorId>');
    }
    expect((await client.data(list, { queue: 'orchestrator.events' })).deadLetters.total).toBeGreaterThanOrEqual(0);
    // A cursor naming a dead letter that was replayed or discarded meanwhile.
    const gone = await client.error(list, { queue, after: 'gone' });
    expect(gone.extensions?.code).toBe('NOT_FOUND');
    expect(gone.message).toBe(`Dead letter of ${queue} gone was not found`);
  });

  it('should list, replay and discard over REST', async () => {
    await poison([{ poison: 'rest' }]);
    const get: RestCall = { method: 'GET', path: `/api/DeadLetters/${queue}?pageSize=100` };
    const listed = await rest(get);
    expectAnswer(listed, get, 200);
    const mine = (listed.body.items as Letter[]).find((letter) => letter.body === JSON.stringify({ poison: 'rest' }));
    expect(mine).toMatchObject({ queue, reason: expect.stringMatching(/^NON_RETRYABLE: /) });
    const discardAll: RestCall = { method: 'POST', path: `/api/DeadLetters/${queue}/discard` };
    const discarded = await rest(discardAll);
    expectAnswer(discarded, discardAll, 200);
    expect(discarded.body.count).toBe(listed.body.total);
    expect((await letters()).total).toBe(0);
    const bad: RestCall = { method: 'POST', path: `/api/DeadLetters/${queue}/replay`, json: { ids: [] } };
    expectAnswer(await rest(bad), bad, 400);
    for (const body of ['[null]', 'null', '"all"']) {
      const notAnObject: RestCall = { method: 'POST', path: `/api/DeadLetters/${queue}/discard`, raw: body, contentType: 'application/json' };
      expectAnswer(await rest(notAnObject), notAnObject, 400);
    }
    for (const query of ['pageSize=101', 'after=']) {
      const refused: RestCall = { method: 'GET', path: `/api/DeadLetters/${queue}?${query}` };
      expectAnswer(await rest(refused), refused, 400);
    }
    const badQueue: RestCall = { method: 'GET', path: '/api/DeadLetters/orders' };
    expectAnswer(await rest(badQueue), badQueue, 400);
  });
});

/**
 * The repair an operator makes: a processor instance deployed with a smaller MESSAGE_MAX_BYTES
 * than the orchestrator's gives up on a large command unread (MESSAGE_TOO_LARGE). Once an
 * instance with the right setting runs, replaying the dead letter lets the run complete, its
 * step still the same attempt. On the real servers only: the embedded twins share one bus, which
 * refuses a large message when it is sent instead.
 */
const realServers = orchestrationKinds.find((kind) => kind.backend === 'mongo');
describe.skipIf(!realServers)('a dead letter replayed after its cause was repaired (real servers)', () => {
  const kind = realServers as (typeof orchestrationKinds)[number];
  let system: System;
  let client: GraphQLClient;
  beforeAll(async () => {
    system = await startTestSystem(kind.backend, { processors: [] }, { ...fastOrchestration, ...kind.env, ORCHESTRATOR_STEP_TIMEOUT_MS: '120000' });
    client = graphqlClient(system.gatewayUrl);
  });
  afterAll(() => stopTestSystem(system));

  it('should complete the run once the command is replayed to a correctly configured instance', async () => {
    const misconfigured = await startExtraProcessor(kind, system, echoProcessor, 'small-messages', { MESSAGE_MAX_BYTES: '65536', STEP_OUTPUT_MAX_BYTES: '65536' });
    const queue = `processor.${misconfigured.processorId}`;
    const flow = await createGraphFlow(client, misconfigured.processorId, [{ key: 'a' }]);
    const input = { blob: 'x'.repeat(100_000) };
    await client.data('mutation($id: ID!, $input: JSON) { startOrchestration(orchestratedFlowId: $id, input: $input) { executionId } }', { id: flow.flowId, input });
    const letters = async (): Promise<Letter[]> => (await client.data(list, { queue })).deadLetters.nodes;
    for (const deadline = Date.now() + 15_000; (await letters()).length === 0; await sleep(100)) {
      if (Date.now() > deadline) throw new Error('the command was not dead-lettered');
    }
    const [letter] = await letters();
    expect(letter?.reason).toMatch(/^MESSAGE_TOO_LARGE: The message is \d+ bytes, more than a bus message may be \(65536, MESSAGE_MAX_BYTES\)/);
    expect((await client.data(statusQuery, { id: flow.flowId })).orchestrationStatus.status).toBe('RUNNING');

    await misconfigured.close();
    const fixed = await startExtraProcessor(kind, system, echoProcessor, 'fixed');
    try {
      expect((await client.data(replay, { queue })).replayDeadLetters).toBe(1);
      const run = await waitForEnd(client, flow.flowId);
      expect(run.status).toBe('COMPLETED');
      expect(run.steps.map((step) => step.attempts)).toEqual([1]);
      expect(await letters()).toEqual([]);
    } finally {
      await fixed.close();
    }
  });
});
