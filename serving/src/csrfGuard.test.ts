import { request } from 'node:http';
import { createHttpApp, createLogger, createMetrics, finishHttpApp, listen, type RunningServer } from '@flow/platform';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRestRouter, type Execute, type ServedRoute } from './restRouter.js';

const id = '6f1c2a4e-1b2c-4d5e-8f90-123456789abc';
let executed: string[] = [];
const execute: Execute = async (query) => {
  executed.push(query);
  return {};
};
const answer = (status: number) => async (): Promise<{ status: number; body: unknown }> => ({ status, body: { ok: true } });
const routes: ServedRoute[] = [
  { method: 'POST', path: '/api/Thing', guidParams: [], requestBody: {}, handle: async (_r, run) => (await run('create'), { status: 201, body: {} }) },
  { method: 'DELETE', path: '/api/Thing/{id}', guidParams: ['id'], handle: async (_r, run) => (await run('delete'), { status: 204 }) },
  { method: 'POST', path: '/api/Run/start/{id}', guidParams: ['id'], optionalBody: {}, handle: async (_r, run) => (await run('start'), { status: 200, body: {} }) },
  { method: 'POST', path: '/api/Run/stop/{id}', guidParams: ['id'], handle: async (_r, run) => (await run('stop'), { status: 200, body: {} }) },
  { method: 'GET', path: '/api/Thing/{id}', guidParams: ['id'], handle: answer(200) },
];

let server: RunningServer;
beforeAll(async () => {
  const logger = createLogger('csrf-test', 'silent');
  const app = createHttpApp({ logger, metrics: createMetrics('csrf-test'), health: [] });
  app.use(createRestRouter(routes, execute, 1024));
  finishHttpApp(app, logger, { exposeDetails: true });
  server = await listen(app, 0, '127.0.0.1');
});
afterAll(() => server.close());
beforeEach(() => {
  executed = [];
});

/** node:http, as fetch would not send `Host`, `Origin` or `Sec-Fetch-Site` as given. */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; type: string; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, agent: false, method, path, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => {
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject).end(body);
  });
}

describe('simple-form content types on state-changing routes', () => {
  it.each([
    ['application/x-www-form-urlencoded', 'a=1'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'],
    ['text/plain', '{"name":"a"}'],
    ['text/plain', ''],
    ['application/x-www-form-urlencoded', ''],
  ])('should answer 415 problem+json to %s (body %j) on every write route and run nothing', async (contentType, body) => {
    for (const [method, path] of [['POST', '/api/Thing'], ['DELETE', `/api/Thing/${id}`], ['POST', `/api/Run/start/${id}`], ['POST', `/api/Run/stop/${id}`]] as const) {
      const answer = await send(method, path, { 'content-type': contentType }, body);
      expect(answer.status, `${method} ${path}`).toBe(415);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    expect(executed).toEqual([]);
  });

  it('should answer 415 to a body without a Content-Type', async () => {
    expect((await send('POST', `/api/Run/stop/${id}`, {}, 'a=1')).status).toBe(415);
    expect((await send('POST', `/api/Run/start/${id}`, {}, '{}')).status).toBe(415);
    expect(executed).toEqual([]);
  });

  it('should accept JSON, with a charset too, and bodyless calls without a Content-Type', async () => {
    expect((await send('POST', '/api/Thing', { 'content-type': 'application/json; charset=utf-8' }, '{}')).status).toBe(201);
    expect((await send('POST', `/api/Run/start/${id}`, { 'content-type': 'application/json' }, '{"input":1}')).status).toBe(200);
    expect((await send('POST', `/api/Run/start/${id}`)).status).toBe(200);
    expect((await send('POST', `/api/Run/stop/${id}`)).status).toBe(200);
    expect((await send('DELETE', `/api/Thing/${id}`)).status).toBe(204);
    expect(executed).toEqual(['create', 'start', 'start', 'stop', 'delete']);
  });

  it('should leave GET routes alone whatever they carry', async () => {
    expect((await send('GET', `/api/Thing/${id}`, { 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })).status).toBe(200);
  });
});

describe('cross-site callers of state-changing routes', () => {
  it.each([
    [{ 'sec-fetch-site': 'cross-site' }],
    [{ origin: 'https://evil.example' }],
    [{ origin: 'null' }],
    [{ origin: 'http://127.0.0.1:1' }],
    [{ origin: 'http://localhost' }],
    [{ 'sec-fetch-site': 'same-site', origin: 'https://evil.example' }],
  ])('should answer 403 problem+json to a bodyless POST or DELETE with %j and run nothing', async (headers) => {
    for (const [method, path] of [['POST', `/api/Run/start/${id}`], ['POST', `/api/Run/stop/${id}`], ['DELETE', `/api/Thing/${id}`]] as const) {
      const answer = await send(method, path, headers);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    }
    expect((await send('POST', '/api/Thing', { 'content-type': 'application/json', ...headers }, '{}')).status).toBe(403);
    expect(executed).toEqual([]);
  });

  it.each([
    [{ 'sec-fetch-site': 'same-origin' }],
    [{ 'sec-fetch-site': 'same-site' }],
    [{ 'sec-fetch-site': 'none' }],
    [{ origin: 'ORIGIN' }],
    [{ 'sec-fetch-site': 'same-origin', origin: 'ORIGIN' }],
  ])('should serve a same-origin, same-site or header-less caller: %j', async (headers) => {
    const withOrigin = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value === 'ORIGIN' ? `http://127.0.0.1:${server.port}` : value]));
    expect((await send('POST', `/api/Run/stop/${id}`, withOrigin)).status).toBe(200);
  });

  it('should compare the Origin with Host, default ports included', async () => {
    expect((await send('POST', `/api/Run/stop/${id}`, { host: 'flow.example.com', origin: 'https://flow.example.com' })).status).toBe(200);
    expect((await send('POST', `/api/Run/stop/${id}`, { host: 'flow.example.com:443', origin: 'https://flow.example.com' })).status).toBe(200);
    expect((await send('POST', `/api/Run/stop/${id}`, { host: 'flow.example.com:8443', origin: 'https://flow.example.com' })).status).toBe(403);
    expect((await send('POST', `/api/Run/stop/${id}`, { host: 'flow.example.com', origin: 'https://flow.example.com.evil.example' })).status).toBe(403);
  });
});
