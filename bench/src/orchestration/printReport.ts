import type { OrchestrationBenchConfig } from './config.js';
import type { CpuUsage, Measured, PhaseOutcome } from './phases.js';
import type { RawResult } from './rawRoundTrip.js';
import { formatBreakdown, formatCpu, formatLatencies, formatOverhead, formatRaw, formatThroughput } from './report.js';
import { formatRss, formatStartCost, type RssResult } from './rss.js';
import { formatStoreFloor, type StoreFloorRow } from './storeFloor.js';
import { formatMs } from './stats.js';

export interface ChildPhase {
  outcome: PhaseOutcome;
  cpu: CpuUsage;
  /** Its column in the CPU table. */
  cpuLabel: string;
}

export interface Results {
  raw: RawResult[];
  latency: Measured;
  linear: Measured;
  fanOut: Measured;
  /** The throughput phases against the orchestrator in its own process (BENCH_CHILD_THROUGHPUT=1). */
  children: ChildPhase[];
  rss: RssResult;
  storeFloor: { rows: StoreFloorRow[]; documentBytes: number };
}

function sweepLine(label: string, phase: Measured): string {
  const parts = phase.sweeps.map((s) => `${s.name} ${s.calls} calls, mean ${formatMs(s.ms / Math.max(1, s.calls))}, max ${formatMs(s.maxMs)}`);
  return `  ${label}: ${parts.join('; ') || 'none'}`;
}

const TARGET_STEPS_PER_SECOND = 1_000;
const TARGET_OVERHEAD_MS = 5;
const TARGET_RSS_MB = 300;

/** Every table of the run, with the issue's three targets judged. */
export function printReport(config: OrchestrationBenchConfig, results: Results, log: (line: string) => void): void {
  const { raw, latency, linear, fanOut, children, rss } = results;
  const [idleRaw, loadedRaw] = raw as [RawResult, RawResult];
  const outcomes = [linear.outcome, fanOut.outcome, ...children.map((child) => child.outcome)];
  log(`\n== Throughput (all executions started at once, ${config.startConcurrency} start requests in flight; EchoProcessor concurrency ${config.processorConcurrency}, prefetch ${2 * config.processorConcurrency})\n${formatThroughput(outcomes, TARGET_STEPS_PER_SECOND)}`);
  log(`\n== Dispatch latency (ms)\n${formatLatencies([
    { label: `no load (${latency.outcome.executions} x linear, one at a time)`, latencies: latency.latencies },
    { label: linear.outcome.label, latencies: linear.latencies },
    { label: fanOut.outcome.label, latencies: fanOut.latencies },
  ])}`);
  log(`\n== Raw amqplib floor, same run (durable queues, persistent, confirms, noDelay, 800-byte messages)\n${formatRaw(raw)}`);
  log(`\n== Engine overhead per step (no load, against the raw floor at concurrency 1)\n${formatOverhead(latency.latencies, idleRaw, TARGET_OVERHEAD_MS)}`);
  log(`under load: event -> command confirmed p50 ${linear.latencies.decideConfirmed.p50.toFixed(1)} ms (linear x${config.executions}) vs raw relay -> confirmed p50 ${loadedRaw.relayConfirm.p50.toFixed(1)} ms at concurrency ${loadedRaw.concurrency}; step cycle p50 ${linear.latencies.stepCycle.p50.toFixed(1)} ms vs raw round trip p50 ${loadedRaw.roundTrip.p50.toFixed(1)} ms`);
  log(`\n== Where the orchestrator's handling of one event goes (wall time, mean per event)\n${formatBreakdown([
    { label: 'no load', breakdown: latency.breakdown }, { label: 'linear, loaded', breakdown: linear.breakdown }, { label: 'fan-out, loaded', breakdown: fanOut.breakdown },
  ])}`);
  log(`\nthe orchestrator's periodic sweep (outside events), per phase:\n${[sweepLine('no load', latency), sweepLine('linear', linear), sweepLine('fan-out', fanOut)].join('\n')}`);
  log(`\n== Store floor, same run (MongoDB-wire server, driver alone; execution documents average ${(results.storeFloor.documentBytes / 1024).toFixed(1)} KiB as JSON)\n${formatStoreFloor(results.storeFloor.rows, results.storeFloor.documentBytes)}`);
  log(`\n== CPU per process\n${formatCpu([
    { label: 'no load', cpu: latency.cpu }, { label: 'linear in-process', cpu: linear.cpu }, { label: 'fan-out in-process', cpu: fanOut.cpu },
    ...children.map((child) => ({ label: child.cpuLabel, cpu: child.cpu })),
    { label: `${rss.inFlight} starts, orchestrator process`, cpu: rss.startCpu },
  ])}`);
  log(formatStartCost(rss));
  log(`\n== Orchestrator memory (its own process)\n${formatRss(rss, TARGET_RSS_MB)}`);
}
