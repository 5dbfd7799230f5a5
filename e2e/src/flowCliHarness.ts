import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { Writable } from 'node:stream';
import { runCli } from '@flow/cli';
import type { GraphQLClient } from './harness.js';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

function collector(): Writable & { text: string } {
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      sink.text += chunk.toString();
      done();
    },
  }) as Writable & { text: string };
  sink.text = '';
  return sink;
}

/** Runs `flow <args>` in this process against a gateway, as a script would (no terminal). */
export async function flowCli(gatewayUrl: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector();
  const status = await runCli(['--gateway', gatewayUrl, ...args], { stdout, stderr }, env);
  return { status, stdout: stdout.text, stderr: stderr.text };
}

/** The repository's `flow` bin (what `npx flow` runs). */
export const flowBin = fileURLToPath(new URL('../../cli/bin/flow.mjs', import.meta.url));

/**
 * Runs the `flow` bin in a real pseudo-terminal (util-linux `script`), 120 columns wide, and
 * returns everything the terminal received (escape sequences included) and the exit status.
 */
export function flowInTerminal(args: readonly string[], env: Record<string, string> = {}): Promise<{ status: number; screen: string }> {
  const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
  const command = `stty cols 120 rows 40; exec ${[process.execPath, flowBin, ...args].map(quote).join(' ')}`;
  return new Promise((resolve, reject) => {
    execFile('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout) => {
      if (error && typeof error.code !== 'number') return reject(new Error(`script failed: ${error.message}`));
      resolve({ status: typeof error?.code === 'number' ? error.code : 0, screen: stdout });
    });
  });
}

/** Terminal output without escape sequences, for reading what was drawn. */
export const visible = (screen: string): string => stripVTControlCharacters(screen);

const countsQuery = `{ schemas { totalCount } steps { totalCount } workflows { totalCount } orchestratedFlows { totalCount }
  assignments { totalCount } addresses { totalCount } deliveries { totalCount } }`;

/** How many entities of each written type exist: equal before and after a refused apply. */
export async function entityCounts(client: GraphQLClient): Promise<Record<string, number>> {
  const data = await client.data<Record<string, { totalCount: number }>>(countsQuery);
  return Object.fromEntries(Object.entries(data).map(([type, { totalCount }]) => [type, totalCount]));
}

/** What a terminal shows at the end: the lines written before the live view, then its last frame. */
export function finalScreen(screen: string): string {
  const viewStart = screen.indexOf('\u001b[?25l'); // the live view hides the cursor first
  const frames = screen.split('\u001b[G'); // and redraws each frame from the line's start
  const before = viewStart >= 0 ? screen.slice(0, viewStart) : '';
  return visible(before + (frames[frames.length - 1] ?? ''))
    .replace(/\r/g, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd();
}
