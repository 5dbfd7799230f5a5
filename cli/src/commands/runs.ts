import { CliError } from '../errors.js';
import { duration, statusColour, type Output } from '../output.js';
import { flowIdOf, listRuns, runById, stopRun, type RunStatus } from '../run/runs.js';
import type { CommandDefinition } from './command.js';

const EXECUTION_STATUSES = ['RUNNING', 'COMPLETED', 'FAILED', 'STOPPED'];
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
    { flags: '--status <statuses>', description: `only runs in these statuses, comma-separated (${EXECUTION_STATUSES.join(', ')}); filtered by the CLI among the newest 1000 runs` },
    { flags: '--limit <n>', description: 'at most this many runs', defaultValue: '20' },
  ],
  async run(context, _args, options) {
    const statuses = typeof options.status === 'string' ? options.status.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean) : [];
    const unknown = statuses.filter((status) => !EXECUTION_STATUSES.includes(status));
    if (unknown.length > 0) throw new CliError('USAGE', `unknown status ${unknown.join(', ')}; one of ${EXECUTION_STATUSES.join(', ')}`);
    const limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new CliError('USAGE', `--limit must be a positive integer (got "${String(options.limit)}")`);
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
