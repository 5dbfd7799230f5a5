import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('the limits configuration', () => {
  it('should default to limits that admit the product queries and refuse the issue 13 attacks', () => {
    expect(loadConfig('gateway', {}).limits).toEqual({
      graphql: { maxDepth: 12, maxCost: 100_000, maxAliases: 30, maxTokens: 2_000, maxDirectives: 50, persistedQueries: 'apq', safelistPath: undefined },
      rate: { ipPerSecond: 50, ipBurst: 200, userPerSecond: 20, userBurst: 100, trustProxyHops: 0 },
      websocket: { allowedOrigins: undefined, maxConnections: 10_000, maxConnectionsPerIp: 50, maxBufferedBytes: 1024 * 1024, maxQueuedResults: 100 },
    });
  });

  it('should read every variable', () => {
    const { limits } = loadConfig('gateway', {
      GRAPHQL_MAX_DEPTH: '5', GRAPHQL_MAX_COST: '10', GRAPHQL_MAX_ALIASES: '0', GRAPHQL_MAX_TOKENS: '100', GRAPHQL_MAX_DIRECTIVES: '1',
      GRAPHQL_PERSISTED_QUERIES: 'safelist', GRAPHQL_SAFELIST_PATH: '/etc/flow/manifest.json',
      RATE_LIMIT_IP_PER_SECOND: '0', RATE_LIMIT_IP_BURST: '5', RATE_LIMIT_USER_PER_SECOND: '3', RATE_LIMIT_USER_BURST: '4', TRUST_PROXY_HOPS: '1',
      ALLOWED_ORIGINS: 'https://Console.example.com/, http://localhost:3000', WS_MAX_CONNECTIONS: '7', WS_MAX_CONNECTIONS_PER_IP: '2',
      WS_MAX_BUFFERED_BYTES: '2048', WS_MAX_QUEUED_RESULTS: '9',
    });
    expect(limits.graphql).toMatchObject({ maxDepth: 5, maxCost: 10, maxAliases: 0, maxTokens: 100, maxDirectives: 1, persistedQueries: 'safelist', safelistPath: '/etc/flow/manifest.json' });
    expect(limits.rate).toEqual({ ipPerSecond: 0, ipBurst: 5, userPerSecond: 3, userBurst: 4, trustProxyHops: 1 });
    expect(limits.websocket).toEqual({
      allowedOrigins: ['https://console.example.com', 'http://localhost:3000'], maxConnections: 7, maxConnectionsPerIp: 2, maxBufferedBytes: 2048, maxQueuedResults: 9,
    });
    expect(loadConfig('gateway', { ALLOWED_ORIGINS: '*' }).limits.websocket.allowedOrigins).toBe('*');
  });

  it('should name each bad variable', () => {
    let problems: string[] = [];
    try {
      loadConfig('gateway', { GRAPHQL_MAX_DEPTH: '0', GRAPHQL_PERSISTED_QUERIES: 'safelist', ALLOWED_ORIGINS: 'console.example.com', RATE_LIMIT_IP_PER_SECOND: '-1' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      'GRAPHQL_SAFELIST_PATH must name the persisted query manifest when GRAPHQL_PERSISTED_QUERIES=safelist',
      'GRAPHQL_MAX_DEPTH must be an integer between 1 and 1000 (got "0")',
      'RATE_LIMIT_IP_PER_SECOND must be an integer between 0 and 1000000 (got "-1")',
      'ALLOWED_ORIGINS must be * or a comma-separated list of origins such as https://console.example.com (bad: "console.example.com")',
    ]);
  });
});
