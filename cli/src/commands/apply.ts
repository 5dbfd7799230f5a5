import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { keyText } from '../flowFile/model.js';
import { parseFlowFile, type ParsedFlowFile } from '../flowFile/parse.js';
import { applyPlan, planFlow, type Plan, type PlanItem } from '../graph/plan.js';
import type { Output } from '../output.js';
import type { CommandContext, CommandDefinition } from './command.js';

const FLOW_FILE = /\.(ya?ml|json)$/;

/** A file, or every flow file of a directory (not recursive), in name order. */
async function flowFilesAt(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => {
    throw new CliError('USAGE', `${path}: no such file or directory`);
  });
  if (!info.isDirectory()) return [path];
  const files = (await readdir(path)).filter((name) => FLOW_FILE.test(name)).sort().map((name) => join(path, name));
  if (files.length === 0) throw new CliError('USAGE', `${path}: no .yaml, .yml or .json flow file in this directory`);
  return files;
}

/** `NAME=value` pairs of `--var`. */
export function variablesOf(pairs: readonly string[], environment: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const variables: Record<string, string | undefined> = { ...environment };
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new CliError('USAGE', `--var takes NAME=value (got "${pair}")`);
    variables[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return variables;
}

/** Runs `work`, naming `file` in the problems of a refusal. */
async function inFile<T>(file: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    throw new CliError(error.code, `${file}: ${error.message}`, error.problems.map((problem) => ({ ...problem, file })), error.exitCode);
  }
}

const SYMBOL = { create: '+', update: '~', unchanged: '=' } as const;

function printPlan(file: string, parsed: ParsedFlowFile, plan: Plan, output: Output): void {
  const { paint } = output;
  const colour = { create: paint.green, update: paint.yellow, unchanged: paint.dim };
  output.line(`${file}: flow ${paint.bold(keyText(parsed.graph.flow))}`);
  for (const item of plan.items) {
    const fields = item.action === 'update' ? ` (${item.changed.join(', ')})` : '';
    output.line(colour[item.action](`  ${SYMBOL[item.action]} ${item.action.padEnd(9)} ${item.entity.label}${fields}`));
  }
  const count = (action: PlanItem['action']) => plan.items.filter((item) => item.action === action).length;
  output.line(`  plan: ${count('create')} to create, ${count('update')} to update, ${count('unchanged')} unchanged`);
}

const summary = (item: PlanItem) => ({ type: item.entity.type, key: item.entity.key, action: item.action, ...(item.action === 'update' ? { fields: item.changed } : {}) });

async function apply(context: CommandContext, [path]: string[], options: Record<string, unknown>): Promise<number> {
  const { output } = context;
  const variables = variablesOf((options.var as string[] | undefined) ?? [], context.environment.variables);
  const files = await flowFilesAt(path as string);
  // Every file is read and checked before anything is written.
  const parsed: Array<{ file: string; flow: ParsedFlowFile }> = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    parsed.push({ file, flow: await inFile(file, async () => parseFlowFile(text, variables)) });
  }
  const report: Array<{ file: string; flow: string; flowId: string | null; applied: boolean; changes: Array<{ action: string }> }> = [];
  for (const { file, flow } of parsed) {
    const plan = await inFile(file, () => planFlow(flow, context.entities));
    const changes = plan.items.some((item) => item.action !== 'unchanged');
    if (output.format === 'text') printPlan(file, flow, plan, output);
    const flowId = options.yes && changes ? await applyPlan(plan, context.entities) : plan.ids.get(`OrchestratedFlow:${keyText(flow.graph.flow)}`);
    if (output.format === 'text' && options.yes && changes) output.line(output.paint.green(`  applied: flow ${keyText(flow.graph.flow)} is ${flowId}`));
    report.push({ file, flow: keyText(flow.graph.flow), flowId: flowId ?? null, applied: Boolean(options.yes && changes), changes: plan.items.map(summary) });
  }
  if (output.format === 'json') output.json({ files: report });
  else if (report.every((entry) => entry.changes.every((change) => change.action === 'unchanged'))) output.line('Nothing to change.');
  else if (!options.yes) output.line('Nothing was written: run again with --yes to apply this plan.');
  return 0;
}

export const applyCommand: CommandDefinition = {
  name: 'apply',
  summary: 'Plan a flow file (or every flow file of a directory) against the live graph: what will be created, updated, left; --yes applies it',
  arguments: [{ name: '<path>', description: 'a flow file (.yaml, .yml, .json) or a directory of them' }],
  options: [
    { flags: '-y, --yes', description: 'apply the plan (without it, nothing is written)' },
    { flags: '--var <NAME=value>', description: 'a value for ${NAME} in the file (default: the environment variable NAME)', repeatable: true },
  ],
  run: apply,
};
