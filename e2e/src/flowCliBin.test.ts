import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { COMMANDS } from '@flow/cli';
import { describe, expect, it } from 'vitest';
import { flowBin, flowCli } from './flowCliHarness.js';

/** `npx flow` after `npm ci`: the workspace's bin is linked into node_modules/.bin and runs the TypeScript entry. */
const linked = new URL('../../node_modules/.bin/flow', import.meta.url);

describe('the flow bin', () => {
  it('should be linked into node_modules/.bin by npm ci and list every command in its --help', async () => {
    expect(await realpath(linked)).toBe(await realpath(flowBin));
    const { stdout } = await promisify(execFile)(linked.pathname, ['--help']);
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^ {2}${command.name} `, 'm'));
  });

  it.each(COMMANDS.map((command) => [command.name, command] as const))('should generate the --help of %s from its definition', async (_name, command) => {
    const { status, stdout } = await flowCli('http://127.0.0.1:9', [command.name, '--help']);
    expect(status).toBe(0);
    expect(stdout).toContain(`Usage: flow ${command.name}`);
    expect(stdout.replace(/\s+/g, ' ')).toContain(command.summary);
    for (const option of command.options ?? []) expect(stdout).toContain(option.flags);
  });

  it('should exit 2 on a usage error and 1 when the gateway cannot be reached, saying so', async () => {
    expect((await flowCli('http://127.0.0.1:9', ['start'])).status).toBe(2);
    const unreachable = await flowCli('http://127.0.0.1:9', ['runs']);
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toMatch(/^flow: GATEWAY_UNREACHABLE: cannot reach the gateway at http:\/\/127\.0\.0\.1:9\/graphql/);
  });

  it('should report an unexpected failure with a code and no stack trace', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'flow-bin-'));
    try {
      await mkdir(join(directory, 'not-a-file.yaml'));
      const result = await flowCli('http://127.0.0.1:9', ['apply', directory]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^flow: INTERNAL_ERROR: EISDIR/);
      expect(result.stderr).not.toContain('    at ');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
