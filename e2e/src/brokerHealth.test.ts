import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { System } from '@flow/launcher';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopTestSystem } from './harness.js';
import { runOneFlow } from './metricsScrape.js';
import { realServersEnv, startOrchestrationSystem } from './orchestrationHarness.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Stops or starts the RabbitMQ application of the infra node (infra/lib.sh), leaving its Erlang
 * VM up: gentler and faster than killing the node, and the broker refuses connections meanwhile.
 */
async function rabbitApp(action: 'stop_app' | 'start_app'): Promise<void> {
  const script = `source infra/lib.sh && rabbit_env && "$RABBITMQ_BIN/rabbitmqctl" -q ${action}`;
  await promisify(execFile)('bash', ['-c', script], { cwd: repoRoot, timeout: 60_000 });
}

interface Health {
  httpStatus: number;
  status: string;
  checks: Record<string, { status: string; error?: string }>;
}

async function health(url: string, path = '/health'): Promise<Health> {
  const response = await fetch(`${url}${path}`);
  const body = (await response.json()) as Omit<Health, 'httpStatus'>;
  return { httpStatus: response.status, ...body };
}

async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const skipped = realServersEnv ? '' : ' (skipped: the real servers are not all reachable)';

describe.skipIf(!realServersEnv)(`health of the orchestrator and a processor while RabbitMQ stops and starts again${skipped}`, () => {
  let system: System;
  let url: string;
  let stopped = false;

  beforeAll(async () => {
    system = await startOrchestrationSystem({ name: 'real servers', backend: 'mongo', env: realServersEnv ?? {} });
    url = system.orchestration.server.url;
  });
  afterAll(async () => {
    // Whatever failed, the shared broker must be running again for the tests after this one.
    if (stopped) await rabbitApp('start_app');
    await stopTestSystem(system);
  }, 120_000);

  it('should be Healthy with its database, broker, cache and subgraphs checked', async () => {
    const report = await health(url);
    expect(report).toMatchObject({ httpStatus: 200, status: 'Healthy' });
    expect(Object.keys(report.checks)).toEqual(expect.arrayContaining(['executions', 'rabbitmq', 'hazelcast', 'subgraph:step']));
    expect(await health(url, '/health/ready')).toMatchObject({ httpStatus: 200, status: 'Healthy' });
  });

  it('should turn Unhealthy (503) while RabbitMQ is stopped, staying live, and Healthy again once it is back, without a restart', async () => {
    stopped = true;
    await rabbitApp('stop_app');
    await eventually('the orchestrator to report RabbitMQ down', async () => (await health(url)).httpStatus === 503);
    const down = await health(url);
    expect(down.status).toBe('Unhealthy');
    expect(down.checks.rabbitmq?.status).toBe('Unhealthy');
    expect(down.checks.executions?.status).toBe('Healthy');
    expect(await health(url, '/health/live')).toMatchObject({ httpStatus: 200, status: 'Healthy' });
    // The processor, on the same broker, says so too.
    const processorUrl = (system.processors[0] as { url: string }).url;
    await eventually('the processor to report RabbitMQ down', async () => (await health(processorUrl)).httpStatus === 503);

    await rabbitApp('start_app');
    stopped = false;
    await eventually('the orchestrator to reconnect', async () => (await health(url)).httpStatus === 200);
    expect(await health(url)).toMatchObject({ status: 'Healthy', checks: { rabbitmq: { status: 'Healthy' } } });
    await eventually('the processor to reconnect', async () => (await health(processorUrl)).httpStatus === 200);
    // The same process runs flows again: its consumers came back with the connection.
    expect((await runOneFlow(system)).status).toBe('COMPLETED');
  }, 120_000);
});
