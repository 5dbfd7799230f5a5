import type { ApolloServerPlugin } from '@apollo/server';
import type { Metrics } from './metrics.js';

/** Observes every GraphQL operation's duration by operation type and outcome. */
export function metricsPlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const end = metrics.graphqlDuration.startTimer();
      let operation = 'unknown';
      return {
        async didResolveOperation({ operation: resolved }) {
          operation = resolved?.operation ?? 'unknown';
        },
        async willSendResponse({ errors }) {
          end({ operation, outcome: errors && errors.length > 0 ? 'error' : 'success' });
        },
      };
    },
  };
}
