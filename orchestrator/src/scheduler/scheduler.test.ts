import { createLogger, createMemoryCache, createMetrics, loadConfig, type Cache, type Metrics } from '@flow/platform';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredExecution } from '../store/executionStore.js';
import { createFireClaims, SCHEDULE_FIRES_MAP, type FireRecord } from './fireClaims.js';
import type { FlowSchedule, FlowSchedules } from './flowSchedules.js';
import { createScheduler, FIRE_RECORD_TTL_MS, type Scheduler, type SchedulerDeps } from './scheduler.js';

/**
 * The scheduler's loop on the in-memory cache twin, with the flows and the orchestrator
 * played by the test (the real ones are in e2e/src/scheduler.test.ts). Every second fires.
 */
const EVERY_SECOND = '* * * * * *';
const settings = { ...loadConfig('orchestrator', {}).scheduler, refreshMs: 50 };

interface Start {
  flowId: string;
  input: unknown;
  correlationId: string;
  at: number;
}

/** Flows as the orchestrated-flow subgraph would answer them. */
function storedFlows(flows: Record<string, FlowSchedule>): FlowSchedules {
  return {
    listEnabled: async () => Object.entries(flows).filter(([, f]) => f.isScheduleEnabled && f.cronExpression).map(([id, f]) => ({ id, cronExpression: f.cronExpression as string })),
    read: async (id) => flows[id] ?? null,
    disable: async () => false,
  };
}

/** Records starts; `latest` is what the store answers as the flow's previous run. */
function recordingOrchestrator(latestStatus: () => string | undefined, fail = false) {
  const starts: Start[] = [];
  const orchestrator = {
    store: { latestForFlow: async () => (latestStatus() ? ({ id: 'previous', status: latestStatus() } as StoredExecution) : null) },
    start: async (flowId: string, input: unknown, correlationId: string) => {
      if (fail) throw new Error('no processor is alive');
      starts.push({ flowId, input, correlationId, at: Date.now() });
      return { id: `run-${starts.length}` } as StoredExecution;
    },
  } as unknown as SchedulerDeps['orchestrator'];
  return { orchestrator, starts };
}

const running: Scheduler[] = [];
afterEach(async () => {
  for (const scheduler of running.splice(0)) await scheduler.close();
});

function startScheduler(cache: Cache, schedules: FlowSchedules, orchestrator: SchedulerDeps['orchestrator'], metrics: Metrics, instance: string): Scheduler {
  const scheduler = createScheduler({
    orchestrator, schedules, metrics, settings,
    claims: createFireClaims(cache, instance, FIRE_RECORD_TTL_MS),
    logger: createLogger('scheduler-test', 'silent'),
  });
  scheduler.start();
  running.push(scheduler);
  return scheduler;
}

const fired = async (metrics: Metrics, outcome: string): Promise<number> =>
  (await metrics.registry.getSingleMetric('orchestrator_schedule_fires_total')?.get())?.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
/** fire time -> outcome (and run) of the records the fires of `flowId` left in the cache. */
async function records(cache: Cache, flowId: string): Promise<Array<[string, string]>> {
  const entries = await cache.map<FireRecord>(SCHEDULE_FIRES_MAP).entries();
  return entries.filter(([key]) => key.startsWith(`${flowId}:`)).map(([key, record]) => [key.slice(flowId.length + 1), `${record.outcome ?? '?'} ${record.executionId ?? ''}`.trim()]);
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduler', () => {
  it('should start each fire once across two instances sharing the cache, with no input and a fresh correlation id', async () => {
    const cache = createMemoryCache();
    const schedules = storedFlows({ f1: { cronExpression: EVERY_SECOND, isScheduleEnabled: true } });
    const { orchestrator, starts } = recordingOrchestrator(() => undefined);
    const [a, b] = [createMetrics('a'), createMetrics('b')];
    startScheduler(cache, schedules, orchestrator, a, 'a');
    startScheduler(cache, schedules, orchestrator, b, 'b');
    await sleep(3_300);
    await Promise.all(running.splice(0).map((scheduler) => scheduler.close()));

    const seconds = starts.map((start) => Math.floor(start.at / 1000));
    expect(starts.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seconds).size).toBe(starts.length);
    expect(starts.every((start) => start.flowId === 'f1' && start.input === null)).toBe(true);
    expect(new Set(starts.map((start) => start.correlationId)).size).toBe(starts.length);
    expect((await fired(a, 'started')) + (await fired(b, 'started'))).toBe(starts.length);
    const recorded = (await records(cache, 'f1')).sort();
    expect(recorded.map(([, outcome]) => outcome)).toEqual(starts.map((_, i) => `started run-${i + 1}`));
    expect(recorded.map(([at]) => Math.floor(Date.parse(at) / 1000))).toEqual(seconds);
    await cache.close();
  });

  it('should skip and count a fire while the previous run is RUNNING', async () => {
    const metrics = createMetrics('overlap');
    const { orchestrator, starts } = recordingOrchestrator(() => 'RUNNING');
    const cache = createMemoryCache();
    startScheduler(cache, storedFlows({ f1: { cronExpression: EVERY_SECOND, isScheduleEnabled: true } }), orchestrator, metrics, 'a');
    await sleep(2_200);
    expect(starts).toEqual([]);
    expect(await fired(metrics, 'skipped_overlap')).toBeGreaterThanOrEqual(2);
    expect(await fired(metrics, 'started')).toBe(0);
    expect(new Set((await records(cache, 'f1')).map(([, outcome]) => outcome))).toEqual(new Set(['skipped_overlap previous']));
  });

  it('should count a start that fails, and keep firing', async () => {
    const metrics = createMetrics('failing');
    const { orchestrator } = recordingOrchestrator(() => undefined, true);
    startScheduler(createMemoryCache(), storedFlows({ f1: { cronExpression: EVERY_SECOND, isScheduleEnabled: true } }), orchestrator, metrics, 'a');
    await sleep(2_200);
    expect(await fired(metrics, 'failed')).toBeGreaterThanOrEqual(2);
  });

  it('should drop a fire whose schedule was disabled after the last refresh', async () => {
    const metrics = createMetrics('disabled');
    const flows = { f1: { cronExpression: EVERY_SECOND, isScheduleEnabled: true } };
    const schedules = storedFlows(flows);
    // Lists the flow as enabled, as a refresh before the update did; the read before starting sees the update.
    const stale: FlowSchedules = { ...schedules, read: async () => ({ cronExpression: EVERY_SECOND, isScheduleEnabled: false }) };
    const { orchestrator, starts } = recordingOrchestrator(() => undefined);
    const cache = createMemoryCache();
    startScheduler(cache, stale, orchestrator, metrics, 'a');
    await sleep(1_500);
    expect(starts).toEqual([]);
    expect(await Promise.all(['started', 'skipped_overlap', 'failed'].map((outcome) => fired(metrics, outcome)))).toEqual([0, 0, 0]);
    const outcomes = (await records(cache, 'f1')).map(([, outcome]) => outcome);
    expect(outcomes.length).toBeGreaterThanOrEqual(1);
    expect(outcomes).toEqual(outcomes.map(() => 'dropped'));
  });

  it('should answer no fire times without an enabled schedule, and the next ones with it', async () => {
    const { orchestrator } = recordingOrchestrator(() => undefined);
    const scheduler = createScheduler({
      orchestrator, metrics: createMetrics('next'), settings: { ...settings, timeZone: 'Europe/Paris' },
      schedules: storedFlows({ on: { cronExpression: '0 12 * * *', isScheduleEnabled: true }, off: { cronExpression: '0 12 * * *', isScheduleEnabled: false } }),
      claims: createFireClaims(createMemoryCache(), 'a', FIRE_RECORD_TTL_MS), logger: createLogger('scheduler-test', 'silent'),
    });
    expect(await scheduler.nextFireTimes('off', 3)).toEqual([]);
    expect(await scheduler.nextFireTimes('missing', 3)).toEqual([]);
    const next = await scheduler.nextFireTimes('on', 3);
    expect(next).toHaveLength(3);
    // Noon in Paris is 10:00 or 11:00 UTC, a day apart.
    expect(next.map((date) => date.getUTCHours() === 10 || date.getUTCHours() === 11)).toEqual([true, true, true]);
    expect(next.every((date) => date.getTime() > Date.now())).toBe(true);
  });
});
