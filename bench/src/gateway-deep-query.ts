/**
 * Issue 2's benchmark: the deep query over 100 flows through our gateway and through a plain
 * `@apollo/gateway` over the same subgraphs, in one process run. `npm run bench`.
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSystem, type System } from '@flow/launcher';
import { firstDifference } from './answersMatch.js';
import { startBaselineGateway, type BaselineGateway } from './baselineGateway.js';
import { createCpuProfiler, formatBuckets, saveProfile, selfTimeByBucket } from './cpuProfile.js';
import { loadBenchConfig, type BenchConfig } from './benchConfig.js';
import { deepFlowsQuery } from './deepFlowsQuery.js';
import { describeAuth, loadBenchAuth } from './benchAuth.js';
import { createGraphQLHttp, type GraphQLHttp } from './graphqlHttp.js';
import { runPhase, summarize, type PhaseResult, type Target } from './loadRunner.js';
import { formatComparison, megabytes } from './report.js';
import { seedFlows } from './seedFlows.js';
import { loadGeneratorLimits } from './loadGeneratorLimits.js';

const log = (line: string): void => console.log(line);

/** Both gateways must answer the same data before their speed means anything. */
async function verifiedTargets(http: GraphQLHttp, system: System, baseline: BaselineGateway, flows: number): Promise<[Target, Target]> {
  const oursAnswer = await http.post(system.gatewayUrl, deepFlowsQuery);
  const baselineAnswer = await http.post(baseline.url, deepFlowsQuery);
  const ours = JSON.parse(oursAnswer.text) as { data?: { orchestratedFlows: { nodes: unknown[] } }; errors?: unknown };
  const theirs = JSON.parse(baselineAnswer.text) as unknown;
  if (oursAnswer.status !== 200 || ours.errors || ours.data?.orchestratedFlows.nodes.length !== flows) {
    throw new Error(`our gateway did not answer ${flows} flows: ${oursAnswer.text.slice(0, 500)}`);
  }
  const difference = firstDifference(ours, theirs);
  if (difference) throw new Error(`the gateways answer different data at ${difference}`);
  log(`verified: both gateways answer identical data (${flows} flows; ${megabytes(oursAnswer.bytes)} ours, ${megabytes(baselineAnswer.bytes)} baseline)`);
  return [
    { label: 'ours', url: system.gatewayUrl, expectedBytes: oursAnswer.bytes },
    { label: 'baseline', url: baseline.url, expectedBytes: baselineAnswer.bytes },
  ];
}

/** Runs one measured phase, CPU-profiled when a profile directory is configured. */
function phaseRunner(http: GraphQLHttp, config: BenchConfig) {
  const profiler = config.profileDir ? createCpuProfiler() : undefined;
  const buckets = new Map<string, Map<string, number>>();
  const limits = { requests: config.requestsPerPhase, ms: config.phaseMs, concurrency: config.concurrency };
  return {
    async run(target: Target, round: number): Promise<PhaseResult> {
      if (!profiler || !config.profileDir) return runPhase(http, target, deepFlowsQuery, limits);
      await profiler.start();
      const phase = await runPhase(http, target, deepFlowsQuery, limits);
      const profile = await profiler.stop();
      await saveProfile(join(config.profileDir, `${target.label}-round${round + 1}.cpuprofile`), profile);
      const totals = buckets.get(target.label) ?? new Map<string, number>();
      for (const [bucket, ms] of selfTimeByBucket(profile)) totals.set(bucket, (totals.get(bucket) ?? 0) + ms);
      buckets.set(target.label, totals);
      return phase;
    },
    /** Self time per package, per request, of each gateway's phases. */
    report(requests: (label: string) => number): void {
      for (const [label, totals] of buckets) log(`\nCPU self time during ${label}'s phases (profiled, slower than unprofiled):\n${formatBuckets(totals, requests(label))}`);
      profiler?.close();
    },
  };
}

/** Warm-up of both, then `rounds` measured phases each, the order alternating every round. */
async function measure(http: GraphQLHttp, targets: [Target, Target], config: BenchConfig): Promise<Map<string, PhaseResult[]>> {
  for (const target of targets) {
    const warm = await runPhase(http, target, deepFlowsQuery, { requests: config.warmupRequests, ms: 30_000, concurrency: config.concurrency });
    log(`warm-up ${target.label}: ${warm.latencies.length} requests, ${warm.failures} failed, ${(warm.elapsedMs / 1000).toFixed(1)} s`);
  }
  const results = new Map<string, PhaseResult[]>(targets.map((target) => [target.label, []]));
  const runner = phaseRunner(http, config);
  for (let round = 0; round < config.rounds; round += 1) {
    const order = round % 2 === 0 ? targets : ([targets[1], targets[0]] as const);
    for (const target of order) {
      const phase = await runner.run(target, round);
      results.get(target.label)?.push(phase);
      const rps = (phase.latencies.length / phase.elapsedMs) * 1000;
      log(`round ${round + 1} ${target.label.padEnd(8)}: ${phase.latencies.length} requests in ${(phase.elapsedMs / 1000).toFixed(1)} s = ${rps.toFixed(2)} req/s, ${(phase.cpuMs / Math.max(1, phase.latencies.length)).toFixed(0)} ms CPU/req, ${phase.failures} failed`);
    }
  }
  runner.report((label) => (results.get(label) ?? []).reduce((sum, phase) => sum + phase.latencies.length, 0));
  return results;
}

async function seed(http: GraphQLHttp, system: System, flows: number): Promise<void> {
  const started = performance.now();
  await seedFlows(http, system.gatewayUrl, flows);
  log(`seeded ${flows} flows (${flows * 9 + 3} mutations) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function printMachine(moment: string): void {
  const [one, five] = loadavg();
  log(`${moment}: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${one?.toFixed(2)} (1 min) ${five?.toFixed(2)} (5 min), Node ${process.version}`);
}

/** graphql-js picks a slower, checking `instanceOf` unless the process runs with NODE_ENV=production. */
function printGraphqlMode(nodeEnv: string | undefined): void {
  log(`graphql-js mode: ${nodeEnv === 'production' ? 'production' : `development (process NODE_ENV=${nodeEnv ?? 'unset'})`}`);
}

function printMemory(): void {
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  log(`process RSS ${mib(process.memoryUsage().rss)} (peak ${mib(process.resourceUsage().maxRSS * 1024)}), heap used ${mib(process.memoryUsage().heapUsed)}`);
}

async function main(): Promise<void> {
  const config = loadBenchConfig();
  printMachine('start');
  printGraphqlMode(config.nodeEnv);
  log(`backend: ${config.mongodbUri ? `MongoDB wire server, fresh database ${config.mongodbUri}` : 'embedded memory store'}`);
  log(`load: concurrency ${config.concurrency}, warm-up ${config.warmupRequests} requests each, ${config.rounds} rounds x (${config.requestsPerPhase} requests or ${config.phaseMs / 1000} s) each, order alternating`);
  const auth = await loadBenchAuth();
  log(describeAuth(auth));
  const system = await startSystem({
    ephemeralPorts: true,
    env: { ...loadGeneratorLimits, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...auth.env, ...(config.mongodbUri ? { MONGODB_URI: config.mongodbUri } : {}) },
  });
  const http = createGraphQLHttp(config.concurrency, auth.authorization);
  let baseline: BaselineGateway | undefined;
  try {
    baseline = await startBaselineGateway(system.subgraphUrls);
    await seed(http, system, config.flows);
    const targets = await verifiedTargets(http, system, baseline, config.flows);
    const results = await measure(http, targets, config);
    log('');
    log(formatComparison(summarize(results.get('ours') ?? []), summarize(results.get('baseline') ?? [])));
    log('');
    printMachine('end');
    printMemory();
  } finally {
    await http.close();
    await baseline?.close();
    await system.backend.connection?.dropDatabase();
    await system.close();
  }
}

await main();
