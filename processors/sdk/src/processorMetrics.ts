import type { Metrics } from '@flow/platform';
import { Gauge, Histogram, type Registry } from 'prom-client';

/** How a command ended, the `outcome` label of processor_commands_consumed_total. */
export type CommandOutcome = 'succeeded' | 'failed' | 'validation_failed' | 'deadline_passed' | 'poison' | 'crashed' | 'released';

export interface ProcessorMetrics {
  consumed(outcome: CommandOutcome): void;
  published(type: 'ActivityExecuted' | 'ActivityFailed'): void;
  /** One command's time from taken up (a slot obtained) to its outcome. */
  activity(durationMs: number): void;
  inFlight: Gauge;
}

/** A family registered once per registry, so two processors sharing one Metrics share it too. */
function once<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** The `processor_*` families (DESIGN.md section 10); labels never carry ids. */
export function createProcessorMetrics(metrics: Metrics): ProcessorMetrics {
  const registers = [metrics.registry];
  const consumed = metrics.counter('processor_commands_consumed_total', 'Commands consumed, by outcome', ['outcome']);
  const published = metrics.counter('processor_events_published_total', 'Events published, by type', ['type']);
  const duration = once(metrics.registry, 'processor_activity_duration_seconds', () => new Histogram({
    name: 'processor_activity_duration_seconds',
    help: 'Time from a command taken up (a concurrency slot obtained) to its outcome',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  }));
  const inFlight = once(metrics.registry, 'processor_in_flight', () => new Gauge({
    name: 'processor_in_flight',
    help: 'Commands being handled by this instance',
    registers,
  }));
  return {
    consumed: (outcome) => consumed.inc({ outcome }),
    published: (type) => published.inc({ type }),
    activity: (durationMs) => duration.observe(durationMs / 1_000),
    inFlight,
  };
}
