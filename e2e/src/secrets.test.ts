import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { System } from '@flow/launcher';
import { echoProcessor } from '@flow/processor-echo';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphFlow } from './flowFixtures.js';
import { graphqlClient, startTestSystem, stopTestSystem, type GraphQLClient } from './harness.js';
import { orchestrationKinds } from './orchestrationHarness.js';

/**
 * Issue 13, "Secrets", on real processes and servers: a configuration error does not print
 * the secret it holds, and in production no answer (GraphQL, REST, `/health`) names an
 * internal host or port, even when a dependency is down and its connection error says where.
 */
const SECRET = 'Sup3r-S3cret-pa55word';
const root = new URL('../../', import.meta.url);

describe('a process started with a bad configuration holding a secret', () => {
  it('should exit 78 naming every bad variable, printing no secret', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'orchestrator/src/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0',
        MONGODB_URI: `mongodb//flow:${SECRET}@db.internal:27017/flow`,
        RABBITMQ_URL: `http://flow:${SECRET}@rabbit.internal:5672`,
        HAZELCAST_ADDRESSES: `admin:${SECRET}@hz.internal`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(78);
    for (const name of ['MONGODB_URI', 'RABBITMQ_URL', 'HAZELCAST_ADDRESSES']) expect(output).toContain(name);
    expect(output).not.toContain(SECRET);
  }, 60_000);
});

const realServers = orchestrationKinds.find((kind) => kind.backend === 'mongo');

describe.skipIf(!realServers)('the system in production with a subgraph down (real servers)', () => {
  let system: System;
  let client: GraphQLClient;
  let stepPort: string;
  let flowId: string;
  /** What must not appear in any answer: the loopback address and the port of the subgraph that is down. */
  const leaks = (text: string) => ['127.0.0.1', 'localhost', `:${stepPort}`, 'ECONNREFUSED 1'].filter((part) => text.includes(part));

  beforeAll(async () => {
    system = await startTestSystem('mongo', { processors: [echoProcessor] }, { ...realServers?.env, NODE_ENV: 'production' });
    client = graphqlClient(system.gatewayUrl);
    const flow = await createGraphFlow(client, system.processors[0]?.processorId as string, [{ key: 'a' }]);
    flowId = flow.flowId;
    stepPort = new URL(system.subgraphUrls.step).port;
    await system.stopSubgraph('step');
  });
  afterAll(() => stopTestSystem(system));

  it('should answer a GraphQL query SERVICE_UNAVAILABLE without the subgraph\'s host or port', async () => {
    const result = await client.request('{ steps(first: 1) { totalCount } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(result.errors?.[0]?.message).toMatch(/^The step subgraph cannot be reached/);
    expect(leaks(JSON.stringify(result))).toEqual([]);
  });

  it('should refuse a start whose flow cannot be read without naming where the orchestrator looked', async () => {
    const result = await client.request('mutation($id: ID!) { startOrchestration(orchestratedFlowId: $id) { executionId } }', { id: flowId });
    expect(result.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(leaks(JSON.stringify(result))).toEqual([]);
  });

  it('should answer REST 503 without the subgraph\'s host or port', async () => {
    const response = await fetch(`${system.gatewayUrl.replace(/\/graphql$/, '')}/api/Step`);
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(leaks(text)).toEqual([]);
  });

  it('should report /health Unhealthy on the gateway and the orchestrator, naming no host or port', async () => {
    for (const url of [system.gatewayUrl.replace(/\/graphql$/, ''), system.orchestration.server.url]) {
      const response = await fetch(`${url}/health`);
      const text = await response.text();
      expect(JSON.parse(text).checks['subgraph:step']).toMatchObject({ status: expect.stringMatching(/Unhealthy|Degraded/), error: expect.any(String) });
      expect(leaks(text)).toEqual([]);
    }
  });
});
