import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopTestSystem } from './harness.js';
import { runOneFlow, scrapeTargets, type ScrapeTarget } from './metricsScrape.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';
import { eventually, prometheusUnavailable, startPrometheus, type PrometheusServer } from './prometheusServer.js';

interface ActiveTarget {
  labels: { job: string };
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

// The embedded system: what is under test is the scraping, which every backend serves alike.
const kind = orchestrationKinds[0] as (typeof orchestrationKinds)[number];
const skipped = prometheusUnavailable ? ` (skipped: ${prometheusUnavailable})` : '';

describe.skipIf(prometheusUnavailable !== undefined)(`a real Prometheus scraping every process (${kind.name})${skipped}`, () => {
  let system: System;
  let prometheus: PrometheusServer;
  let targets: ScrapeTarget[];

  beforeAll(async () => {
    system = await startOrchestrationSystem(kind);
    targets = scrapeTargets(system);
    prometheus = await startPrometheus(targets);
  });
  afterAll(async () => {
    await prometheus?.close();
    await stopTestSystem(system);
  });

  /** The sum of an instant query's samples, undefined while it has none. */
  async function value(query: string): Promise<number | undefined> {
    const data = await prometheus.api<{ result: Array<{ value: [number, string] }> }>(`query?query=${encodeURIComponent(query)}`);
    return data.result.length === 0 ? undefined : data.result.reduce((sum, sample) => sum + Number(sample.value[1]), 0);
  }

  it('should find every target up: the gateway, eight managers, the orchestrator and the processor', async () => {
    const active = await eventually('every target scraped up', async () => {
      const { activeTargets } = await prometheus.api<{ activeTargets: ActiveTarget[] }>('targets');
      return activeTargets.length === targets.length && activeTargets.every((target) => target.health === 'up') ? activeTargets : undefined;
    });
    expect(active.map((target) => target.labels.job).sort()).toEqual(targets.map((target) => target.job).sort());
    expect(await value('sum(up)')).toBe(targets.length);
  });

  it("should see the orchestrator's completed-executions counter increase by a run", async () => {
    const query = 'sum(orchestrator_executions_finished_total{job="orchestrator",status="COMPLETED"})';
    // Before any run the labelled counter has no sample: count that as 0 once the orchestrator was scraped.
    await eventually('the orchestrator scraped', () => value('up{job="orchestrator"} == 1'));
    const before = (await value(query)) ?? 0;
    expect((await runOneFlow(system)).status).toBe('COMPLETED');
    const after = await eventually('the run in Prometheus', async () => {
      const now = await value(query);
      return now !== undefined && now > before ? now : undefined;
    });
    expect(after - before).toBe(1);
  });
});
