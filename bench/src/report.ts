import type { Summary } from './loadRunner.js';

const ms = (value: number): string => `${value.toFixed(1)} ms`;
const pad = (cells: readonly string[], widths: readonly number[]): string =>
  cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join('  ');

function row(label: string, summary: Summary): string[] {
  return [
    label,
    String(summary.requests),
    String(summary.failures),
    summary.requestsPerSecond.toFixed(2),
    ms(summary.p50),
    ms(summary.p99),
    ms(summary.mean),
    ms(summary.max),
    ms(summary.cpuPerRequest),
  ];
}

/**
 * The comparison table: ratios are "how many times better ours is" in both directions
 * (ours/baseline for throughput, baseline/ours for latency and CPU), so > 1 always favours ours.
 */
export function formatComparison(ours: Summary, baseline: Summary): string {
  const header = ['gateway', 'requests', 'failed', 'req/s', 'p50', 'p99', 'mean', 'max', 'CPU/req'];
  const ratio = (value: number): string => `x${value.toFixed(2)}`;
  const ratios = [
    'ratio (>1 = ours better)', '', '',
    ratio(ours.requestsPerSecond / baseline.requestsPerSecond),
    ratio(baseline.p50 / ours.p50),
    ratio(baseline.p99 / ours.p99),
    ratio(baseline.mean / ours.mean),
    ratio(baseline.max / ours.max),
    ratio(baseline.cpuPerRequest / ours.cpuPerRequest),
  ];
  const rows = [header, row('ours (@flow/gateway)', ours), row('plain @apollo/gateway', baseline), ratios];
  const widths = header.map((_, column) => Math.max(...rows.map((cells) => (cells[column] ?? '').length)));
  return rows.map((cells) => pad(cells, widths)).join('\n');
}

export const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
