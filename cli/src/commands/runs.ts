import { CliError } from '../errors.js';
import { duration, statusColour, type Output } from '../output.js';
import { controlRun, flowIdOf, listRuns, runById, stopRun, type RunControl, type RunStatus } from '../run/runs.js';
import { inputOf } from './start.js';
import type { CommandDefinition } from './command.js';

const EXECUTION_STATUSES = ['QUEUED', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'STOPPED'];
const flowName = (run: RunStatus): string => (run.flow ? `${run.flow.name}@${run.flow.version}` : run.orchestratedFlowId);

function printRun(run: RunStatus, output: Output): void {
  output.line(`execution ${run.executionId} of ${flowName(run)}: ${statusColour(run.status, output.paint)}, ${run.completedSteps}/${run.totalSteps} steps, ${duration(run.startedAt, run.finishedAt)}`);
  const width = Math.max(0, ...run.steps.map((step) => step.step.name.length));
  for (const step of run.steps) {
    const took = duration(step.startedAt, step.finishedAt);
    output.line(`  ${step.step.name.padEnd(width)}  ${statusColour(step.status, output.paint)}  attempts ${step.attempts}${took ? `  ${took}` : ''}${step.error ? `  ${step.error}` : ''}`);
  }
}

export const runsCommand: CommandDefinition = {
  name: 'runs',
  summary: 'List runs, newest first, of one flow or of all',
  options: [
    { flags: '--flow <flow>', description: 'only runs of this flow (<name>@<version>)' },
    { flags: '--status <statuses>', description: `only runs in these statuses, comma-separated (${EXECUTION_STATUSES.join(', ')})` },
    { flags: '--limit <n>', description: 'at most this many runs (1 to 100)', defaultValue: '20' },
  ],
  async run(context, _args, options) {
    const statuses = typeof options.status === 'string' ? options.status.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean) : [];
    const unknown = statuses.filter((status) => !EXECUTION_STATUSES.includes(status));
    if (unknown.length > 0) throw new CliError('USAGE', `unknown status ${unknown.join(', ')}; one of ${EXECUTION_STATUSES.join(', ')}`);
    const limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new CliError('USAGE', `--limit must be an integer from 1 to 100 (got "${String(options.limit)}")`);
    const flowId = typeof options.flow === 'string' ? await flowIdOf(context.gateway, options.flow) : undefined;
    const runs = await listRuns(context.gateway, { ...(flowId ? { flowId } : {}), statuses, limit });
    const { output } = context;
    if (output.format === 'json') return (output.json(runs.map(({ steps: _steps, ...run }) => run)), 0);
    if (runs.length === 0) output.line('no runs');
    for (const run of runs) {
      output.line(`${run.executionId}  ${flowName(run)}  ${statusColour(run.status, output.paint)}  ${run.completedSteps}/${run.totalSteps} steps  ${run.startedAt}  ${duration(run.startedAt, run.finishedAt)}`);
    }
    return 0;
  },
};

export const statusCommand: CommandDefinition = {
  name: 'status',
  summary: 'Show one run with each of its steps',
  arguments: [{ name: '<executionId>', description: 'the execution id (as printed by start and runs)' }],
  async run(context, [executionId], _options) {
    const run = await runById(context.gateway, executionId as string);
    if (context.output.format === 'json') context.output.json(run);
    else printRun(run, context.output);
    return 0;
  },
};

export const stopCommand: CommandDefinition = {
  name: 'stop',
  summary: 'Stop the running run of a flow: it becomes STOPPED, its pending steps CANCELLED',
  arguments: [{ name: '<flow>', description: 'the flow as <name>@<version>' }],
  async run(context, [reference], _options) {
    const run = await stopRun(context.gateway, await flowIdOf(context.gateway, reference as string));
    if (context.output.format === 'json') context.output.json(run);
    else printRun(run, context.output);
    return 0;
  },
};

/** A control of one run by its execution id: prints the run as the control left it. */
function controlCommand(name: string, control: RunControl, summary: string, extra: Pick<CommandDefinition, 'options'> & {
  with?: (options: Record<string, unknown>) => Promise<{ stepIds?: string[]; input?: unknown }>;
} = {}): CommandDefinition {
  return {
    name,
    summary,
    arguments: [{ name: '<executionId>', description: 'the execution id (as printed by start and runs)' }],
    ...(extra.options ? { options: extra.options } : {}),
    async run(context, [executionId], options) {
      const run = await controlRun(context.gateway, control, executionId as string, (await extra.with?.(options)) ?? {});
      if (context.output.format === 'json') context.output.json(run);
      else printRun(run, context.output);
      return 0;
    },
  };
}

export const pauseCommand = controlCommand('pause', 'pauseExecution', 'Pause a RUNNING run: nothing new is dispatched, steps in flight finish');
export const resumeCommand = controlCommand('resume', 'resumeExecution', 'Resume a PAUSED run exactly where it stopped');
export const retryCommand = controlCommand('retry', 'retryExecution', 'Retry a FAILED or STOPPED run from its failed, timed-out and cancelled steps (or the named ones)', {
  options: [{ flags: '--step <stepId>', description: 'a step to attempt again (repeat it for several); default every FAILED, TIMED_OUT and CANCELLED step', repeatable: true }],
  with: async (options) => (Array.isArray(options.step) && options.step.length > 0 ? { stepIds: options.step as string[] } : {}),
});
export const rerunCommand = controlCommand('rerun', 'rerunExecution', 'Start a new run of the same pinned flow snapshot as an ended run, with its input unless one is given', {
  options: [{ flags: '-i, --input <json|@file>', description: "the new run's input: JSON text, or @path of a JSON file" }],
  with: async (options) => (options.input === undefined ? {} : { input: await inputOf(options.input) }),
});
