import { readdirSync, readFileSync } from 'node:fs';
import type { System } from '@flow/launcher';
import { servicePorts } from '@flow/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopTestSystem } from './harness.js';
import { familiesOf, runOneFlow, scrape, scrapeTargets } from './metricsScrape.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';
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
  it('should be the managers, orchestrator and processors dashboards, each valid JSON with a unique uid', () => {
    expect(dashboardFiles).toEqual(['managers.json', 'orchestrator.json', 'processors.json']);
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
