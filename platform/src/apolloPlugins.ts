import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

/**
 * Observes every GraphQL operation: its duration by operation type and outcome, and one
 * debug log line (carrying the request's correlation id like every line).
 */
export function observabilityPlugin(metrics: Metrics, logger: Logger): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = performance.now();
      const end = metrics.graphqlDuration.startTimer();
      let operation = 'unknown';
      return {
        async didResolveOperation({ operation: resolved }) {
          operation = resolved?.operation ?? 'unknown';
        },
        async willSendResponse({ errors, operationName }) {
          const outcome = errors && errors.length > 0 ? 'error' : 'success';
          end({ operation, outcome });
          logger.debug({ operation, operationName, outcome, durationMs: Math.round(performance.now() - started) }, 'graphql operation');
        },
      };
    },
  };
}
