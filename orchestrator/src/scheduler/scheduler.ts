import { ErrorCode, isAppError, runWithContext, type Logger, type Metrics, type SchedulerConfig } from '@flow/platform';
import type { Json } from '@flow/protocol';
import { v7 as uuidv7 } from 'uuid';
import { endedStatuses } from '../engine/state.js';
import type { Orchestrator } from '../service/orchestrator.js';
import { cronSchedule } from './cronSchedule.js';
import type { FireClaims, FireOutcome } from './fireClaims.js';
import type { FlowSchedules } from './flowSchedules.js';
import { ScheduleTable, type Fire } from './scheduleTable.js';

/**
 * A fire found due later than this (the process stalled) is dropped rather than started
 * late. Fire records must outlive it: `FIRE_RECORD_TTL_MS` adds room for clock skew.
 */
export const FIRE_GRACE_MS = 60_000;
export const FIRE_RECORD_TTL_MS = FIRE_GRACE_MS + 60_000;
/** The user of the runs a schedule starts (logs, correlation context). */
export const SCHEDULER_USER = 'scheduler';
const LONGEST_TIMER_MS = 2 ** 31 - 1;
const outcomes = ['started', 'skipped_overlap', 'failed'] as const;
const messages: Record<Exclude<FireOutcome, 'failed'>, string> = {
  started: 'scheduled run started',
  queued: 'scheduled run queued: the flow is at its maxConcurrentRuns',
  skipped_overlap: 'scheduled fire skipped: the previous run is still RUNNING',
  skipped_limit: 'scheduled fire skipped: the flow is at its maxConcurrentRuns (onLimit REJECT)',
  dropped: 'scheduled fire dropped: the schedule changed since it was read',
};

export interface SchedulerDeps {
  orchestrator: Pick<Orchestrator, 'start' | 'store'>;
  schedules: FlowSchedules;
  claims: FireClaims;
  settings: Readonly<SchedulerConfig>;
  logger: Logger;
  metrics: Metrics;
}

export interface Scheduler {
  /** Reads the scheduled flows now and every `refreshMs`, and starts each fire's run. */
  start(): void;
  /** Stops firing and waits for the fires in progress. */
  close(): Promise<void>;
  /** The next `count` fire times of a flow's schedule; empty without an enabled one. */
  nextFireTimes(flowId: string, count: number): Promise<Date[]>;
  /** Turns a flow's schedule off in its stored entity; answers whether it was on. */
  disable(flowId: string): Promise<boolean>;
}

/**
 * Starts the runs of scheduled flows (docs/protocol.md, schedules). Every instance follows
 * every schedule; a fire record in the cache lets exactly one of them start each fire.
 */
export function createScheduler({ orchestrator, schedules, claims, settings, logger, metrics }: SchedulerDeps): Scheduler {
  let table = new ScheduleTable(settings.timeZone, FIRE_GRACE_MS);
  const fires = metrics.counter('orchestrator_schedule_fires_total', 'Schedule fires claimed by this instance, by outcome', ['outcome']);
  for (const outcome of outcomes) fires.inc({ outcome }, 0);
  const running = new Set<Promise<void>>();
  /** Flows whose run this instance is starting: a fire meanwhile overlaps it too. */
  const starting = new Set<string>();
  let refreshTimer: NodeJS.Timeout | undefined;
  let tickTimer: NodeJS.Timeout | undefined;
  let closed = true;

  const track = (work: Promise<void>): void => {
    running.add(work);
    void work.finally(() => running.delete(work));
  };

  /** Starts the run of a fire this instance claimed, unless the schedule changed or the previous run goes on. */
  async function attempt({ flowId, expression }: Fire, correlationId: string): Promise<{ outcome: FireOutcome; executionId?: string }> {
    // The table may be a refresh behind: an update since then wins over it.
    const current = await schedules.read(flowId);
    if (!current?.isScheduleEnabled || current.cronExpression !== expression) return { outcome: 'dropped' };
    const input = current.scheduleInput ?? null;
    if (current.maxConcurrentRuns) return limited(flowId, input, correlationId);
    const previous = await orchestrator.store.latestForFlow(flowId);
    if ((previous && !endedStatuses.has(previous.status)) || starting.has(flowId)) return { outcome: 'skipped_overlap', executionId: previous?.id };
    starting.add(flowId);
    try {
      return { outcome: 'started', executionId: (await orchestrator.start(flowId, input, correlationId)).id };
    } finally {
      starting.delete(flowId);
    }
  }

  /** A fire of a flow with maxConcurrentRuns: the limit decides, as for any start (queued, or refused with CONFLICT). */
  async function limited(flowId: string, input: Json, correlationId: string): Promise<{ outcome: FireOutcome; executionId?: string }> {
    try {
      const run = await orchestrator.start(flowId, input, correlationId);
      return { outcome: run.status === 'QUEUED' ? 'queued' : 'started', executionId: run.id };
    } catch (error) {
      if (isAppError(error) && error.code === ErrorCode.CONFLICT) return { outcome: 'skipped_limit' };
      throw error;
    }
  }

  async function fire(due: Fire): Promise<void> {
    if (closed) return;
    const correlationId = uuidv7();
    const about = { flowId: due.flowId, fireTime: due.at.toISOString(), correlationId };
    await runWithContext({ correlationId, user: SCHEDULER_USER }, async () => {
      let result: { outcome: FireOutcome; executionId?: string };
      try {
        if (!(await claims.claim(due.flowId, due.at))) return;
        result = await attempt(due, correlationId);
      } catch (error) {
        result = { outcome: 'failed' };
        logger.warn({ ...about, err: error }, 'scheduled fire failed');
      }
      if (result.outcome !== 'dropped') fires.inc({ outcome: result.outcome });
      if (result.outcome !== 'failed') logger.info({ ...about, ...result }, messages[result.outcome]);
      await claims.settle(due.flowId, due.at, result.outcome, result.executionId)
        .catch((error: unknown) => logger.warn({ ...about, err: error }, 'fire record could not be settled'));
    });
  }

  function tick(): void {
    const { due, dropped } = table.takeDue(new Date());
    if (dropped.length > 0) logger.warn({ flowIds: dropped }, `scheduled fires older than ${FIRE_GRACE_MS} ms dropped: the process stalled`);
    for (const one of due) track(fire(one));
    arm();
  }

  /** Wakes at the earliest next fire; a timer that fires early finds nothing due and re-arms. */
  function arm(): void {
    clearTimeout(tickTimer);
    const wake = table.nextWake();
    if (closed || !wake) return;
    tickTimer = setTimeout(tick, Math.min(Math.max(wake.getTime() - Date.now(), 0), LONGEST_TIMER_MS));
    tickTimer.unref();
  }

  async function refresh(): Promise<void> {
    try {
      const flows = await schedules.listEnabled();
      for (const { flow, error } of table.sync(flows, new Date())) {
        logger.error({ flowId: flow.id, cronExpression: flow.cronExpression, err: error }, 'stored cron expression cannot be scheduled');
      }
      arm();
    } catch (error) {
      logger.warn({ err: error }, 'scheduled flows could not be read; following the last ones read');
    }
  }

  /** The next refresh is planned when one ends, so a slow subgraph never stacks them. */
  function refreshLoop(delayMs: number): void {
    if (closed) return;
    refreshTimer = setTimeout(() => track(refresh().finally(() => refreshLoop(settings.refreshMs))), delayMs);
    refreshTimer.unref();
  }

  return {
    start() {
      if (!closed) return;
      closed = false;
      // A restarted scheduler counts from now, as a new instance would: no fire is replayed.
      table = new ScheduleTable(settings.timeZone, FIRE_GRACE_MS);
      refreshLoop(0);
    },

    async close() {
      closed = true;
      clearTimeout(refreshTimer);
      clearTimeout(tickTimer);
      while (running.size > 0) await Promise.allSettled([...running]);
    },

    async nextFireTimes(flowId, count) {
      const schedule = await schedules.read(flowId);
      if (!schedule?.isScheduleEnabled || !schedule.cronExpression) return [];
      return cronSchedule(schedule.cronExpression, settings.timeZone).upcoming(count, new Date());
    },

    disable: (flowId) => schedules.disable(flowId),
  };
}
