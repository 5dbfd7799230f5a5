import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { currentContext } from './context.js';
import { AppError, ErrorCode } from './errors.js';
import type { HealthCheck } from './health.js';
import { createHttpApp, finishHttpApp, listen, type RunningServer } from './http.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const BODY_LIMIT = 1024;

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** A tiny service on the shared HTTP edge: an echo route, a failing route and a /graphql route. */
async function start(health: HealthCheck[] = [], exposeDetails = false): Promise<string> {
  const logger = createLogger('http-test', 'silent');
  const app = createHttpApp({ logger, metrics: createMetrics('http-test'), health });
  const json = express.json({ limit: BODY_LIMIT });
  app.post('/echo', json, (req, res) => {
    res.json({ body: req.body, correlationId: currentContext()?.correlationId });
  });
  app.get('/boom', () => {
    throw new Error('connect ECONNREFUSED mongodb://admin:secret@db');
  });
  app.get('/conflict', () => {
    throw new AppError(ErrorCode.CONFLICT, 'Step s1 is referenced', { details: { referrers: ['w1'] } });
  });
  app.post('/graphql', json, (_req, res) => {
    res.json({ data: { ok: true } });
  });
  finishHttpApp(app, logger, { exposeDetails });
  running = await listen(app, 0, '127.0.0.1');
  return running.url;
}

/** The JSON body of a response, loosely typed: tests assert on its shape. */
const jsonOf = (response: Response): Promise<any> => response.json();

const postJson = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('correlation ids', () => {
  it('should echo a valid x-correlation-id and expose it to the request context', async () => {
    const url = await start();
    const response = await postJson(`${url}/echo`, '{}', { 'x-correlation-id': 'order-42.retry:1' });
    expect(response.headers.get('x-correlation-id')).toBe('order-42.retry:1');
    expect((await jsonOf(response)).correlationId).toBe('order-42.retry:1');
  });

  it('should generate a UUID when the caller sends none', async () => {
    const url = await start();
    const response = await postJson(`${url}/echo`, '{}');
    const id = response.headers.get('x-correlation-id');
    expect(id).toMatch(uuidPattern);
    expect((await jsonOf(response)).correlationId).toBe(id);
  });

  it.each(['has spaces in it', 'x'.repeat(129), 'semi;colon', '<script>'])(
    'should replace the invalid correlation id %j with a generated UUID',
    async (invalid) => {
      const url = await start();
      const response = await postJson(`${url}/echo`, '{}', { 'x-correlation-id': invalid });
      expect(response.headers.get('x-correlation-id')).toMatch(uuidPattern);
    },
  );

  it('should give each request without an id a different one', async () => {
    const url = await start();
    const [a, b] = await Promise.all([fetch(`${url}/health`), fetch(`${url}/health`)]);
    expect(a?.headers.get('x-correlation-id')).not.toBe(b?.headers.get('x-correlation-id'));
  });
});

describe('/health', () => {
  const passing: HealthCheck = { name: 'store', check: async () => 'pong' };
  const failingCritical: HealthCheck = { name: 'store', check: async () => { throw new Error('ECONNREFUSED'); } };
  const failingOptional: HealthCheck = { name: 'cache', critical: false, check: async () => { throw new Error('timeout'); } };

  it('should answer 200 Healthy when every check passes', async () => {
    const url = await start([passing]);
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    const report = await jsonOf(response);
    expect(report.status).toBe('Healthy');
    expect(report.checks.store).toMatchObject({ status: 'Healthy' });
  });

  it('should answer 200 Healthy with no checks at all', async () => {
    const url = await start();
    expect(await jsonOf(await fetch(`${url}/health`))).toEqual({ status: 'Healthy', checks: {} });
  });

  it('should answer 503 Unhealthy when a critical check fails, naming the failure', async () => {
    const url = await start([failingCritical, failingOptional]);
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(503);
    const report = await jsonOf(response);
    expect(report.status).toBe('Unhealthy');
    expect(report.checks.store).toMatchObject({ status: 'Unhealthy', error: 'ECONNREFUSED' });
    expect(report.checks.cache).toMatchObject({ status: 'Degraded', error: 'timeout' });
  });

  it('should answer 200 Degraded when only a non-critical check fails', async () => {
    const url = await start([passing, failingOptional]);
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    const report = await jsonOf(response);
    expect(report.status).toBe('Degraded');
    expect(report.checks.store.status).toBe('Healthy');
    expect(report.checks.cache.status).toBe('Degraded');
  });
});

describe('/metrics', () => {
  it('should expose http_request_duration_seconds labelled by route template and status', async () => {
    const url = await start();
    await postJson(`${url}/echo`, '{"a":1}');
    await fetch(`${url}/nowhere/else`);
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*method="POST"[^}]*route="\/echo"[^}]*status="200"[^}]*\} 1/);
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="unmatched"[^}]*status="404"/);
    expect(text).not.toContain('/nowhere/else');
    expect(text).toContain('service="http-test"');
  });
});

describe('request bodies', () => {
  it('should answer 413 problem+json for a JSON body over the limit', async () => {
    const url = await start();
    const response = await postJson(`${url}/echo`, JSON.stringify({ text: 'x'.repeat(BODY_LIMIT * 2) }));
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = await jsonOf(response);
    expect(problem).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', title: 'Payload Too Large' });
    expect(problem.detail).toContain(String(BODY_LIMIT));
  });

  it('should answer 400 problem+json for malformed JSON', async () => {
    const url = await start();
    const response = await postJson(`${url}/echo`, '{"name": ');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = await jsonOf(response);
    expect(problem).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', title: 'Bad Request', instance: '/echo' });
    expect(problem.detail).toMatch(/^Request body is not valid JSON/);
  });

  it('should accept a JSON body within the limit', async () => {
    const url = await start();
    const response = await postJson(`${url}/echo`, '{"name":"a"}');
    expect(response.status).toBe(200);
    expect((await jsonOf(response)).body).toEqual({ name: 'a' });
  });
});

describe('unknown routes and thrown errors', () => {
  it('should answer 404 problem+json for an unknown route', async () => {
    const url = await start();
    const response = await fetch(`${url}/api/Nope?x=1`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await jsonOf(response)).toEqual({
      type: 'about:blank',
      code: 'NOT_FOUND',
      title: 'Not Found',
      status: 404,
      detail: 'No route for GET /api/Nope',
      instance: '/api/Nope?x=1',
    });
  });

  it('should answer an AppError with its status and details', async () => {
    const url = await start();
    const response = await fetch(`${url}/conflict`);
    expect(response.status).toBe(409);
    expect(await jsonOf(response)).toMatchObject({
      code: 'CONFLICT', title: 'Conflict', status: 409, detail: 'Step s1 is referenced', details: { referrers: ['w1'] },
    });
  });

  it('should hide the message of an unexpected error when details are not exposed', async () => {
    const url = await start();
    const response = await fetch(`${url}/boom`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', title: 'Internal Server Error', status: 500, detail: 'Internal server error' });
    expect(text).not.toContain('secret');
  });
});

describe('errors under /graphql', () => {
  it('should answer GraphQL-shaped errors for malformed JSON', async () => {
    const url = await start();
    const response = await postJson(`${url}/graphql`, '{"query": ');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = await jsonOf(response);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(body.errors[0].message).toMatch(/^Request body is not valid JSON/);
  });

  it('should answer GraphQL-shaped errors for an oversized body', async () => {
    const url = await start();
    const response = await postJson(`${url}/graphql`, JSON.stringify({ query: `{ ${'a '.repeat(BODY_LIMIT)} }` }));
    expect(response.status).toBe(413);
    expect((await jsonOf(response)).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('should answer GraphQL-shaped errors for an unknown method on /graphql', async () => {
    const url = await start();
    const response = await fetch(`${url}/graphql`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(await jsonOf(response)).toEqual({
      errors: [{ message: 'No route for DELETE /graphql', extensions: { code: 'NOT_FOUND' } }],
    });
  });
});
