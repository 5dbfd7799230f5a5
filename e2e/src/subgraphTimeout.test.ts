import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGateway, entityDefinitions, type Gateway } from '@flow/gateway';
import { createLogger, createMemoryBus, listen, loadConfig, subgraphNames, type Bus, type SubgraphName } from '@flow/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A subgraph that accepts connections and reads requests but never answers: the hung dependency
// the gateway must bound (a real socket, not a stub of the gateway's fetch).
let hung: Server;
const held: ServerResponse[] = [];
let gateway: Gateway;
let bus: Bus;
let gatewayUrl: string;
let closeGateway: () => Promise<void>;

beforeAll(async () => {
  hung = createServer((_request, response) => void held.push(response));
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  const hungUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/graphql`;
  const config = loadConfig('gateway', { NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', SUBGRAPH_TIMEOUT_MS: '400', SUBGRAPH_MAX_PENDING: '2' });
  bus = createMemoryBus();
  const urls = Object.fromEntries(subgraphNames.map((name) => [name, hungUrl])) as Record<SubgraphName, string>;
  gateway = await createGateway({ config, logger: createLogger('e2e-gateway', 'silent'), subgraphUrls: () => urls, entities: Object.values(entityDefinitions), bus });
  const server = await listen(gateway.app, 0, '127.0.0.1');
  gatewayUrl = `${server.url}/graphql`;
  closeGateway = async () => {
    server.server.closeAllConnections();
    await server.close();
  };
});

afterAll(async () => {
  held.forEach((response) => response.destroy());
  await closeGateway?.();
  await gateway?.close();
  await bus?.close();
  hung?.closeAllConnections();
  await new Promise((resolve) => hung?.close(resolve));
});

async function query(): Promise<{ ms: number; errors: Array<{ message: string; extensions?: { code?: string } }> }> {
  const started = performance.now();
  const response = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ schemas { totalCount } }' }) });
  const body = (await response.json()) as { errors: Array<{ message: string; extensions?: { code?: string } }> };
  return { ms: performance.now() - started, errors: body.errors };
}

describe('the gateway facing a hung subgraph', () => {
  it('should answer SERVICE_UNAVAILABLE once SUBGRAPH_TIMEOUT_MS has passed, instead of waiting minutes', async () => {
    const { ms, errors } = await query();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(errors[0]?.message).toBe('The schema subgraph did not answer within 400 ms (SUBGRAPH_TIMEOUT_MS)');
    expect(ms).toBeGreaterThanOrEqual(390);
    expect(ms).toBeLessThan(5_000);
  });

  it('should refuse at once a call beyond SUBGRAPH_MAX_PENDING, and take calls again once the queue drains', async () => {
    const before = held.length;
    const waiting = [query(), query()];
    while (held.length < before + 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const refused = await query();
    expect(refused.errors[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(refused.errors[0]?.message).toBe('The schema subgraph already has 2 calls pending (SUBGRAPH_MAX_PENDING); try again later');
    expect(refused.ms).toBeLessThan(390);
    const timedOut = await Promise.all(waiting);
    expect(timedOut.map(({ errors }) => errors[0]?.message)).toEqual([
      'The schema subgraph did not answer within 400 ms (SUBGRAPH_TIMEOUT_MS)', 'The schema subgraph did not answer within 400 ms (SUBGRAPH_TIMEOUT_MS)',
    ]);
    expect((await query()).errors[0]?.message).toMatch(/did not answer within 400 ms/);
  });
});
