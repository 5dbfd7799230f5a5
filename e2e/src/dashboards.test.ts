import { readdirSync, readFileSync } from 'node:fs';
import type { System } from '@flow/launcher';
import { servicePorts } from '@flow/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphFlow, waitForEnd } from './flowFixtures.js';
import { graphqlClient, stopTestSystem } from './harness.js';
import { familiesOf, runOneFlow, scrape, scrapeTargets } from './metricsScrape.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';
import { eventually, prometheusUnavailable, startPrometheus, type PrometheusServer } from './prometheusServer.js';
import { familyOf, metricNamesOf } from './promqlNames.js';

const observability = new URL('../../infra/observability/', import.meta.url);
const dashboardDir = new URL('grafana/dashboards/', observability);
const dashboardFiles = readdirSync(dashboardDir).filter((file) => file.endsWith('.json')).sort();

interface Panel {
  title: string;
  datasource?: { uid?: string };
  targets?: Array<{ expr?: string }>;
  panels?: Panel[];
}

const dashboards = dashboardFiles.map((file) => ({ file, text: readFileSync(new URL(file, dashboardDir), 'utf8') }));
const parsed = () => dashboards.map(({ file, text }) => ({ file, dashboard: JSON.parse(text) as { uid: string; title: string; panels: Panel[] } }));
const panelsOf = (panels: Panel[]): Panel[] => panels.flatMap((panel) => [panel, ...panelsOf(panel.panels ?? [])]);
/** Every PromQL expression of every dashboard, with where it is. */
const queries = () => parsed().flatMap(({ file, dashboard }) =>
  panelsOf(dashboard.panels).flatMap((panel) => (panel.targets ?? []).flatMap((target) => (target.expr ? [{ where: `${file} "${panel.title}"`, expr: target.expr }] : []))));

describe('the Grafana dashboards of infra/observability', () => {
  it('should be the managers, operations, orchestrator and processors dashboards, each valid JSON with a unique uid', () => {
    expect(dashboardFiles).toEqual(['managers.json', 'operations.json', 'orchestrator.json', 'processors.json']);
    const uids = parsed().map(({ dashboard }) => dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const { dashboard } of parsed()) expect(dashboard.panels.length).toBeGreaterThan(0);
  });

  it('should query the Prometheus datasource that Grafana provisioning declares', () => {
    const provisioned = readFileSync(new URL('grafana/provisioning/datasources/datasources.yml', observability), 'utf8');
    expect(provisioned).toMatch(/uid: prometheus\n\s+type: prometheus/);
    for (const { dashboard } of parsed()) {
      for (const panel of panelsOf(dashboard.panels)) expect(panel.datasource?.uid, panel.title).toBe('prometheus');
    }
  });

  it('should read metric names out of PromQL, leaving functions, label names and strings aside', () => {
    expect(metricNamesOf('histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket{service=~"manager-.*"}[5m])))'))
      .toEqual(['http_request_duration_seconds_bucket']);
    expect(metricNamesOf('sum(rate(a_total{outcome="hit"}[5m])) / sum without (x) (b) or on(service) c')).toEqual(['a_total', 'b', 'c']);
  });

  it('should have Prometheus scrape every process on its DESIGN.md port', () => {
    const config = readFileSync(new URL('prometheus.yml', observability), 'utf8');
    for (const [service, port] of Object.entries(servicePorts)) {
      const host = service === 'gateway' || service === 'orchestrator' ? service : `manager-${service}`;
      expect(config, host).toContain(`${host}:${port}`);
    }
    expect(config).toMatch(/names: \[processor-echo\]/);
  });
});

describe('every metric a dashboard queries, against a live scrape after one run', () => {
  let system: System;
  const exported = new Map<string, string>();

  beforeAll(async () => {
    system = await startOrchestrationSystem(orchestrationKinds[0] as (typeof orchestrationKinds)[number]);
    expect((await runOneFlow(system)).status).toBe('COMPLETED');
    for (const target of scrapeTargets(system)) for (const [name, type] of familiesOf(await scrape(target))) exported.set(name, type);
  });
  afterAll(() => stopTestSystem(system));

  it('should be exported by some process', () => {
    const all = queries();
    expect(all.length).toBeGreaterThan(30);
    const missing = all.flatMap(({ where, expr }) => metricNamesOf(expr).filter((name) => !familyOf(name, exported)).map((name) => `${where}: ${name}`));
    expect(missing).toEqual([]);
  });
});

describe.skipIf(prometheusUnavailable !== undefined)('every dashboard panel, evaluated by a real Prometheus while runs go through the system', () => {
  let system: System;
  let prometheus: PrometheusServer;
  let lastMissing: string[] = [];
  const duplicateSchema = 'mutation { createSchema(input: { version: "1", name: "dashboards-dup", definition: "{}" }) { id } }';

  /** Resolves once Prometheus has scraped the system after `ms` (epoch milliseconds). */
  async function scrapedAfter(ms: number): Promise<void> {
    await eventually('a scrape', async () => {
      const { result } = await prometheus.api<{ result: Array<{ value: [number, string] }> }>(`query?query=${encodeURIComponent('timestamp(up{job="flow"} == 1)')}`);
      return result.some((sample) => Number(sample.value[1]) * 1000 > ms) ? true : undefined;
    });
  }

  /** The activity every panel watches: runs that complete, retry and fail, a refused write, scheduled fires. */
  async function activity(client: ReturnType<typeof graphqlClient>, processorId: string): Promise<void> {
    expect((await runOneFlow(system)).status).toBe('COMPLETED');
    const flaky = await createGraphFlow(client, processorId, [{ key: 'flaky', next: ['broken'], payload: { failTimes: 1 } }, { key: 'broken', payload: { fail: true } }]);
    await client.data('mutation($id: ID!) { startOrchestration(orchestratedFlowId: $id) { executionId } }', { id: flaky.flowId });
    expect((await waitForEnd(client, flaky.flowId)).status).toBe('FAILED');
    expect((await client.request(duplicateSchema)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  }

  beforeAll(async () => {
    system = await startOrchestrationSystem(orchestrationKinds[0] as (typeof orchestrationKinds)[number], { SCHEDULER_REFRESH_MS: '100' });
    // One target: the gateway's /metrics carries every service of the process.
    prometheus = await startPrometheus([{ job: 'flow', url: system.gatewayUrl.replace(/\/graphql$/, '') }]);
    const client = graphqlClient(system.gatewayUrl);
    const processorId = (system.processors[0] as { processorId: string }).processorId;
    const scheduled = await createGraphFlow(client, processorId, [{ key: 'tick' }]);
    await client.data('mutation($id: ID!) { updateOrchestratedFlow(id: $id, input: { cronExpression: "* * * * * ?", isScheduleEnabled: true }) { id } }', { id: scheduled.flowId });
    await client.data(duplicateSchema);
    // A counter born with its first increment shows a rate only from its second: the refused write's
    // series is born here, before the first scrape, so each activity below moves it once more and a
    // scrape that falls between two increments (or one missed on a loaded machine) still shows a rate.
    expect((await client.request(duplicateSchema)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // Twice, each after a scrape, for the counters the activity itself gives birth to.
    await scrapedAfter(Date.now());
    await activity(client, processorId);
    await scrapedAfter(Date.now());
    await activity(client, processorId);
  }, 60_000);
  afterAll(async () => {
    await prometheus?.close();
    await stopTestSystem(system);
  });

  it('should show a value in every panel, and one that moves in every panel over a rate (the test reads values, not names)', async () => {
    const all = queries();
    const rows = await eventually('every panel with data', async () => {
      const answers = await Promise.all(all.map(async ({ where, expr }) => {
        const { result } = await prometheus.api<{ result: Array<{ value: [number, string] }> }>(`query?query=${encodeURIComponent(expr)}`);
        const values = result.map((sample) => Number(sample.value[1])).filter(Number.isFinite);
        // A ratio of rates is finite only while its denominator moves (0 / 0 is NaN); any other rate must be above 0.
        const moving = !/\brate\(/.test(expr) || expr.includes(' / ') || values.some((value) => value > 0);
        return { where, ok: values.length > 0 && moving, values };
      }));
      return answers.every((answer) => answer.ok) ? answers : (lastMissing = answers.filter((answer) => !answer.ok).map((answer) => answer.where), undefined);
    }, 20_000).catch((error: unknown) => {
      throw new Error(`${String(error)}; panels without data: ${lastMissing.join('; ')}`);
    });
    expect(rows).toHaveLength(all.length);
  });
});
