import type { Reader } from './configReader.js';

/**
 * Abuse limits (README "Limits"): what one GraphQL operation may ask, how often one caller may
 * ask, and what one WebSocket client may hold. Every limit has a default that admits what the
 * product itself sends (the deep entity-graph query, the subscription status query) and refuses
 * the attacks of issue 13.
 */
export interface LimitsConfig {
  graphql: Readonly<GraphqlLimitsConfig>;
  rate: Readonly<RateLimitConfig>;
  websocket: Readonly<WebSocketLimitsConfig>;
}

/** Per operation, on the gateway and on every subgraph (GraphQL Armor). */
export interface GraphqlLimitsConfig {
  /** GRAPHQL_MAX_DEPTH: nesting of fields (fragments flattened), default 12; the deep entity-graph query has 8. */
  maxDepth: number;
  /** GRAPHQL_MAX_COST: GraphQL Armor's cost (objects 2, scalars 1, x1.5 per level, x a literal `first`), default 100,000; the bench's 100-flow deep query costs 52,203. */
  maxCost: number;
  /** GRAPHQL_MAX_ALIASES: aliases in one operation, default 30. */
  maxAliases: number;
  /** GRAPHQL_MAX_TOKENS: lexical tokens of one document, default 2,000; the deep query has 134. */
  maxTokens: number;
  /** GRAPHQL_MAX_DIRECTIVES: directives in one operation, default 50. */
  maxDirectives: number;
  /**
   * GRAPHQL_PERSISTED_QUERIES: `apq` (default: Automatic Persisted Queries, any operation runs),
   * `safelist` (only the operations of the manifest run, on the gateway), or `off` (no APQ cache).
   */
  persistedQueries: 'apq' | 'safelist' | 'off';
  /** GRAPHQL_SAFELIST_PATH: the persisted query manifest (absolute path), required with `safelist`. */
  safelistPath: string | undefined;
}

/** Token buckets at the gateway: a burst, refilled at a steady rate; 0 turns a bucket off. */
export interface RateLimitConfig {
  /** RATE_LIMIT_IP_PER_SECOND: sustained requests per client address, default 50 (0 = no limit per address). */
  ipPerSecond: number;
  /** RATE_LIMIT_IP_BURST: requests one address may make at once, default 200. */
  ipBurst: number;
  /** RATE_LIMIT_USER_PER_SECOND: sustained requests per authenticated user, default 20 (0 = no limit per user). */
  userPerSecond: number;
  /** RATE_LIMIT_USER_BURST: default 100. */
  userBurst: number;
  /**
   * TRUST_PROXY_HOPS: reverse proxies in front of the gateway whose `X-Forwarded-For` is
   * believed (default 0: the peer address is the client). Set it behind a load balancer, or
   * every client shares the proxy's budget.
   */
  trustProxyHops: number;
}

/** The gateway's graphql-ws edge. */
export interface WebSocketLimitsConfig {
  /**
   * ALLOWED_ORIGINS: origins (`https://console.example.com`) a browser page may open a
   * WebSocket from, or `*` for any. Unset: only the gateway's own host (same `Origin` host as
   * `Host`). A client that sends no `Origin` (not a browser) is never refused by this check.
   */
  allowedOrigins: readonly string[] | '*' | undefined;
  /** WS_MAX_CONNECTIONS: open WebSockets on one gateway instance, default 10,000 (503 beyond). */
  maxConnections: number;
  /** WS_MAX_CONNECTIONS_PER_IP: open WebSockets from one client address, default 50 (429 beyond). */
  maxConnectionsPerIp: number;
  /** WS_MAX_BUFFERED_BYTES: unsent bytes to one client before it is closed as a slow consumer (1008), default 1 MiB. */
  maxBufferedBytes: number;
  /** WS_MAX_QUEUED_RESULTS: results waiting for one subscriber before it is closed as a slow consumer, default 100. */
  maxQueuedResults: number;
}

/** `scheme://host[:port]`, lower-cased, no path: what browsers send as `Origin`. */
function origins(read: Reader, name: string): readonly string[] | '*' | undefined {
  const value = read.optional(name);
  if (value === undefined) return undefined;
  if (value === '*') return '*';
  const entries = value.split(',').map((entry) => entry.trim().toLowerCase().replace(/\/$/, '')).filter(Boolean);
  const bad = entries.filter((entry) => !/^https?:\/\/(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/.test(entry));
  if (entries.length === 0 || bad.length > 0) {
    read.problems.push(`${name} must be * or a comma-separated list of origins such as https://console.example.com (bad: "${bad.join(', ') || value}")`);
    return undefined;
  }
  return Object.freeze(entries);
}

function graphqlLimits(read: Reader): Readonly<GraphqlLimitsConfig> {
  const persistedQueries = read.oneOf<GraphqlLimitsConfig['persistedQueries']>('GRAPHQL_PERSISTED_QUERIES', ['apq', 'safelist', 'off'], 'apq');
  const safelistPath = read.optional('GRAPHQL_SAFELIST_PATH') === undefined ? undefined : read.absolutePath('GRAPHQL_SAFELIST_PATH', '/');
  if (persistedQueries === 'safelist' && safelistPath === undefined) {
    read.problems.push('GRAPHQL_SAFELIST_PATH must name the persisted query manifest when GRAPHQL_PERSISTED_QUERIES=safelist');
  }
  return Object.freeze({
    maxDepth: read.int('GRAPHQL_MAX_DEPTH', 12, 1, 1_000),
    maxCost: read.int('GRAPHQL_MAX_COST', 100_000, 1, 100_000_000),
    maxAliases: read.int('GRAPHQL_MAX_ALIASES', 30, 0, 10_000),
    maxTokens: read.int('GRAPHQL_MAX_TOKENS', 2_000, 10, 1_000_000),
    maxDirectives: read.int('GRAPHQL_MAX_DIRECTIVES', 50, 0, 10_000),
    persistedQueries,
    safelistPath,
  });
}

export function limitsConfig(read: Reader): Readonly<LimitsConfig> {
  return Object.freeze({
    graphql: graphqlLimits(read),
    rate: Object.freeze({
      ipPerSecond: read.int('RATE_LIMIT_IP_PER_SECOND', 50, 0, 1_000_000),
      ipBurst: read.int('RATE_LIMIT_IP_BURST', 200, 1, 10_000_000),
      userPerSecond: read.int('RATE_LIMIT_USER_PER_SECOND', 20, 0, 1_000_000),
      userBurst: read.int('RATE_LIMIT_USER_BURST', 100, 1, 10_000_000),
      trustProxyHops: read.int('TRUST_PROXY_HOPS', 0, 0, 10),
    }),
    websocket: Object.freeze({
      allowedOrigins: origins(read, 'ALLOWED_ORIGINS'),
      maxConnections: read.int('WS_MAX_CONNECTIONS', 10_000, 1, 1_000_000),
      maxConnectionsPerIp: read.int('WS_MAX_CONNECTIONS_PER_IP', 50, 1, 1_000_000),
      maxBufferedBytes: read.int('WS_MAX_BUFFERED_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
      maxQueuedResults: read.int('WS_MAX_QUEUED_RESULTS', 100, 1, 1_000_000),
    }),
  });
}
