import { durationBuckets, type Metrics } from '@flow/platform';
import type { ExecuteActivity, OrchestratorEvent } from '@flow/protocol';
import type { Gauge } from 'prom-client';

/** How a command ended, the `outcome` label of processor_commands_consumed_total. */
export type CommandOutcome = 'succeeded' | 'failed' | 'validation_failed' | 'deadline_passed' | 'payload_too_large' | 'poison' | 'crashed' | 'released';

export interface ProcessorMetrics {
  consumed(outcome: CommandOutcome): void;
  published(type: OrchestratorEvent['type']): void;
  /** A command moved to the dead-letter queue, by DeadLetterReason. */
  deadLettered(reason: string): void;
  /** One command's time from taken up (a slot obtained) to its outcome. */
  activity(durationMs: number): void;
  /** A command was taken up (a concurrency slot obtained): observes its wait since the orchestrator dispatched it. */
  started(command: Pick<ExecuteActivity, 'createdAt' | 'attempt'>, now?: number): void;
  inFlight: Gauge;
}

/** The processor a registry describes, for `processor_info` (name and version: bounded, unlike its id). */
export interface ProcessorIdentity {
  name: string;
  version: string;
}

/** The `processor_*` families (DESIGN.md section 10); labels never carry ids. */
export function createProcessorMetrics(metrics: Metrics, identity?: ProcessorIdentity): ProcessorMetrics {
  const consumed = metrics.counter('processor_commands_consumed_total', 'Commands consumed, by outcome', ['outcome']);
  const published = metrics.counter('processor_events_published_total', 'Events published, by type', ['type']);
  const deadLettered = metrics.counter('processor_commands_dead_lettered_total', 'Commands moved to the dead-letter queue, by reason', ['reason']);
  const duration = metrics.histogram(
    'processor_activity_duration_seconds', 'Time from a command taken up (a concurrency slot obtained) to its outcome', [],
    [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  );
  // Measured here rather than in the orchestrator: only the processor sees the start. Clocks of
  // different hosts may disagree slightly; a negative wait counts as 0. A retry's wait includes
  // its backoff, hence the `attempt` label.
  const scheduleToStart = metrics.histogram(
    'processor_schedule_to_start_seconds', 'Time from the orchestrator dispatching a command (its createdAt) to a processor slot taking it up, by first attempt or retry',
    ['attempt'], durationBuckets,
  );
  const inFlight = metrics.gauge('processor_in_flight', 'Commands being handled by this instance', []);
  if (identity) metrics.gauge('processor_info', 'The processor this process runs (always 1)', ['processor', 'version']).set({ processor: identity.name, version: identity.version }, 1);
  return {
    consumed: (outcome) => consumed.inc({ outcome }),
    published: (type) => published.inc({ type }),
    deadLettered: (reason) => deadLettered.inc({ reason }),
    activity: (durationMs) => duration.observe(durationMs / 1_000),
    started(command, now = Date.now()) {
      const waitedMs = now - Date.parse(command.createdAt);
      if (Number.isFinite(waitedMs)) scheduleToStart.observe({ attempt: command.attempt > 1 ? 'retry' : 'first' }, Math.max(0, waitedMs) / 1_000);
    },
    inFlight,
  };
}
