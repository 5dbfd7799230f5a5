import { Writable } from 'node:stream';
import type { System } from '@flow/launcher';
import { createLogger } from '@flow/platform';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from './fixtures.js';
import { graphqlClient, startTestSystem, stopTestSystem } from './harness.js';

/** Every log line of the system, parsed. */
function captureLogs(): { lines: Array<Record<string, unknown>>; stream: Writable } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('the gateway edge', () => {
  let system: System;
  const logs = captureLogs();
  const base = () => system.gatewayUrl.replace(/\/graphql$/, '');

  beforeAll(async () => {
    system = await startTestSystem('memory', { logger: createLogger('flow-orchestrator', 'debug', logs.stream) }, { NODE_ENV: 'development' });
  });
  afterAll(() => stopTestSystem(system));

  it('should echo a given correlation id and forward it to every subgraph the operation reaches', async () => {
    const client = graphqlClient(system.gatewayUrl, { 'x-correlation-id': 'trace-me-42' });
    const schemaId = await createSchema(graphqlClient(system.gatewayUrl));
    const response = await fetch(system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'trace-me-42' },
      body: JSON.stringify({ query: 'mutation($s: ID!) { createProcessor(input: { version: "1", name: "corr", inputSchemaId: $s, outputSchemaId: $s }) { id } }', variables: { s: schemaId } }),
    });
    expect(response.headers.get('x-correlation-id')).toBe('trace-me-42');
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    await client.data('{ processors { nodes { inputSchema { name } } } }');
    const services = new Set(logs.lines.filter((line) => line.correlationId === 'trace-me-42').map((line) => line.service));
    // processor (the mutation), schema (its reference check through _entities, then the query plan), gateway.
    expect(services).toEqual(new Set(['gateway', 'manager-processor', 'manager-schema']));
  });

  it('should generate a correlation id when none is given', async () => {
    const response = await fetch(`${base()}/health`);
    expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should serve Apollo Sandbox at / in development', async () => {
    const response = await fetch(`${base()}/`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/sandbox/i);
  });

  it('should expose HTTP, GraphQL and entity metrics', async () => {
    const gateway = await (await fetch(`${base()}/metrics`)).text();
    expect(gateway).toContain('http_request_duration_seconds_bucket');
    expect(gateway).toMatch(/graphql_operation_duration_seconds_count\{[^}]*operation="mutation",outcome="success"\} [1-9]/);
    const schemaManager = await (await fetch(system.subgraphUrls.schema.replace(/\/graphql$/, '/metrics'))).text();
    expect(schemaManager).toMatch(/manager_entities_created_total\{[^}]*entity="Schema"[^}]*\} [1-9]/);
    expect(schemaManager).toMatch(/manager_entities_queried_total\{[^}]*entity="Schema"/);
  });

  it('should answer 413 with a JSON error for a body over the limit', async () => {
    const response = await fetch(system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ schemas { totalCount } }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.errors[0]?.message).toContain('1048576 bytes');
  });

  it('should be Degraded, still ready and answering the other subgraphs, while a subgraph does not answer', async () => {
    expect((await fetch(`${base()}/health`)).status).toBe(200);
    await system.stopSubgraph('delivery');
    const response = await fetch(`${base()}/health`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(report.status).toBe('Degraded');
    expect(report.checks['subgraph:delivery']?.status).toBe('Degraded');
    expect(report.checks['subgraph:schema']?.status).toBe('Healthy');
    expect((await fetch(`${base()}/health/ready`)).status).toBe(200);
    expect(await graphqlClient(system.gatewayUrl).data('{ schemas { totalCount } }')).toEqual({ schemas: { totalCount: expect.any(Number) } });
  });
});

describe('the gateway with a critical subgraph (GATEWAY_CRITICAL_SUBGRAPHS)', () => {
  let system: System;
  beforeAll(async () => {
    system = await startTestSystem('memory', {}, { GATEWAY_CRITICAL_SUBGRAPHS: 'delivery, step' });
  });
  afterAll(() => stopTestSystem(system));

  it('should be Unhealthy (503) while that subgraph does not answer', async () => {
    const base = system.gatewayUrl.replace(/\/graphql$/, '');
    await system.stopSubgraph('delivery');
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(503);
    const report = (await response.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(report.status).toBe('Unhealthy');
    expect(report.checks['subgraph:delivery']?.status).toBe('Unhealthy');
  });
});

describe('the gateway in production', () => {
  let system: System;
  beforeAll(async () => {
    system = await startTestSystem('memory', {}, { NODE_ENV: 'production' });
  });
  afterAll(() => stopTestSystem(system));

  it('should never send stack traces, and keep the code and message of user errors', async () => {
    const result = await graphqlClient(system.gatewayUrl).request('{ schema(id: "nope") { id } }');
    const [error] = result.errors ?? [];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toContain('id must be a non-empty GUID');
    expect(JSON.stringify(result)).not.toContain('stacktrace');
  });

  it('should serve no landing page', async () => {
    const root = await fetch(system.gatewayUrl.replace(/\/graphql$/, '/'), { headers: { accept: 'text/html' } });
    expect(root.status).toBe(404);
    const endpoint = await fetch(system.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(await endpoint.text()).not.toMatch(/sandbox/i);
  });
});
