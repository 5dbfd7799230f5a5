import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The Python hooks that keep generated references pointing at seeded entities. */
export const hooksFile = fileURLToPath(new URL('../fuzz/schemathesis_hooks.py', import.meta.url));

/**
 * The Schemathesis executable: SCHEMATHESIS_BIN (set by .ci/run), else the link that
 * `npm run fuzz:install` (infra/schemathesis.sh) leaves; undefined when neither exists.
 */
export function findSchemathesis(): string | undefined {
  const candidates = [process.env.SCHEMATHESIS_BIN, `${repoRoot}.infra/tools/bin/schemathesis`];
  return candidates.find((path): path is string => Boolean(path) && existsSync(path as string));
}

export interface SchemathesisRun {
  exitCode: number | null;
  output: string;
}

/**
 * Runs Schemathesis (`args` include the `run` command) without blocking this process's event loop (the system under test
 * answers from it). `cwd` holds Hypothesis's example database and the reports.
 */
export async function runSchemathesis(bin: string, args: readonly string[], options: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<SchemathesisRun> {
  const child = spawn(bin, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', PYTHONDONTWRITEBYTECODE: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const [exitCode] = (await once(child, 'close')) as [number | null];
  clearTimeout(timer);
  return { exitCode, output };
}

/** The part of the report worth reading in a failed test: failures, warnings and summary. */
export function reportOf(output: string): string {
  const start = output.search(/^=+ (FAILURES|ERRORS) =+$/m);
  return start >= 0 ? output.slice(start) : output.slice(-20_000);
}

/** The figures of a run in one line: operations, test cases, dropped failures, duration. */
export function summaryOf(output: string): string {
  const figures = [/Operations:\s+(.+)/, /(\d+ generated, .+)/, /(\d+ failures? dropped.*)/, /=+ (.+ in [\d.]+s) =+/]
    .map((pattern) => pattern.exec(output)?.[1]?.trim())
    .filter(Boolean);
  return figures.join('; ');
}
