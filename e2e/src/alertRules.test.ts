import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { rabbitUnavailable, rabbitUrl, startTestSystem, stopTestSystem } from './harness.js';
import { eventually, prometheusUnavailable, promtoolBinary, promtoolUnavailable, startPrometheus, type PrometheusServer } from './prometheusServer.js';
import { startTcpProxy, type TcpProxy } from './tcpProxy.js';

const rulesPath = fileURLToPath(new URL('../../infra/observability/alerts.yml', import.meta.url));
const rulesTestPath = fileURLToPath(new URL('../../infra/observability/alerts.test.yml', import.meta.url));
const promtool = (...args: string[]) => execFileSync(promtoolBinary, args, { encoding: 'utf8', stdio: 'pipe' });

describe.skipIf(promtoolUnavailable !== undefined)('the alert rules (infra/observability/alerts.yml)', () => {
  it('should pass promtool check rules', () => {
    expect(promtool('check', 'rules', rulesPath)).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('should pass their unit tests, promtool test rules alerts.test.yml', () => {
    expect(promtool('test', 'rules', rulesTestPath)).toContain('SUCCESS');
  });
});

interface Rule { alert?: string; for?: string }
interface Alert { labels: Record<string, string>; state: 'pending' | 'firing' }

/** The dependency rule as written, but due after 1 s instead of a minute: the test's Prometheus evaluates every second. */
function dependencyRuleDueAtOnce(): string {
  const file = parse(readFileSync(rulesPath, 'utf8')) as { groups: Array<{ name: string; rules: Rule[] }> };
  const rules = file.groups.flatMap((group) => group.rules).filter((rule) => rule.alert === 'FlowDependencyUnhealthy');
  expect(rules).toHaveLength(1);
  return stringify({ groups: [{ name: 'under-test', rules: rules.map((rule) => ({ ...rule, for: '1s' })) }] });
}

// RabbitMQ is shared with every other test, so it is not stopped: the system reaches it through
// a TCP relay, and cutting the relay is, to the system, RabbitMQ going away.
describe.skipIf(prometheusUnavailable !== undefined || rabbitUnavailable !== undefined)('a real Prometheus scraping a system whose RabbitMQ goes away', () => {
  let proxy: TcpProxy;
  let system: System;
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    proxy = await startTcpProxy(rabbitUrl);
    system = await startTestSystem('memory', {}, { RABBITMQ_URL: proxy.url });
    // One scrape: the gateway's /metrics carries every service of the process.
    prometheus = await startPrometheus([{ job: 'flow', url: system.gatewayUrl.replace(/\/graphql$/, '') }], dependencyRuleDueAtOnce());
  });
  afterAll(async () => {
    await prometheus?.close();
    await stopTestSystem(system);
    await proxy?.close();
  });

  const alerts = async () => (await prometheus.api<{ alerts: Alert[] }>('alerts')).alerts.filter((alert) => alert.labels.alertname === 'FlowDependencyUnhealthy');


  it('should fire FlowDependencyUnhealthy for the orchestrator\'s rabbitmq check once the broker is gone', async () => {
    const scraped = await eventually('the rabbitmq check scraped healthy', async () => {
      const { result } = await prometheus.api<{ result: unknown[] }>(`query?query=${encodeURIComponent('health_check_status{service="orchestrator",check="rabbitmq"} == 0')}`);
      return result.length > 0 ? result : undefined;
    });
    expect(scraped).toHaveLength(1);
    expect(await alerts()).toEqual([]);
    proxy.cut();
    const firing = await eventually('the alert firing', async () => {
      const now = await alerts();
      return now.some((alert) => alert.state === 'firing') ? now : undefined;
    });
    expect(firing).toContainEqual(expect.objectContaining({ state: 'firing', labels: expect.objectContaining({ service: 'orchestrator', check: 'rabbitmq', severity: 'critical' }) }));
  });
});
