import type { System } from '@flow/launcher';
import type { GraphQLHttp } from '../graphqlHttp.js';
import type { ChildOrchestrator } from './childOrchestrator.js';
import type { OrchestrationBenchConfig } from './config.js';
import type { MeasuredProcessor } from './inProcess.js';
import { runningInStore, startExecutions, type CpuUsage } from './phases.js';
import { memoryOf, watchCpu } from './procStats.js';
import { table } from './report.js';
import { sleep } from './stats.js';

/**
 * The orchestrator process's RSS with `inFlight` executions RUNNING at once. The held flow's
 * first step waits an hour in EchoProcessor (an instance whose prefetch and concurrency take
 * every command), and the orchestrator process runs with a step timeout longer than that, so
 * each execution is started, dispatched and unanswered until the bench ends the phase: RSS is
 * sampled every 100 ms from the first start until `inFlightHoldMs` after the last one. The
 * executions are then abandoned (the processor releases its commands, the database is
 * dropped at the end): on FerretDB, answering 1,000 of them takes about 20 minutes.
 */
export const HELD_STEP_MS = 3_600_000;
/** ORCHESTRATOR_STEP_TIMEOUT_MS of the orchestrator process of this phase: longer than the held step. */
export const HELD_STEP_TIMEOUT_MS = 2 * HELD_STEP_MS;

export interface RssResult {
  inFlight: number;
  /** RUNNING when the last start answered, and at the end of the hold (should be all of them). */
  runningAtFull: number;
  runningAtEnd: number;
  startMs: number;
  startsRefused: number;
  /** CPU of each process while the executions were being started (nothing else runs then). */
  startCpu: CpuUsage;
  holdMs: number;
  idleMiB: number;
  /** The largest RSS sampled while the executions were being started. */
  startsPeakMiB: number;
  atFullMiB: number;
  /** The largest RSS sampled during the hold, all executions in flight. */
  holdPeakMiB: number;
  /** VmHWM: the process's peak over its whole life. */
  lifetimePeakMiB: number;
}

interface RssContext {
  config: OrchestrationBenchConfig;
  http: GraphQLHttp;
  system: System;
  /** The processes whose CPU the starts are measured in, besides the orchestrator process. */
  otherProcesses: ReadonlyArray<{ name: string; pid: number }>;
}

type StartProcessor = (name: string, overrides: { prefetch: number; concurrency: number }) => Promise<MeasuredProcessor>;

const rssOf = (pid: number): number => memoryOf(pid)?.rssMiB ?? Number.NaN;

/** The largest RSS seen since the last `take()`, sampled every 100 ms. */
function peakSampler(pid: number) {
  let peak = rssOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 100);
  return {
    take(): number {
      const seen = Math.max(peak, rssOf(pid));
      peak = rssOf(pid);
      return seen;
    },
    stop: () => clearInterval(timer),
  };
}

export async function measureHeldRss(ctx: RssContext, child: ChildOrchestrator, heldFlowId: string, startProcessor: StartProcessor, log: (line: string) => void): Promise<RssResult> {
  const { config } = ctx;
  const connection = ctx.system.backend.connection as NonNullable<System['backend']['connection']>;
  const processor = await startProcessor('bench-processor-held', { prefetch: config.inFlight, concurrency: config.inFlight });
  const sampler = peakSampler(child.pid);
  try {
    const idleMiB = sampler.take();
    log(`holding ${config.inFlight} executions in flight (their first step waits ${HELD_STEP_MS / 60_000} min) ...`);
    const cpu = watchCpu([{ name: 'orchestrator process', pid: child.pid }, ...ctx.otherProcesses]);
    const began = Date.now();
    const { ids, refused } = await startExecutions(ctx.http, child.url, heldFlowId, config.inFlight, config.startConcurrency);
    const startMs = Date.now() - began;
    const startCpu = cpu.stop();
    const startsPeakMiB = sampler.take();
    const runningAtFull = await runningInStore(connection, ids);
    const atFullMiB = rssOf(child.pid);
    log(`${runningAtFull} of ${ids.length} RUNNING after ${(startMs / 1000).toFixed(1)} s of starts; orchestrator RSS ${atFullMiB.toFixed(0)} MiB; sampling ${config.inFlightHoldMs / 1000} s more`);
    await sleep(config.inFlightHoldMs);
    return {
      inFlight: ids.length, runningAtFull, runningAtEnd: await runningInStore(connection, ids), startMs, startsRefused: refused, startCpu, holdMs: config.inFlightHoldMs,
      idleMiB, startsPeakMiB, atFullMiB, holdPeakMiB: sampler.take(), lifetimePeakMiB: memoryOf(child.pid)?.peakMiB ?? Number.NaN,
    };
  } finally {
    sampler.stop();
    await processor.close();
  }
}

export function formatRss(rss: RssResult, limitMB: number): string {
  const mib = (value: number): string => `${value.toFixed(0)} MiB (${((value * 1048576) / 1e6).toFixed(0)} MB)`;
  const worstMB = (Math.max(rss.startsPeakMiB, rss.atFullMiB, rss.holdPeakMiB) * 1048576) / 1e6;
  const allInFlight = rss.runningAtFull === rss.inFlight && rss.runningAtEnd === rss.inFlight;
  const rows = [
    ['idle, after its start', mib(rss.idleMiB)],
    [`peak while starting ${rss.inFlight} executions (${(rss.startMs / 1000).toFixed(0)} s, ${rss.startsRefused} starts sent again)`, mib(rss.startsPeakMiB)],
    [`${rss.runningAtFull} of ${rss.inFlight} RUNNING, right after the last start`, mib(rss.atFullMiB)],
    [`peak over the next ${(rss.holdMs / 1000).toFixed(0)} s (${rss.runningAtEnd} still RUNNING)`, mib(rss.holdPeakMiB)],
    ['peak over the process life (VmHWM)', mib(rss.lifetimePeakMiB)],
  ];
  const verdict = worstMB < limitMB && allInFlight ? 'MET' : 'NOT MET';
  return `${table(['orchestrator process RSS', 'RSS'], rows)}\ntarget: RSS < ${limitMB} MB with ${rss.inFlight} executions in flight: ${verdict} (${worstMB.toFixed(0)} MB)`;
}

/**
 * What one start costs, by process: the held executions' starts run alone (their first step
 * waits), so the CPU of that phase is the starts' (HTTP, reading the flow, first revision,
 * entry commands) and a step's share of a run's cost can be told from it.
 */
export function formatStartCost(rss: RssResult): string {
  const perStart = (seconds: number): string => `${((seconds * 1000) / Math.max(1, rss.inFlight)).toFixed(2)} ms`;
  const total = rss.startCpu.perProcess.reduce((sum, entry) => sum + entry.seconds, 0);
  const parts = rss.startCpu.perProcess.map((entry) => `${entry.name} ${perStart(entry.seconds)}`);
  return `CPU per start (${rss.inFlight} starts, ${rss.startCpu.wallSeconds.toFixed(1)} s): ${perStart(total)} in all; ${parts.join(', ')}`;
}
