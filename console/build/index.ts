import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace root and the build output the gateway serves (`/console`, `/graphiql`). */
const root = fileURLToPath(new URL('..', import.meta.url));
export const consoleDistDir = join(root, 'dist');
const stampFile = join(consoleDistDir, '.built');
const sources = ['src', 'index.html', 'graphiql.html', 'vite.config.ts', 'package.json'];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

/** Whether the build is missing or older than any of its sources. */
export function consoleBuildIsStale(): boolean {
  if (!existsSync(stampFile)) return true;
  const built = statSync(stampFile).mtimeMs;
  return sources.some((source) => newestChange(join(root, source)) > built);
}

/**
 * Builds the console and GraphiQL with Vite when the build is missing or stale (20 to 40 s on
 * two cores), else returns at once; the browser tests await it. Answers whether it built.
 */
export async function ensureConsoleBuilt(log: (message: string) => void = () => {}): Promise<boolean> {
  if (!consoleBuildIsStale()) return false;
  log('building the console and GraphiQL (once, until their sources change)');
  await viteBuild();
  writeFileSync(stampFile, `${new Date().toISOString()}\n`);
  return true;
}

/** Runs build/viteBuild.ts in a child process; rejects with its output when it fails. */
function viteBuild(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'build', 'viteBuild.ts')], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`the console build failed (${signal ?? `exit code ${code}`}):\n${output.trim()}`))));
  });
}

/**
 * `npm start` and the gateway: when the build is missing or stale, builds it in a child process
 * (`npm run console:build`) while the services start, so `npm ci` stays as fast as before and
 * `/health` answers as soon as ever; `/console` answers 503 until the build is there.
 */
export function buildConsoleInBackground(log: { info(message: string): void; warn(message: string): void }): void {
  if (!consoleBuildIsStale()) return;
  log.info('building the console and GraphiQL in the background (once, until their sources change): /console answers 503 until then');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'build', 'cli.ts')], { cwd: root, stdio: 'ignore' });
  child.once('error', (error) => log.warn(`console build could not start: ${error.message}; run npm run console:build`));
  // The lowest CPU priority: the services starting beside it come first.
  if (child.pid !== undefined) {
    try {
      setPriority(child.pid, 19);
    } catch {
      // not permitted here: it competes at normal priority
    }
  }
  child.once('exit', (code, signal) => {
    if (code === 0) log.info('console built: /console and /graphiql are ready');
    else log.warn(`console build ended (${signal ?? `exit code ${code}`}); run npm run console:build`);
  });
  child.unref();
}
