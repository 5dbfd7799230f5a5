import { afterEach, describe, expect, it } from 'vitest';
import { graphqlHealthCheck, type HealthCheck } from './health.js';
import { createHttpApp, finishHttpApp, listen, type RunningServer } from './http.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(health: HealthCheck[]): Promise<string> {
  const logger = createLogger('health-test', 'silent');
  const app = createHttpApp({ logger, metrics: createMetrics('health-test'), health });
  finishHttpApp(app, logger, { exposeDetails: false });
  running = await listen(app, 0, '127.0.0.1');
  return running.url;
}

describe('readiness and liveness', () => {
  it('should answer /health/live 200 without running any dependency check', async () => {
    let checked = 0;
    const url = await start([{ name: 'store', check: async () => { checked += 1; throw new Error('down'); } }]);
    const response = await fetch(`${url}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'Healthy', checks: {} });
    expect(checked).toBe(0);
  });

  it('should answer /health/ready like /health: 503 Unhealthy while a critical dependency fails', async () => {
    const url = await start([{ name: 'store', check: async () => { throw new Error('ECONNREFUSED'); } }]);
    for (const path of ['/health', '/health/ready']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status, path).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'Unhealthy', checks: { store: { status: 'Unhealthy', error: 'ECONNREFUSED' } } });
    }
  });

  it('should report a peer GraphQL service that does not answer as Degraded, not Unhealthy', async () => {
    const url = await start([graphqlHealthCheck('subgraph:step', () => 'http://127.0.0.1:1/graphql')]);
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'Degraded', checks: { 'subgraph:step': { status: 'Degraded' } } });
  });

  it('should export health_status and health_check_status as the seed numbers them', async () => {
    const url = await start([
      { name: 'store', check: async () => undefined },
      { name: 'cache', critical: false, check: async () => { throw new Error('timeout'); } },
    ]);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/^health_status\{service="health-test"\} 1$/m);
    expect(text).toMatch(/^health_check_status\{check="store",service="health-test"\} 0$/m);
    expect(text).toMatch(/^health_check_status\{check="cache",service="health-test"\} 1$/m);
  });
});
