import type { PhaseOutcome } from './phases.js';
import type { RawResult } from './rawRoundTrip.js';
import type { DispatchLatencies, HandlingBreakdown } from './recorder.js';
import type { CpuUsage } from './phases.js';
import { formatMs, type Distribution } from './stats.js';

/** Aligned columns: the first left-aligned, the others right-aligned. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((cells) => (cells[column] ?? '').length)));
  return all
    .map((cells) => cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join('  '))
    .join('\n');
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const pair = (d: Distribution): string => (d.count ? `${formatMs(d.p50)} / ${formatMs(d.p99)}` : 'n/a');
const verdict = (met: boolean): string => (met ? 'MET' : 'NOT MET');

export function formatThroughput(outcomes: readonly PhaseOutcome[], targetStepsPerSecond: number): string {
  const rows = outcomes.map((o) => [
    o.label, String(o.executions), String(o.completed), String(o.stuck), String(o.steps), `${seconds(o.startMs)} (${o.startsRefused})`, seconds(o.totalMs),
    ((o.steps / o.totalMs) * 1000).toFixed(1), ((o.completed / o.totalMs) * 1000).toFixed(2),
  ]);
  const rates = outcomes.map((o) => ({ label: o.label, rate: (o.steps / o.totalMs) * 1000 }));
  const lowest = rates.reduce((low, next) => (next.rate < low.rate ? next : low));
  const met = rates.filter((r) => r.rate >= targetStepsPerSecond).length;
  const lines = [table(['phase', 'executions', 'completed', 'not ended', 'steps', 'starts took (sent again)', 'total', 'steps/s', 'executions/s'], rows)];
  lines.push(`target >= ${targetStepsPerSecond} completed steps/s: ${verdict(met === rates.length)} in every phase: met in ${met} of ${rates.length}; lowest ${lowest.rate.toFixed(1)} (${lowest.label}, x${(lowest.rate / targetStepsPerSecond).toFixed(2)} of the target)`);
  return lines.join('\n');
}

export function formatLatencies(columns: ReadonlyArray<{ label: string; latencies: DispatchLatencies }>): string {
  const measures: Array<[string, keyof DispatchLatencies]> = [
    ['(a) event received -> next command published', 'decide'],
    ["(a') event received -> next command confirmed", 'decideConfirmed'],
    ['(b) command published -> processor received', 'commandHop'],
    ['    processor received -> event published', 'processor'],
    ['    event published -> orchestrator received', 'eventHop'],
    ['    step cycle: event received -> next event received', 'stepCycle'],
  ];
  const rows = measures.map(([label, key]) => [label, ...columns.map((column) => pair(column.latencies[key]))]);
  const counts = ['    samples of (a) / (b)', ...columns.map((c) => `${c.latencies.decide.count} / ${c.latencies.commandHop.count}`)];
  return table(['p50 / p99', ...columns.map((column) => column.label)], [...rows, counts]);
}

export function formatRaw(results: readonly RawResult[]): string {
  const rows: Array<[string, (r: RawResult) => string]> = [
    ['hop 1: publish -> relay received', (r) => pair(r.hop1)],
    ['hop 2: relay received -> sink received', (r) => pair(r.hop2)],
    ['round trip (two hops, one step)', (r) => pair(r.roundTrip)],
    ['relay received -> its publish confirmed', (r) => pair(r.relayConfirm)],
    ['round trips/s', (r) => ((r.roundTrips / r.elapsedMs) * 1000).toFixed(0)],
  ];
  return table(['raw amqplib, p50 / p99', ...results.map((r) => `concurrency ${r.concurrency} (${r.roundTrips})`)], rows.map(([label, f]) => [label, ...results.map(f)]));
}

/**
 * Engine overhead per step, p50: what the orchestrator adds between an event and the next
 * command over what a bare relay needs for the same receive -> publish -> confirm, and one
 * whole step over the two raw hops it needs.
 */
export function formatOverhead(engine: DispatchLatencies, raw: RawResult, marginMs: number): string {
  const decide = engine.decideConfirmed.p50 - raw.relayConfirm.p50;
  const cycle = engine.stepCycle.p50 - raw.roundTrip.p50;
  return table(['per step, p50, no load', 'engine', 'raw floor', 'overhead'], [
    ["event received -> next command confirmed (raw: relay received -> confirmed)", formatMs(engine.decideConfirmed.p50), formatMs(raw.relayConfirm.p50), `+${formatMs(decide)}`],
    ['event received -> next command published (raw relay: ~0)', formatMs(engine.decide.p50), '0 ms', `+${formatMs(engine.decide.p50)}`],
    ['step cycle (raw: round trip of two hops)', formatMs(engine.stepCycle.p50), formatMs(raw.roundTrip.p50), `+${formatMs(cycle)}`],
  ]) + `\ntarget: engine overhead per step p50 within ${marginMs} ms of the raw round trip: ${verdict(decide <= marginMs)} on event -> command (+${formatMs(decide)}), ${verdict(cycle <= marginMs)} on the whole step (+${formatMs(cycle)})`;
}

export function formatBreakdown(columns: ReadonlyArray<{ label: string; breakdown: HandlingBreakdown }>): string {
  const names = [...new Set(columns.flatMap((c) => c.breakdown.parts.map((p) => p.name)))].sort();
  const cell = (b: HandlingBreakdown, name: string): string => {
    const part = b.parts.find((p) => p.name === name);
    return part ? `${formatMs(part.meanMs)} (${part.callsPerEvent.toFixed(2)}x)` : '-';
  };
  const rows = [
    ['events handled', ...columns.map((c) => String(c.breakdown.events))],
    ['handling wall time p50 / p99', ...columns.map((c) => pair(c.breakdown.total))],
    ['handling wall time, mean', ...columns.map((c) => formatMs(c.breakdown.total.mean))],
    ...names.map((name) => [`  ${name}`, ...columns.map((c) => cell(c.breakdown, name))]),
    ['  rest (engine CPU, per-execution queue, event loop)', ...columns.map((c) => formatMs(c.breakdown.otherMeanMs))],
  ];
  return table(['mean per event handled (calls per event)', ...columns.map((c) => c.label)], rows);
}

export function formatCpu(rows: ReadonlyArray<{ label: string; cpu: CpuUsage }>): string {
  const names = [...new Set(rows.flatMap((r) => r.cpu.perProcess.map((p) => p.name)))];
  const cell = (cpu: CpuUsage, name: string): string => {
    const entry = cpu.perProcess.find((p) => p.name === name);
    return entry ? `${entry.seconds.toFixed(1)} s ${((entry.seconds / cpu.wallSeconds) * 100).toFixed(0)}%` : '-';
  };
  const total = (cpu: CpuUsage): string => {
    const sum = cpu.perProcess.reduce((acc, p) => acc + p.seconds, 0);
    return `${sum.toFixed(1)} s ${((sum / cpu.wallSeconds) * 100).toFixed(0)}%`;
  };
  return table(
    ['CPU during the phase (% of one core)', ...rows.map((r) => r.label)],
    [['wall time', ...rows.map((r) => `${r.cpu.wallSeconds.toFixed(1)} s`)], ...names.map((name) => [name, ...rows.map((r) => cell(r.cpu, name))]), ['all of these', ...rows.map((r) => total(r.cpu))]],
  );
}
