import { formatMs } from '../orchestration/stats.js';
import type { ScenarioResult } from './scenario.js';

const pad = (value: string | number, width: number): string => String(value).padStart(width);

export const header = (): string =>
  `${'mode'.padEnd(14)}${'scenario'.padEnd(24)}${pad('subs', 6)}${pad('whole', 7)}${pad('pushed', 8)}${pad('p50', 12)}${pad('p99', 12)}${pad('max', 12)}`
  + `${pad('changes', 9)}${pad('queries', 9)}${pad('q/s', 9)}${pad('run s', 8)}${pad('RSS idle', 10)}${pad('conn.', 8)}${pad('peak', 8)}`;

export const row = (r: ScenarioResult): string =>
  `${r.mode.padEnd(14)}${r.scenario.padEnd(24)}${pad(r.subscribers, 6)}${pad(r.watchedWholeRun, 7)}${pad(r.delivered, 8)}`
  + `${pad(formatMs(r.latency.p50), 12)}${pad(formatMs(r.latency.p99), 12)}${pad(formatMs(r.latency.max), 12)}`
  + `${pad(r.statusChanges, 9)}${pad(r.changeQueries, 9)}${pad(r.changeQueriesPerSecond.toFixed(1), 9)}${pad(r.runSeconds.toFixed(1), 8)}`
  + `${pad(r.rssIdleMiB.toFixed(0), 10)}${pad(r.rssConnectedMiB.toFixed(0), 8)}${pad(r.rssPeakMiB.toFixed(0), 8)}`;

/** One line per mode and scenario, then the coalescing ratio of each scenario. */
export function printReport(results: readonly ScenarioResult[], log: (line: string) => void): void {
  log('');
  log(header());
  for (const r of results) log(row(r));
  log('');
  log('subs = subscribers; whole = of them, saw their run to its terminal state in increasing versions, then completion;');
  log('pushed = results delivered; p50/p99/max = from the change (event changedAt) to receipt by the client;');
  log('changes = status broadcasts of watched runs; queries = federated queries run for them (q/s over the run time);');
  log(`RSS in MiB of ${results[0]?.rssScope ?? '?'}: before the subscribers, all connected, peak during the scenario.`);
  for (const scenario of new Set(results.map((r) => r.scenario))) {
    const [on, off] = results.filter((r) => r.scenario === scenario);
    if (on && off) log(`${scenario}: ${off.changeQueries} queries without coalescing vs ${on.changeQueries} with (x${(off.changeQueries / Math.max(1, on.changeQueries)).toFixed(0)} fewer)`);
  }
}
