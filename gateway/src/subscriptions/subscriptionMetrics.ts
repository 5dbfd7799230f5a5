import type { Metrics } from '@flow/platform';
import { Gauge } from 'prom-client';

/** The edge's families on the gateway's registry; labels never carry ids. */
export function createSubscriptionMetrics(metrics: Metrics) {
  const gauge = (name: string, help: string) => new Gauge({ name, help, registers: [metrics.registry] });
  return {
    active: gauge('gateway_subscriptions_active', 'graphql-ws subscriptions currently open'),
    connections: gauge('gateway_subscription_connections_active', 'graphql-ws connections currently acknowledged'),
    delivered: metrics.counter('gateway_subscription_events_delivered_total', 'Status results pushed to subscribers', []),
    queries: metrics.counter('gateway_subscription_federated_queries_total', 'Federated queries the edge ran, by reason (current state, status change, query over the socket)', ['reason'] as const),
    changes: metrics.counter('gateway_subscription_status_changes_total', 'OrchestrationStatusChanged broadcasts received for flows with subscribers', []),
  };
}

export type SubscriptionMetrics = ReturnType<typeof createSubscriptionMetrics>;
