import { request } from 'node:http';
import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema, uniqueName } from './fixtures.js';
import { createGraphFlow, waitForEnd } from './flowFixtures.js';
import { graphqlClient, stopTestSystem, type GraphQLClient } from './harness.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';
import { expectAnswer } from './restClient.js';

/** What a browser sends that fetch would not let a test send: Host, Origin, Sec-Fetch-Site. */
interface Raw {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}
interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

function send(base: string, { method, path, headers = {}, body }: Raw): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, agent: false, headers: { host: url.host, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => {
        const answerHeaders = new Headers(Object.entries(res.headers).map(([name, value]) => [name, String(value)] as [string, string]));
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, headers: answerHeaders, text, body: parsed });
      });
    });
    req.on('error', reject).end(body);
  });
}

const runsQuery = 'query($id: ID!) { executions(orchestratedFlowId: $id, first: 5) { totalCount } orchestrationStatus(orchestratedFlowId: $id) { status } }';
const schemaCount = 'query { schemas { totalCount } }';
const evil = 'https://evil.example';
const schemaBody = (): string => JSON.stringify({ version: '1.0', name: uniqueName('csrf'), definition: '{}' });

/**
 * CSRF and DNS rebinding, as a hostile page would attempt them through a victim's browser,
 * on the gateway and on the processes' own ports: each refusal is the precise status and
 * problem, and nothing is written. The system runs with ALLOWED_HOSTS=flow.example.com; the
 * tests reach it on 127.0.0.1, a name its own URLs use and thus allowed.
 */
describe.each(orchestrationKinds)('CSRF and host checks ($name)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let echoId: string;
  let ports: Record<'gateway' | 'orchestrator' | 'schema', string>;

  beforeAll(async () => {
    system = await startOrchestrationSystem(kind, { ALLOWED_HOSTS: 'flow.example.com' });
    client = graphqlClient(system.gatewayUrl);
    echoId = (system.processors[0] as { processorId: string }).processorId;
    const base = (url: string): string => url.replace(/\/graphql$/, '');
    ports = { gateway: base(system.gatewayUrl), orchestrator: base(system.subgraphUrls.orchestrator), schema: base(system.subgraphUrls.schema) };
  });
  afterAll(() => stopTestSystem(system));

  /** A flow that is ready to start: its one step echoes after `delayMs`. */
  const readyFlow = async (delayMs = 0): Promise<string> =>
    (await createGraphFlow(client, echoId, [{ key: 'a', payload: { delayMs } }])).flowId;
  const runsOf = (flowId: string) => client.data(runsQuery, { id: flowId });
  const schemas = async (): Promise<number> => (await client.data(schemaCount)).schemas.totalCount as number;

  it.each(['gateway', 'orchestrator'] as const)('should refuse a form post to start a flow on the %s with 415 and create no execution', async (port) => {
    const flowId = await readyFlow();
    for (const body of ['input=%7B%7D', '']) {
      const call = { method: 'POST', path: `/api/Orchestration/start/${flowId}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body };
      const answer = await send(ports[port], call);
      expectAnswer(answer, call, 415);
      expect(answer.body.detail).toContain('application/json');
    }
    for (const contentType of ['multipart/form-data; boundary=x', 'text/plain']) {
      const call = { method: 'POST', path: `/api/Orchestration/start/${flowId}`, headers: { 'content-type': contentType }, body: '' };
      expectAnswer(await send(ports[port], call), call, 415);
    }
    expect(await runsOf(flowId)).toEqual({ executions: { totalCount: 0 }, orchestrationStatus: null });
  });

  it.each(['gateway', 'schema'] as const)('should refuse a text/plain create of a Schema on the %s with 415 and store nothing', async (port) => {
    const before = await schemas();
    const call = { method: 'POST', path: '/api/Schema', headers: { 'content-type': 'text/plain' }, body: schemaBody() };
    expectAnswer(await send(ports[port], call), call, 415);
    expect(await schemas()).toBe(before);
  });

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Origin: https://evil.example', { origin: evil }],
    ['both', { 'sec-fetch-site': 'cross-site', origin: evil }],
  ])('should refuse a bodyless cross-site start and stop (%s) with 403 and change no run', async (_name, headers) => {
    const idle = await readyFlow();
    const running = await readyFlow(30_000);
    const started = await send(ports.gateway, { method: 'POST', path: `/api/Orchestration/start/${running}` });
    expect(started.status).toBe(200);
    for (const port of ['gateway', 'orchestrator'] as const) {
      const start = { method: 'POST', path: `/api/Orchestration/start/${idle}`, headers };
      expectAnswer(await send(ports[port], start), start, 403);
      const stop = { method: 'POST', path: `/api/Orchestration/stop/${running}`, headers };
      const answer = await send(ports[port], stop);
      expectAnswer(answer, stop, 403);
      expect(answer.body.code).toBe('FORBIDDEN');
    }
    expect(await runsOf(idle)).toEqual({ executions: { totalCount: 0 }, orchestrationStatus: null });
    expect(await runsOf(running)).toEqual({ executions: { totalCount: 1 }, orchestrationStatus: { status: 'RUNNING' } });
    // The header-less CLI call still stops it.
    const stop = await send(ports.orchestrator, { method: 'POST', path: `/api/Orchestration/stop/${running}` });
    expect(stop.status).toBe(200);
    expect(stop.body).toMatchObject({ orchestratedFlowId: running, status: 'Stopped' });
  });

  it('should refuse a cross-site DELETE of an entity with 403 and keep it', async () => {
    const id = await createSchema(client);
    for (const port of ['gateway', 'schema'] as const) {
      const call = { method: 'DELETE', path: `/api/Schema/${id}`, headers: { origin: evil } };
      expectAnswer(await send(ports[port], call), call, 403);
    }
    expect((await client.data('query($id: ID!) { schema(id: $id) { id } }', { id })).schema).toEqual({ id });
  });

  it.each(['gateway', 'orchestrator', 'schema'] as const)('should answer 421 to a rebound Host on the %s, reads included, and write nothing', async (port) => {
    const flowId = await readyFlow();
    const host = `evil.example:${new URL(ports[port]).port}`;
    const path = port === 'schema' ? '/api/Schema' : `/api/Orchestration/start/${flowId}`;
    const before = await schemas();
    const write = await send(ports[port], {
      method: 'POST', path, headers: { host, 'content-type': 'application/json' }, body: schemaBody(),
    });
    expect(write.status).toBe(421);
    expect(write.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(write.body).toMatchObject({ status: 421, code: 'MISDIRECTED_REQUEST', title: 'Misdirected Request' });
    const read = await send(ports[port], { method: 'GET', path: port === 'schema' ? '/api/Schema' : `/api/Orchestration/status/${flowId}`, headers: { host } });
    expect(read.status).toBe(421);
    const graphql = await send(ports[port], {
      method: 'POST', path: '/graphql', headers: { host, 'content-type': 'application/json' }, body: JSON.stringify({ query: schemaCount }),
    });
    expect(graphql.status).toBe(421);
    expect(graphql.body.errors[0].extensions.code).toBe('MISDIRECTED_REQUEST');
    expect((await send(ports[port], { method: 'GET', path: '/health/live', headers: { host: '10.0.0.9' } })).status).toBe(200);
    expect(await schemas()).toBe(before);
    expect(await runsOf(flowId)).toEqual({ executions: { totalCount: 0 }, orchestrationStatus: null });
  });

  it('should refuse a WebSocket upgrade from a rebound Host with 421 and accept one from a listed Host', async () => {
    const upgrade = (host: string): Promise<number> => {
      const url = new URL(ports.gateway);
      return new Promise((resolve, reject) => {
        const req = request({
          host: url.hostname, port: url.port, path: '/graphql', agent: false,
          headers: {
            host, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13',
            'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-protocol': 'graphql-transport-ws',
          },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject).end();
      });
    };
    expect(await upgrade(`evil.example:${new URL(ports.gateway).port}`)).toBe(421);
    expect(await upgrade('flow.example.com')).toBe(101);
  });

  it('should serve a listed Host, JSON writes, same-origin browser writes and header-less CLI starts', async () => {
    const before = await schemas();
    const created = await send(ports.gateway, {
      method: 'POST', path: '/api/Schema', headers: { host: 'flow.example.com', 'content-type': 'application/json' }, body: schemaBody(),
    });
    expect(created.status).toBe(201);
    const sameOrigin = await send(ports.schema, {
      method: 'POST', path: '/api/Schema',
      headers: { origin: ports.schema, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json; charset=utf-8' },
      body: schemaBody(),
    });
    expect(sameOrigin.status).toBe(201);
    expect(await schemas()).toBe(before + 2);
    const flowId = await readyFlow();
    const started = await send(ports.gateway, { method: 'POST', path: `/api/Orchestration/start/${flowId}` });
    expect(started.status).toBe(200);
    expect((await waitForEnd(client, flowId)).status).toBe('COMPLETED');
  });

  it.each(['gateway', 'schema'] as const)('should refuse a simple-form POST of a mutation to /graphql on the %s (Apollo CSRF prevention) and store nothing', async (port) => {
    const before = await schemas();
    const mutation = 'mutation { createSchema(input: { version: "1.0", name: "csrf-form", definition: "{}" }) { id } }';
    for (const [contentType, body] of [
      ['text/plain', JSON.stringify({ query: mutation })],
      ['application/x-www-form-urlencoded', `query=${encodeURIComponent(mutation)}`],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${mutation}\r\n--x--\r\n`],
    ] as const) {
      const answer = await send(ports[port], { method: 'POST', path: '/graphql', headers: { 'content-type': contentType }, body });
      expect(answer.status, `${contentType}: ${answer.text}`).toBe(400);
      expect(answer.text).toContain('CSRF');
    }
    expect(await schemas()).toBe(before);
  });
});
