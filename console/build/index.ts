import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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
 * Builds the console and GraphiQL with Vite when the build is missing or stale (about 20 s on
 * two cores), else returns at once: `npm start` and the browser tests call it, so `npm ci` stays
 * as fast as before. Answers whether it built.
 */
export async function ensureConsoleBuilt(log: (message: string) => void = () => {}): Promise<boolean> {
  if (!consoleBuildIsStale()) return false;
  log('building the console and GraphiQL (once, until their sources change)');
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts') });
  writeFileSync(stampFile, `${new Date().toISOString()}\n`);
  return true;
}
