import type { System } from '@flow/launcher';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startChild, subgraphUrlEnv, type Child } from './childProcess.js';
import { createGraphFlow, statusQuery, type RunStatus } from './flowFixtures.js';
import { graphqlClient, stopTestSystem, uniqueDatabaseUri, startTestSystem, type GraphQLClient } from './harness.js';
import { fastOrchestration, realServersEnv } from './orchestrationHarness.js';

/**
 * Crash safety with real processes on the real servers: the entity managers and gateway run
 * in this process; the orchestrator and the processors run as child processes that the test
 * SIGKILLs mid-run.
 */
describe.skipIf(!realServersEnv)(`crash safety on the real servers${realServersEnv ? '' : ' (skipped: MongoDB, RabbitMQ or Hazelcast unreachable)'}`, () => {
  const databaseUri = uniqueDatabaseUri('crash');
  const children: Child[] = [];
  let system: System;
  let entities: GraphQLClient;
  let childEnv: Record<string, string>;

  beforeAll(async () => {
    system = await startTestSystem('mongo', {}, { ...(realServersEnv as Record<string, string>), MONGODB_URI: databaseUri });
    await system.orchestration.close(); // this test's orchestrator is a child process
    entities = graphqlClient(system.gatewayUrl);
    childEnv = {
      ...(realServersEnv as Record<string, string>), ...fastOrchestration, ...subgraphUrlEnv(system.subgraphUrls),
      NODE_ENV: 'test', LOG_LEVEL: 'warn', MONGODB_URI: databaseUri, GATEWAY_URL: system.gatewayUrl,
      ORCHESTRATOR_STEP_TIMEOUT_MS: '30000',
    };
  }, 60_000);
  afterAll(async () => {
    await Promise.all(children.map((child) => child.kill('SIGKILL')));
    await stopTestSystem(system);
  });

  const spawnOrchestrator = async (port: number) => {
    const child = await startChild('orchestrator/src/main.ts', childEnv, port);
    children.push(child);
    return child;
  };
  const spawnEcho = async () => {
    const child = await startChild('processors/echo/src/main.ts', childEnv, await freePort());
    children.push(child);
    return child;
  };
  const echoProcessorId = async (): Promise<string> =>
    (await entities.data('{ processorByKey(version: "1.0.0", name: "EchoProcessor") { id } }')).processorByKey.id as string;

  async function status(orchestratorUrl: string, flowId: string): Promise<RunStatus | null> {
    const response = await fetch(`${orchestratorUrl}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: statusQuery, variables: { id: flowId } }),
    });
    return ((await response.json()) as { data?: { orchestrationStatus: RunStatus | null } }).data?.orchestrationStatus ?? null;
  }

  async function until(orchestratorUrl: string, flowId: string, done: (run: RunStatus) => boolean, timeoutMs: number): Promise<RunStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await status(orchestratorUrl, flowId).catch(() => null);
      if (run && done(run)) return run;
      if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(run)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function start(orchestratorUrl: string, flowId: string): Promise<void> {
    const response = await fetch(`${orchestratorUrl}/api/Orchestration/start/${flowId}`, { method: 'POST' });
    expect(response.status).toBe(200);
  }

  it('should complete a 20-step run after the orchestrator is SIGKILLed mid-run and restarted', async () => {
    const port = await freePort();
    let orchestrator = await spawnOrchestrator(port);
    await spawnEcho();
    const keys = Array.from({ length: 20 }, (_, i) => `s${i}`);
    const flow = await createGraphFlow(entities, await echoProcessorId(), keys.map((key, i) => ({
      key, ...(i < 19 ? { next: [`s${i + 1}`] } : {}), payload: { delayMs: 60 },
    })));
    await start(orchestrator.url, flow.flowId);
    await until(orchestrator.url, flow.flowId, (run) => run.completedSteps >= 5, 30_000);
    await orchestrator.kill('SIGKILL');
    orchestrator = await spawnOrchestrator(port);
    const run = await until(orchestrator.url, flow.flowId, (r) => r.status !== 'RUNNING', 90_000);
    expect(run.status).toBe('COMPLETED');
    expect(run.steps.map((step) => step.status)).toEqual(Array(20).fill('SUCCEEDED'));
    expect(run.completedSteps).toBe(20);
  }, 180_000);

  it('should hand a command to another processor instance when the one handling it is SIGKILLed', async () => {
    const port = await freePort();
    const orchestrator = await spawnOrchestrator(port);
    for (const child of children.filter((c) => c !== orchestrator && c.url.length > 0)) await child.kill('SIGKILL');
    const instances = [await spawnEcho(), await spawnEcho()];
    const flow = await createGraphFlow(entities, await echoProcessorId(), [{ key: 'slow', payload: { delayMs: 3_000 } }]);
    await start(orchestrator.url, flow.flowId);
    const inFlight = async (child: Child) => /processor_in_flight\{[^}]*\} 1\b/.test(await (await fetch(`${child.url}/metrics`)).text());
    const deadline = Date.now() + 10_000;
    let busy: Child | undefined;
    while (!busy) {
      for (const instance of instances) if (await inFlight(instance)) busy = instance;
      if (Date.now() > deadline) throw new Error('no instance took the command');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const other = instances.find((instance) => instance !== busy) as Child;
    await busy.kill('SIGKILL');
    const run = await until(orchestrator.url, flow.flowId, (r) => r.status !== 'RUNNING', 30_000);
    expect(run.status).toBe('COMPLETED');
    expect(run.steps[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    const metrics = await (await fetch(`${other.url}/metrics`)).text();
    expect(metrics).toMatch(/processor_commands_consumed_total\{[^}]*outcome="succeeded"[^}]*\} 1\b/);
  }, 120_000);
});
