import { readFile } from 'node:fs/promises';
import { CliError } from '../errors.js';
import { createRunView } from '../run/liveView.js';
import { flowIdOf, startRun } from '../run/runs.js';
import { followRun } from '../run/watch.js';
import type { CommandDefinition } from './command.js';

/** `--input` as JSON text, or `@file` holding JSON. */
export async function inputOf(option: unknown): Promise<unknown> {
  if (typeof option !== 'string') return undefined;
  const text = option.startsWith('@') ? await readFile(option.slice(1), 'utf8').catch(() => {
    throw new CliError('USAGE', `--input ${option}: cannot read ${option.slice(1)}`);
  }) : option;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError('USAGE', `--input is not JSON (${(error as Error).message})`);
  }
}

export const startCommand: CommandDefinition = {
  name: 'start',
  summary: 'Start a run of a flow; with --watch, follow it live until it ends (exit 0 when COMPLETED, 1 when FAILED or STOPPED)',
  arguments: [{ name: '<flow>', description: 'the flow as <name>@<version>' }],
  options: [
    { flags: '-i, --input <json|@file>', description: "the run's input: JSON text, or @path of a JSON file" },
    { flags: '-w, --watch', description: 'follow the run: one line per step with its status, attempts and duration, and a progress bar' },
  ],
  async run(context, [reference], options) {
    const { gateway, output } = context;
    const input = await inputOf(options.input);
    const flowId = await flowIdOf(gateway, reference as string);
    const started = await startRun(gateway, flowId, input);
    if (!options.watch) {
      if (output.format === 'json') output.json(started);
      else output.line(`started execution ${started.executionId} of ${reference}`);
      return 0;
    }
    const view = createRunView(output);
    view.update(started);
    const end = await followRun(gateway, flowId, started.executionId, (run) => view.update(run));
    await view.finish(end);
    return end.status === 'COMPLETED' ? 0 : 1;
  },
};
