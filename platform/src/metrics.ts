import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { healthStatusValue, type HealthReport } from './health.js';
import { mergeExpositions } from './metricsExposition.js';

/**
 * One Prometheus registry per service, so that services hosted in one process (npm start)
 * still expose only their own families on their own port. Labels never carry ids: every
 * label value comes from a small fixed set (statuses, outcomes, entity types, processor
 * names), which `metricLabels.test.ts` checks on a live scrape.
 */
export interface Metrics {
  registry: Registry;
  /**
   * Adds another service's metrics to this one's scrape (`scrape`), so one process serves one
   * `/metrics` with everything running in it: npm start's gateway includes every service it hosts.
   */
  include(other: Metrics): void;
  /** The Prometheus text of this registry and of every included one. */
  scrape(): Promise<string>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  graphqlDuration: Histogram<'operation' | 'outcome'>;
  /** The counter of that name, created on first use (later calls answer the same one). */
  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L>;
  /** Likewise for a histogram; `buckets` in seconds, default `latencyBuckets`. */
  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets?: readonly number[]): Histogram<L>;
  /** Likewise for a gauge; `collect` runs at each scrape to set its values. */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[], collect?: (gauge: Gauge<L>) => Promise<void>): Gauge<L>;
}

/** Request-scale latencies, in seconds. */
export const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Run-scale durations (steps, executions, queue waits), in seconds. */
export const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

export function createMetrics(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const included = new Set<Metrics>();
  const once = <T>(name: string, create: () => T): T => (registry.getSingleMetric(name) as T | undefined) ?? create();
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: readonly number[] = latencyBuckets): Histogram<L> =>
    once(name, () => new Histogram<L>({ name, help, labelNames: [...labelNames], buckets: [...buckets], registers }));
  return {
    registry,
    include: (other) => void included.add(other),
    scrape: async () => included.size === 0 ? registry.metrics()
      : mergeExpositions(await Promise.all([registry.metrics(), ...[...included].map((other) => other.registry.metrics())])),
    httpDuration: histogram('http_request_duration_seconds', 'HTTP request duration by method, route template and status code', ['method', 'route', 'status']),
    graphqlDuration: histogram('graphql_operation_duration_seconds', 'GraphQL operation duration by operation type and outcome', ['operation', 'outcome']),
    counter: (name, help, labelNames) => once(name, () => new Counter({ name, help, labelNames: [...labelNames], registers })),
    histogram,
    gauge: <L extends string>(name: string, help: string, labelNames: readonly L[], collect?: (gauge: Gauge<L>) => Promise<void>) =>
      once(name, () => new Gauge<L>({
        name, help, labelNames: [...labelNames], registers,
        ...(collect ? { async collect(this: Gauge<L>) { await collect(this); } } : {}),
      })),
  };
}

/**
 * `health_status` (0 Healthy, 1 Degraded, 2 Unhealthy, as the seed numbers them) and
 * `health_check_status{check}`, from a health report taken at each scrape.
 */
export function observeHealth(metrics: Metrics, report: () => Promise<HealthReport>): void {
  let latest: Promise<HealthReport> | undefined;
  // Both gauges collect in one scrape: take the report once for the pair.
  const current = (): Promise<HealthReport> => (latest ??= report().finally(() => setTimeout(() => (latest = undefined), 1_000).unref()));
  metrics.gauge('health_status', 'Health of the process: 0 Healthy, 1 Degraded, 2 Unhealthy', [], async (gauge) => {
    gauge.set(healthStatusValue[(await current()).status]);
  });
  metrics.gauge('health_check_status', 'Health of each dependency: 0 Healthy, 1 Degraded, 2 Unhealthy', ['check'], async (gauge) => {
    gauge.reset();
    for (const [check, result] of Object.entries((await current()).checks)) gauge.set({ check }, healthStatusValue[result.status]);
  });
}
