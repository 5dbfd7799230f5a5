import { request } from 'undici';
import type { GraphQLHttp } from '../graphqlHttp.js';
import { memoryOf } from '../orchestration/procStats.js';
import { distribution, mapBounded, sleep, type Distribution } from '../orchestration/stats.js';
import type { SubscriptionBenchConfig } from './config.js';
import type { MeasuredGateway } from './measuredGateway.js';
import type { StatusClock } from './statusClock.js';
import { closeWatchers, openWatchers, watchedWholeRun, type Watcher } from './watchers.js';

export interface ScenarioContext {
  config: SubscriptionBenchConfig;
  http: GraphQLHttp;
  /** Where runs are started: the system's own gateway, not the measured one. */
  systemGatewayUrl: string;
  clock: StatusClock;
  log: (line: string) => void;
  /** The bench's token when authentication is on (benchAuth.ts). */
  authorization: string | undefined;
}

export interface ScenarioResult {
  mode: string;
  scenario: string;
  subscribers: number;
  runs: number;
  /** Subscribers that saw their run to a terminal state in increasing versions, then completion. */
  watchedWholeRun: number;
  delivered: number;
  latency: Distribution;
  statusChanges: number;
  /** Federated queries the edge ran for status changes (not the current state at subscribe time). */
  changeQueries: number;
  changeQueriesPerSecond: number;
  currentQueries: number;
  runSeconds: number;
  rssIdleMiB: number;
  rssConnectedMiB: number;
  rssPeakMiB: number;
  rssScope: string;
}

const START = 'mutation Start($id: ID!) { startOrchestration(orchestratedFlowId: $id) { executionId } }';

async function metric(baseUrl: string, name: string, labels = ''): Promise<number> {
  const text = await (await request(`${baseUrl}/metrics`)).body.text();
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) && line.includes(labels))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

async function counters(baseUrl: string) {
  return {
    change: await metric(baseUrl, 'gateway_subscription_federated_queries_total', 'reason="change"'),
    current: await metric(baseUrl, 'gateway_subscription_federated_queries_total', 'reason="current"'),
    changes: await metric(baseUrl, 'gateway_subscription_status_changes_total'),
  };
}

/**
 * Waits until the gateway has answered every operation it started (its operation count holds
 * still for 2 s): the subscribe-time reads must not queue before the measured ones, and without
 * coalescing, queries for superseded versions outlive their subscribers.
 */
async function waitForQuiet(baseUrl: string, timeoutMs: number): Promise<void> {
  let last = -1;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(2_000)) {
    const answered = await metric(baseUrl, 'graphql_operation_duration_seconds_count');
    if (answered === last) return;
    last = answered;
  }
}

/** Starts a run, again when an overloaded subgraph did not answer in time (it is the load under test, not the start). */
async function startRun(ctx: ScenarioContext, flowId: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await ctx.http.data(ctx.systemGatewayUrl, START, { id: flowId });
      return;
    } catch (error) {
      if (attempt >= 5 || !String(error).includes('SERVICE_UNAVAILABLE')) throw error;
      await sleep(1_000 * attempt);
    }
  }
}

async function waitForActive(baseUrl: string, count: number, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; (await metric(baseUrl, 'gateway_subscriptions_active')) !== count; await sleep(100)) {
    if (Date.now() > deadline) throw new Error(`the gateway does not hold ${count} subscriptions after ${timeoutMs / 1000} s`);
  }
}

function rssSampler(pid: number) {
  const rss = (): number => memoryOf(pid)?.rssMiB ?? Number.NaN;
  let peak = rss();
  const timer = setInterval(() => (peak = Math.max(peak, rss())), 100);
  return { rss, peak: () => Math.max(peak, rss()), stop: () => clearInterval(timer) };
}

function latencies(watchers: readonly Watcher[], clock: StatusClock): number[] {
  return watchers.flatMap((watcher) => watcher.receipts.map((receipt) => receipt.receivedAt - (clock.changedAt(receipt.executionId, receipt.version) ?? Number.NaN)))
    .filter(Number.isFinite);
}

/** `perFlow` subscribers on each flow, then every flow's run started at once; until every subscription completed. */
export async function runScenario(ctx: ScenarioContext, gateway: MeasuredGateway, mode: string, scenario: string, flows: readonly string[], perFlow: number): Promise<ScenarioResult> {
  const { config, log } = ctx;
  const sampler = rssSampler(gateway.pid);
  try {
    const rssIdleMiB = sampler.rss();
    const targets = flows.flatMap((flowId) => Array.from({ length: perFlow }, () => flowId));
    log(`  ${mode} / ${scenario}: connecting ${targets.length} subscribers ...`);
    const watchers = await openWatchers(`${gateway.baseUrl.replace(/^http/, 'ws')}/graphql`, targets, config.connectConcurrency, ctx.authorization);
    await waitForActive(gateway.baseUrl, watchers.length, 60_000);
    // Each subscribe reads the current state (and whether the flow exists): let those finish first.
    await waitForQuiet(gateway.baseUrl, 120_000);
    const rssConnectedMiB = sampler.rss();
    const before = await counters(gateway.baseUrl);
    const began = Date.now();
    await mapBounded(flows, 16, (id) => startRun(ctx, id));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(watchers.map((watcher) => watcher.done)), new Promise((resolve) => (timer = setTimeout(resolve, config.scenarioTimeoutMs)))]);
    clearTimeout(timer);
    const runSeconds = (Math.max(...watchers.flatMap((watcher) => watcher.receipts.map((receipt) => receipt.receivedAt))) - began) / 1000;
    const after = await counters(gateway.baseUrl);
    await closeWatchers(watchers);
    await waitForActive(gateway.baseUrl, 0, 30_000);
    await waitForQuiet(gateway.baseUrl, 120_000);
    const changeQueries = after.change - before.change;
    return {
      mode, scenario, subscribers: watchers.length, runs: flows.length, watchedWholeRun: watchers.filter(watchedWholeRun).length,
      delivered: watchers.reduce((sum, watcher) => sum + watcher.receipts.length, 0), latency: distribution(latencies(watchers, ctx.clock)),
      statusChanges: after.changes - before.changes, changeQueries, changeQueriesPerSecond: changeQueries / runSeconds,
      currentQueries: after.current - before.current, runSeconds, rssIdleMiB, rssConnectedMiB, rssPeakMiB: sampler.peak(), rssScope: gateway.rssScope,
    };
  } finally {
    sampler.stop();
  }
}
