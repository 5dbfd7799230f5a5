/**
 * Issue 4's benchmark: orchestration throughput, dispatch latency beside a raw amqplib floor,
 * and the orchestrator's RSS with many executions in flight, on the real servers, in one run.
 * `npm run bench:orchestration`; see bench/README.md.
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startSystem, type System } from '@flow/launcher';
import { createMongoExecutionStore, EXECUTION_HEADS_MAP } from '@flow/orchestrator';
import { createHazelcastCache, createLogger } from '@flow/platform';
import { connect } from 'amqplib';
import { createCpuProfiler, formatBuckets, saveProfile, selfTimeByBucket } from './cpuProfile.js';
import { describeAuth, loadBenchAuth } from './benchAuth.js';
import { createGraphQLHttp, type GraphQLHttp } from './graphqlHttp.js';
import { loadOrchestrationBenchConfig, QUEUE_SUFFIX_VARIABLE, type OrchestrationBenchConfig } from './orchestration/config.js';
import { spawnOrchestrator, type ChildOrchestrator } from './orchestration/childOrchestrator.js';
import { startMeasuredOrchestrator, startMeasuredProcessor, type MeasuredOrchestrator, type MeasuredProcessor, type Wiring } from './orchestration/inProcess.js';
import { benchNames } from './orchestration/namespacedBus.js';
import { checkedOutcome, endedInStore, explainRunning, startExecutions, waitUntilEnded, type CpuUsage, type ExecutionReader, type Measured, type PhaseOutcome, type Started } from './orchestration/phases.js';
import { assertServersReachable } from './orchestration/preflight.js';
import { printReport, type ChildPhase, type Results } from './orchestration/printReport.js';
import { infraProcesses, watchCpu } from './orchestration/procStats.js';
import { measureRawRoundTrips } from './orchestration/rawRoundTrip.js';
import { createRecorder } from './orchestration/recorder.js';
import { HELD_STEP_MS, HELD_STEP_TIMEOUT_MS, measureHeldRss } from './orchestration/rss.js';
import { seedHeldFlow, seedThroughputFlows, type BenchFlows } from './orchestration/seed.js';
import { measureStoreFloor } from './orchestration/storeFloor.js';
import { loadGeneratorLimits } from './loadGeneratorLimits.js';

const log = (line: string): void => console.log(line);
const infraRun = new URL('../../.infra/run/', import.meta.url);
type Connection = NonNullable<System['backend']['connection']>;

interface Context {
  config: OrchestrationBenchConfig;
  wiring: Wiring;
  system: System;
  connection: Connection;
  /** A store of the bench's own: reads executions written by an orchestrator in another process. */
  reader: ExecutionReader;
  http: GraphQLHttp;
  flows: BenchFlows;
  /** Why to stop now (a signal), or undefined. */
  abortIf: () => string | undefined;
}

/** The servers' settings for the orchestrator and processors (in-process and child alike). */
function serverEnv(config: OrchestrationBenchConfig): Record<string, string> {
  return {
    NODE_ENV: config.nodeEnv, LOG_LEVEL: 'warn', MONGODB_URI: config.mongodbUri, RABBITMQ_URL: config.rabbitmqUrl,
    HAZELCAST_ADDRESSES: config.hazelcastAddresses.join(','), HAZELCAST_CLUSTER_NAME: config.hazelcastClusterName,
  };
}

const cpuOfThisProcess = () => [{ name: 'bench process (orchestrator, processor, subgraphs)', pid: process.pid }, ...infraProcesses(infraRun)];

/** Profiles `work` into BENCH_PROFILE_DIR when set, printing self time per package and step. */
async function profiled<T>(ctx: Context, label: string, steps: number, work: () => Promise<T>): Promise<T> {
  if (!ctx.config.profileDir) return work();
  const profiler = createCpuProfiler();
  await profiler.start();
  try {
    return await work();
  } finally {
    const profile = await profiler.stop();
    profiler.close();
    await saveProfile(join(ctx.config.profileDir, `${label.replace(/\W+/g, '-')}.cpuprofile`), profile);
    log(`\nCPU self time of this process during "${label}" (profiled), per step:\n${formatBuckets(selfTimeByBucket(profile), steps, 18)}`);
  }
}

/** N executions of a flow at once on the in-process orchestrator, until all ended; the store checks the outcome. */
async function inProcessPhase(ctx: Context, orchestrator: MeasuredOrchestrator, label: string, flowId: string, count: number, profile = false): Promise<Measured> {
  const { recorder } = ctx.wiring;
  recorder.reset();
  const cpu = watchCpu(cpuOfThisProcess());
  const began = Date.now();
  let startMs = 0;
  const run = async (): Promise<Started> => {
    const started = await startExecutions(ctx.http, orchestrator.url, flowId, count, ctx.config.startConcurrency);
    startMs = Date.now() - began;
    const { ids } = started;
    const ended = () => ids.filter((id) => recorder.finishedOf(id)).length;
    await waitUntilEnded(label, { total: ids.length, timeoutMs: ctx.config.phaseTimeoutMs, stallMs: ctx.config.stallMs, activity: () => recorder.deliveries(), pollMs: 20, abortIf: ctx.abortIf, ended, explain: explainRunning(orchestrator.service.orchestrator.store, ids, (id) => recorder.describe(id)) });
    return started;
  };
  const started = profile ? await profiled(ctx, label, count * (ctx.flows.steps.get(flowId) ?? 1), run) : await run();
  const usage = cpu.stop();
  return measured(ctx, await checkedOutcome(orchestrator.service.orchestrator.store, label, started, began, startMs), usage);
}

/** The recorder's view of a finished phase. */
async function measured(ctx: Context, outcome: PhaseOutcome, cpu: CpuUsage): Promise<Measured> {
  const { recorder } = ctx.wiring;
  return { outcome, latencies: recorder.dispatchLatencies(), breakdown: recorder.handlingBreakdown(), sweeps: recorder.backgroundCalls(), cpu };
}

/** Executions one at a time: latency without load. */
async function latencyPhase(ctx: Context, orchestrator: MeasuredOrchestrator): Promise<Measured> {
  const { recorder } = ctx.wiring;
  recorder.reset();
  const cpu = watchCpu(cpuOfThisProcess());
  const began = Date.now();
  const all: Started = { ids: [], refused: 0 };
  for (let run = 0; run < ctx.config.latencyRuns; run += 1) {
    const started = await startExecutions(ctx.http, orchestrator.url, ctx.flows.linear, 1, 1);
    const id = started.ids[0] as string;
    all.ids.push(id);
    all.refused += started.refused;
    await waitUntilEnded('latency', { total: 1, timeoutMs: ctx.config.phaseTimeoutMs, stallMs: ctx.config.stallMs, activity: () => recorder.deliveries(), pollMs: 1, abortIf: ctx.abortIf, ended: () => (recorder.finishedOf(id) ? 1 : 0), explain: explainRunning(orchestrator.service.orchestrator.store, [id], (command) => recorder.describe(command)) });
  }
  const usage = cpu.stop();
  return measured(ctx, await checkedOutcome(orchestrator.service.orchestrator.store, `linear ${ctx.config.linearSteps}, one at a time`, all, began, 0), usage);
}

async function inProcessPhases(ctx: Context, processor: MeasuredProcessor): Promise<Pick<Results, 'latency' | 'linear' | 'fanOut'>> {
  const { config } = ctx;
  const orchestrator = await startMeasuredOrchestrator(ctx.wiring, ctx.system);
  try {
    log(`in-process orchestrator at ${orchestrator.url}; EchoProcessor ${processor.processor.processorId}`);
    log(`warm-up: ${config.warmUpExecutions} linear executions at once, not measured ...`);
    await inProcessPhase(ctx, orchestrator, 'warm-up', ctx.flows.linear, config.warmUpExecutions);
    const latency = await latencyPhase(ctx, orchestrator);
    log(`no-load phase: ${latency.outcome.completed}/${latency.outcome.executions} executions completed`);
    const linear = await inProcessPhase(ctx, orchestrator, `linear ${config.linearSteps} x${config.executions}, in-process`, ctx.flows.linear, config.executions, true);
    log(`linear phase: ${linear.outcome.completed}/${linear.outcome.executions} completed in ${(linear.outcome.totalMs / 1000).toFixed(1)} s`);
    const fanOut = await inProcessPhase(ctx, orchestrator, `fan-out 1->${config.fanOut}->1 x${config.executions}, in-process`, ctx.flows.fanOut, config.executions);
    log(`fan-out phase: ${fanOut.outcome.completed}/${fanOut.outcome.executions} completed in ${(fanOut.outcome.totalMs / 1000).toFixed(1)} s`);
    return { latency, linear, fanOut };
  } finally {
    await orchestrator.close();
  }
}

/** The throughput phases again with the orchestrator in its own process (no latency probes there), one after the other. */
async function childPhases(ctx: Context, child: ChildOrchestrator): Promise<ChildPhase[]> {
  const runAll = async (flowId: string, count: number, name: string): Promise<{ started: Started; startMs: number; began: number }> => {
    const began = Date.now();
    const started = await startExecutions(ctx.http, child.url, flowId, count, ctx.config.startConcurrency);
    const startMs = Date.now() - began;
    const { ids } = started;
    await waitUntilEnded(name, { total: ids.length, timeoutMs: ctx.config.phaseTimeoutMs, stallMs: ctx.config.stallMs, activity: () => ctx.wiring.recorder.deliveries(), pollMs: 1_000, abortIf: ctx.abortIf, ended: endedInStore(ctx.connection, ids), explain: explainRunning(ctx.reader, ids) });
    return { started, startMs, began };
  };
  // The same warm-up as the in-process orchestrator's: this process starts with a cold JIT.
  await runAll(ctx.flows.linear, ctx.config.warmUpExecutions, 'orchestrator-process warm-up');
  const phases: ChildPhase[] = [];
  const shapes = [
    { flowId: ctx.flows.linear, label: `linear ${ctx.config.linearSteps} x${ctx.config.executions}, orchestrator process`, cpuLabel: 'linear, orchestrator process' },
    { flowId: ctx.flows.fanOut, label: `fan-out 1->${ctx.config.fanOut}->1 x${ctx.config.executions}, orchestrator process`, cpuLabel: 'fan-out, orchestrator process' },
  ];
  for (const { flowId, label, cpuLabel } of shapes) {
    const cpu = watchCpu([{ name: 'orchestrator process', pid: child.pid }, { name: 'bench process (processor, subgraphs)', pid: process.pid }, ...infraProcesses(infraRun)]);
    const { started, startMs, began } = await runAll(flowId, ctx.config.executions, label);
    const usage = cpu.stop();
    const outcome = await checkedOutcome(ctx.reader, label, started, began, startMs);
    log(`orchestrator-process phase: ${outcome.completed}/${outcome.executions} ${label.split(',')[0]} completed in ${(outcome.totalMs / 1000).toFixed(1)} s`);
    phases.push({ outcome, cpu: usage, cpuLabel });
  }
  return phases;
}

/** SUBGRAPH_<NAME>_URL for every entity subgraph of the in-process system (the child reads flows there). */
function subgraphEnv(system: System): Record<string, string> {
  return Object.fromEntries(
    Object.entries(system.subgraphUrls)
      .filter(([name]) => name !== 'orchestrator')
      .map(([name, url]) => [`SUBGRAPH_${name.toUpperCase().replace(/-/g, '_')}_URL`, url]),
  );
}

/** Runs `work` against a fresh orchestrator process, stopped afterwards. */
async function withChild<T>(ctx: Context, work: (child: ChildOrchestrator) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
  const child = await spawnOrchestrator({ ...ctx.wiring.env, ...subgraphEnv(ctx.system), [QUEUE_SUFFIX_VARIABLE]: ctx.config.queueSuffix, ...env }, { profileDir: ctx.config.profileDir });
  try {
    log(`orchestrator process pid ${child.pid} at ${child.url}`);
    return await work(child);
  } finally {
    await child.stop();
  }
}

async function run(ctx: Context, processor: MeasuredProcessor): Promise<Results> {
  const { config } = ctx;
  log(`raw floor: ${config.rawRoundTrips} round trips at concurrency 1, then at concurrency ${config.executions} ...`);
  const raw = await measureRawRoundTrips(config.rabbitmqUrl, [
    { roundTrips: config.rawRoundTrips, concurrency: 1 },
    { roundTrips: Math.max(config.rawRoundTrips, config.executions * 10), concurrency: config.executions },
  ], 800);
  const { latency, linear, fanOut } = await inProcessPhases(ctx, processor);
  const documentBytes = Math.round(linear.outcome.documentBytes);
  log(`store floor: ${documentBytes}-byte documents in collections of 10, ${config.executions} and ${config.inFlight} ...`);
  const storeFloor = await measureStoreFloor(ctx.connection, [10, config.executions, config.inFlight], documentBytes);
  const children = config.childThroughput ? await withChild(ctx, (c) => childPhases(ctx, c)) : [];
  const heldFlowId = await seedHeldFlow(ctx.http, ctx.system.gatewayUrl, processor.processor.processorId, ctx.flows, HELD_STEP_MS);
  // The held executions need a processor that takes them all at once: the default one goes.
  await processor.close();
  const startHeld = (name: string, overrides: { prefetch: number; concurrency: number }) => startMeasuredProcessor(ctx.wiring, ctx.system.gatewayUrl, { name, ...overrides });
  const heldEnv = { ORCHESTRATOR_STEP_TIMEOUT_MS: String(HELD_STEP_TIMEOUT_MS) };
  const otherProcesses = [{ name: 'bench process (processor, subgraphs)', pid: process.pid }, ...infraProcesses(infraRun)];
  const rss = await withChild(ctx, (c) => measureHeldRss({ ...ctx, otherProcesses }, c, heldFlowId, startHeld, log), heldEnv);
  return { raw, latency, linear, fanOut, storeFloor: { rows: storeFloor, documentBytes }, children, rss };
}

/** Runs every step even when one fails (a broker gone mid-run), saying which failed. */
async function everyStep(steps: ReadonlyArray<[string, () => Promise<unknown>]>): Promise<void> {
  for (const [name, step] of steps) {
    await step().catch((error: unknown) => log(`clean-up: could not ${name}: ${(error as Error).message}`));
  }
}

/** Leaves the servers as found: our database dropped, our queues and exchange deleted. */
async function cleanUp(config: OrchestrationBenchConfig, system: System, processorId: string | undefined): Promise<void> {
  const names = benchNames(config.queueSuffix);
  const queues = [names.events, ...(processorId ? [`processor.${processorId}`] : [])].flatMap((name) => [name, `${name}.dead`]);
  await everyStep([
    ['drop the database', async () => system.backend.connection?.dropDatabase()],
    ['delete the queues', async () => {
      const connection = await connect(config.rabbitmqUrl);
      try {
        const channel = await connection.createChannel();
        for (const queue of queues) await channel.deleteQueue(queue);
        await channel.deleteExchange(names.status);
      } finally {
        await connection.close().catch(() => undefined);
      }
    }],
  ]);
}

function printMachine(moment: string): void {
  const [one, five] = loadavg();
  log(`${moment}: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${one?.toFixed(2)} (1 min) ${five?.toFixed(2)} (5 min), Node ${process.version}`);
}

/**
 * The first SIGINT/SIGTERM stops the run at its next check and cleans up; another one more
 * than a second later quits at once (npm and tsx may both relay the first one).
 */
function interruption(): () => string | undefined {
  let reason: string | undefined;
  let at = 0;
  const stop = (signal: string): void => {
    if (reason && Date.now() - at > 1_000) process.exit(130);
    if (reason) return;
    at = Date.now();
    reason = `interrupted by ${signal}`;
    log(`${reason}: stopping and cleaning up (again to quit at once, leaving our queues and database behind)`);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return () => reason;
}

async function main(): Promise<void> {
  const config = loadOrchestrationBenchConfig();
  const abortIf = interruption();
  const logger = createLogger('bench-orchestration', 'warn');
  printMachine('start');
  await assertServersReachable(config, createLogger('bench-probe', 'silent'));
  log(`servers: ${config.mongodbUri} (fresh database), ${config.rabbitmqUrl.replace(/\/\/[^@/]*@/, '//')}, Hazelcast ${config.hazelcastAddresses.join(',')}; queues of this run: ${benchNames(config.queueSuffix).events}`);
  // The launcher's own orchestrator gets the in-memory bus and cache and is stopped at once:
  // the bench runs its own, measured, on the real servers (see bench/README.md).
  const auth = await loadBenchAuth();
  log(describeAuth(auth));
  const system = await startSystem({ ephemeralPorts: true, logger, env: { ...loadGeneratorLimits, NODE_ENV: config.nodeEnv, LOG_LEVEL: 'warn', MONGODB_URI: config.mongodbUri, ...auth.env } });
  await system.orchestration.service.orchestrator.close();
  const http = createGraphQLHttp(Math.max(config.startConcurrency, 8), auth.authorization);
  const wiring: Wiring = { env: { ...serverEnv(config), ...auth.env }, queueSuffix: config.queueSuffix, recorder: createRecorder(), logger };
  let processor: MeasuredProcessor | undefined;
  let flows: BenchFlows | undefined;
  // The reader sees what the orchestrators publish to the shared heads in Hazelcast.
  const readerCache = await createHazelcastCache({ addresses: config.hazelcastAddresses, clusterName: config.hazelcastClusterName, logger });
  try {
    processor = await startMeasuredProcessor(wiring, system.gatewayUrl, { name: 'bench-processor', prefetch: 2 * config.processorConcurrency, concurrency: config.processorConcurrency });
    flows = await seedThroughputFlows(http, system.gatewayUrl, processor.processor.processorId, { linearSteps: config.linearSteps, fanOut: config.fanOut });
    const connection = system.backend.connection as Connection;
    const reader = createMongoExecutionStore(connection, { sharedHeads: readerCache.map(EXECUTION_HEADS_MAP) });
    const results = await run({ config, wiring, system, connection, reader, http, flows, abortIf }, processor);
    printReport(config, results, log);
    printMachine('\nend');
  } finally {
    await processor?.close().catch(() => undefined);
    await http.close();
    await cleanUp(config, system, processor?.processor.processorId);
    await system.close();
    await readerCache.close();
  }
}

await main();
