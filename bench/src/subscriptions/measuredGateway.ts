import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createGateway, entityDefinitions } from '@flow/gateway';
import type { System } from '@flow/launcher';
import { orchestrationRoutes } from '@flow/orchestrator';
import { createLogger, listen, loadConfig, subgraphNames } from '@flow/platform';
import { request } from 'undici';
import { sleep } from '../orchestration/stats.js';
import type { SubscriptionBenchConfig } from './config.js';
import { loadGeneratorLimits } from '../loadGeneratorLimits.js';

/** The gateway whose subscription edge is measured: its base URL and the process to read RSS of. */
export interface MeasuredGateway {
  baseUrl: string;
  pid: number;
  /** Where its RSS comes from: its own process, or the whole bench process (embedded). */
  rssScope: string;
  close(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

function subgraphEnv(system: System): Record<string, string> {
  return Object.fromEntries(subgraphNames.map((name) => [`SUBGRAPH_${name.toUpperCase().replace(/-/g, '_')}_URL`, system.subgraphUrls[name]]));
}

/** Embedded: one more gateway in this process on the system's in-memory bus (RSS is the whole process's). */
async function inProcessGateway(system: System, env: Record<string, string>): Promise<MeasuredGateway> {
  const config = loadConfig('gateway', { ...env, PORT: '0' });
  const logger = createLogger('bench-gateway', 'warn');
  const gateway = await createGateway({
    config, logger, subgraphUrls: () => system.subgraphUrls, entities: Object.values(entityDefinitions), operations: orchestrationRoutes, bus: system.orchestration.bus,
  });
  const server = await listen(gateway.app, 0, '127.0.0.1');
  gateway.subscriptions.attach(server.server);
  return {
    baseUrl: server.url,
    pid: process.pid,
    rssScope: 'whole bench process (gateway + subgraphs + orchestrator + clients)',
    async close() {
      await gateway.subscriptions.close();
      server.server.closeAllConnections();
      await server.close();
      await gateway.close();
    },
  };
}

/** Real servers: `gateway/src/main.ts` in a child process, on RabbitMQ, so its RSS is its own. */
async function childGateway(system: System, env: Record<string, string>): Promise<MeasuredGateway> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/src/main.ts'], {
    cwd: repoRoot, env: { ...process.env, ...env, ...subgraphEnv(system), PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'inherit', 'inherit'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const baseUrl = `http://127.0.0.1:${port}`;
  const close = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  for (const deadline = Date.now() + 60_000; ; await sleep(250)) {
    if (child.exitCode !== null) throw new Error(`the gateway child exited with code ${child.exitCode}`);
    const healthy = await request(`${baseUrl}/health/ready`).then(async (answer) => (await answer.body.dump(), answer.statusCode === 200), () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      await close();
      throw new Error('the gateway child did not become healthy within 60 s');
    }
  }
  return { baseUrl, pid: child.pid as number, rssScope: 'the gateway process alone', close };
}

export function startMeasuredGateway(config: SubscriptionBenchConfig, system: System, coalesceMs: number): Promise<MeasuredGateway> {
  const env: Record<string, string> = {
    ...loadGeneratorLimits, LOG_LEVEL: 'warn', SUBSCRIPTIONS_COALESCE_MS: String(coalesceMs),
    ...(config.nodeEnv ? { NODE_ENV: config.nodeEnv } : {}), ...(config.real ? { RABBITMQ_URL: config.real.rabbitmqUrl } : {}),
  };
  return config.real ? childGateway(system, env) : inProcessGateway(system, env);
}
