/**
 * Issue 5's benchmark: the gateway's graphql-ws edge under 1,000 subscribers of one run and
 * 100 runs with 10 subscribers each, with coalescing and without (window 0). Delivery latency,
 * the gateway's RSS and the federated queries it issues. `npm run bench:subscriptions`; see
 * bench/README.md.
 */
import { cpus, loadavg } from 'node:os';
import { startSystem } from '@flow/launcher';
import { echoProcessor } from '@flow/processor-echo';
import { describeAuth, loadBenchAuth } from './benchAuth.js';
import { createGraphQLHttp } from './graphqlHttp.js';
import { loadSubscriptionBenchConfig, type SubscriptionBenchConfig } from './subscriptions/config.js';
import { startMeasuredGateway } from './subscriptions/measuredGateway.js';
import { printReport, row } from './subscriptions/printReport.js';
import { runScenario, type ScenarioContext, type ScenarioResult } from './subscriptions/scenario.js';
import { seedWatchedFlows } from './subscriptions/seedWatchedFlows.js';
import { recordStatusChanges } from './subscriptions/statusClock.js';
import { loadGeneratorLimits } from './loadGeneratorLimits.js';

const log = (line: string): void => console.log(line);

function systemEnv(config: SubscriptionBenchConfig): Record<string, string> {
  return {
    ...loadGeneratorLimits,
    LOG_LEVEL: 'warn',
    // Runs must not time out on a loaded machine: the bench watches them, it does not fail them.
    ORCHESTRATOR_STEP_TIMEOUT_MS: '600000',
    ...(config.nodeEnv ? { NODE_ENV: config.nodeEnv } : {}),
    ...(config.real
      ? { MONGODB_URI: config.real.mongodbUri, RABBITMQ_URL: config.real.rabbitmqUrl, HAZELCAST_ADDRESSES: config.real.hazelcastAddresses, HAZELCAST_CLUSTER_NAME: config.real.hazelcastClusterName }
      : {}),
  };
}

const config = loadSubscriptionBenchConfig();
log(`subscription bench on ${config.real ? 'the real servers (MongoDB-wire, RabbitMQ, Hazelcast); measured gateway in its own process' : 'embedded backends; measured gateway in this process'}`);
log(`${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const auth = await loadBenchAuth();
log(describeAuth(auth));
const system = await startSystem({ ephemeralPorts: true, env: { ...systemEnv(config), ...auth.env }, processors: [echoProcessor] });
const http = createGraphQLHttp(16, auth.authorization);
const clock = await recordStatusChanges(system.orchestration.bus);
try {
  const processorId = (system.processors[0] as { processorId: string }).processorId;
  const perMode = 1 + config.runs;
  log(`seeding ${2 * perMode} flows of three steps (each held ${config.stepDelayMs} ms) ...`);
  const flows = await seedWatchedFlows(http, system.gatewayUrl, processorId, 2 * perMode, config.stepDelayMs);
  const ctx: ScenarioContext = { config, http, systemGatewayUrl: system.gatewayUrl, clock, log, authorization: auth.authorization };
  const results: ScenarioResult[] = [];
  for (const [mode, coalesceMs] of [[`window ${config.coalesceMs} ms`, config.coalesceMs], ['no coalescing', 0]] as const) {
    const gateway = await startMeasuredGateway(config, system, coalesceMs);
    try {
      const mine = flows.splice(0, perMode);
      for (const [scenario, flowIds, perFlow] of [
        [`1 run x ${config.oneRunSubscribers}`, mine.slice(0, 1), config.oneRunSubscribers],
        [`${config.runs} runs x ${config.subscribersPerRun}`, mine.slice(1), config.subscribersPerRun],
      ] as const) {
        results.push(await runScenario(ctx, gateway, mode, scenario, flowIds, perFlow));
        log(`    ${row(results.at(-1) as ScenarioResult)}`);
      }
    } finally {
      await gateway.close();
    }
  }
  printReport(results, log);
  log(`load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  await clock.stop();
  await http.close();
  await system.backend.connection?.dropDatabase().catch(() => undefined);
  await system.close();
}
