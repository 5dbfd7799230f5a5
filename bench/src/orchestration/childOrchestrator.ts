import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { sleep } from './stats.js';

/**
 * The orchestrator alone in a child process (orchestratorProcess.ts: orchestrator/src/main.ts
 * with this run's queue names), so its RSS is its own and not the subgraphs' or processors'.
 * Run as `node --import tsx` rather than the `tsx` CLI, which would put a wrapper process
 * between us and the one to measure.
 */
export interface ChildOrchestrator {
  pid: number;
  /** Base URL; GraphQL at `${url}/graphql`. */
  url: string;
  stop(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Children still running; killed if this process exits without stopping them (a crash, a second signal). */
const alive = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Its log lines (warn and above) go to our stderr, prefixed; they are the only explanation of a failure. */
function forwardOutput(child: ChildProcess): void {
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) process.stderr.write(`[child orchestrator] ${line.slice(0, 600)}\n`);
    });
  }
}

async function waitHealthy(child: ChildProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the orchestrator child exited with code ${child.exitCode} before answering /health`);
    try {
      const answer = await request(`${url}/health/ready`);
      await answer.body.dump();
      if (answer.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`the orchestrator child did not answer ${url}/health within ${timeoutMs / 1000} s`);
}

/** With `profileDir`, the child writes a V8 CPU profile of its whole life there when it stops (node --cpu-prof). */
export async function spawnOrchestrator(env: Readonly<Record<string, string>>, options: { profileDir?: string } = {}): Promise<ChildOrchestrator> {
  const port = await freePort();
  const profiling = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', 'bench/src/orchestration/orchestratorProcess.ts'], {
    cwd: repoRoot,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  forwardOutput(child);
  alive.add(child);
  child.once('exit', () => alive.delete(child));
  const url = `http://127.0.0.1:${port}`;
  const exited = once(child, 'exit');
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitHealthy(child, url, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  if (child.pid === undefined) throw new Error('the orchestrator child has no pid');
  return { pid: child.pid, url, stop };
}
