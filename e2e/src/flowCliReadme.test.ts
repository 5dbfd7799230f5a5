import { execSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalScreen, flowCli, flowInTerminal } from './flowCliHarness.js';
import { stopTestSystem } from './harness.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';

/**
 * The recorded session of README "The `flow` command", replayed on a fresh system: every
 * command runs, and prints what the README says it prints, ids and times aside.
 */
const repository = new URL('../../', import.meta.url);

interface SessionCommand {
  command: string;
  expected: string[];
}

/** The session's commands (a heredoc stays with its command) and the lines each printed. */
async function recordedSession(): Promise<SessionCommand[]> {
  const readme = await readFile(new URL('README.md', repository), 'utf8');
  const open = readme.indexOf('```console\n', readme.indexOf('### The `flow` command'));
  const lines = readme.slice(open + '```console\n'.length, readme.indexOf('\n```\n', open)).split('\n');
  const session: SessionCommand[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (!line.startsWith('$ ')) {
      session[session.length - 1]?.expected.push(line);
      continue;
    }
    let command = line.slice(2);
    const heredoc = /<<'(\w+)'$/.exec(command)?.[1];
    while (heredoc && lines[index] !== heredoc) command += `\n${lines[(index += 1)]}`;
    session.push({ command, expected: [] });
  }
  return session;
}

/** Shell words of a simple command line: spaces separate, double quotes group. */
const words = (line: string): string[] => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? (match[2] as string));

const normalized = (text: string): string[] =>
  text.trimEnd().split('\n').filter((line, index, all) => line !== '' || index < all.length - 1).map((line) =>
    line
      .trimEnd()
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, '<time>')
      .replace(/\b\d+(\.\d+)?m?s\b/g, '<duration>'),
  );

const embedded = orchestrationKinds.filter((kind) => kind.name === 'embedded');

describe.each(embedded)("the README's flow session ($name)", (kind) => {
  let system: System;
  let directory: string;
  const home = process.cwd();

  /** Runs one command of the session where it was recorded, returning what it printed. */
  async function replay(command: string): Promise<string> {
    if (!command.startsWith('npx flow ')) return execSync(command, { cwd: directory, shell: '/bin/bash', encoding: 'utf8' });
    let rest = command.slice('npx flow '.length);
    const suffix = (text: string) => rest.endsWith(text) && ((rest = rest.slice(0, -text.length)), true);
    const echoExit = suffix('; echo "exit $?"');
    const piped = suffix(' | cat');
    const silent = suffix(' > /dev/null');
    const args = words(rest);
    const { status, text } = args.includes('--watch') && !piped
      ? await flowInTerminal(['--gateway', system.gatewayUrl, ...args]).then(({ status, screen }) => ({ status, text: finalScreen(screen) }))
      : await flowCli(system.gatewayUrl, args).then(({ status, stdout, stderr }) => ({ status, text: stdout + stderr }));
    return `${silent ? '' : `${text.trimEnd()}\n`}${echoExit ? `exit ${status}\n` : ''}`;
  }

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'flow-readme-'));
    await cp(new URL('examples', repository), join(directory, 'examples'), { recursive: true });
    process.chdir(directory); // the session's relative paths
    system = await startOrchestrationSystem(kind);
  });
  afterAll(async () => {
    process.chdir(home);
    await stopTestSystem(system);
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('should print what the README recorded, command by command', async () => {
    const session = await recordedSession();
    expect(session.length).toBeGreaterThan(10);
    for (const { command, expected } of session) {
      const want = normalized(expected.join('\n'));
      // A step seen RUNNING between two updates depends on timing; the README shows the run's first state only.
      const got = normalized(await replay(command)).filter((line) => want.includes(line) || !/^ {2}\S+ +RUNNING/.test(line));
      expect({ command, output: got }).toEqual({ command, output: expected.length === 0 ? [] : want });
    }
  });
});
