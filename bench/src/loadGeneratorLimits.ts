/**
 * The gateway limits a bench lifts: its load comes from one client address (this machine), at
 * hundreds of requests a second and a thousand WebSockets, which the per-address defaults
 * (README "Limits") rightly refuse. The benches measure the gateway, not its limiter; the
 * operation limits (depth, cost, ...) stay on, and the bench queries pass them.
 */
export const loadGeneratorLimits: Readonly<Record<string, string>> = Object.freeze({
  RATE_LIMIT_IP_PER_SECOND: '0',
  RATE_LIMIT_USER_PER_SECOND: '0',
  WS_MAX_CONNECTIONS_PER_IP: '1000000',
  WS_MAX_CONNECTIONS: '1000000',
});
