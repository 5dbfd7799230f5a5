import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isAllowedHost, parseHost } from './allowedHosts.js';
import { createHttpApp, finishHttpApp, listen, type RunningServer } from './http.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';

describe('parseHost', () => {
  it.each([
    ['example.com', { name: 'example.com', port: undefined }],
    ['Example.COM:4000', { name: 'example.com', port: '4000' }],
    ['example.com.:4000', { name: 'example.com', port: '4000' }],
    ['127.0.0.1:80', { name: '127.0.0.1', port: '80' }],
    ['[::1]:4000', { name: '[::1]', port: '4000' }],
    ['[::1]', { name: '[::1]', port: undefined }],
  ])('should read %j', (header, expected) => {
    expect(parseHost(header)).toEqual(expected);
  });

  it.each([undefined, '', 'a b', 'evil.example/x', 'user@host', ':4000', 'host:port'])('should refuse %j', (header) => {
    expect(parseHost(header)).toBeUndefined();
  });
});

describe('isAllowedHost', () => {
  const allowed = ['flow.example.com', 'localhost:4000', '[::1]:4000'];

  it('should allow a listed name on any port when the entry has none', () => {
    expect(isAllowedHost('flow.example.com', allowed)).toBe(true);
    expect(isAllowedHost('FLOW.example.com:8443', allowed)).toBe(true);
  });

  it('should allow an entry with a port only on that port, named in the header', () => {
    expect(isAllowedHost('localhost:4000', allowed)).toBe(true);
    expect(isAllowedHost('[::1]:4000', allowed)).toBe(true);
    expect(isAllowedHost('localhost:4001', allowed)).toBe(false);
    expect(isAllowedHost('localhost', allowed)).toBe(false);
  });

  it('should refuse other names, look-alikes and a missing Host', () => {
    expect(isAllowedHost('evil.example', allowed)).toBe(false);
    expect(isAllowedHost('flow.example.com.evil.example', allowed)).toBe(false);
    expect(isAllowedHost('example.com', allowed)).toBe(false);
    expect(isAllowedHost(undefined, allowed)).toBe(false);
  });
});

describe('the Host check of the HTTP edge', () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  async function start(allowedHosts: readonly string[] | undefined): Promise<number> {
    const logger = createLogger('host-test', 'silent');
    const app = createHttpApp({ logger, metrics: createMetrics('host-test'), health: [], allowedHosts });
    app.post('/api/thing', (_req, res) => {
      res.status(201).json({ ok: true });
    });
    app.post('/graphql', (_req, res) => {
      res.json({ data: { ok: true } });
    });
    finishHttpApp(app, logger, { exposeDetails: false });
    running = await listen(app, 0, '127.0.0.1');
    return running.port;
  }

  /** fetch cannot set `Host`; node:http can, as a rebinding page's browser does. */
  function send(port: number, method: string, path: string, host: string): Promise<{ status: number; type: string; body: any }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, headers: { host } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => {
          const type = String(res.headers['content-type']);
          resolve({ status: res.statusCode ?? 0, type, body: type.includes('json') ? JSON.parse(text) : text });
        });
      });
      req.on('error', reject).end();
    });
  }

  it('should answer 421 problem+json to a Host that is not listed', async () => {
    const port = await start(['flow.example.com']);
    const answer = await send(port, 'POST', '/api/thing', `evil.example:${port}`);
    expect(answer.status).toBe(421);
    expect(answer.type).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 421, code: 'MISDIRECTED_REQUEST', title: 'Misdirected Request', instance: '/api/thing' });
  });

  it('should answer 421 as a GraphQL error body on /graphql', async () => {
    const port = await start(['flow.example.com']);
    const answer = await send(port, 'POST', '/graphql', 'evil.example');
    expect(answer.status).toBe(421);
    expect(answer.body.errors[0].extensions).toEqual({ code: 'MISDIRECTED_REQUEST' });
  });

  it('should serve a listed Host', async () => {
    const port = await start(['flow.example.com']);
    expect((await send(port, 'POST', '/api/thing', 'flow.example.com')).status).toBe(201);
  });

  it.each(['/health', '/health/live', '/health/ready', '/metrics'])('should answer GET %s whatever the Host (probes use IPs)', async (path) => {
    const port = await start(['flow.example.com']);
    expect((await send(port, 'GET', path, `10.1.2.3:${port}`)).status).toBe(200);
  });

  it('should check no Host when ALLOWED_HOSTS is unset', async () => {
    const port = await start(undefined);
    expect((await send(port, 'POST', '/api/thing', 'evil.example')).status).toBe(201);
  });
});
