import { graphqlProtection, type Config } from '@flow/platform';
import type { EdgeGuard } from '../subscriptions/subscriptionEdge.js';
import { META } from '../subscriptions/statusOperation.js';
import { createWsAdmission } from '../subscriptions/wsAdmission.js';
import { createRateLimiter } from './rateLimiter.js';
import { loadSafelist } from './safelist.js';

/**
 * The gateway's abuse limits, built once from the configuration: one rate limiter shared by
 * HTTP and WebSocket, the upgrade admission, the safelist (in safelist mode) and the operation
 * limits for documents that arrive over the socket. Throws on an unreadable manifest.
 */
export function createEdgeGuard(config: Readonly<Config>): EdgeGuard {
  const { graphql, rate, websocket } = config.limits;
  const rateLimiter = createRateLimiter(rate);
  // The edge adds its own aliases (META) to each subscription's queries: the subscriber's budget is that much smaller.
  const socketLimits = { ...graphql, maxAliases: Math.max(0, graphql.maxAliases - Object.keys(META).length) };
  const { validationRules } = graphqlProtection(socketLimits, config.env);
  return {
    rateLimiter,
    admission: createWsAdmission({ limits: websocket, rateLimiter, allowedHosts: config.allowedHosts }),
    operationLimits: { validationRules, maxTokens: graphql.maxTokens, maskSuggestions: config.env === 'production' },
    safelist: graphql.persistedQueries === 'safelist' && graphql.safelistPath ? loadSafelist(graphql.safelistPath) : undefined,
    websocket,
  };
}
