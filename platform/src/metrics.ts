import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * One Prometheus registry per service, so that services hosted in one process (npm start)
 * still expose only their own families on their own port. Labels never carry ids.
 */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  graphqlDuration: Histogram<'operation' | 'outcome'>;
  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L>;
}

const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: latencyBuckets,
    registers: [registry],
  });
  const graphqlDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operation duration by operation type and outcome',
    labelNames: ['operation', 'outcome'] as const,
    buckets: latencyBuckets,
    registers: [registry],
  });
  const counters = new Map<string, Counter<string>>();
  return {
    registry,
    httpDuration,
    graphqlDuration,
    counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
      let counter = counters.get(name);
      if (!counter) {
        counter = new Counter({ name, help, labelNames: [...labelNames], registers: [registry] });
        counters.set(name, counter);
      }
      return counter as Counter<L>;
    },
  };
}
